"""동의 철회 from the 청년 명부 page (gui/lifecycle/withdrawal.py): the confirmation names how
many bookings, waits and applications will be cancelled before the user confirms; the
real dialog is clicked through, the database holds the cancellations, and the page says
what was cancelled. Cancelling the dialog changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from gui.lifecycle import withdrawal as flow
from gui.youth.page import YouthPage
from models.lifecycle.privacy import PrivacyService
from tests.factories import rooms as room_f
from tests.factories.gui import wait_worker
from tests.factories.rooms import MON


def statuses(db, table, youth):
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text(f"SELECT status FROM {table} WHERE youth_id = :y ORDER BY id"),
                                           {"y": youth})]


@pytest.fixture
def answer(qtbot):
    """``answer(button)``: from now on the next message box is read and ``button`` clicked;
    returns the list its text is appended to."""
    seen: list[str] = []
    timer = QTimer()

    def poll():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            wanted = next(b for b in box.buttons() if b.text() == timer.button)
            timer.stop()
            wanted.click()

    timer.timeout.connect(poll)

    def start(button: str) -> list[str]:
        timer.button = button
        timer.start(30)
        return seen

    yield start
    timer.stop()


def setup(services, world):
    desk = room_f.make_desk(services, world)
    y = desk.y1
    room_f.book(services, world.front_desk, world.a, desk.room, y)
    room_f.book(services, world.front_desk, world.a, desk.room2, y, day=date(2026, 12, 1))
    services.room_waitlist.add(world.front_desk, world.a, {
        "room_id": desk.room, "youth_id": y, "day": MON, "start": "10:00", "end": "11:00"})
    room_f.book(services, world.front_desk, world.a, desk.room, desk.y2, start="10:00", end="11:00")
    return desk


def open_page(make_ctx, qtbot, world, youth):
    page = YouthPage(make_ctx(world.front_desk, "CAFE-A"))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    qtbot.waitExposed(page)
    wait_worker(qtbot, page.ctx)
    page.select_id(youth)
    return page


def test_the_confirmation_counts_what_will_be_cancelled_and_the_result_says_it(
        services, world, make_ctx, qtbot, answer):
    desk = setup(services, world)
    page = open_page(make_ctx, qtbot, world, desk.y1)
    seen = answer("동의 철회 기록")

    flow.withdraw_consent(page, desk.y1, page.selected().name, page.hint_label.setText)
    qtbot.waitUntil(lambda: "동의 철회를 기록했습니다" in page.hint_label.text(), timeout=10000)

    assert len(seen) == 1
    assert "3건을 모든 시설에서 '동의 철회' 사유로 함께 취소" in seen[0]
    assert "룸 예약 2건, 대기 1건" in seen[0]
    assert statuses(services.db, "booking", desk.y1) == ["cancelled", "cancelled"]
    assert statuses(services.db, "waitlist_entry", desk.y1) == ["withdrawn"]
    assert statuses(services.db, "booking", desk.y2) == ["booked"]
    assert "함께 취소: 룸 예약 2건, 대기 1건" in page.hint_label.text()
    assert PrivacyService.of(services).state(world.front_desk, world.a, desk.y1).withdrawn_on is not None


def test_cancelling_the_dialog_records_nothing(services, world, make_ctx, qtbot, answer):
    desk = setup(services, world)
    page = open_page(make_ctx, qtbot, world, desk.y1)
    seen = answer("취소")

    flow.withdraw_consent(page, desk.y1, page.selected().name, page.hint_label.setText)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    wait_worker(qtbot, page.ctx)

    assert "3건" in seen[0]
    assert statuses(services.db, "booking", desk.y1) == ["booked", "booked"]
    assert PrivacyService.of(services).state(world.front_desk, world.a, desk.y1).withdrawn_on is None
    assert "동의 철회를 기록했습니다" not in page.hint_label.text()
