"""상담 예약 on the 오늘 tab: a session planned for a day waits in the list of planned
sessions and follow-ups on that day, and logging it from there makes it done (the
follow-up linked to the session); the sessions section counts planned and logged."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QDate, Qt

from models.counseling.enums import FollowupStatus
from tests.factories.gui import type_text, wait_worker
from tests.factories.rooms import MON


def test_a_planned_session_shows_on_its_day_and_is_done_when_logged(world, services, day, open_page, qtbot, clock):
    page = open_page(world.counselor)
    tab = page.today_tab
    before = tab.followups.table.model().rowCount()
    assert tab.schedule_button.isVisible()
    qtbot.mouseClick(tab.schedule_button, Qt.LeftButton)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    assert dialog.form.error_text("youth_id") == "청년을 검색해서 목록에서 고르세요."
    type_text(qtbot, dialog.picker.youth_search, "최수아")
    dialog.picker.search_now()
    wait_worker(qtbot, page.ctx)
    dialog.picker._take_first()
    assert dialog.day.minimumDate() == QDate(MON)  # no day in the past
    dialog.day.setDate(QDate(MON))  # today (Monday)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    wait_worker(qtbot, page.ctx)
    assert not shiboken6.isValid(dialog) and page.hint_label.text() == "✓ 상담을 예약했습니다."
    model = tab.followups.table.model()
    assert model.rowCount() == before + 1
    line = model.index_where(lambda r: r.youth_id == day.choi)
    assert model.index(line, 1).data() == "오늘"
    tab.followups.table.select_line(line)
    session = page.log_for_followup(model.rows[line])
    qtbot.waitExposed(session)
    type_text(qtbot, session.summary, "예약한 상담")
    qtbot.mouseClick(session.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    wait_worker(qtbot, page.ctx)
    (f,) = services.counseling.youth_followups(world.counselor, world.a, day.choi)
    assert f.status is FollowupStatus.DONE and f.done_session_id is not None
    assert model.index_where(lambda r: r.youth_id == day.choi) < 0
    assert tab.sessions.caption.text().startswith("오늘 내 상담 · 예정 ")
