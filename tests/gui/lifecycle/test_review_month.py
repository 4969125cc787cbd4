"""접근 기록 점검 page: the month is moved with ◀ ▶ buttons beside it (the spin box's own
arrows were too small to hit); the label and the staff table follow, and ▶ stops at this
month."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from gui.lifecycle.review_page import ReviewPage
from models.core import audit
from models.core.time import SEOUL
from tests.factories.gui import wait_worker


def test_the_arrows_move_the_month_and_stop_at_this_month(services, world, make_ctx, qtbot):
    now = datetime.now(SEOUL)
    services.clock.now = now
    services.db.write(lambda s: audit._append(s, [
        {"at": now, "user_id": None, "username": "manager", "action": "read", "entity": "youth", "entity_id": "1",
         "facility_id": None, "old_values": None, "new_values": None, "detail": "연락처 전체 열람"}]))
    page = ReviewPage(make_ctx(world.admin))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    wait_worker(qtbot, page.ctx)
    last = page.month()
    assert page.month_label.text() == f"{last[0]}년 {last[1]}월" and page.next_month_btn.isEnabled()

    qtbot.mouseClick(page.next_month_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.month() == (now.year, now.month)
    assert page.month_label.text() == f"{now.year}년 {now.month}월"
    assert not page.next_month_btn.isEnabled()  # no month after this one
    assert [r.username for r in page.model.rows] == ["manager"]  # this month's row

    qtbot.mouseClick(page.prev_month_btn, Qt.LeftButton)
    qtbot.mouseClick(page.prev_month_btn, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    y, m = (now.year, now.month - 2) if now.month > 2 else (now.year - 1, now.month + 10)
    assert page.month() == (y, m) and page.next_month_btn.isEnabled()
    assert "manager" not in [r.username for r in page.model.rows]
