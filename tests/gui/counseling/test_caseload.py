"""내 사례: the flag past the facility's no-contact days, filters and sorting; taking a youth,
a manager's transfer with its reason, closing with an outcome and reopening."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.counseling.enums import CaseEventKind, CaseStatus, Outcome
from tests.factories.counseling import log, staff
from tests.factories.gui import type_text, wait_worker


def names(tab) -> list[str]:
    return [r.youth_name for r in tab.table.model().rows]


def test_flagged_cases_filters_and_sorting(world, services, day, open_page, qtbot):
    services.counseling.set_settings(world.manager, world.a, {"edit_hours": 48, "stale_days": 3})
    services.counseling.log_session(world.counselor, world.a, {
        "youth_id": day.lee, "mode": "in_person", "kind": "deep", "summary": "오늘 만남"})
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    tab = page.cases_tab
    model = tab.table.model()
    assert sorted(names(tab)) == ["김민준", "이서연", "홍길동"]
    assert tab.count_label.text() == "전체 3건 · 연락 공백 2건 (3일 이상)"
    hong = model.index_where(lambda r: r.youth_id == day.hong)
    assert model.index(hong, 6).data() == "연락 공백"
    assert model.index(hong, 4).data(Qt.ForegroundRole).color() == QColor("#c62828")
    lee = model.index_where(lambda r: r.youth_id == day.lee)
    assert model.index(lee, 6).data() == "진행" and model.index(lee, 4).data() == "0일"
    assert tab.table.isColumnHidden(2)  # 담당 상담사: all mine

    qtbot.mouseClick(tab.flagged, Qt.LeftButton)
    assert sorted(names(tab)) == ["김민준", "홍길동"]
    tab.flagged.setChecked(False)
    tab.table.horizontalHeader().setSortIndicator(4, Qt.AscendingOrder)  # 경과일, as a header click
    assert names(tab)[0] == "이서연"
    type_text(qtbot, tab.search, "홍")
    assert names(tab) == ["홍길동"]
    tab.search.clear()
    tab.stage.setCurrentIndex(tab.stage.findData("matching"))
    assert names(tab) == [] and "조건에 맞는 사례가 없습니다" in tab.cases.empty.text()


def test_take_transfer_close_and_reopen(world, services, day, open_page, qtbot):
    counselor2 = staff(services, world, "counselor2")
    log(services, counselor2, world, day.choi)  # counselor2 holds 최수아
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    assert page.take_button.isVisible() and not page.assign_button.isVisible()
    take = page.take_case()
    qtbot.waitExposed(take)
    type_text(qtbot, take.picker.youth_search, "박지호")
    take.picker.search_now()
    wait_worker(qtbot, page.ctx)
    take.picker._take_first()
    qtbot.mouseClick(take.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.counseling.case_of(world.counselor, world.a, day.park).counselor_id == world.counselor.user_id
    assert "박지호" in names(page.cases_tab)

    manager = open_page(world.manager)
    manager.tabs.setCurrentIndex(1)
    tab = manager.cases_tab
    tab.scope.setCurrentIndex(tab.scope.findData("all"))
    wait_worker(qtbot, manager.ctx)
    assert not tab.table.isColumnHidden(2) and len(names(tab)) == 5
    tab.table.select_line(tab.table.model().index_where(lambda r: r.youth_id == day.hong))
    assert manager.assign_button.isVisible() and manager.assign_button.isEnabled()
    manager.assign_case()
    wait_worker(qtbot, manager.ctx)
    dialog = manager.dialog
    qtbot.waitExposed(dialog)
    dialog.counselor.setCurrentIndex(dialog.counselor.findData(counselor2.user_id))
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, manager.ctx)
    assert dialog.form.error_text("reason") == "이관 사유를 입력하세요."
    type_text(qtbot, dialog.reason, "담당 조정")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, manager.ctx)
    case = services.counseling.case_of(world.manager, world.a, day.hong)
    assert case.counselor_id == counselor2.user_id
    events = services.counseling.case_history(world.manager, case.id)
    assert events[-1].kind is CaseEventKind.TRANSFER and events[-1].reason == "담당 조정"

    wait_worker(qtbot, manager.ctx)
    tab.table.select_line(tab.table.model().index_where(lambda r: r.youth_id == day.kim))
    close = manager.close_case()
    qtbot.waitExposed(close)
    close.outcome.setCurrentIndex(close.outcome.findData(Outcome.EMPLOYED.value))
    type_text(qtbot, close.reason, "정규직 취업")
    qtbot.mouseClick(close.ok, Qt.LeftButton)
    wait_worker(qtbot, manager.ctx)
    assert services.counseling.case_of(world.manager, world.a, day.kim).status is CaseStatus.CLOSED
    assert "김민준" not in names(tab)
    qtbot.mouseClick(tab.closed, Qt.LeftButton)
    wait_worker(qtbot, manager.ctx)
    line = tab.table.model().index_where(lambda r: r.youth_id == day.kim)
    assert tab.table.model().index(line, 1).data() == "취업/종결"
    assert tab.table.model().index(line, 6).data() == "종결 · 취업"
    tab.table.select_line(line)
    assert manager.reopen_button.isVisible() and manager.reopen_button.isEnabled()
    reopen = manager.reopen_case()
    qtbot.waitExposed(reopen)
    qtbot.mouseClick(reopen.ok, Qt.LeftButton)
    wait_worker(qtbot, manager.ctx)
    assert services.counseling.case_of(world.manager, world.a, day.kim).status is CaseStatus.OPEN
