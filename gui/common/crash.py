"""The last resort: unexpected exceptions are logged and shown in a dialog naming the log."""

from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox

from models.core.errors import DomainError, StorageError
from models.core.masking import error_details, scrub_error

log = logging.getLogger("yjd.crash")
LOG_FILE: str | None = None


def report(exc: BaseException) -> None:
    if isinstance(exc, StorageError | DomainError):
        _box(QMessageBox.Warning, "저장소 오류" if isinstance(exc, StorageError) else "알림", exc.message)
        return
    text = "".join(traceback.format_exception(exc))
    log.error("unexpected error\n%s", scrub_error(text, error_details(exc)))
    where = f"\n\n자세한 내용은 로그 파일에 기록했습니다:\n{LOG_FILE}" if LOG_FILE else ""
    _box(QMessageBox.Critical, "예기치 못한 오류",
         f"예기치 못한 오류가 발생했습니다. 작업 중인 내용은 저장되지 않았을 수 있습니다.{where}")


def _box(kind, title: str, text: str) -> None:
    app = QApplication.instance()
    if app is None or app.property("yjd_quiet_errors"):
        print(f"{title}: {text}", file=sys.stderr)
        return
    box = QMessageBox(kind, title, text, QMessageBox.Ok, app.activeWindow())
    box.exec()


def install() -> None:
    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report(exc)

    sys.excepthook = hook
