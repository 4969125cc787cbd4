"""The facilities page: list, create/edit dialog, deactivation, rooms and booths."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTime

from gui.common import confirm
from gui.common.table_model import ROW_ROLE
from gui.context import Topic
from gui.facilities.facility_dialog import FacilityDialog
from gui.facilities.page import FacilitiesPage
from gui.facilities.room_dialog import RoomDialog
from gui.facilities.table_model import COL_ACTIVE
from tests.factories.gui import choose, fill_new_facility, type_text, wait_worker


@pytest.fixture
def open_page(make_ctx, qtbot):
    def make(actor, facility_code: str | None = None) -> FacilitiesPage:
        ctx = make_ctx(actor, facility_code)
        page = FacilitiesPage(ctx)
        qtbot.addWidget(page)
        page.resize(1200, 760)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make



def codes(page: FacilitiesPage) -> list[str]:
    return [page.proxy.row_at(r).code for r in range(page.proxy.rowCount())]


def click_facility(qtbot, page: FacilitiesPage, code: str) -> None:
    row = codes(page).index(code)
    rect = page.table.visualRect(page.proxy.index(row, 1))
    qtbot.mouseClick(page.table.viewport(), Qt.LeftButton, pos=rect.center())
    assert page.current_facility().code == code


def click_room(qtbot, page: FacilitiesPage, name: str) -> None:
    row = [r.name for r in page.room_model.rows].index(name)
    rect = page.room_table.visualRect(page.room_model.index(row, 0))
    qtbot.mouseClick(page.room_table.viewport(), Qt.LeftButton, pos=rect.center())
    assert page.current_room().name == name


def opened(page, cls):
    dialogs = [d for d in page.findChildren(cls) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_admin_creates_facility_through_dialog(world, services, open_page, qtbot):
    page = open_page(world.admin)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    assert codes(page) == ["CAFE-A", "CAFE-B"]
    qtbot.mouseClick(page.add_button, Qt.LeftButton)
    dialog = opened(page, FacilityDialog)
    fill_new_facility(qtbot, dialog)
    assert dialog.region.currentData() == "southwest"  # from the district
    with qtbot.waitSignal(page.ctx.changed) as changed:
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
        wait_worker(qtbot, page.ctx)
    assert changed.args == [frozenset({Topic.FACILITY})]  # said once, as a typed topic
    assert not dialog.isVisible()

    saved = services.facilities.by_code("CAFE-GWANAK")
    assert (saved.name, saved.kind.value, saved.region.value, saved.district) == \
        ("관악 청년청", "job_cafe", "southwest", "관악구")
    assert (saved.area_m2, saved.seats, saved.course_count) == (1234.5, 40, None)
    assert saved.opened_on.isoformat() == "2024-03-02"
    assert saved.opening_hours["5"] == ["10:00", "17:00"] and "6" not in saved.opening_hours
    assert "CAFE-GWANAK" in codes(page)
    assert page.current_facility().code == "CAFE-GWANAK"  # the new one is selected
    shown = page.proxy.index(codes(page).index("CAFE-GWANAK"), 0)
    assert "월–금 09:00–18:00 · 토 10:00–17:00" in [
        page.proxy.index(shown.row(), c).data() for c in range(page.proxy.columnCount())]
    assert "CAFE-GWANAK" in [f.code for f in page.ctx.facilities]  # the switcher knows it
    # no rooms yet: the hint says what to do
    assert page.room_stack.currentWidget() is page.room_empty
    assert page.room_empty.objectName() == "emptyState"
    assert "공간 추가" in page.room_empty.text()


@pytest.mark.parametrize("field, typed, message", [
    ("code", "bad code!", "시설 코드는 영문 대문자"),
    ("area_m2", "넓음", "숫자를 입력하세요"),
    ("seats", "1.5", "숫자(정수)를 입력하세요"),
    ("opened_on", "2024/03/02", "날짜 형식이 올바르지 않습니다"),
])
def test_bad_input_shows_message_next_to_field_and_writes_nothing(
        world, services, open_page, qtbot, field, typed, message):
    page = open_page(world.admin)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    dialog = page.open_create()
    fill_new_facility(qtbot, dialog)
    edit = {"code": dialog.code, "area_m2": dialog.area, "seats": dialog.seats,
            "opened_on": dialog.opened_on}[field]
    edit.clear()
    type_text(qtbot, edit, typed)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.isVisible()
    assert message in dialog.error_text(field)
    assert edit.property("invalid") is True
    others = {"code", "name", "area_m2", "seats", "opened_on", "opening_hours"} - {field}
    assert all(dialog.error_text(name) == "" for name in others)
    assert len(services.facilities.list_all()) == 2
    assert codes(page) == ["CAFE-A", "CAFE-B"]


def test_opening_hours_end_before_start_and_missing_choices(world, services, open_page, qtbot):
    page = open_page(world.admin)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    dialog = page.open_create()
    type_text(qtbot, dialog.code, "CAFE-NEW")
    _, start, end = dialog.hours.days[2]  # Wednesday is open by default
    start.setTime(QTime(18, 0))
    end.setTime(QTime(9, 0))
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.error_text("opening_hours") == "수요일 종료 시각이 시작 시각보다 늦어야 합니다."
    assert dialog.error_text("name") == "시설 이름을 입력하세요."
    assert dialog.error_text("kind") == "목록에서 선택하세요."
    assert dialog.error_text("district") == "서울시 자치구를 선택하세요."
    assert dialog.error_text("code") == ""
    assert len(services.facilities.list_all()) == 2


def test_district_fills_region_until_the_user_chooses_one(world, open_page, qtbot):
    page = open_page(world.admin)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    dialog = page.open_create()
    choose(dialog.district, text="마포구")
    assert dialog.region.currentData() == "northwest"
    choose(dialog.district, text="강남구")
    assert dialog.region.currentData() == "southeast"
    dialog.region.setFocus()
    qtbot.keyClick(dialog.region, Qt.Key_Up)  # the user picks another region
    picked = dialog.region.currentData()
    assert picked != "southeast"
    choose(dialog.district, text="노원구")
    assert dialog.region.currentData() == picked


def test_manager_edits_own_facility_but_cannot_create_or_deactivate(
        world, services, open_page, qtbot):
    page = open_page(world.manager)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    assert codes(page) == ["CAFE-A"]
    assert not page.add_button.isVisible()
    assert not page.active_button.isVisible()
    assert not page.inactive_box.isVisible()
    assert page.edit_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.LeftButton)
    dialog = opened(page, FacilityDialog)
    assert dialog.code.isReadOnly()
    assert dialog.name.text() == "가 일자리카페"
    dialog.name.clear()
    type_text(qtbot, dialog.name, "가 청년일자리카페")
    dialog.seats.clear()
    type_text(qtbot, dialog.seats, "24")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert not dialog.isVisible()
    saved = services.facilities.get(world.manager, world.a)
    assert (saved.name, saved.seats, saved.code) == ("가 청년일자리카페", 24, "CAFE-A")
    assert services.facilities.get(world.admin, world.b).name == "나 일자리카페"
    assert page.current_facility().name == "가 청년일자리카페"


def test_page_is_in_the_sidebar_for_admin_and_manager_only(world, make_window):
    assert "facilities" in make_window(world.manager).pages
    assert "facilities" not in make_window(world.counselor).pages


def test_deactivate_asks_first_and_keeps_the_facility(world, services, open_page, qtbot,
                                                      monkeypatch):
    page = open_page(world.admin)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    click_facility(qtbot, page, "CAFE-B")
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: asked.append(a) or False)
    qtbot.mouseClick(page.active_button, Qt.LeftButton)
    assert len(asked) == 1 and "나 일자리카페" in asked[0][2]
    wait_worker(qtbot, page.ctx)
    assert services.facilities.get(world.admin, world.b).is_active

    monkeypatch.setattr(confirm, "ask", lambda *a, **k: asked.append(a) or True)
    qtbot.mouseClick(page.active_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert len(asked) == 2
    assert not services.facilities.get(world.admin, world.b).is_active
    assert codes(page) == ["CAFE-A"]
    assert "비활성 시설 포함" in page.notice.text()
    assert [f.code for f in page.ctx.facilities] == ["CAFE-A"]

    qtbot.mouseClick(page.inactive_box, Qt.LeftButton, pos=page.inactive_box.rect().center())
    wait_worker(qtbot, page.ctx)
    assert page.inactive_box.isChecked()
    assert codes(page) == ["CAFE-A", "CAFE-B"]
    assert not page.table.isColumnHidden(COL_ACTIVE)
    row = codes(page).index("CAFE-B")
    assert page.proxy.index(row, COL_ACTIVE).data() == "비활성"
    assert page.proxy.index(row, 1).data(Qt.ForegroundRole) is not None  # muted
    assert page.proxy.index(codes(page).index("CAFE-A"), 1).data(Qt.ForegroundRole) is None

    click_facility(qtbot, page, "CAFE-B")
    assert page.active_button.text() == "다시 활성화"
    qtbot.mouseClick(page.active_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.facilities.get(world.admin, world.b).is_active
    assert page.current_facility().code == "CAFE-B"
    assert page.active_button.text() == "비활성화"


def test_add_and_edit_rooms_duplicate_name_shown_next_to_name(world, services, open_page, qtbot):
    page = open_page(world.manager)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    assert page.room_stack.currentWidget() is page.room_empty
    assert not page.room_edit_button.isEnabled()
    for name, kind in (("스터디룸 A", "study_room"), ("AI 면접 부스 1", "ai_booth")):
        qtbot.mouseClick(page.room_add_button, Qt.LeftButton)
        dialog = opened(page, RoomDialog)
        type_text(qtbot, dialog.name, name)
        choose(dialog.kind, kind)
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
        wait_worker(qtbot, page.ctx)
        assert not dialog.isVisible()
    rooms = {r.name: r for r in services.facilities.rooms(world.manager, world.a)}
    assert rooms["AI 면접 부스 1"].capacity == 1  # the usual capacity of a booth
    assert rooms["스터디룸 A"].capacity == 6
    assert page.room_stack.currentWidget() is page.room_table
    assert sorted(r.name for r in page.room_model.rows) == ["AI 면접 부스 1", "스터디룸 A"]

    click_room(qtbot, page, "AI 면접 부스 1")
    qtbot.mouseClick(page.room_edit_button, Qt.LeftButton)
    dialog = opened(page, RoomDialog)
    dialog.name.clear()
    type_text(qtbot, dialog.name, "스터디룸 A")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.isVisible()
    assert dialog.form.error_text("name") == "이 시설에 같은 이름의 공간이 있습니다."
    assert {r.name for r in services.facilities.rooms(world.manager, world.a)} == \
        {"AI 면접 부스 1", "스터디룸 A"}

    dialog.name.clear()
    type_text(qtbot, dialog.name, "AI 면접 부스 A")
    dialog.capacity.setValue(2)
    qtbot.mouseClick(dialog.is_active, Qt.LeftButton, pos=dialog.is_active.rect().center())
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert not dialog.isVisible()
    booth = services.facilities.rooms(world.manager, world.a)[0]
    assert (booth.name, booth.capacity, booth.is_active) == ("AI 면접 부스 A", 2, False)
    row = [r.name for r in page.room_model.rows].index("AI 면접 부스 A")
    assert page.room_model.index(row, 3).data() == "사용 안 함"
    assert page.current_room().name == "AI 면접 부스 A"
    assert services.facilities.rooms(world.admin, world.b) == []


def test_filter_and_empty_state(world, open_page, qtbot):
    page = open_page(world.admin)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    type_text(qtbot, page.filter_edit, "cafe-b")
    assert codes(page) == ["CAFE-B"]
    assert page.current_facility().code == "CAFE-B"
    page.filter_edit.clear()
    type_text(qtbot, page.filter_edit, "중구")  # district
    assert codes(page) == ["CAFE-A", "CAFE-B"]
    type_text(qtbot, page.filter_edit, "없음")
    assert codes(page) == []
    assert page.list_stack.currentWidget() is page.empty
    assert page.empty.objectName() == "emptyState"
    assert "맞는 시설이 없습니다" in page.empty.text()
    assert not page.edit_button.isEnabled() and not page.room_add_button.isEnabled()
    page.filter_edit.clear()
    assert page.list_stack.currentWidget() is page.table
    assert page.current_facility() is not None


def test_toolbar_facility_switch_selects_it_on_the_page(world, make_window, qtbot):
    window = make_window(world.admin)
    page = window.show_page("facilities")
    wait_worker(qtbot, page.ctx)
    box = window.facility_box
    box.setCurrentIndex(box.findText("나 일자리카페 (CAFE-B)"))
    wait_worker(qtbot, page.ctx)
    assert page.current_facility().code == "CAFE-B"
    assert "나 일자리카페" in page.rooms_title.text()
    row = page.table.currentIndex().row()
    assert page.proxy.index(row, 0).data(ROW_ROLE).id == world.b


def test_services_refuse_what_the_page_hides(world, services, open_page, qtbot, monkeypatch):
    page = open_page(world.manager)
    wait_worker(qtbot, page.ctx)  # the list loads on the read pool
    monkeypatch.setattr(confirm, "ask", lambda *a, **k: True)
    page.toggle_active()  # the button is hidden from a manager; the service still refuses
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible()
    assert page.banner.text() == "시설 비활성화는 시 담당자만 할 수 있습니다."
    assert services.facilities.get(world.admin, world.a).is_active

    dialog = page.open_edit()
    dialog.code.setText("CAFE-Z")  # read-only in the dialog, forced here
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.isVisible()
    assert dialog.error_text("__all__") == "시설 코드는 시 담당자만 바꿀 수 있습니다."
    assert services.facilities.get(world.admin, world.a).code == "CAFE-A"


def test_rooms_load_off_the_gui_thread_and_a_slow_answer_for_another_facility_is_dropped(
        world, services, make_ctx, qtbot, monkeypatch):
    import threading
    import time
    fac = services.facilities
    fac.add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    fac.add_room(world.admin, world.b, {"name": "회의실 B", "kind": "meeting_room", "capacity": 8})
    threads, rooms, list_for = [], fac.rooms, fac.list_for

    def slow_rooms(actor, facility_id, include_inactive=True):
        threads.append(threading.current_thread())
        if facility_id == world.a:
            time.sleep(0.5)
        return rooms(actor, facility_id, include_inactive)

    def recording_list(actor, include_inactive=False):
        threads.append(threading.current_thread())
        return list_for(actor, include_inactive)

    ctx = make_ctx(world.admin, "CAFE-A")  # (a test context reads its facilities itself)
    monkeypatch.setattr(fac, "rooms", slow_rooms)
    monkeypatch.setattr(fac, "list_for", recording_list)
    page = FacilitiesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitUntil(lambda: page.current_facility() is not None)
    assert page.current_facility().code == "CAFE-A" and page.loading
    click_facility(qtbot, page, "CAFE-B")  # while A's rooms are still being read
    wait_worker(qtbot, page.ctx)
    assert [r.name for r in page.room_model.rows] == ["회의실 B"]
    assert "나 일자리카페" in page.rooms_title.text()
    assert not page.loading_label.isVisible()
    assert len(threads) >= 3 and threading.main_thread() not in threads
