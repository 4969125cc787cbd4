"""Assigning and taking on 내 사례: the manager's 배정·이관 lists everyone who may hold cases
here (``services.counseling.counselors``), a counselor without any case among them, and the
case's earlier handovers with their reasons; a counselor takes an unassigned case with
내가 맡기. Counseling writes announce ``Topic.COUNSELING``."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.context import Topic
from tests.factories.counseling import staff
from tests.factories.gui import type_text, wait_worker


def test_the_manager_assigns_to_anyone_who_may_hold_cases_and_sees_the_history(world, services, day, open_page,
                                                                               qtbot):
    fresh = staff(services, world, "newcomer")  # holds no case yet
    page = open_page(world.manager)
    page.tabs.setCurrentIndex(1)
    wait_worker(qtbot, page.ctx)
    tab = page.cases_tab
    tab.table.select_line(tab.table.model().index_where(lambda r: r.youth_id == day.hong))
    page.assign_case()
    wait_worker(qtbot, page.ctx)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    choices = [dialog.counselor.itemText(i) for i in range(dialog.counselor.count())]
    assert choices == ["newcomer 직원", "시설 관리자 (시설 관리자)"]  # the holder is not offered
    assert "사례 등록: 상담사" in dialog.history.text()
    dialog.counselor.setCurrentIndex(dialog.counselor.findData(fresh.user_id))
    type_text(qtbot, dialog.reason, "신규 상담사 배치")
    signals = []
    page.ctx.changed.connect(signals.append)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert signals and signals[0] == frozenset({Topic.COUNSELING})
    case = services.counseling.case_of(world.manager, world.a, day.hong)
    assert case.counselor_id == fresh.user_id

    page.assign_case()  # the history now names the transfer and its reason
    wait_worker(qtbot, page.ctx)
    qtbot.waitExposed(page.dialog)
    assert "이관: 상담사 → newcomer 직원 · 사유: 신규 상담사 배치" in page.dialog.history.text()


def test_a_counselor_takes_an_unassigned_case_with_one_click(world, services, day, open_page, qtbot):
    case = services.counseling.case_of(world.manager, world.a, day.lee)
    # a case nobody holds (no service call leaves one): set in the database
    with services.db.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE counseling_case SET counselor_id = NULL WHERE id = {case.id}")
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    tab = page.cases_tab
    tab.scope.setCurrentIndex(tab.scope.findData("unassigned"))
    wait_worker(qtbot, page.ctx)
    assert [r.youth_id for r in tab.table.model().rows] == [day.lee]
    tab.table.select_line(0)
    assert page.take_mine_button.isVisible() and page.take_mine_button.isEnabled()
    qtbot.mouseClick(page.take_mine_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    wait_worker(qtbot, page.ctx)
    assert services.counseling.case_of(world.counselor, world.a, day.lee).counselor_id == world.counselor.user_id
    assert page.hint_label.text() == "✓ 이서연 님을 내 사례로 맡았습니다."
    assert tab.table.model().rows == []  # the unassigned list reloaded
