"""예약 page: book by dragging in the grid, check in, no-show, cancel, a recurring series
with a conflict, the waitlist offer, navigation and shortcuts, and the month export.

Each test runs on SQLite and PostgreSQL (through the ``services`` fixture) and checks what
the widgets show and what the database holds. The FakeClock stands at Friday
2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri 09:00–18:00.
"""

from __future__ import annotations

import csv
from datetime import date, time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from gui.dialogs.bookings import BookingDialog, CancelDialog, SeriesDialog, WaitlistDialog
from gui.pages.bookings_page import BookingsPage
from models.enums import BookingStatus, CancelCode
from tests.conftest import youth_data
from tests.gui.conftest import wait_worker

FRIDAY = date(2026, 11, 27)


@pytest.fixture
def desk(world, services):
    add_room = services.facilities.add_room
    room_a = add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    room_b = add_room(world.admin, world.a, {"name": "스터디룸 B", "kind": "study_room", "capacity": 6})
    hong = services.youth.create(world.front_desk, world.a, youth_data())
    kim = services.youth.create(world.front_desk, world.a, youth_data(
        name="김민수", phone="010-2222-3333", email="kim@example.com", birth_date="1999-01-02"))
    return SimpleNamespace(w=world, a=world.a, room_a=room_a, room_b=room_b, hong=hong, kim=kim)


@pytest.fixture
def open_page(make_ctx, qtbot):
    def make(actor) -> BookingsPage:
        page = BookingsPage(make_ctx(actor))
        qtbot.addWidget(page)
        page.resize(1200, 760)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def book(services, desk, start: str, end: str, *, youth=None, room=None, day=FRIDAY, headcount=2) -> int:
    return services.bookings.book(desk.w.front_desk, desk.a, {
        "day": day, "start": start, "end": end, "room_id": room or desk.room_a,
        "youth_id": youth or desk.hong, "headcount": headcount, "identity_confirmed": True})


def drag(qtbot, grid, start_pos, end_pos) -> None:
    vp = grid.viewport()
    qtbot.mousePress(vp, Qt.LeftButton, pos=start_pos)
    qtbot.mouseMove(vp, pos=(start_pos + end_pos) / 2)
    qtbot.mouseMove(vp, pos=end_pos)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=end_pos)


def click_block(qtbot, page, booking_id: int) -> None:
    qtbot.mouseClick(page.timeline.viewport(), Qt.LeftButton, pos=page.timeline.block_pos(booking_id))
    assert page.selected is not None and page.selected.id == booking_id


def pick_youth(qtbot, page, picker, digits: str) -> None:
    """Search the registry by phone digits (ASCII keys) and click the first result."""
    qtbot.keyClicks(picker.youth_search, digits)
    picker.search_now()
    wait_worker(qtbot, page.ctx)
    assert picker.youth_list.count() == 1
    item = picker.youth_list.item(0)
    qtbot.mouseClick(picker.youth_list.viewport(), Qt.LeftButton,
                     pos=picker.youth_list.visualItemRect(item).center())
    assert picker.selected_youth_id is not None


def day_rows(services, desk, day=FRIDAY):
    return services.bookings.day_view(desk.w.front_desk, desk.a, day).bookings


def test_drag_in_the_grid_books_the_dragged_room_and_time(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    assert page.day == FRIDAY
    assert page.timeline.block_texts() == []
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_b, time(14, 10)), tl.pos_for(desk.room_b, time(15, 40)))

    dialog = page.dialog
    assert isinstance(dialog, BookingDialog) and dialog.isVisible()
    assert not dialog.walk_in
    assert dialog.room.currentData() == desk.room_b
    assert (dialog.start_edit.currentData(), dialog.end_edit.currentData()) == ("14:00", "16:00")
    assert page.panel.mode == "span"
    assert "14:00–16:00 (2시간)" in page.panel.span_time.text()
    pick_youth(qtbot, page, dialog.youth_picker, "5678")
    dialog.headcount.setValue(3)
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    rows = day_rows(services, desk)
    assert [(r.room_id, r.time_text, r.youth_id, r.headcount) for r in rows] == [
        (desk.room_b, "14:00–16:00", desk.hong, 3)]
    assert tl.block_texts() == ["홍*동 · 3명"]
    assert page.selected.id == rows[0].id  # the new booking is shown in the panel
    assert page.panel.mode == "booking" and page.panel.b_status.text() == "예약"


