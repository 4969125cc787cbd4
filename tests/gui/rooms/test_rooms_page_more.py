"""The bookings page, continued: navigation and shortcuts, the week grid, roles, exports,
series changes, rules, query counts, tooltips, the new-booking suggestion and refusals."""

from __future__ import annotations

import csv
from datetime import date, time

import pytest
from PySide6.QtCore import Qt

from gui.rooms.dialogs.booking_dialog import BookingDialog
from gui.rooms.dialogs.cancel_dialog import CancelDialog
from models.desk.enums import BookingStatus, CancelCode
from tests.factories.gui import wait_worker
from tests.factories.rooms_page import FRIDAY, book, click_block, drag


def test_date_navigation_buttons_and_shortcuts(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    assert "11월 27일 (금) · 오늘" == page.day_label.text()
    assert not page.today_btn.isEnabled()
    qtbot.mouseClick(page.next_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.day == date(2026, 11, 28)
    assert page.date_edit.date().toPython() == date(2026, 11, 28)
    assert "정기 휴무일" in page.timeline.overlay_text  # CAFE-A is closed on Saturdays
    with qtbot.waitActive(page):  # shortcuts work in the active window
        page.activateWindow()
    page.timeline.setFocus()
    qtbot.keyClick(page.timeline, Qt.Key_Right, Qt.AltModifier)
    wait_worker(qtbot, page.ctx)
    assert page.day == date(2026, 11, 29)
    qtbot.keyClick(page.timeline, Qt.Key_Left, Qt.AltModifier)
    wait_worker(qtbot, page.ctx)
    qtbot.keyClick(page.timeline, Qt.Key_Left, Qt.AltModifier)
    wait_worker(qtbot, page.ctx)
    assert page.day == FRIDAY and page.timeline.overlay_text == ""
    qtbot.keyClick(page.timeline, Qt.Key_Right, Qt.AltModifier)
    wait_worker(qtbot, page.ctx)
    qtbot.keyClick(page.timeline, Qt.Key_T, Qt.ControlModifier)
    wait_worker(qtbot, page.ctx)
    assert page.day == FRIDAY
    page.date_edit.setDate(date(2026, 12, 25))
    wait_worker(qtbot, page.ctx)
    assert page.day == date(2026, 12, 25)
    assert "공휴일" in page.timeline.overlay_text
    qtbot.keyClick(page.timeline, Qt.Key_Home)
    wait_worker(qtbot, page.ctx)
    assert page.day == FRIDAY

    # week mode: one room, seven days; the shortcuts move by a week
    book(services, desk, "14:00", "16:00", room=desk.room_b, day=date(2026, 12, 1))
    qtbot.mouseClick(page.week_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    page.room_box.setCurrentIndex(page.room_box.findData(desk.room_b))
    wait_worker(qtbot, page.ctx)
    assert page.grids.currentWidget() is page.week
    assert [ln.key for ln in page.week.lanes][0] == date(2026, 11, 23)
    page.week.setFocus()
    qtbot.keyClick(page.week, Qt.Key_Right, Qt.AltModifier)
    wait_worker(qtbot, page.ctx)
    assert page.day == date(2026, 12, 4)
    assert page.week.block_texts() == ["홍*동 · 2명"]
    assert "11/30 – 12/06 주" in page.day_label.text()
    assert page.week.lanes[5].closed_reason == "정기 휴무일"


def test_week_grid_drag_selects_a_day_and_span(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    page.set_mode("week")
    wait_worker(qtbot, page.ctx)
    page.room_box.setCurrentIndex(page.room_box.findData(desk.room_a))
    wait_worker(qtbot, page.ctx)
    week = page.week
    with qtbot.waitSignal(week.span_selected) as got:
        drag(qtbot, week, week.pos_for(FRIDAY, time(13, 5)), week.pos_for(FRIDAY, time(14, 50)))
    assert got.args == [desk.room_a, FRIDAY, time(13, 0), time(15, 0)]
    assert isinstance(page.dialog, BookingDialog)
    assert page.dialog.day_edit.date().toPython() == FRIDAY
    assert page.dialog.start_edit.currentData() == "13:00"
    page.dialog.reject()
    bid = book(services, desk, "15:00", "17:00")
    page.refresh()
    wait_worker(qtbot, page.ctx)
    with qtbot.waitSignal(week.booking_clicked) as clicked:
        qtbot.mouseClick(week.viewport(), Qt.LeftButton, pos=week.block_pos(bid))
    assert clicked.args == [bid]
    assert page.panel.b_name.text() == "홍*동"


def test_counselor_sees_the_day_but_cannot_change_it(desk, services, open_page, qtbot):
    bid = book(services, desk, "10:00", "11:00")
    page = open_page(desk.w.counselor)
    assert page.timeline.block_texts() == ["홍*동 · 2명"]
    assert not page.new_btn.isVisible() and not page.rules_btn.isVisible()
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_b, time(13, 0)), tl.pos_for(desk.room_b, time(14, 0)))
    assert page.dialog is None
    click_block(qtbot, page, bid)
    assert not page.panel.check_in_btn.isVisible() and not page.panel.cancel_btn.isVisible()


def test_export_month_writes_csv_with_korean_intact(desk, services, open_page, qtbot, tmp_path):
    book(services, desk, "10:00", "11:00")
    book(services, desk, "14:00", "15:00", youth=desk.kim, room=desk.room_b)
    page = open_page(desk.w.front_desk)
    out = tmp_path / "예약_11월.csv"
    page.export_month(str(out), 2026, 11)
    wait_worker(qtbot, page.ctx)

    assert "2026년 11월 예약 2건을 저장했습니다" in page.hint_label.text()
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM for Korean Excel
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:5] == ["날짜", "시작", "종료", "공간", "청년"]
    assert [r[3:5] for r in rows[1:]] == [["스터디룸 A", "홍*동"], ["스터디룸 B", "김*수"]]

    page.export_month(str(tmp_path / "bad.txt"), 2026, 11)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible() and ".ics, .csv, .xlsx" in page.banner.text()


@pytest.mark.parametrize("fmt, typed, written", [
    (1, "11월", "11월.csv"),
    (2, "11월", "11월.ics"),
    (0, "11월.v2", "11월.v2.xlsx"),
    (0, "11월.CSV", "11월.CSV"),  # an extension the user typed wins
])
def test_export_button_saves_where_the_user_says(desk, services, open_page, qtbot, tmp_path, monkeypatch,
                                                fmt, typed, written):
    from gui.common.page import Page

    book(services, desk, "10:00", "11:00")
    page = open_page(desk.w.front_desk)
    asked = {}

    def fake_ask(self, title, name, formats, parent=None):
        asked.update(title=title, name=name, formats=formats, parent=parent)
        path = str(tmp_path / typed)
        return path if path.lower().endswith(tuple(f".{e}" for _, e in formats)) else f"{path}.{formats[0][1]}"

    monkeypatch.setattr(Page, "ask_save_path", fake_ask)
    qtbot.mouseClick(page.export_btn, Qt.LeftButton)
    dialog = page.output_dialog
    assert [dialog.format_box.itemText(i) for i in range(3)] == [
        "Excel (.xlsx)", "CSV (.csv)", "캘린더 iCalendar (.ics)"]
    dialog.format_box.setCurrentIndex(fmt)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    ext = ["xlsx", "csv", "ics"][fmt]
    assert asked["name"] == f"예약_CAFE-A_2026-11.{ext}" and asked["parent"] is dialog
    assert asked["title"] == "2026년 11월 예약 내보내기"
    assert [e for _, e in asked["formats"]] == [ext] + [e for e in ("xlsx", "csv", "ics") if e != ext]
    assert (tmp_path / written).exists() and (tmp_path / written).stat().st_size > 0
    assert written in page.hint_label.text() and "✓ 2026년 11월 예약 1건을 저장했습니다" in page.hint_label.text()


def test_page_is_in_the_sidebar_after_youth(desk, make_window):
    window = make_window(desk.w.front_desk)
    assert list(window.pages)[:2] == ["youth", "bookings"]
    page = window.show_page("bookings")
    assert page.title_label.text() == "예약 (스터디룸·회의실)"


def test_series_is_changed_and_cancelled_from_one_occurrence_on(desk, services, open_page, qtbot):
    result = services.room_series.create(desk.w.front_desk, desk.a, {
        "day": FRIDAY, "start": "14:00", "end": "16:00", "room_id": desk.room_a, "youth_id": desk.hong,
        "headcount": 2, "identity_confirmed": True, "weeks": 3}, skip_conflicts=False)
    page = open_page(desk.w.front_desk)
    click_block(qtbot, page, result.created[0])
    assert "반복 예약" in page.panel.fields["kind"].text()

    qtbot.mouseClick(page.panel.series_change_btn, Qt.LeftButton)
    change = page.dialog
    change.end_edit.setCurrentIndex(change.end_edit.findData("17:00"))
    qtbot.mouseClick(change.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert not change.isVisible()
    rows = [services.rooms.get(desk.w.front_desk, i) for i in result.created]
    assert [r.time_text for r in rows] == ["14:00–17:00"] * 3
    assert page.selected.time_text == "14:00–17:00"

    qtbot.mouseClick(page.panel.series_cancel_btn, Qt.LeftButton)
    cancel = page.dialog
    assert isinstance(cancel, CancelDialog) and cancel.series
    cancel.reason.setText("스터디 종료")
    qtbot.mouseClick(cancel.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    rows = [services.rooms.get(desk.w.front_desk, i) for i in result.created]
    assert {(r.status, r.cancel_code, r.cancel_reason) for r in rows} == {
        (BookingStatus.CANCELLED, CancelCode.STAFF, "스터디 종료")}
    assert page.panel.b_status.text() == "취소"
    assert page.timeline.block_texts() == []


def test_manager_changes_the_booking_step_from_the_rules_button(desk, services, open_page, qtbot):
    page = open_page(desk.w.manager)
    assert page.rules_btn.isVisible()
    assert page.timeline.step == 30
    dialog = page.open_rules()
    dialog.step_minutes.setValue(60)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.booking_rules.get(desk.w.manager, desk.a).step_minutes == 60
    assert page.timeline.step == 60
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(13, 40)), tl.pos_for(desk.room_a, time(14, 10)))
    assert tl.selected_span() == (desk.room_a, time(13, 0), time(15, 0))


def test_refresh_runs_the_same_few_queries_however_many_bookings(desk, services, db, open_page, qtbot):
    """The day view is one service call: no query per booking, room or youth."""
    from sqlalchemy import event
    page = open_page(desk.w.front_desk)
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page.refresh()
        wait_worker(qtbot, page.ctx)
        few = len(statements)
        for hour in range(9, 18):
            for room in (desk.room_a, desk.room_b):
                services.rooms.book(desk.w.manager, desk.a, {
                    "day": FRIDAY, "start": f"{hour:02d}:00", "end": f"{hour + 1:02d}:00", "room_id": room,
                    "youth_id": desk.hong, "identity_confirmed": True}, override_reason="부하 시험 예약")
        statements.clear()
        page.refresh()
        wait_worker(qtbot, page.ctx)
        many = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(page.timeline.block_texts()) == 18
    assert many == few <= 8


def test_block_tooltip_names_room_time_youth_purpose_and_status(desk, services, clock, open_page, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    book(services, desk, "10:00", "11:00")
    clock.advance(minutes=20)
    page = open_page(desk.w.front_desk)
    (row,) = page.view.bookings
    viewport = page.timeline.viewport()
    pos = page.timeline.block_pos(row.id)
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.ToolTip, pos, viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    for part in ("스터디룸 A", "10:00–11:00", "홍*동 · 2명 · 스터디", "상태: 예약", "노쇼 후보"):
        assert part in text
    assert "홍길동" not in text and "5678" not in text
    # over free time there is nothing to explain
    free = page.timeline.pos_for(desk.room_b, time(10, 15))
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.ToolTip, free, viewport.mapToGlobal(free)))
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_new_booking_button_offers_the_earliest_free_hour(desk, services, open_page, qtbot):
    book(services, desk, "10:00", "11:00")
    book(services, desk, "10:00", "10:30", room=desk.room_b, youth=desk.kim)
    page = open_page(desk.w.front_desk)
    qtbot.mouseClick(page.new_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, BookingDialog) and not dialog.walk_in
    # now is 10:00: room A is taken until 11:00 and room B until 10:30
    assert (dialog.room.currentData(), dialog.start_edit.currentData(), dialog.end_edit.currentData()) == (
        desk.room_b, "10:30", "11:30")


def test_refused_actions_show_in_the_banner_and_the_page_catches_up(desk, services, open_page, qtbot):
    bid = book(services, desk, "10:00", "11:00")
    page = open_page(desk.w.front_desk)
    page.mark_no_show(bid)  # too early: the grace period has not passed
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible() and "15분 후부터" in page.banner.text()
    assert services.rooms.get(desk.w.front_desk, bid).status == BookingStatus.BOOKED

    click_block(qtbot, page, bid)
    services.rooms.check_in(desk.w.front_desk, bid)  # another desk was quicker
    qtbot.mouseClick(page.panel.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "이미 입실 처리된 예약입니다" in page.banner.text()
    assert page.panel.b_status.text() == "입실"
    qtbot.mouseClick(page.next_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert not page.banner.isVisible()
