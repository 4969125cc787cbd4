"""Two desks book the same youth at the same moment, for different rooms or booth slots.

The per-youth rules (3 hours a day for rooms, the weekly booth limit) count the youth's
other bookings. Desk A has checked the rules and not yet written when desk B starts; B
must wait for A and then see A's booking, so only one of them gets through. On SQLite
``BEGIN IMMEDIATE`` makes B wait; on PostgreSQL the youth row lock does.
"""

from __future__ import annotations

import threading
import time

import models.booths.service as booths_module
import models.rooms.service as bookings_module
from models.core.errors import RuleViolation
from tests.factories.booths import slot
from tests.factories.rooms import make_desk, req
from tests.models.util import count


def race(monkeypatch, module, name, desk_a, desk_b) -> dict:
    """Run ``desk_a`` and ``desk_b`` in two threads; desk A pauses right after its rule
    check (``module.name``) until desk B has had time to run into it."""
    real = getattr(module, name)
    a_checked = threading.Event()

    def check_then_pause(*args, **kw):
        result = real(*args, **kw)
        if threading.current_thread().name == "desk-a":
            a_checked.set()
            time.sleep(0.6)
        return result

    monkeypatch.setattr(module, name, check_then_pause)
    results = {}

    def run(key, fn):
        try:
            results[key] = fn()
        except RuleViolation as exc:
            results[key] = exc

    a = threading.Thread(target=run, args=("a", desk_a), name="desk-a")
    b = threading.Thread(target=run, args=("b", desk_b), name="desk-b")
    a.start()
    assert a_checked.wait(10)
    b.start()
    a.join(20)
    b.join(20)
    return results


def test_two_desks_cannot_give_one_youth_more_than_three_hours(services, world, monkeypatch):
    desk = make_desk(services, world)
    book = services.rooms.book
    results = race(
        monkeypatch, bookings_module, "check_rules",
        lambda: book(world.front_desk, world.a, req(desk.room, desk.y1, start="09:00", end="11:00")),
        lambda: book(world.manager, world.a, req(desk.room2, desk.y1, start="14:00", end="16:00")))
    assert isinstance(results["a"], int)
    assert isinstance(results["b"], RuleViolation) and results["b"].rule == "daily"
    assert count(services.db, "booking") == 1


def test_two_desks_cannot_pass_the_weekly_booth_limit(services, world, desk, monkeypatch):
    """The default limit is one booth session a week."""
    first, second = slot(services, world, desk, hhmm="10:00"), slot(services, world, desk, hhmm="11:00",
                                                                    booth=desk.b2)
    results = race(
        monkeypatch, booths_module.BoothService, "_check_rules",
        lambda: services.booths.book(world.front_desk, first, desk.y1, "ai_interview"),
        lambda: services.booths.book(world.manager, second, desk.y1, "ai_interview"))
    assert isinstance(results["a"], int)
    assert isinstance(results["b"], RuleViolation) and results["b"].rule == "weekly"
    assert count(services.db, "booth_booking") == 1


def test_moving_a_series_and_a_new_booking_cannot_pass_three_hours(services, world, monkeypatch):
    """Desk A lengthens a weekly 1-hour study group to 2 hours from Monday on while desk B
    books the same youth for 2 hours that Monday."""
    import models.rooms.series as series_module

    desk = make_desk(services, world)
    made = services.room_series.create(world.front_desk, world.a, {
        **req(desk.room, desk.y1, start="09:00", end="10:00"), "weeks": 2}, skip_conflicts=False)
    results = race(
        monkeypatch, series_module, "check_rules",
        lambda: services.room_series.change_from(world.front_desk, made.created[0],
                                            req(desk.room, desk.y1, start="09:00", end="11:00")),
        lambda: services.rooms.book(world.manager, world.a,
                                       req(desk.room2, desk.y1, start="14:00", end="16:00")))
    assert results["a"] == 2
    assert isinstance(results["b"], RuleViolation) and results["b"].rule == "daily"
    assert count(services.db, "booking") == 2
