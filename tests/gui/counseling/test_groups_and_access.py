"""Group sessions with attendees and a walk-in; who sees the 상담 page, and what the city
admin sees of it (counts only, no names, no text)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.factories.counseling import NOTE, SUMMARY
from tests.factories.gui import fill_youth, type_text, wait_worker


def pick(qtbot, page, picker, digits: str) -> None:
    picker.youth_search.clear()
    qtbot.keyClicks(picker.youth_search, digits)
    picker.search_now()
    wait_worker(qtbot, page.ctx)
    assert picker.youth_list.count() == 1
    item = picker.youth_list.item(0)
    qtbot.mouseClick(picker.youth_list.viewport(), Qt.LeftButton, pos=picker.youth_list.visualItemRect(item).center())


def test_a_group_session_with_three_attendees_and_one_walk_in(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    dialog = page.log_group()
    qtbot.waitExposed(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("mentoring"))
    type_text(qtbot, dialog.title, "IT 현직자 멘토링")
    type_text(qtbot, dialog.presenter, "김멘토")
    dialog.capacity.setValue(10)
    for n in (0, 1, 2):  # 홍길동, 김민준, 이서연 by their phones' middle digits
        pick(qtbot, page, dialog.picker, f"{3000 + n}")
    assert dialog.attendee_list.count() == 3
    reg = dialog.register_walk_in()
    qtbot.waitExposed(reg)
    fill_youth(qtbot, reg, name="현장참", birth="2000-02-02", phone="010-7777-1212")
    qtbot.mouseClick(reg.save_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.attendee_list.count() == 4, timeout=5000)
    assert "(현장 등록)" in dialog.attendee_list.item(3).text()
    assert dialog.count_label.text() == "참석자 4명 (현장 등록 1명)"
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    today = services.counseling.today()
    (g,) = services.counseling.groups(world.counselor, world.a, today, today)
    full = services.counseling.group(world.counselor, g.id)
    assert (full.title, full.presenter, full.capacity, full.attendee_count) == ("IT 현직자 멘토링", "김멘토", 10, 4)
    walk = [a for a in full.attendees if a.walk_in]
    assert [a.youth_name for a in walk] == ["현장참"]
    assert {a.youth_id for a in full.attendees if not a.walk_in} == {day.hong, day.kim, day.lee}
    wait_worker(qtbot, page.ctx)
    assert page.tabs.currentIndex() == 2
    rows = page.groups_tab.section.table.model()
    assert rows.rowCount() == 1 and rows.index(0, 2).data() == "IT 현직자 멘토링"
    assert rows.index(0, 5).data() == "4명 / 정원 10"


def test_a_headcount_only_lecture(world, services, open_page, qtbot):
    page = open_page(world.counselor)
    dialog = page.log_group()
    qtbot.waitExposed(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("live_lecture"))
    dialog.mode.setCurrentIndex(dialog.mode.findData("online"))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.form.error_text("title") == "제목을 입력하세요."
    type_text(qtbot, dialog.title, "취업 라이브 특강: 면접 전략")
    dialog.headcount.setValue(1204)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    today = services.counseling.today()
    (g,) = services.counseling.groups(world.counselor, world.a, today, today)
    assert g.headcount == 1204 and g.attendee_count == 0


def test_the_front_desk_does_not_see_the_page(world, make_window):
    window = make_window(world.front_desk)
    assert "counseling" not in window.pages
    assert "상담" not in [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def test_the_city_admin_sees_counts_only(world, services, day, make_window, qtbot):
    window = make_window(world.admin)
    page = window.show_page("counseling")
    wait_worker(qtbot, window.ctx)
    assert [page.tabs.isTabVisible(i) for i in range(4)] == [False, False, False, True]
    assert page.tabs.currentIndex() == 3
    assert not page.log_button.isVisible() and not page.group_button.isVisible()
    counts = page.counts_tab
    assert counts.scope.isVisible() and counts.whole_city()
    assert counts.totals.text().startswith("상담 3건 (대면 0 · 비대면 3)")  # the three of Friday
    shown = [counts.sections[d].table.model().index(r, c).data() for d in counts.sections
             for r in range(counts.sections[d].table.model().rowCount()) for c in range(3)]
    assert ("심화상담", 3) in [(r[1], r[2]) for r in counts.rows("kind")]
    assert [(r[1], r[2]) for r in counts.rows("people")] == [("가 일자리카페", 3)]  # by facility, no counselors
    assert counts.sections["people"].caption.text() == "시설"
    names = {"홍길동", "김민준", "이서연", "박지호", "상담사"}  # no youth, and no counselor for the admin
    assert not names & set(shown)
    grabbed = " ".join(w.text() for w in page.findChildren(type(page.hint_label)) if w.isVisible())
    assert NOTE not in grabbed and SUMMARY not in grabbed and "홍길동" not in grabbed
    assert page.today_tab.followups.table.model().rowCount() == 0  # nothing of the text was read


def test_a_group_session_opens_with_its_attendees_takes_one_more_and_is_voided(world, services, day,
                                                                              open_page, qtbot):
    gid = services.counseling.log_group(world.counselor, world.a, {
        "kind": "lecture", "title": "자기소개서 특강", "presenter": "박강사", "attendee_ids": [day.hong, day.kim]})
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(2)
    wait_worker(qtbot, page.ctx)
    table = page.groups_tab.section.table
    table.select_line(0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key_Return)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    assert dialog.heading.text() == "자기소개서 특강" and "참여 2명" in dialog.facts.text()
    assert [dialog.attendee_list.item(i).text() for i in range(2)] == ["김민준", "홍길동"]
    pick(qtbot, page, dialog.picker, "3004")  # 최수아
    wait_worker(qtbot, page.ctx)
    assert services.counseling.group(world.counselor, gid).attendee_count == 3
    assert dialog.attendee_list.count() == 3
    void = dialog.void()
    qtbot.waitExposed(void)
    type_text(qtbot, void.reason, "중복 입력")
    qtbot.mouseClick(void.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    g = services.counseling.group(world.counselor, gid)
    assert g.voided and g.void_reason == "중복 입력"
    assert dialog.heading.text().startswith("[무효]") and not dialog.void_button.isVisible()
    wait_worker(qtbot, page.ctx)
    assert table.model().index(0, 2).data() == "[무효] 자기소개서 특강"
