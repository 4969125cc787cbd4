"""The 오늘 tab: the follow-up queue (due today and overdue, overdue in red with its days;
completing one by logging a session links it) and the AI-booth consultation request that
a logged "AI 면접 결과 상담" session closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.booths.enums import ConsultStatus
from models.counseling.enums import FollowupStatus, SessionKind
from tests.factories.gui import type_text, wait_worker


def test_the_follow_up_queue_shows_due_and_overdue_and_logging_completes_one(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    tab = page.today_tab
    model = tab.followups.table.model()
    assert [(r.youth_name, r.days_overdue) for r in model.rows] == [("홍길동", 3), ("김민준", 0)]
    assert tab.followups.caption.text() == "예정 상담·후속조치 · 오늘 1건 · 지난 1건"
    assert model.index(0, 1).data() == "3일 지남" and model.index(1, 1).data() == "오늘"
    red = model.index(0, 1).data(Qt.ForegroundRole).color()
    assert red == QColor("#c62828") and model.index(1, 1).data(Qt.ForegroundRole) is None

    tab.followups.table.select_line(0)
    qtbot.mouseClick(tab.followup_button, Qt.LeftButton)  # 상담 기록 for 홍길동's follow-up
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    assert dialog.youth_label.text() == "홍길동" and "3일 지남" in dialog.hint.text()
    type_text(qtbot, dialog.summary, "전화로 근황 확인")
    qtbot.keyClick(dialog.next_step, Qt.Key_Return)
    wait_worker(qtbot, page.ctx)

    (done,) = [f for f in services.counseling.youth_followups(world.counselor, world.a, day.hong)]
    session = services.counseling.youth_sessions(world.counselor, world.a, day.hong)[0]
    assert done.status is FollowupStatus.DONE and done.done_session_id == session.id
    wait_worker(qtbot, page.ctx)
    assert [r.youth_name for r in model.rows] == ["김민준"]
    assert tab.followups.caption.text() == "예정 상담·후속조치 · 오늘 1건 · 지난 0건"


def test_an_empty_queue_says_what_puts_things_in_it(world, services, open_page, qtbot):
    page = open_page(world.counselor)
    tab = page.today_tab
    assert tab.followups.stack.currentIndex() == 1
    assert "후속조치 날짜" in tab.followups.empty.text()
    assert "분석 컨설팅 요청" in tab.consults.empty.text() and "AI 면접 결과 상담" in tab.consults.empty.text()
    assert "오늘 기록한 상담이 없습니다" in tab.sessions.empty.text()
    assert not tab.followup_button.isEnabled()
    page.tabs.setCurrentIndex(1)
    assert "맡은 사례가 없습니다" in page.cases_tab.cases.empty.text()


def test_a_booth_request_closes_when_its_ai_review_session_is_logged(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    tab = page.today_tab
    consults = tab.consults.table.model()
    assert [r.id for r in consults.rows] == [day.request]
    assert consults.index(0, 0).data() == "박*호"  # masked in the list
    tab.consults.table.select_line(0)
    tab.consults.table.setFocus()
    qtbot.keyClick(tab.consults.table, Qt.Key_Return)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    assert dialog.consult_request_id == day.request and dialog.youth_id == day.park
    assert dialog.kind.currentData() == SessionKind.AI_INTERVIEW_REVIEW.value
    assert dialog.youth_label.text().startswith("박지호 · ")  # read for the dialog, phone masked
    assert "****" in dialog.youth_label.text()
    type_text(qtbot, dialog.summary, "역량검사 결과: 전략 게임 보완")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)

    (request,) = services.booths.consult_queue(world.counselor, world.a, status=None)
    assert request.status is ConsultStatus.DONE
    session = services.counseling.youth_sessions(world.counselor, world.a, day.park)[0]
    assert session.consult_request_id == day.request and session.kind is SessionKind.AI_INTERVIEW_REVIEW
    wait_worker(qtbot, page.ctx)
    assert consults.rowCount() == 0 and tab.consults.stack.currentIndex() == 1
    page.tabs.setCurrentIndex(1)
    assert day.park in [r.youth_id for r in page.cases_tab.table.model().rows]  # the first session opened a case
