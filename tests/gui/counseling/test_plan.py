"""취업활동계획 from the youth's history on 내 사례: set the goal and target date, add steps
with due dates, tick one done; the plan's line shows with the history; a session logged
from the caseload ticks an open step off."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from tests.factories.gui import type_text, wait_worker


def select(page, qtbot, youth_id):
    tab = page.cases_tab
    tab.table.select_line(tab.table.model().index_where(lambda r: r.youth_id == youth_id))
    wait_worker(qtbot, page.ctx)


def test_the_plan_is_made_shown_with_the_history_and_ticked_by_a_session(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    wait_worker(qtbot, page.ctx)
    select(page, qtbot, day.hong)
    assert page.cases_tab.plan_label.text() == "취업활동계획 없음"
    dialog = page.open_plan()
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    assert "아직 세운 계획이 없습니다" in dialog.hint.text() and not dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.form.error_text("goal") == "희망 분야·직종(목표)을 입력하세요."
    type_text(qtbot, dialog.goal, "데이터 분석 직무")
    dialog.target.setDate(QDate(2027, 3, 31))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.add_button.isEnabled()
    for title, due in (("포트폴리오 완성", QDate(2026, 12, 11)), ("SQL 자격증 응시", None)):
        type_text(qtbot, dialog.step_title, title)
        if due is not None:
            dialog.step_due.setDate(due)
        qtbot.keyClick(dialog.step_title, Qt.Key_Return)
        wait_worker(qtbot, page.ctx)
    plan = services.counseling.plan(world.counselor, world.a, day.hong)
    assert (plan.goal, plan.target_on) == ("데이터 분석 직무", date(2027, 3, 31))
    assert [(s.title, s.due_on) for s in plan.steps] == [("포트폴리오 완성", date(2026, 12, 11)),
                                                         ("SQL 자격증 응시", None)]
    assert [dialog.steps.item(i).text() for i in range(2)] == ["포트폴리오 완성 · 기한 2026-12-11", "SQL 자격증 응시"]
    dialog.steps.item(1).setCheckState(Qt.Checked)
    wait_worker(qtbot, page.ctx)
    assert services.counseling.plan(world.counselor, world.a, day.hong).progress == (1, 2)
    dialog.reject()
    wait_worker(qtbot, page.ctx)
    select(page, qtbot, day.hong)
    assert page.cases_tab.plan_label.text() == "취업활동계획: 데이터 분석 직무 · 목표일 2027-03-31 · 1/2단계 완료"

    session = page.log_for_case()
    qtbot.waitExposed(session)
    wait_worker(qtbot, page.ctx)
    assert list(session.steps.boxes) == [plan.steps[0].id]  # the open step only
    session.steps.boxes[plan.steps[0].id].setChecked(True)
    type_text(qtbot, session.summary, "포트폴리오 검토")
    qtbot.mouseClick(session.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    first = services.counseling.plan(world.counselor, world.a, day.hong).steps[0]
    assert first.done and first.done_session_id is not None
