"""Fuzzing every service entry point that takes user input (issue 9, defect 5).

Each test feeds one entry point text with NUL and other control characters, lone
surrogates and very long strings, and integers outside the 32-bit column range (ids
included), next to valid values. Only the app's own errors (``DomainError`` subclasses) may
come out, and when one does, nothing was written: every table has as many rows as before
the call (counted before and after each call; the world is built once per test).

It runs on both backends through the ``db``/``services`` fixtures (PostgreSQL when
``YJD_TEST_DATABASE_URL`` is set). ``YJD_FUZZ_EXAMPLES`` is the number of cases per backend
over all the entry points (default 300, shared evenly). The issue's 10,000 per backend::

    YJD_FUZZ_EXAMPLES=10000 .venv/bin/python -m pytest -q tests/models/core/test_fuzz_inputs.py
    YJD_FUZZ_EXAMPLES=10000 YJD_TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/yjd_h7 \\
        .venv/bin/python -m pytest -q tests/models/core/test_fuzz_inputs.py -k postgresql
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import models.tables  # noqa: F401  (registers the tables)
from models.audit_log.service import AuditFilter
from models.core.errors import DomainError
from tests.factories.booths import MON, add_booth, publish, slot_id
from tests.factories.rooms import add_room, add_youth, req
from tests.factories.world import youth_data
from tests.models.util import facility_data, table_counts

INT_MAX = 2_147_483_647

# -- strategies --------------------------------------------------------------------
SPECIAL = ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x1f", "\x7f", "\ud800", "\udbff", "\udc00",
           "\udfff", "\n", "\t", "\r", "\u200b", "\ufeff", "\U0010ffff"]
any_char = st.characters(exclude_categories=())  # surrogates included
plain = st.text(max_size=20)
spiked = st.builds(lambda a, c, b: a + c + b, plain, st.sampled_from(SPECIAL), plain)
long_text = st.builds(lambda c, n: c * n, st.sampled_from(["가", "a", " ", "가\x00"]),
                      st.integers(100, 5000))
bad_text = st.one_of(spiked, st.text(any_char, max_size=30), long_text, st.just(""), st.none())
bad_int = st.one_of(
    st.sampled_from([0, -1, INT_MAX, INT_MAX + 1, 2**63 - 1, 2**63, 2**64, -(2**31) - 1,
                     -(2**63) - 1, 10**30]),
    st.integers(min_value=-(2**80), max_value=2**80))


def maybe(valid, bad):
    """The valid value or a bad one."""
    return st.one_of(st.just(valid), bad)


def text_or(valid):
    return maybe(valid, bad_text)


def int_or(valid):
    return maybe(valid, bad_int)


def id_or(*valid):
    return st.one_of(st.sampled_from(valid), bad_int)


# -- the world and the check -------------------------------------------------------
@pytest.fixture
def fz(services, world, db):
    """CAFE-A with a room, a booth publishing from Monday, three youths, a booking, an
    offered waitlist entry, a checked-in booth booking; an actor per role."""
    room = add_room(services, world)
    youths = [add_youth(services, world, n) for n in range(3)]
    booking = services.rooms.book(world.front_desk, world.a, req(room, youths[0]))
    services.room_waitlist.add(world.front_desk, world.a, req(room, youths[1]))
    booth = add_booth(services, world)
    publish(services, world, booth)
    slot = slot_id(services, world, MON, "10:00", booth)
    slot2 = slot_id(services, world, MON, "11:00", booth)
    booth_booking = services.booths.book(world.front_desk, slot, youths[0], "ai_interview")
    entries = services.room_waitlist.entries(world.admin, world.a, *_day_range(MON))
    return SimpleNamespace(
        s=services, w=world, db=db, room=room, youths=youths, booking=booking, booth=booth,
        slot=slot, slot2=slot2, booth_booking=booth_booking, entry=entries[0].id if entries else 1,
        actors=[world.admin, world.manager, world.front_desk])


def _day_range(day: date):
    from models.core.time import day_bounds
    return day_bounds(day)


def refused_or_done(fz, call) -> bool:
    """Run ``call``: it succeeds (True), or raises a DomainError having written nothing
    (False)."""
    before = table_counts(fz.db)
    try:
        call()
    except DomainError:
        assert table_counts(fz.db) == before
        return False
    return True
    # anything else (a driver error, UnicodeEncodeError, OverflowError, AttributeError, ...)
    # fails the test


# -- one strategy per entry point --------------------------------------------------
WEEKDAYS = [MON + timedelta(days=d) for d in (0, 1, 2, 3, 4, 7, 8, 9, 10, 11)]  # the 14-day horizon


def booking_data(fz, draw):
    hour = draw(st.integers(9, 16))
    data = req(fz.room, fz.youths[2], day=draw(st.sampled_from(WEEKDAYS)),
               start=f"{hour:02d}:00", end=f"{hour + 1:02d}:00")
    data.update(room_id=draw(id_or(fz.room, fz.booth)), youth_id=draw(id_or(*fz.youths)),
                headcount=draw(int_or(1)), note=draw(text_or("메모")))
    return data


def _book(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    fid = draw(id_or(fz.w.a, fz.w.b))
    override = draw(st.one_of(st.none(), text_or("관리자 승인 예외")))
    entry = draw(st.one_of(st.none(), id_or(fz.entry)))
    data = booking_data(fz, draw)
    return lambda: fz.s.rooms.book(actor, fid, data, override_reason=override, waitlist_entry_id=entry)


def _walk_in(fz, draw):
    args = (draw(st.sampled_from(fz.actors)), draw(id_or(fz.w.a)), draw(id_or(fz.room)),
            draw(id_or(*fz.youths)), "17:00", draw(int_or(1)), "study", draw(text_or("")))
    return lambda: fz.s.rooms.walk_in(*args)


def _series(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    data = {**booking_data(fz, draw), "weeks": draw(int_or(3))}
    override = draw(st.one_of(st.none(), text_or("관리자 승인 예외")))
    if draw(st.booleans()):
        return lambda: fz.s.room_series.plan(actor, fz.w.a, data, override_reason=override)
    return lambda: fz.s.room_series.create(actor, fz.w.a, data, skip_conflicts=draw(st.booleans()),
                                           override_reason=override)


def _series_change(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    bid = draw(id_or(fz.booking))
    if draw(st.booleans()):
        return lambda: fz.s.room_series.cancel_from(actor, bid, draw(text_or("일정 변경")))
    return lambda: fz.s.room_series.change_from(actor, bid, booking_data(fz, draw))


def _waitlist(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    data = booking_data(fz, draw)
    data.pop("note")
    kind = draw(st.sampled_from(["add", "accept", "decline"]))
    if kind == "add":
        return lambda: fz.s.room_waitlist.add(actor, draw(id_or(fz.w.a)), data)
    entry = draw(id_or(fz.entry))
    if kind == "accept":
        override = draw(st.one_of(st.none(), text_or("관리자 승인 예외")))
        return lambda: fz.s.room_waitlist.accept(actor, entry, identity_confirmed=True,
                                                 override_reason=override)
    return lambda: fz.s.room_waitlist.decline(actor, entry)


def _cancel(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    by = draw(st.sampled_from(["youth", "staff", "x"]))
    reason = draw(text_or("사정이 생김"))
    if draw(st.booleans()):
        bid = draw(id_or(fz.booking))
        return lambda: fz.s.rooms.cancel(actor, bid, by, reason)
    bid = draw(id_or(fz.booth_booking))
    return lambda: fz.s.booths.cancel(actor, bid, by, reason)


def _desk_day(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    bid = draw(id_or(fz.booking, fz.booth_booking))
    which = draw(st.sampled_from(["room_check_in", "room_no_show", "booth_check_in",
                                  "booth_no_show", "room_get", "booth_get", "reminded"]))
    calls = {"room_check_in": lambda: fz.s.rooms.check_in(actor, bid),
             "room_no_show": lambda: fz.s.rooms.mark_no_show(actor, bid),
             "booth_check_in": lambda: fz.s.booths.check_in(actor, bid),
             "booth_no_show": lambda: fz.s.booths.mark_no_show(actor, bid),
             "room_get": lambda: fz.s.rooms.get(actor, bid),
             "booth_get": lambda: fz.s.booths.get(actor, bid),
             "reminded": lambda: fz.s.booths.set_reminded(actor, bid, True)}
    return calls[which]


def _closure(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    fid = draw(id_or(fz.w.a, fz.w.b))
    if draw(st.booleans()):
        return lambda: fz.s.booking_rules.remove_closure(actor, draw(id_or(1)))
    day = draw(st.dates(date(2026, 12, 1), date(2027, 12, 31)))
    return lambda: fz.s.booking_rules.add_closure(actor, fid, day, draw(text_or("시설 점검")))


def _rules(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    fields = ["step_minutes", "grace_minutes", "max_minutes_per_day", "max_days_ahead",
              "no_show_limit", "no_show_window_days", "sanction_days", "late_cancel_minutes"]
    data = {f: draw(st.one_of(st.integers(0, 400), bad_int)) for f in draw(
        st.lists(st.sampled_from(fields), max_size=4, unique=True))}
    if draw(st.booleans()):
        return lambda: fz.s.booths.set_weekly_limit(actor, draw(id_or(fz.w.a)), draw(int_or(3)))
    return lambda: fz.s.booking_rules.update(actor, draw(id_or(fz.w.a, fz.w.b)), data)


def _booth_book(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    sid = draw(id_or(fz.slot, fz.slot2))
    yid = draw(id_or(*fz.youths))
    session = draw(st.one_of(st.sampled_from(["ai_interview", "video_interview"]), bad_text))
    override = draw(st.one_of(st.none(), text_or("관리자 승인 예외")))
    if draw(st.booleans()):
        return lambda: fz.s.booths.walk_in(actor, sid, yid, session)
    return lambda: fz.s.booths.book(actor, sid, yid, session, override_reason=override)


def _booth_block(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    sid = draw(id_or(fz.slot, fz.slot2))
    if draw(st.booleans()):
        return lambda: fz.s.booth_slots.unblock(actor, sid)
    return lambda: fz.s.booth_slots.block(actor, sid, draw(text_or("장비 점검")))


def _booth_extra(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    data = {"room_id": draw(id_or(fz.booth, fz.room)), "day": date(2026, 12, 7),
            "start": draw(st.sampled_from(["18:00", "08:00", "12:30"])), "end": "19:00"}
    if draw(st.booleans()):
        template = {"weekdays": draw(st.lists(st.one_of(st.integers(0, 6), bad_int), max_size=3)),
                    "day_start": draw(text_or("10:00")), "day_end": "17:00",
                    "slot_minutes": draw(int_or(50)), "buffer_minutes": draw(int_or(10))}
        return lambda: fz.s.booth_slots.set_template(actor, fz.w.a, draw(id_or(fz.booth)), template)
    return lambda: fz.s.booth_slots.add_extra(actor, draw(id_or(fz.w.a)), data)


def _booth_result(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    bid = draw(id_or(fz.booth_booking))
    data = {"received": True, "grade": draw(text_or("A")), "strengths": draw(text_or("자신감")),
            "improve": draw(text_or("속도"))}
    return lambda: fz.s.booths.record_result(actor, bid, data)


def _consult(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    if draw(st.booleans()):
        return lambda: fz.s.booths.close_consult(actor, draw(id_or(1)))
    bid = draw(id_or(fz.booth_booking))
    return lambda: fz.s.booths.request_consult(actor, bid, draw(text_or("면접 준비")))


def _booth_views(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    fid = draw(id_or(fz.w.a))
    which = draw(st.sampled_from(["history", "day_sheet", "ledger", "week"]))
    yid, rid = draw(id_or(*fz.youths)), draw(id_or(fz.booth, fz.room))
    calls = {"history": lambda: fz.s.booths.history(actor, fid, yid),
             "day_sheet": lambda: fz.s.booths.day_sheet(actor, fid, rid, MON,
                                                         purpose=draw(text_or("출력"))),
             "ledger": lambda: fz.s.rooms.no_show_ledger(actor, fid, yid),
             "week": lambda: fz.s.rooms.week(actor, fid, rid, MON)}
    return calls[which]


def _youth(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    fid = draw(st.one_of(st.none(), id_or(fz.w.a)))
    n = draw(st.integers(100, 999))
    data = youth_data(name=draw(text_or("김청년")), phone=draw(text_or(f"010-{n:04d}-{n:04d}")),
                      email=draw(st.one_of(st.none(), text_or("a@example.com"))),
                      district=draw(text_or("마포구")), retention_years=draw(int_or(3)))
    which = draw(st.sampled_from(["create", "update", "search", "get", "contact"]))
    yid = draw(id_or(*fz.youths))
    calls = {"create": lambda: fz.s.youth.create(actor, fid, data),
             "update": lambda: fz.s.youth.update(actor, fid, yid, data),
             "search": lambda: fz.s.youth.search(actor, fid, draw(bad_text) or "",
                                                 limit=draw(int_or(50)), offset=draw(int_or(0))),
             "get": lambda: fz.s.youth.get(actor, fid, yid),
             "contact": lambda: fz.s.youth.contact(actor, fid, yid)}
    return calls[which]


def _facility(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    data = facility_data(code=draw(text_or(f"CAFE-{draw(st.integers(10, 99))}")),
                         name=draw(text_or("새 카페")), note=draw(text_or("")),
                         seats=draw(st.one_of(st.none(), int_or(10))))
    room = {"name": draw(text_or("회의실")), "kind": "meeting_room", "capacity": draw(int_or(4))}
    fid = draw(id_or(fz.w.a, fz.w.b))
    which = draw(st.sampled_from(["create", "update", "add_room", "update_room", "set_active"]))
    calls = {"create": lambda: fz.s.facilities.create(actor, data),
             "update": lambda: fz.s.facilities.update(actor, fid, data),
             "add_room": lambda: fz.s.facilities.add_room(actor, fid, room),
             "update_room": lambda: fz.s.facilities.update_room(actor, draw(id_or(fz.room)), room),
             "set_active": lambda: fz.s.facilities.get(actor, fid)}
    return calls[which]


def _account(fz, draw):
    data = {"username": draw(text_or(f"user{draw(st.integers(100, 999))}")),
            "display_name": draw(text_or("새 직원")), "password": draw(text_or("pass1234"))}
    grants = [("front_desk", draw(id_or(fz.w.a, fz.w.b)))] if draw(st.booleans()) else []
    return lambda: fz.s.accounts.create_user(fz.w.admin, data, grants=grants)


def _audit(fz, draw):
    f = AuditFilter(entity=draw(st.one_of(st.none(), bad_text)),
                    action=draw(st.one_of(st.none(), bad_text)),
                    username=draw(st.one_of(st.none(), bad_text)),
                    facility_id=draw(st.one_of(st.none(), id_or(fz.w.a))))
    if draw(st.booleans()):
        return lambda: fz.s.audit.count(fz.w.admin, f)
    return lambda: fz.s.audit.list(fz.w.admin, f, limit=draw(int_or(50)), offset=draw(int_or(0)))


ENTRY_POINTS = [_book, _walk_in, _series, _series_change, _waitlist, _cancel, _desk_day, _closure,
                _rules, _booth_book, _booth_block, _booth_extra, _booth_result, _consult,
                _booth_views, _youth, _facility, _account, _audit]
TOTAL = int(os.environ.get("YJD_FUZZ_EXAMPLES", "300"))
PER_ENTRY = max(1, TOTAL // len(ENTRY_POINTS))


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__.strip("_"))
def test_only_domain_errors_and_no_partial_writes(fz, entry):
    seen = {"cases": 0, "done": 0}

    @settings(max_examples=PER_ENTRY, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(st.data())
    def run(data):
        seen["cases"] += 1
        seen["done"] += refused_or_done(fz, entry(fz, data.draw))

    run()
    # shown with -s: the cases each entry point ran and how many of them were accepted
    print(f"\nfuzz {entry.__name__.strip('_')}: {seen['cases']} cases, {seen['done']} accepted, "
          f"{seen['cases'] - seen['done']} refused with a DomainError")
    assert seen["cases"] >= min(PER_ENTRY, 10)
