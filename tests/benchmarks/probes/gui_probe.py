"""Start-up probe: the app's real GUI start path, timed, in its own process.

Run as ``python gui_probe.py <main.py arguments>`` with ``YJD_BENCH_USER`` and
``YJD_BENCH_PASSWORD`` set and ``QT_QPA_PLATFORM=offscreen``. It runs ``cli.main.main``
(arguments, logging, engine, migrations, services, ``run_gui``) with two patches only: the
login dialog fills in the account and presses its button itself (the real
``LoginDialog.submit``: ``authenticate`` and the facilities on the write lane), and the main
window, once shown, watches its first page until the page's first load has been shown. Then
it prints one JSON line (the argon2 time inside ``PasswordHasher.verify``/``hash``, the
seconds to the window shown and to the first page ready, the page key, the peak RSS) and
leaves at once (``os._exit``): the parent takes the wall time.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

T0 = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

import argon2  # noqa: E402

HASH = [0.0]


def _timed(fn):
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            HASH[0] += time.perf_counter() - t
    return wrapper


argon2.PasswordHasher.verify = _timed(argon2.PasswordHasher.verify)
argon2.PasswordHasher.hash = _timed(argon2.PasswordHasher.hash)


def peak_rss_kb() -> int:
    """This process's peak resident set (VmHWM): ``getrusage`` of a child would also count
    the parent's pages at the fork."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _patch() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    from gui.shell import login, main_window

    user, password = os.environ["YJD_BENCH_USER"], os.environ["YJD_BENCH_PASSWORD"]

    def exec_(self):
        self.username.setText(user)
        self.password.setText(password)
        QTimer.singleShot(0, self.submit)
        return QDialog.exec(self)

    login.LoginDialog.exec = exec_
    show = main_window.MainWindow.show

    def shown(self):
        show(self)
        marks = {"shown_s": time.perf_counter() - T0}
        deadline = time.perf_counter() + 120

        def poll():
            page = self.stack.currentWidget()
            started = bool(getattr(page, "_load_gens", None))
            if page is not None and started and not page.loading:
                marks.update(ready_s=time.perf_counter() - T0, hash_ms=HASH[0] * 1000,
                             page=getattr(page, "key", "?"), peak_rss_kb=peak_rss_kb())
            elif time.perf_counter() > deadline:
                marks.update(error="the first page never finished loading")
            else:
                return
            sys.stdout.write(json.dumps(marks) + "\n")
            sys.stdout.flush()
            os._exit(0)

        self._bench_timer = QTimer(self)
        self._bench_timer.setInterval(1)
        self._bench_timer.timeout.connect(poll)
        self._bench_timer.start()

    main_window.MainWindow.show = shown


if __name__ == "__main__":
    _patch()
    from cli.main import main
    code = main(sys.argv[1:])
    sys.stdout.write(json.dumps({"error": f"the app ended ({code}) before its first page was ready"}) + "\n")
    sys.stdout.flush()
    os._exit(1)
