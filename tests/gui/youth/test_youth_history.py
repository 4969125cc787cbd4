"""The youth's booking history at the current facility (issues 3 and 4): the room no-show
ledger with the sanction in force, and the AI-interview booth sessions. Shown on its own
and in the detail panel of the youth page.

The clock is Friday 2026-11-27 10:00 in Seoul; CAFE-A is open Mon–Fri 09:00–18:00 and
sanctions after 3 no-shows within 30 days, for 14 days.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from gui.context import Topic
from gui.youth.history import YouthHistory
from models.booths.enums import SessionType
from tests.factories.world import youth_data
from tests.gui.conftest import wait_worker

MON = date(2026, 11, 30)
TEMPLATE = {"weekdays": [0, 1, 2, 3, 4], "day_start": "10:00", "day_end": "17:00",
            "slot_minutes": 50, "buffer_minutes": 10}


def booth_slot(services, world, day: date, hhmm: str) -> int:
    return next(s.id for s in services.booths.day(world.manager, world.a, day) if f"{s.starts_at:%H:%M}" == hhmm)


@pytest.fixture
def history(world, services, clock):
    """Kim: three room no-shows (Mon–Wed) and so a sanction; two booth sessions, one
    attended with a result and a consultation request, one cancelled. Lee: nothing."""
    fac = services.facilities
    room = fac.add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    booth = fac.add_room(world.admin, world.a, {"name": "AI 면접 부스 1", "kind": "ai_booth", "capacity": 1})
    kim = services.youth.create(world.admin, world.a, youth_data(name="김민수", phone="010-1111-5678"))
    lee = services.youth.create(world.admin, world.a, youth_data(
        name="이영희", birth_date="2000-01-02", phone="010-2222-3333", email="lee@example.com"))
    rooms = [services.rooms.book(world.front_desk, world.a, {
        "room_id": room, "youth_id": kim, "day": MON + timedelta(days=i), "start": "14:00", "end": "15:00",
        "identity_confirmed": True}) for i in range(3)]
    services.booth_slots.set_template(world.manager, world.a, booth, TEMPLATE)
    services.booth_slots.generate(world.manager, world.a, MON, MON + timedelta(days=13))
    attended = services.booths.book(world.front_desk, booth_slot(services, world, MON, "10:00"), kim,
                                     SessionType.AI_COMPETENCY)
    later = services.booths.book(world.front_desk, booth_slot(services, world, date(2026, 12, 8), "11:00"),
                                 kim, SessionType.AI_INTERVIEW)
    clock.advance(days=3, minutes=5)  # Monday 10:05
    services.booths.check_in(world.front_desk, attended)
    services.booths.record_result(world.front_desk, attended, {"received": True, "grade": "B"})
    services.booths.request_consult(world.front_desk, attended, "")
    services.booths.cancel(world.front_desk, later, "youth", "")
    clock.advance(days=2, hours=5)  # Wednesday 15:05
    for b in rooms:
        services.rooms.mark_no_show(world.front_desk, b)
    return SimpleNamespace(kim=kim, lee=lee, attended=attended, later=later)


def test_history_shows_no_show_ledger_with_sanction_and_booth_sessions(world, services, history, make_ctx, qtbot):
    ctx = make_ctx(world.front_desk)
    widget = YouthHistory(ctx)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.stack.currentWidget() is widget.hint
    assert "청년을 선택하면" in widget.hint.text()

    widget.show_youth(history.kim)
    wait_worker(qtbot, ctx)  # the history is read on the read pool
    assert widget.stack.currentIndex() == 1
    assert widget.no_show_texts() == [
        "2026-12-02 (수) 14:00–15:00 · 스터디룸 A",
        "2026-12-01 (화) 14:00–15:00 · 스터디룸 A",
        "2026-11-30 (월) 14:00–15:00 · 스터디룸 A",
    ]
    assert "노쇼 3회" in widget.no_show_summary.text()
    ledger = services.rooms.no_show_ledger(world.front_desk, world.a, history.kim)
    assert ledger.blocked_until is not None
    assert widget.sanction.isVisible()
    assert widget.sanction.text() == "예약 제한: 2026-12-16까지" == f"예약 제한: {ledger.blocked_until:%Y-%m-%d}까지"

    model = widget.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [
        ["2026-12-08 (화) 11:00", "AI 면접 부스 1", "AI 면접체험", "취소(본인 취소)", "—", ""],
        ["2026-11-30 (월) 10:00", "AI 면접 부스 1", "AI 역량검사", "입실", "B", "요청함"],
    ]
    assert "예약 2회 · 입실 1회" in widget.booth_summary.text()

    # another youth: no no-shows, no sessions
    widget.show_youth(history.lee)
    wait_worker(qtbot, ctx)
    assert widget.no_show_texts() == [] and not widget.sanction.isVisible()
    assert "노쇼한 적이 없습니다" in widget.no_show_summary.text()
    assert widget.booth_stack.currentWidget() is widget.booth_empty
    assert "AI 면접 부스를 이용한 적이 없습니다" in widget.booth_empty.text()


def test_history_reloads_after_a_booth_change(world, services, history, make_ctx, qtbot):
    ctx = make_ctx(world.counselor)
    widget = YouthHistory(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_youth(history.kim)
    wait_worker(qtbot, ctx)
    services.booths.record_result(world.manager, history.attended, {"received": True, "grade": "A+"})
    ctx.notify(Topic.BOOTH)
    wait_worker(qtbot, ctx)
    assert widget.model.index(1, 4).data() == "A+"


def test_history_is_hidden_without_booking_view(world, services, history, make_ctx, qtbot):
    ctx = make_ctx(world.front_desk)
    ctx.actor = replace(ctx.actor, grants=frozenset())  # no role at this facility
    widget = YouthHistory(ctx)
    qtbot.addWidget(widget)
    widget.show_youth(history.kim)
    assert widget.stack.currentWidget() is widget.hint
    assert "예약 권한이 있는 직원만" in widget.hint.text()
    assert widget.model.rowCount() == 0 and widget.no_show_texts() == []


def test_youth_page_detail_panel_shows_the_history_of_the_selected_youth(world, services, history,
                                                                        make_window, qtbot):
    window = make_window(world.front_desk)
    window.show_page("youth")
    wait_worker(qtbot, window.ctx)
    page = window.pages["youth"]
    assert page.history.isVisible()
    assert page.history.stack.currentWidget() is page.history.hint
    assert page.select_id(history.kim)
    assert page.detail_name.text() == "김민수"
    assert page.history.youth_id == history.kim
    wait_worker(qtbot, window.ctx)
    assert page.history.sanction.text() == "예약 제한: 2026-12-16까지"
    assert page.history.model.rowCount() == 2
    assert page.select_id(history.lee)
    wait_worker(qtbot, window.ctx)
    assert page.history.no_show_texts() == [] and page.history.model.rowCount() == 0
    page.table.clearSelection()
    page.table.setCurrentIndex(page.model.index(-1, -1))
    assert page.history.youth_id is None


def test_history_reads_off_the_gui_thread_and_only_the_newest_answer_shows(
        world, services, history, make_ctx, qtbot, monkeypatch):
    """Kim's history is slow to read; Lee, chosen after, answers first. Kim's late answer
    must not replace Lee's, and neither read runs on the GUI thread."""
    import threading
    import time
    threads = []
    ledger = services.rooms.no_show_ledger

    def slow_ledger(actor, fid, youth_id):
        threads.append(threading.current_thread())
        if youth_id == history.kim:
            time.sleep(0.5)
        return ledger(actor, fid, youth_id)

    monkeypatch.setattr(services.rooms, "no_show_ledger", slow_ledger)
    ctx = make_ctx(world.front_desk)
    widget = YouthHistory(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.show_youth(history.kim)
    assert widget.loading
    qtbot.waitUntil(lambda: "불러오는 중" in widget.hint.text())  # slow: the panel says so
    widget.show_youth(history.lee)
    wait_worker(qtbot, ctx)
    assert not widget.loading
    assert widget.youth_id == history.lee
    assert widget.no_show_texts() == [] and "노쇼한 적이 없습니다" in widget.no_show_summary.text()
    assert len(threads) == 2 and threading.main_thread() not in threads
