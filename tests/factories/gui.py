"""What GUI tests do like a user: wait for the worker, type Korean text, fill the
facility and youth dialogs. Used by tests/gui/**."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import QApplication


def wait_worker(qtbot, ctx, timeout: int = 10000) -> None:
    """Wait until every task handed to the worker has finished and delivered its result."""
    qtbot.waitUntil(lambda: not ctx.worker.busy, timeout=timeout)
    QApplication.processEvents()


def type_text(qtbot, widget, text: str) -> None:
    """Type like a user: ASCII as key presses, Hangul as the input method commits it.

    QTest.keyClicks only knows ASCII; Korean text would abort the test process.
    """
    from PySide6.QtGui import QInputMethodEvent
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def page_opener(make_ctx, qtbot, page_class, size=(1200, 760), wait: bool = False):
    """``open_page(actor, facility_code=None)`` -> a shown ``page_class`` page for that actor
    (the ``open_page`` fixtures of the page tests); with ``wait``, its first load has arrived."""
    def make(actor, facility_code: str | None = None):
        page = page_class(make_ctx(actor, facility_code))
        qtbot.addWidget(page)
        page.resize(*size)
        page.show()
        qtbot.waitExposed(page)
        if wait:
            wait_worker(qtbot, page.ctx)
        return page

    return make


def pick_youth_by_phone(qtbot, page, picker, digits: str) -> None:
    """Search the registry by phone digits (ASCII keys) and click the only result."""
    qtbot.keyClicks(picker.youth_search, digits)
    picker.search_now()
    wait_worker(qtbot, page.ctx)
    assert picker.youth_list.count() == 1
    item = picker.youth_list.item(0)
    qtbot.mouseClick(picker.youth_list.viewport(), Qt.LeftButton,
                     pos=picker.youth_list.visualItemRect(item).center())
    assert picker.selected_youth_id is not None


def choose(combo, data=None, text=None) -> None:
    """Select the combo box item with this data (or this text)."""
    index = combo.findData(data) if data is not None else combo.findText(text)
    assert index >= 0
    combo.setCurrentIndex(index)


def fill_new_facility(qtbot, dialog) -> None:
    """Fill a FacilityDialog with 관악 청년청 (CAFE-GWANAK), open Saturdays 10:00–17:00."""
    type_text(qtbot, dialog.code, "cafe-gwanak")
    type_text(qtbot, dialog.name, "관악 청년청")
    choose(dialog.kind, "job_cafe")
    choose(dialog.district, text="관악구")
    choose(dialog.operator, "district")
    type_text(qtbot, dialog.opened_on, "2024-03-02")
    type_text(qtbot, dialog.area, "1,234.5")
    type_text(qtbot, dialog.seats, "40")
    saturday, start, end = dialog.hours.days[5]
    qtbot.mouseClick(saturday, Qt.LeftButton, pos=saturday.rect().center())
    start.setTime(QTime(10, 0))
    end.setTime(QTime(17, 0))


def fill_youth(qtbot, dialog, *, name="김청년", birth="1999-05-01", phone="010-9876-5678",
               email="", district="마포구", channel="온라인", consent=True) -> None:
    """Fill the youth registration dialog like a user (every text field cleared first)."""
    for edit, text in ((dialog.name, name), (dialog.birth, birth), (dialog.phone, phone),
                       (dialog.email, email)):
        edit.clear()
        type_text(qtbot, edit, text)
    dialog.district.setCurrentIndex(dialog.district.findText(district))
    dialog.channel.setCurrentIndex(dialog.channel.findText(channel))
    if dialog.consent.isChecked() != consent:  # on the box itself, as a user clicks it
        box = dialog.consent
        qtbot.mouseClick(box, Qt.LeftButton, pos=QPoint(box.height() // 2, box.height() // 2))
    assert dialog.consent.isChecked() == consent


class WorkerErrorGuard:
    """Records every unexpected error (not a ``DomainError``) that reaches the crash
    handler while it is installed; ``problem()`` says what went wrong, or "" when nothing."""

    def __init__(self, monkeypatch):
        from gui.common import crash
        from models.core.errors import DomainError

        self.seen: list[BaseException] = []
        real = crash.report

        def report(exc: BaseException) -> None:
            if not isinstance(exc, DomainError):
                self.seen.append(exc)
            real(exc)

        monkeypatch.setattr(crash, "report", report)

    def problem(self) -> str:
        if not self.seen:
            return ""
        return "a worker raised an unexpected error: " + "; ".join(
            f"{type(e).__name__}: {e}" for e in self.seen)
