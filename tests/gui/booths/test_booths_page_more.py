"""AI 면접 부스 page, continued: the month export, what a counselor may do, the empty week
and week navigation, the sidebar, and the panels' pieces called from the page (results and
consultation requests, publishing, the day sheet and its print button, the reminders tab,
slot tooltips).

Each test runs once, on SQLite. The ``desk`` and ``open_page`` fixtures are in conftest.py,
the helpers in tests/factories/booths_page.py.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta

from PySide6.QtCore import Qt

from gui.context import Topic
from models.booths.enums import SessionType
from tests.factories.booths_page import (
    FRIDAY,
    book,
    click_slot,
    slot_id,
)
from tests.factories.gui import wait_worker


def test_export_month_writes_a_csv_with_korean_intact(desk, services, open_page, tmp_path, qtbot):
    book(services, desk, slot_id(services, desk, "11:00"), desk.hong, SessionType.AI_COMPETENCY)
    page = open_page(desk.w.front_desk)
    out = tmp_path / "booths.csv"
    page.export_month(str(out), 2026, 11)
    wait_worker(qtbot, page.ctx)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:6] == ["날짜", "시간", "부스", "상태", "체험 종류", "청년"]
    booked = [r for r in rows[1:] if r[3] == "예약"]
    assert booked == [["2026-11-27", "11:00–11:50", "AI 면접 부스 1", "예약", "AI 역량검사", "홍*동", "", ""]]
    assert len(rows) - 1 == 2 * 2 * 7  # two booths, 7 slots on Fri 11/27 and Mon 11/30
    assert "✓ 2026년 11월 AI 면접 회차 28건을 저장했습니다" in page.hint_label.text() and not page.banner.isVisible()

    page.export_month(str(tmp_path / "booths.txt"), 2026, 11)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible() and ".csv" in page.banner.text()


def test_a_counselor_sees_the_week_but_cannot_book(desk, services, open_page, qtbot):
    taken = slot_id(services, desk, "11:00")
    book(services, desk, taken, desk.hong)
    page = open_page(desk.w.counselor)
    wait_worker(qtbot, page.ctx)
    assert page.grid.block_texts(taken)[0] == "홍*동"
    assert not page.extra_btn.isVisible() and not page.publish_btn.isVisible()
    assert page.export_btn.isVisible() and page.print_btn.isVisible()
    free = slot_id(services, desk, "13:00")
    click_slot(qtbot, page, free)
    assert page.dialog is None and page.open_booking() is None
    assert page.detail.mode == "slot"
    assert not any(b.isVisible() for b in page.detail.action_buttons)
    assert "안내데스크" in page.detail.fields["result"].text()
    click_slot(qtbot, page, taken)
    wait_worker(qtbot, page.ctx)
    assert page.detail.mode == "booking"
    assert not any(b.isVisible() for b in page.detail.action_buttons)


def test_empty_week_hints_and_week_navigation(desk, services, open_page, qtbot):
    page = open_page(desk.w.manager)
    wait_worker(qtbot, page.ctx)
    assert page.grid_stack.currentWidget() is page.grid
    assert "이번 주" in page.week_label.text() and not page.this_week_btn.isEnabled()
    with qtbot.waitActive(page):  # shortcuts work in the active window
        page.activateWindow()
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key_Right, Qt.AltModifier)
    qtbot.keyClick(page.grid, Qt.Key_Right, Qt.AltModifier)
    qtbot.keyClick(page.grid, Qt.Key_Right, Qt.AltModifier)
    wait_worker(qtbot, page.ctx)
    assert page.day == FRIDAY + timedelta(days=21)
    assert "3주 후" in page.week_label.text()
    assert page.grid_stack.currentWidget() is page.empty_label  # nothing published that far
    assert page.empty_label.objectName() == "emptyState"
    assert "회차 공개" in page.empty_label.text()
    qtbot.keyClick(page.grid, Qt.Key_Left, Qt.AltModifier)
    wait_worker(qtbot, page.ctx)
    assert page.grid_stack.currentWidget() is page.grid and "2주 후" in page.week_label.text()
    qtbot.mouseClick(page.this_week_btn, Qt.LeftButton)
    assert page.day == FRIDAY

    desk_page = open_page(desk.w.front_desk)
    wait_worker(qtbot, desk_page.ctx)
    desk_page.date_edit.setDate(FRIDAY + timedelta(days=28))
    wait_worker(qtbot, desk_page.ctx)
    assert desk_page.grid_stack.currentWidget() is desk_page.empty_label
    assert "관리자에게" in desk_page.empty_label.text()


def test_the_page_is_in_the_sidebar_after_bookings(desk, make_window, qtbot):
    window = make_window(desk.w.front_desk)
    keys = list(window.pages)
    assert keys[keys.index("bookings") + 1] == "booths"
    page = window.show_page("booths")
    wait_worker(qtbot, window.ctx)  # the panels load on the worker
    assert page.isVisible() and page.rows
    # the room page's Alt+→ is not ambiguous with this one: only the page on show moves
    with qtbot.waitActive(window):
        window.activateWindow()
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key_Right, Qt.AltModifier)
    wait_worker(qtbot, window.ctx)
    assert page.day == FRIDAY + timedelta(days=7)
    assert window.pages["bookings"].day == FRIDAY


# -- the booth panels' pieces, called from the page -------------------------------------
def test_result_and_consultation_request_of_an_attended_session(desk, services, open_page, clock, qtbot):
    from gui.booths.dialogs.panels_dialogs import ConsultRequestDialog, ResultDialog
    sid = slot_id(services, desk, "11:00")
    bid = book(services, desk, sid, desk.hong, SessionType.AI_COMPETENCY)
    clock.advance(minutes=45)
    services.booths.check_in(desk.w.front_desk, bid)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, sid)
    wait_worker(qtbot, page.ctx)
    assert page.detail.fields["result"].text() == "미기록"
    qtbot.mouseClick(page.detail.result_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ResultDialog) and dialog.isVisible()
    dialog.received.setChecked(True)
    qtbot.keyClicks(dialog.grade, "B")
    dialog.strengths.setPlainText("논리적인 답변")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    stored = services.booths.get(desk.w.front_desk, bid)
    assert (stored.result_received, stored.result_grade, stored.result_strengths) == (True, "B", "논리적인 답변")
    assert page.selected.id == sid
    assert page.detail.fields["result"].text() == "결과지 수령 · 등급 B · 강점: 논리적인 답변"

    qtbot.mouseClick(page.detail.consult_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ConsultRequestDialog)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert [r.booking_id for r in services.booths.consult_queue(desk.w.front_desk, desk.a)] == [bid]
    assert page.detail.fields["consult"].text() == "요청됨"
    assert not page.detail.consult_btn.isEnabled()


def test_publish_from_the_page_fills_an_empty_week(desk, services, open_page, qtbot):
    page = open_page(desk.w.manager)
    wait_worker(qtbot, page.ctx)
    page.date_edit.setDate(FRIDAY + timedelta(days=21))
    wait_worker(qtbot, page.ctx)
    assert page.grid_stack.currentWidget() is page.empty_label
    qtbot.mouseClick(page.publish_btn, Qt.LeftButton)
    dialog = page.dialog
    assert dialog.isVisible()
    wait_worker(qtbot, page.ctx)  # its templates load on the read pool
    qtbot.mouseClick(dialog.generate_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.grid_stack.currentWidget() is page.grid
    assert len(page.rows) == 2 * 5 * 7  # two booths, Mon–Fri, seven slots a day
    assert "회차를 공개했습니다" in page.hint_label.text()


def test_day_sheet_of_the_chosen_booth_and_day(desk, services, open_page, tmp_path, qtbot):
    book(services, desk, slot_id(services, desk, "11:00", desk.booth2), desk.hong)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    assert not hasattr(page, "booth_box")  # the header's booth box is gone (cut off at 1366×768)
    dialog = page.print_clicked()
    assert [dialog.item_box.itemText(i) for i in range(dialog.item_box.count())] == [
        "AI 면접 부스 1", "AI 면접 부스 2"]
    dialog.reject()
    out = tmp_path / "sheet.pdf"
    page.print_sheet(str(out), desk.booth2, FRIDAY)
    wait_worker(qtbot, page.ctx)
    assert out.read_bytes().startswith(b"%PDF")
    assert page.hint_label.text() == f"✓ 11/27(금) 부스 2 일일 명단을 저장했습니다: {out}"
    assert not page.banner.isVisible()


def test_the_reminders_tab_is_read_again_after_a_change_not_on_every_tick(desk, services, open_page, clock,
                                                                         qtbot, monkeypatch):
    from models.audit_log.service import AuditFilter
    clock.advance(days=3)  # Monday 11/30: tomorrow has slots
    book(services, desk, slot_id(services, desk, "11:00", day=date(2026, 12, 1)), desk.hong)
    loads = []
    reminders = services.booths.reminders
    monkeypatch.setattr(services.booths, "reminders", lambda *a, **k: loads.append(a) or reminders(*a, **k))
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    assert page.tabs.currentWidget() is page.reminders
    assert len(loads) == 1
    page._tick()
    page.move_by(1)
    wait_worker(qtbot, page.ctx)
    assert len(loads) == 1
    page.ctx.notify(Topic.BOOTH)
    wait_worker(qtbot, page.ctx)
    assert len(loads) == 2
    # the list shows numbers masked: loading it hands out no phone number (issue 11 item 7)
    assert services.audit.count(desk.w.admin, AuditFilter(action="read", username="frontdesk")) == 0


def test_print_button_asks_where_and_adds_the_pdf_extension(desk, services, open_page, tmp_path, qtbot,
                                                            monkeypatch):
    """The print button opens the day-sheet dialog; 저장… asks where (Qt's own Korean save
    dialog, answered here) and a name typed without .pdf gets it."""
    from PySide6.QtWidgets import QApplication, QFileDialog

    book(services, desk, slot_id(services, desk, "11:00", desk.booth2), desk.hong)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.print_btn, Qt.LeftButton)
    dialog = page.output_dialog
    dialog.item_box.setCurrentIndex(1)
    asked = {}

    def answer():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QFileDialog)
        asked.update(title=box.windowTitle(), name=box.selectedFiles()[0], filters=box.nameFilters())
        box.selectFile(str(tmp_path / "부스2 명단"))
        box.accept()

    from PySide6.QtCore import QTimer
    QTimer.singleShot(0, answer)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert (tmp_path / "부스2 명단.pdf").read_bytes().startswith(b"%PDF")
    assert "AI 면접 부스 2" in asked["title"] and "11/27(금)" in asked["title"] and asked["filters"] == ["PDF (*.pdf)"]
    assert asked["name"].split("/")[-1] == "AI면접_명단_부스2_20261127.pdf"
    assert "부스2 명단.pdf" in page.hint_label.text() and "11/27(금) 부스 2" in page.hint_label.text()
    assert not dialog.isVisible()


def test_hovering_a_slot_explains_it_without_personal_data(desk, services, open_page, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    sid = slot_id(services, desk, "11:00", desk.booth2)
    book(services, desk, sid, desk.hong)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    viewport = page.grid.viewport()
    pos = page.grid.slot_pos(sid)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.ToolTip, pos, viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    assert "AI 면접 부스 2" in text and "11:00" in text and "상태: 예약" in text and "홍*동" in text
    assert "홍길동" not in text
