"""상담 기록 from the caseload with the keyboard, in at most eight interactions (issue 12:
"logging a session takes at most 8 interactions"), and the dialog's refusals."""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.counseling.enums import Mode, SessionKind, Topic
from tests.factories.counseling_gui import MONDAY
from tests.factories.gui import type_text, wait_worker


class Interactions:
    """Counts what the user does: a key press, or a text typed into one field."""

    def __init__(self, qtbot):
        self.qtbot, self.n = qtbot, 0

    def key(self, widget, key, modifier=Qt.NoModifier) -> None:
        self.n += 1
        self.qtbot.keyClick(widget, key, modifier)
        QApplication.processEvents()

    def type(self, widget, text: str) -> None:
        self.n += 1
        type_text(self.qtbot, widget, text)


def focused():
    return QApplication.focusWidget()


def test_log_a_session_from_the_caseload_with_the_keyboard(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    page.activateWindow()
    qtbot.waitUntil(lambda: focused() is page.cases_tab.search, timeout=3000)
    assert page.cases_tab.table.model().rowCount() == 3  # 홍길동, 김민준, 이서연
    user = Interactions(qtbot)

    user.type(focused(), "김민준")  # 1: the search leaves one case, selected
    assert [r.youth_name for r in page.cases_tab.table.model().rows] == ["김민준"]
    user.key(focused(), Qt.Key_Return)  # 2: 상담 기록 for that case
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.isActiveWindow(), timeout=3000)
    qtbot.waitUntil(lambda: focused() is dialog.held, timeout=3000)  # the first field
    assert dialog.youth_label.text() == "김민준"
    assert dialog.mode() is Mode.PHONE and dialog.duration.value() == 30
    assert dialog.kind.currentData() == SessionKind.DEEP.value  # the youth has had a session

    user.key(focused(), Qt.Key_S, Qt.AltModifier)  # 3: 상담 요약
    assert focused() is dialog.summary
    user.type(focused(), "자기소개서 첨삭, 지원 회사 2곳 정함")  # 4
    user.key(focused(), Qt.Key_F, Qt.AltModifier)  # 5: 후속조치 quick picks
    assert focused() is dialog.quick_buttons[3]
    user.key(focused(), Qt.Key_Right)  # 6: +7일
    assert focused() is dialog.quick_buttons[7]
    user.key(focused(), Qt.Key_Space)  # 7
    assert dialog.followup_on() == MONDAY + timedelta(days=7)
    user.key(focused(), Qt.Key_Return)  # 8: Enter saves
    wait_worker(qtbot, page.ctx)

    assert user.n <= 8
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()  # closed (and deleted)
    rows = services.counseling.youth_sessions(world.counselor, world.a, day.kim)
    new = rows[0]
    assert new.id != day.s_kim and new.summary == "자기소개서 첨삭, 지원 회사 2곳 정함"
    assert new.mode is Mode.PHONE and new.duration_minutes == 30 and new.followup_on == MONDAY + timedelta(days=7)
    assert new.held_at.date() == MONDAY
    # the page read it again: today's sessions and the caseload's next follow-up
    wait_worker(qtbot, page.ctx)
    today = page.today_tab.sessions.table.model().rows
    assert [r.youth_name for r in today] == ["김민준"]
    page.cases_tab.search.clear()
    case = next(r for r in page.cases_tab.table.model().rows if r.youth_id == day.kim)
    assert case.days_since_contact == 0 and case.next_followup_on == MONDAY  # the older follow-up still open
    assert "상담을 기록했습니다" in page.hint_label.text()


def test_bad_input_is_said_next_to_its_field_and_nothing_is_written(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    dialog = page.log_for_case(page.cases_tab.table.model().rows[0])
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    before = len(services.counseling.youth_sessions(world.counselor, world.a, dialog.youth_id))
    dialog.duration.setValue(500)
    dialog.held.setDateTime(dialog.held.dateTime().addDays(1))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.isVisible()
    assert dialog.form.error_text("duration_minutes") == "상담 시간은 1~480분입니다."
    assert dialog.duration.property("invalid") is True
    dialog.duration.setValue(45)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "이미 진행한 상담만" in dialog.form.error_text("held_at")
    assert len(services.counseling.youth_sessions(world.counselor, world.a, dialog.youth_id)) == before


def test_a_sensitive_topic_needs_the_consent_which_the_dialog_records(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    dialog = page.log_for_case(next(r for r in page.cases_tab.table.model().rows if r.youth_id == day.lee))
    qtbot.waitExposed(dialog)
    wait_worker(qtbot, page.ctx)
    box = dialog.topic_boxes[Topic.MENTAL_HEALTH]
    qtbot.mouseClick(box, Qt.LeftButton, pos=box.rect().center())
    assert not box.isChecked()
    assert "민감정보" in dialog.form.error_text("topics") and "별도 동의" in dialog.form.error_text("topics")
    assert dialog.consent_button.isVisible()
    qtbot.mouseClick(dialog.consent_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.youth.sensitive_consent(world.counselor, world.a, day.lee) == MONDAY
    assert dialog.form.error_text("topics") == "" and "2026-11-30" in dialog.consent_label.text()
    qtbot.mouseClick(box, Qt.LeftButton, pos=box.rect().center())
    assert box.isChecked()
    type_text(qtbot, dialog.summary, "불안감 상담")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    new = services.counseling.youth_sessions(world.counselor, world.a, day.lee)[0]
    assert new.topics == (Topic.MENTAL_HEALTH,)


def test_esc_cancels_and_writes_nothing(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    dialog = page.log_new()  # from the header: the youth is searched for first
    qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=3000)
    qtbot.waitUntil(lambda: focused() is dialog.picker.youth_search, timeout=3000)
    type_text(qtbot, dialog.summary, "쓰다 만 요약")
    qtbot.keyClick(focused(), Qt.Key_Escape)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    wait_worker(qtbot, page.ctx)
    assert [len(services.counseling.youth_sessions(world.counselor, world.a, y)) for y in (day.hong, day.choi)] == [1, 0]


def test_saving_without_a_youth_says_so_under_the_search(world, services, day, open_page, qtbot):
    page = open_page(world.counselor)
    dialog = page.log_new()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.form.error_text("youth_id") == "청년을 검색해서 목록에서 고르세요."
    type_text(qtbot, dialog.picker.youth_search, "최수아")
    dialog.picker.search_now()
    wait_worker(qtbot, page.ctx)
    dialog.picker._take_first()
    wait_worker(qtbot, page.ctx)
    assert dialog.youth_id == day.choi and dialog.kind.currentData() == SessionKind.DEEP.value
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    (row,) = services.counseling.youth_sessions(world.counselor, world.a, day.choi)
    assert row.counselor_id == world.counselor.user_id
