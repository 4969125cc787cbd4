"""접근 기록 점검 page: the month's staff table with an unusual figure in red, the drill-down
into one person's rows with the purposes, and 점검 완료 refusing an empty note next to the
field and then recording the review."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, Qt

from gui.lifecycle.review_page import RED, ReviewPage
from models.core import audit
from models.core.time import SEOUL
from tests.factories.gui import wait_worker


def test_review_page_flags_drills_down_and_records(services, world, make_ctx, qtbot):
    now = datetime.now(SEOUL)
    services.clock.now = now  # the audit rows carry the real time; the month must not be ahead of the clock
    rows = [(now, "manager", "read", "youth", str(i), "연락처 전체 열람") for i in range(35)]
    rows.append((now, "manager", "output", "booking", None, "예약 내보내기 · 목적: 월간 보고"))
    services.db.write(lambda s: audit._append(s, [
        {"at": at, "user_id": None, "username": who, "action": a, "entity": e, "entity_id": i,
         "facility_id": None, "old_values": None, "new_values": None, "detail": d} for at, who, a, e, i, d in rows]))
    page = ReviewPage(make_ctx(world.admin))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    page.month_edit.setDate(QDate(now.year, now.month, 1))
    wait_worker(qtbot, page.ctx)

    first = page.model.rows[0]
    assert first.username == "manager" and first.youth_contacts == 35 and first.flagged
    assert page.model.data(page.model.index(0, 2), Qt.ForegroundRole).color() == RED
    assert "아직 점검하지 않았습니다" in page.state_label.text()

    page.view.selectRow(0)
    wait_worker(qtbot, page.ctx)
    assert "월간 보고" in [r.purpose for r in page.rows_model.rows]

    qtbot.mouseClick(page.done_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.note_error.isVisible() and "점검 메모" in page.note_error.text()
    assert page.service().month(world.admin, now.year, now.month).reviewed is None

    page.note_edit.setText("관리자 연락처 대량 열람: 민원 처리로 확인")
    qtbot.mouseClick(page.done_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    wait_worker(qtbot, page.ctx)
    assert "점검 완료" in page.state_label.text() and "민원 처리로 확인" in page.state_label.text()
