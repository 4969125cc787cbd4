"""오늘 입실 page: today's room and booth bookings in one list, narrowed as you type (name or
the phone's last four digits), Up/Down to choose, Enter to check in; refusals in the banner
with nothing written; a counselor sees the list without the buttons.

The day (tests/factories/arrivals.py), FakeClock at Friday 2026-11-27 10:00 in Seoul:
09:30 스터디룸 A 홍길동 (open), 09:30 회의실 1 박서준 (checked in), 10:00 AI 면접 부스 1
김민수 (open), 11:00 AI 면접 부스 1 이영희 (opens 10:30), 13:00 회의실 1 홍지수.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import event

from gui.context import Topic
from models.desk.enums import BookingStatus
from tests.factories.arrivals import TODAY
from tests.factories.gui import type_text, wait_worker
from tests.factories.rooms import at

STATUS = 5


def names(page) -> list[str]:
    return [r.youth_name for r in page.model.rows]


def cell(page, line: int, column: int) -> str:
    return page.model.data(page.model.index(line, column))


def topics_of(ctx) -> list:
    heard = []
    ctx.changed.connect(lambda changes: heard.append(set(changes)))
    return heard


def test_the_list_shows_rooms_and_booths_of_today(day, open_page, qtbot):
    page = open_page(day.w.front_desk)
    assert page.stack.currentWidget() is page.table
    assert names(page) == ["홍길동", "박서준", "김민수", "이영희", "홍지수"]
    headers = [page.model.headerData(c, Qt.Horizontal) for c in range(page.model.columnCount())]
    assert headers == ["시간", "구분", "장소", "이름", "휴대전화", "상태", "입실", "내용"]
    assert [cell(page, 0, c) for c in range(8)] == [
        "09:30–11:00", "스터디룸", "스터디룸 A", "홍길동", "010-****-5678", "예약", "", "스터디"]
    assert [cell(page, 2, c) for c in range(8)] == [
        "10:00–10:50", "AI 면접", "AI 면접 부스 1", "김민수", "010-****-3333", "예약", "", "AI 면접체험"]
    assert [cell(page, 1, c) for c in (1, 5, 7)] == ["회의실", "입실", "회의"]
    assert page.count_label.text() == "오늘 예약 5건 · 입실 1 · 남은 4"
    assert page.day_label.text() == "11월 27일 (금)"
    assert page.search.placeholderText() == "이름 또는 전화 뒷자리 4자리"
    qtbot.waitUntil(lambda: page.focusWidget() is page.search)
    # the buttons: open ones enabled, not yet open ones disabled with the reason, none when checked in
    rows = page.model.rows
    assert page.button_for(rows[0]).isEnabled() and page.button_for(rows[2]).isEnabled()
    assert not page.button_for(rows[3]).isEnabled() and "10:30부터" in page.button_for(rows[3]).toolTip()
    assert page.button_for(rows[1]) is None


def test_typing_a_name_narrows_the_list_without_reading_again(day, open_page, qtbot, db):
    page = open_page(day.w.front_desk)
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    type_text(qtbot, page.search, "홍")
    assert names(page) == ["홍길동", "홍지수"]
    assert page.current_row() is None  # two matches: nothing chosen for Enter yet
    type_text(qtbot, page.search, "지")
    assert names(page) == ["홍지수"]
    assert page.current_row().youth_name == "홍지수"  # the only one: selected
    assert page.count_label.text() == "오늘 예약 5건 · 입실 1 · 남은 4 · 찾은 예약 1건"
    assert statements == []  # filtering touched no database
    page.search.clear()
    assert len(page.model.rows) == 5


def test_last_four_digits_then_enter_checks_the_youth_in(day, open_page, services, qtbot):
    page = open_page(day.w.front_desk)
    heard = topics_of(page.ctx)
    qtbot.keyClicks(page.search, "5678")
    assert names(page) == ["홍길동"] and page.current_row().youth_name == "홍길동"
    qtbot.keyClick(page.search, Qt.Key_Return)
    wait_worker(qtbot, page.ctx)

    assert services.rooms.get(day.w.front_desk, day.booking.hong).status == BookingStatus.CHECKED_IN
    assert heard == [{Topic.BOOKING}]
    assert page.search.text() == ""
    assert page.hint_label.text() == "✓ 홍길동 님 입실 처리했습니다"
    assert not page.banner.isVisible()
    line = names(page).index("홍길동")
    assert cell(page, line, STATUS) == "입실" and page.button_for(page.model.rows[line]) is None
    assert page.count_label.text() == "오늘 예약 5건 · 입실 2 · 남은 3"
    assert page.focusWidget() is page.search


def test_up_down_choose_a_booth_booking_and_enter_checks_it_in(day, open_page, services, qtbot):
    page = open_page(day.w.front_desk)
    heard = topics_of(page.ctx)
    for _ in range(3):
        qtbot.keyClick(page.search, Qt.Key_Down)
    qtbot.keyClick(page.search, Qt.Key_Up)
    assert page.current_row().youth_name == "박서준"
    qtbot.keyClick(page.search, Qt.Key_Down)
    assert page.current_row().youth_name == "김민수"
    qtbot.keyClick(page.search, Qt.Key_Enter)
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(day.w.front_desk, day.booking.kim).status == BookingStatus.CHECKED_IN
    assert heard == [{Topic.BOOTH}]
    assert page.hint_label.text() == "✓ 김민수 님 입실 처리했습니다"
    assert cell(page, names(page).index("김민수"), STATUS) == "입실"


def test_the_button_checks_in_too(day, open_page, services, qtbot):
    page = open_page(day.w.manager)
    row = next(r for r in page.model.rows if r.youth_name == "김민수")
    qtbot.mouseClick(page.button_for(row), Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(day.w.manager, day.booking.kim).status == BookingStatus.CHECKED_IN


def test_enter_on_a_row_not_open_yet_says_why_and_writes_nothing(day, open_page, services, qtbot):
    page = open_page(day.w.front_desk)
    heard = topics_of(page.ctx)
    type_text(qtbot, page.search, "이영희")
    qtbot.keyClick(page.search, Qt.Key_Return)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible()
    assert "이영희 님(11:00–11:50 AI 면접 부스 1)" in page.banner.text()
    assert "30분 전부터" in page.banner.text() and "10:30부터" in page.banner.text()
    assert services.booths.get(day.w.front_desk, day.booking.lee).status == BookingStatus.BOOKED
    assert heard == [] and page.search.text() == "이영희"

    page.search.clear()  # typing again clears the banner
    assert not page.banner.isVisible()
    type_text(qtbot, page.search, "박서준")  # already checked in
    qtbot.keyClick(page.search, Qt.Key_Return)
    wait_worker(qtbot, page.ctx)
    assert "이미 입실 처리된 예약입니다" in page.banner.text()
    assert heard == []

    services.clock.now = at(TODAY, "10:30")  # the window opens; the next load shows it
    page.search.clear()
    type_text(qtbot, page.search, "9999")
    page._tick()
    wait_worker(qtbot, page.ctx)
    assert page.current_row().youth_name == "이영희" and page.current_row().check_in_open
    qtbot.keyClick(page.search, Qt.Key_Return)
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(day.w.front_desk, day.booking.lee).status == BookingStatus.CHECKED_IN


def test_enter_with_several_matches_asks_to_choose(day, open_page, services, qtbot):
    page = open_page(day.w.front_desk)
    type_text(qtbot, page.search, "홍")
    qtbot.keyClick(page.search, Qt.Key_Return)
    assert "여러 건" in page.banner.text()
    assert services.rooms.get(day.w.front_desk, day.booking.hong).status == BookingStatus.BOOKED


def test_a_counselor_sees_the_list_without_buttons(day, open_page, services, qtbot):
    page = open_page(day.w.counselor)
    assert names(page) == ["홍길동", "박서준", "김민수", "이영희", "홍지수"]
    assert page.table.isColumnHidden(6)
    assert all(page.button_for(r) is None for r in page.model.rows)
    assert "안내데스크와 시설 관리자" in page.hint_label.text()
    qtbot.keyClicks(page.search, "5678")
    qtbot.keyClick(page.search, Qt.Key_Return)
    wait_worker(qtbot, page.ctx)
    assert "입실 처리는 안내데스크와 시설 관리자가 합니다" in page.banner.text()
    assert services.rooms.get(day.w.front_desk, day.booking.hong).status == BookingStatus.BOOKED


def test_empty_states(world, day, open_page, qtbot):
    page = open_page(world.front_desk)
    type_text(qtbot, page.search, "최")  # 최유나's booking is cancelled
    assert page.stack.currentIndex() == 1 and page.model.rows == []
    assert page.empty_label.text().startswith("‘최’에 맞는 예약이 없습니다.")
    qtbot.keyClick(page.search, Qt.Key_Escape)
    assert page.search.text() == "" and page.stack.currentWidget() is page.table


def test_a_day_without_bookings(world, services, open_page, qtbot):
    page = open_page(world.front_desk)
    assert page.stack.currentIndex() == 1
    assert page.empty_label.text().startswith("오늘 예약이 없습니다.")
    assert page.count_label.text() == "오늘 예약 0건 · 입실 0 · 남은 0"


def test_a_change_from_another_page_reloads_the_list(day, open_page, services, qtbot):
    page = open_page(day.w.front_desk)
    services.rooms.check_in(day.w.front_desk, day.booking.hong)  # the room page did it
    page.ctx.notify(Topic.BOOKING)
    wait_worker(qtbot, page.ctx)
    assert cell(page, names(page).index("홍길동"), STATUS) == "입실"


def test_a_facility_switch_shows_that_facilitys_day(day, open_page, qtbot):
    page = open_page(day.w.admin)
    assert page.ctx.facility.code == "CAFE-A" and len(page.model.rows) == 5
    page.ctx.set_facility(day.w.b)
    wait_worker(qtbot, page.ctx)
    assert [(r.youth_name, r.place_name) for r in page.model.rows] == [("이영희", "스터디룸 B")]


def test_the_page_is_in_the_sidebar_after_the_booths(day, make_window, qtbot):
    window = make_window(day.w.counselor)
    keys = list(window.pages)
    assert keys[keys.index("booths") + 1] == "arrivals"
    page = window.show_page("arrivals")
    wait_worker(qtbot, window.ctx)
    assert page.isVisible() and len(page.model.rows) == 5