def test_drag_stops_at_an_active_booking_and_a_started_span_is_a_walk_in(desk, services, open_page, qtbot):
    book(services, desk, "12:00", "13:00")
    page = open_page(desk.w.front_desk)
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(10, 40)), tl.pos_for(desk.room_a, time(14, 20)))
    assert tl.selected_span() == (desk.room_a, time(10, 30), time(12, 0))
    assert page.dialog.start_edit.currentData() == "10:30"
    assert page.dialog.end_edit.currentData() == "12:00"
    page.dialog.reject()

    # pressing on the booking is a click, not a drag: it shows the booking
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(12, 10)), tl.pos_for(desk.room_a, time(14, 20)))
    assert page.selected is None
    qtbot.mouseClick(tl.viewport(), Qt.LeftButton, pos=tl.pos_for(desk.room_a, time(12, 30)))
    assert page.selected is not None and page.panel.fields["time"].text().endswith("12:00–13:00")

    # a span that has already begun (now is 10:00) is given to the youth at the desk
    drag(qtbot, tl, tl.pos_for(desk.room_b, time(9, 40)), tl.pos_for(desk.room_b, time(10, 50)))
    walk_in = page.dialog
    assert walk_in.walk_in and walk_in.identity.isChecked()
    pick_youth(qtbot, page, walk_in.youth_picker, "3333")
    qtbot.mouseClick(walk_in.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    new = services.bookings.get(desk.w.front_desk, page.selected.id)
    assert (new.walk_in, new.time_text, new.youth_id) == (True, "09:30–11:00", desk.kim)
    assert "현장 배정" in page.panel.fields["kind"].text()


def test_check_in_from_the_panel(desk, services, open_page, qtbot):
    later = book(services, desk, "15:00", "16:00", youth=desk.kim)
    bid = book(services, desk, "10:00", "11:00")
    page = open_page(desk.w.front_desk)
    click_block(qtbot, page, later)
    assert not page.panel.check_in_btn.isEnabled()  # too early to check in at 15:00
    click_block(qtbot, page, bid)
    assert page.panel.check_in_btn.isEnabled()
    qtbot.mouseClick(page.panel.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert services.bookings.get(desk.w.front_desk, bid).status == BookingStatus.CHECKED_IN
    assert page.panel.b_status.text() == "입실"
    assert not page.panel.check_in_btn.isEnabled() and not page.panel.cancel_btn.isEnabled()
    shown = next(b for b in page.view.bookings if b.id == bid)
    assert shown.status == BookingStatus.CHECKED_IN
    qtbot.mouseClick(page.panel.close_btn, Qt.LeftButton)
    assert page.panel.mode == "summary"
    assert page.panel.counts["checked_in"].text() == "1건"
    assert page.panel.counts["booked"].text() == "1건"


def test_no_show_candidate_is_confirmed_with_one_click(desk, services, clock, open_page, qtbot):
    bid = book(services, desk, "10:00", "12:00")
    page = open_page(desk.w.front_desk)
    assert not page.notices.isVisible()

    clock.advance(minutes=16)
    page._tick()  # the page reloads every minute by itself
    assert page.notices.isVisible()
    assert "노쇼 후보 1건" in page.notices.texts[0]
    assert "홍*동" in page.notices.texts[1]
    click_block(qtbot, page, bid)
    assert page.panel.no_show_btn.isVisible() and not page.panel.b_warn.isHidden()

    qtbot.mouseClick(page.notices.no_show_buttons[bid], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    row = services.bookings.get(desk.w.front_desk, bid)
    assert (row.status, row.cancel_code) == (BookingStatus.NO_SHOW, CancelCode.NO_SHOW)
    assert not page.notices.isVisible()
    assert page.panel.b_status.text() == "노쇼"
    assert not page.panel.no_show_btn.isVisible()


def test_cancel_by_staff_records_the_code_and_reason(desk, services, open_page, qtbot):
    bid = book(services, desk, "15:00", "16:00")
    page = open_page(desk.w.front_desk)
    click_block(qtbot, page, bid)
    qtbot.mouseClick(page.panel.cancel_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, CancelDialog) and dialog.isVisible()
    qtbot.mouseClick(dialog.by_staff, Qt.LeftButton)
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)  # no reason: refused in the dialog
    assert dialog.isVisible()
    dialog.reason.setText("냉방기 고장")
    qtbot.mouseClick(dialog.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    row = services.bookings.get(desk.w.front_desk, bid)
    assert (row.status, row.cancel_code, row.cancel_reason) == (
        BookingStatus.CANCELLED, CancelCode.STAFF, "냉방기 고장")
    assert page.panel.b_status.text() == "취소"
    assert page.panel.fields["cancel"].text() == "직원 취소 — 냉방기 고장"
    assert page.timeline.block_texts() == []  # cancelled blocks are hidden by default
    page.show_cancelled.setChecked(True)
    assert page.timeline.block_texts() == ["홍*동 · 2명"]
    # the freed time can be dragged again
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(15, 10)), tl.pos_for(desk.room_a, time(15, 40)))
    assert tl.selected_span() == (desk.room_a, time(15, 0), time(16, 0))


def test_recurring_series_lists_the_conflict_and_skips_it(desk, services, open_page, qtbot):
    clash = book(services, desk, "14:00", "16:00", youth=desk.kim, day=date(2026, 12, 4))
    page = open_page(desk.w.front_desk)
    tl = page.timeline
    drag(qtbot, tl, tl.pos_for(desk.room_a, time(14, 0)), tl.pos_for(desk.room_a, time(15, 30)))
    page.dialog.reject()  # the user wants a weekly series instead
    qtbot.mouseClick(page.panel.span_series, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, SeriesDialog) and dialog.isVisible()
    assert (dialog.start_edit.currentData(), dialog.end_edit.currentData()) == ("14:00", "16:00")
    dialog.weeks.setValue(4)
    dialog.headcount.setValue(2)
    pick_youth(qtbot, page, dialog.youth_picker, "5678")
    qtbot.mouseClick(dialog.identity, Qt.LeftButton)
    qtbot.mouseClick(dialog.plan_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    texts = [dialog.occurrence_list.item(i).text() for i in range(dialog.occurrence_list.count())]
    assert len(texts) == 4
    assert [t[0] for t in texts] == ["✓", "✗", "✓", "✓"]
    assert "김*수" in texts[1]  # the clash names the other booking
    assert dialog.skip_button.isVisible()
    qtbot.mouseClick(dialog.skip_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    assert not dialog.isVisible()
    mine = [b for d in (FRIDAY, date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 18))
            for b in day_rows(services, desk, d) if b.youth_id == desk.hong]
    assert [f"{b.starts_at:%m/%d} {b.time_text}" for b in mine] == [
        "11/27 14:00–16:00", "12/11 14:00–16:00", "12/18 14:00–16:00"]
    assert len({b.series_id for b in mine}) == 1 and mine[0].series_id is not None
    assert services.bookings.get(desk.w.front_desk, clash).youth_id == desk.kim
    assert page.timeline.block_texts() == ["홍*동 · 2명"]
    assert page.panel.series_cancel_btn.isVisible()  # the first occurrence is selected


def test_waitlist_offer_is_booked_for_the_waiting_youth(desk, services, open_page, qtbot):
    bid = book(services, desk, "14:00", "16:00")
    page = open_page(desk.w.front_desk)
    click_block(qtbot, page, bid)
    qtbot.mouseClick(page.panel.wait_here_btn, Qt.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, WaitlistDialog)
    assert (dialog.room.currentData(), dialog.start_edit.currentData()) == (desk.room_a, "14:00")
    pick_youth(qtbot, page, dialog.youth_picker, "3333")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert not dialog.isVisible()
    assert not page.notices.isVisible()  # the time is still taken
    assert page.view.waiting[0].youth_id == desk.kim

    services.bookings.cancel(desk.w.front_desk, bid, by="youth")
    page.ctx.notify("booking")  # as another desk's change would
    assert page.notices.isVisible()
    assert any("김*수" in t and "14:00–16:00 스터디룸 A 제안" in t for t in page.notices.texts)
    (entry_id,) = page.notices.accept_buttons
    qtbot.mouseClick(page.notices.accept_buttons[entry_id], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    active = [b for b in day_rows(services, desk) if b.status.active]
    assert [(b.youth_id, b.time_text) for b in active] == [(desk.kim, "14:00–16:00")]
    assert not page.notices.isVisible()
    assert page.timeline.block_texts() == ["김*수 · 1명"]
    assert page.selected.youth_id == desk.kim


def test_next_waiting_youth_when_the_offered_one_passes(desk, services, open_page, qtbot, monkeypatch):
    from gui.widgets import confirm
    lee = services.youth.create(desk.w.front_desk, desk.a, youth_data(
        name="이영희", phone="010-4444-5555", email="lee@example.com"))
    bid = book(services, desk, "14:00", "16:00")
    for youth in (desk.kim, lee):
        services.waitlist.add(desk.w.front_desk, desk.a, {
            "day": FRIDAY, "start": "14:00", "end": "16:00", "room_id": desk.room_a, "youth_id": youth})
    services.bookings.cancel(desk.w.front_desk, bid, by="staff", reason="점검")
    page = open_page(desk.w.front_desk)
    assert [w.youth_id for w in page.view.offers] == [desk.kim]
    (first,) = page.notices.decline_buttons
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: asked.append(a[2]) or True)
    qtbot.mouseClick(page.notices.decline_buttons[first], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "김*수" in asked[0]
    assert [w.youth_id for w in page.view.offers] == [lee]
    assert any("이*희" in t for t in page.notices.texts)
    assert first not in page.notices.decline_buttons


def test_date_navigation_buttons_and_shortcuts(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    assert "11월 27일 (금) · 오늘" == page.day_label.text()
    assert not page.today_btn.isEnabled()
    qtbot.mouseClick(page.next_btn, Qt.LeftButton)
    assert page.day == date(2026, 11, 28)
    assert page.date_edit.date().toPython() == date(2026, 11, 28)
    assert "정기 휴무일" in page.timeline.overlay_text  # CAFE-A is closed on Saturdays
    with qtbot.waitActive(page):  # shortcuts work in the active window
        page.activateWindow()
    page.timeline.setFocus()
    qtbot.keyClick(page.timeline, Qt.Key_Right, Qt.AltModifier)
    assert page.day == date(2026, 11, 29)
    qtbot.keyClick(page.timeline, Qt.Key_Left, Qt.AltModifier)
    qtbot.keyClick(page.timeline, Qt.Key_Left, Qt.AltModifier)
    assert page.day == FRIDAY and page.timeline.overlay_text == ""
    qtbot.keyClick(page.timeline, Qt.Key_Right, Qt.AltModifier)
    qtbot.keyClick(page.timeline, Qt.Key_T, Qt.ControlModifier)
    assert page.day == FRIDAY
    page.date_edit.setDate(date(2026, 12, 25))
    assert page.day == date(2026, 12, 25)
    assert "공휴일" in page.timeline.overlay_text
    qtbot.keyClick(page.timeline, Qt.Key_Home)
    assert page.day == FRIDAY

    # week mode: one room, seven days; the shortcuts move by a week
    book(services, desk, "14:00", "16:00", room=desk.room_b, day=date(2026, 12, 1))
    qtbot.mouseClick(page.week_btn, Qt.LeftButton)
    page.room_box.setCurrentIndex(page.room_box.findData(desk.room_b))
    assert page.grids.currentWidget() is page.week
    assert [ln.key for ln in page.week.lanes][0] == date(2026, 11, 23)
    page.week.setFocus()
    qtbot.keyClick(page.week, Qt.Key_Right, Qt.AltModifier)
    assert page.day == date(2026, 12, 4)
    assert page.week.block_texts() == ["홍*동 · 2명"]
    assert "11/30 – 12/06 주" in page.day_label.text()
    assert page.week.lanes[5].closed_reason == "정기 휴무일"


def test_week_grid_drag_selects_a_day_and_span(desk, services, open_page, qtbot):
    page = open_page(desk.w.front_desk)
    page.set_mode("week")
    page.room_box.setCurrentIndex(page.room_box.findData(desk.room_a))
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


def test_page_is_in_the_sidebar_after_youth(desk, make_window):
    window = make_window(desk.w.front_desk)
    assert list(window.pages)[:2] == ["youth", "bookings"]
    page = window.show_page("bookings")
    assert page.title_label.text() == "예약 (스터디룸·회의실)"


def test_series_is_changed_and_cancelled_from_one_occurrence_on(desk, services, open_page, qtbot):
    result = services.series.create(desk.w.front_desk, desk.a, {
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
    rows = [services.bookings.get(desk.w.front_desk, i) for i in result.created]
    assert [r.time_text for r in rows] == ["14:00–17:00"] * 3
    assert page.selected.time_text == "14:00–17:00"

    qtbot.mouseClick(page.panel.series_cancel_btn, Qt.LeftButton)
    cancel = page.dialog
    assert isinstance(cancel, CancelDialog) and cancel.series
    cancel.reason.setText("스터디 종료")
    qtbot.mouseClick(cancel.confirm_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    rows = [services.bookings.get(desk.w.front_desk, i) for i in result.created]
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


def test_refresh_runs_the_same_few_queries_however_many_bookings(desk, services, db, open_page):
    """The day view is one service call: no query per booking, room or youth."""
    from sqlalchemy import event
    page = open_page(desk.w.front_desk)
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        page.refresh()
        few = len(statements)
        for hour in range(9, 18):
            for room in (desk.room_a, desk.room_b):
                services.bookings.book(desk.w.manager, desk.a, {
                    "day": FRIDAY, "start": f"{hour:02d}:00", "end": f"{hour + 1:02d}:00", "room_id": room,
                    "youth_id": desk.hong, "identity_confirmed": True}, override_reason="부하 시험 예약")
        statements.clear()
        page.refresh()
        many = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(page.timeline.block_texts()) == 18
    assert many == few <= 8


def test_block_tooltip_names_room_time_youth_purpose_and_status(desk, services, clock, open_page):
    from gui.widgets.booking_blocks import tooltip_html
    book(services, desk, "10:00", "11:00")
    clock.advance(minutes=20)
    page = open_page(desk.w.front_desk)
    (row,) = page.view.bookings
    text = tooltip_html(row)
    for part in ("스터디룸 A", "10:00–11:00", "홍*동 · 2명 · 스터디", "상태: 예약", "노쇼 후보"):
        assert part in text
    assert "홍길동" not in text and "5678" not in text


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
    assert services.bookings.get(desk.w.front_desk, bid).status == BookingStatus.BOOKED

    click_block(qtbot, page, bid)
    services.bookings.check_in(desk.w.front_desk, bid)  # another desk was quicker
    qtbot.mouseClick(page.panel.check_in_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "이미 입실 처리된 예약입니다" in page.banner.text()
    assert page.panel.b_status.text() == "입실"
    qtbot.mouseClick(page.next_btn, Qt.LeftButton)
    assert not page.banner.isVisible()
