"""상담 예약 with a time and a mode: typed and chosen in the dialog, shown on the 오늘 tab's
list ("11-30 (월) 14:00", 화상) in day-then-time order, and the session logged from it
starts with the planned mode. A bad time is refused next to its field and writes nothing."""

from __future__ import annotations

from datetime import time

import pytest
import shiboken6
from PySide6.QtCore import QDate, Qt

from models.counseling.enums import FollowupStatus, Mode
from tests.factories.gui import choose, type_text, wait_worker
from tests.factories.rooms import MON


def _open_schedule(page, qtbot, day, name="최수아"):
    qtbot.mouseClick(page.today_tab.schedule_button, Qt.LeftButton)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.picker.youth_search, name)
    dialog.picker.search_now()
    wait_worker(qtbot, page.ctx)
    dialog.picker._take_first()
    dialog.day.setDate(QDate(MON))
    return dialog


def _row_texts(model, line) -> list[str]:
    return [model.index(line, c).data() for c in range(model.columnCount())]


def test_a_planned_time_and_mode_show_in_the_list_and_start_the_session(world, services, day, open_page, qtbot):
    services.counseling.schedule_followup(world.counselor, world.a, day.lee, MON, start_time="09:30", mode="phone")
    page = open_page(world.counselor)
    dialog = _open_schedule(page, qtbot, day)
    assert dialog.start_time.currentText() == "" and dialog.mode.currentData() == "in_person"
    type_text(qtbot, dialog.start_time.lineEdit(), "14:00")
    choose(dialog.mode, "video")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    wait_worker(qtbot, page.ctx)
    assert not shiboken6.isValid(dialog) and page.hint_label.text() == "✓ 상담을 예약했습니다."

    (f,) = services.counseling.youth_followups(world.counselor, world.a, day.choi)
    assert (f.due_on, f.start_time, f.mode, f.status) == (MON, time(14, 0), Mode.VIDEO, FollowupStatus.OPEN)
    model = page.today_tab.followups.table.model()
    line = model.index_where(lambda r: r.youth_id == day.choi)
    assert _row_texts(model, line) == ["11-30 (월) 14:00", "오늘", "최수아", "화상", f.counselor_name]
    # Friday's overdue one first, then Monday by time, the one without a time last
    order = [(r.youth_id, model.index(i, 0).data()) for i, r in enumerate(model.rows)]
    assert order == [(day.hong, "11-27 (금)"), (day.lee, "11-30 (월) 09:30"), (day.choi, "11-30 (월) 14:00"),
                     (day.kim, "11-30 (월)")]
    assert model.index(order.index((day.kim, "11-30 (월)")), 3).data() == "—"

    page.today_tab.followups.table.select_line(line)
    qtbot.mouseClick(page.today_tab.followup_button, Qt.LeftButton)
    session = page.dialog
    qtbot.waitExposed(session)
    assert session.mode_buttons[Mode.VIDEO].isChecked()
    assert "11-30 (월) 14:00" in session.hint.text()
    type_text(qtbot, session.summary, "화상으로 만난 예약 상담")
    qtbot.mouseClick(session.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    wait_worker(qtbot, page.ctx)
    (f,) = services.counseling.youth_followups(world.counselor, world.a, day.choi)
    assert f.status is FollowupStatus.DONE
    assert services.counseling.get_session(world.counselor, f.done_session_id).mode is Mode.VIDEO


@pytest.mark.parametrize("bad", ["25:00", "ab"])
def test_a_bad_time_is_shown_at_the_field_and_nothing_is_written(world, services, day, open_page, qtbot, bad):
    page = open_page(world.counselor)
    rows_before = page.today_tab.followups.table.model().rowCount()
    dialog = _open_schedule(page, qtbot, day)
    type_text(qtbot, dialog.start_time.lineEdit(), bad)
    assert dialog.start_time.currentText() == bad
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert shiboken6.isValid(dialog) and dialog.isVisible()
    assert dialog.form.error_text("start_time") == "시간은 00:00–23:59 사이에서 ‘14:00’처럼 입력하세요(비우면 시간 미정)."
    assert services.counseling.youth_followups(world.counselor, world.a, day.choi) == []
    assert page.today_tab.followups.table.model().rowCount() == rows_before
    # mended, it is written
    dialog.start_time.lineEdit().clear()
    type_text(qtbot, dialog.start_time.lineEdit(), "16:30")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    (f,) = services.counseling.youth_followups(world.counselor, world.a, day.choi)
    assert (f.start_time, f.mode) == (time(16, 30), Mode.IN_PERSON)
