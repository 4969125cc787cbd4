"""Render one page of the main window offscreen to PNG, for documentation and review."""

from __future__ import annotations

import os
from pathlib import Path

from models.core.errors import NotFound
from models.registry import Services


def render(services: Services, page: str, out: Path, *, username: str | None = None,
           facility_code: str | None = None, size=(1280, 800)) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from gui.common.style import apply_style
    from gui.context import AppContext
    from gui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setProperty("yjd_quiet_errors", True)
    apply_style(app)
    actor = services.accounts.actor_for_username(username)
    ctx = AppContext(services)
    ctx.set_actor(actor, facility_code)
    if facility_code and (ctx.facility is None or ctx.facility.code != facility_code.upper()):
        raise NotFound(f"이 사용자는 시설 {facility_code}에서 일하지 않습니다.")
    window = MainWindow(ctx)
    window.resize(*size)
    if page not in window.pages:
        raise NotFound(f"이 사용자가 볼 수 없거나 없는 화면입니다: {page} "
                       f"(가능: {', '.join(window.pages)})")
    window.show()
    window.show_page(page)
    for _ in range(5):
        app.processEvents()
        ctx.worker.wait()
    app.processEvents()
    out = Path(out)
    if not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.close()
    return out

