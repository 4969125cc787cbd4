"""A month of known records for the summary tests: November 2026 at CAFE-A (a job café:
counseling and matching), with records just outside it (2026-12-01 00:00, October, the
year before) and at CAFE-B. ``EXPECTED`` is every figure of November at CAFE-A.

Shared by tests/models/summaries, tests/reports and tests/cli (not a test module)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, text

from models.core.types import UTCDateTime
from tests.factories.companies import company_data, opening_data
from tests.factories.rooms import add_room
from tests.factories.world import youth_data

SEOUL = ZoneInfo("Asia/Seoul")
NOV = (2026, 11)
NAMES = ["가나다", "라마바", "사아자", "차카타", "파하가", "나다라", "마바사", "아자차", "카타파"]


def seoul(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SEOUL).astimezone(UTC)


def _youth(services, clock, world, n, when, channel, facility=None):
    clock.now = when
    day = when.astimezone(SEOUL).date()
    return services.youth.create(world.admin, facility or world.a, youth_data(
        name=NAMES[n], birth_date=f"199{n}-0{1 + n}-1{n}", phone=f"010-4{n}00-7{n}00", email=None,
        channel=channel, consent_on=day.isoformat()))


def build_month(services, clock, world) -> SimpleNamespace:
    """Every record of the month (see the module); leaves the clock on 2026-12-02 10:00."""
    y = [
        _youth(services, clock, world, 0, seoul(2026, 11, 2), "on_site"),
        _youth(services, clock, world, 1, seoul(2026, 11, 15, 12), "online"),
        _youth(services, clock, world, 2, seoul(2026, 11, 30, 23, 59), "on_site"),  # last minute: in
        _youth(services, clock, world, 3, seoul(2026, 11, 20), "city_programme"),
        _youth(services, clock, world, 4, seoul(2026, 12, 1, 0, 0), "online"),  # next month: out
        _youth(services, clock, world, 5, seoul(2025, 11, 15), "on_site"),  # 전년동월
        _youth(services, clock, world, 6, seoul(2026, 3, 10), "online"),  # 누계
        _youth(services, clock, world, 7, seoul(2026, 11, 5), "online", facility=world.b),  # CAFE-B
    ]
    clock.now = seoul(2026, 12, 2, 10)
    cs = services.companies
    c = world.counselor
    companies = [
        cs.create_company(c, world.a, company_data(1, found_via="on_site", found_on=date(2026, 11, 3))),
        cs.create_company(c, world.a, company_data(2, found_via="online", found_on=date(2026, 11, 30))),
        cs.create_company(c, world.a, company_data(3, found_via=None, found_on=date(2026, 11, 10))),  # 미분류
        cs.create_company(c, world.a, company_data(4, found_via="on_site", found_on=date(2026, 12, 1))),  # out
        cs.create_company(c, world.a, company_data(5, found_via="online", found_on=date(2025, 11, 20))),  # 전년
    ]
    co = services.counseling

    def session(youth, when, mode, kind="deep", topics=("career",)):
        return co.log_session(c, world.a, {"youth_id": youth, "held_at": when, "duration_minutes": 30,
                                           "mode": mode, "kind": kind, "topics": list(topics),
                                           "summary": "요약", "note": "메모", "next_step": ""})

    s = [
        session(y[0], seoul(2026, 11, 5), "in_person", "initial", ("career", "job_skills")),
        session(y[1], seoul(2026, 11, 12, 14), "in_person"),
        session(y[2], seoul(2026, 11, 18), "phone"),
        session(y[3], seoul(2026, 11, 30, 23, 59), "video"),  # last minute: in
        session(y[0], seoul(2026, 12, 1, 0, 0), "phone"),  # next month: out
        session(y[1], seoul(2026, 11, 20), "online"),  # voided below: out
    ]
    co.void_session(c, s[5], "잘못 입력", co.get_session(c, s[5]).version)
    g = co.log_group(c, world.a, {"kind": "lecture", "title": "취업특강", "held_at": seoul(2026, 11, 25, 15),
                                  "headcount": 5, "attendee_ids": [y[0], y[1]]})
    g2 = co.log_group(c, world.a, {"kind": "mentoring", "title": "멘토링", "held_at": seoul(2026, 11, 26, 15),
                                   "attendee_ids": [y[2]]})
    co.void_group(c, g2, "중복 입력")
    opening = cs.open_job(c, companies[0], opening_data(deadline=date(2026, 12, 31)))

    def walk(ref, steps):
        v = cs.get_referral(c, ref).version
        for stage, day in steps:
            v = cs.move(c, ref, stage, v, on=day)
        return v

    r1 = cs.refer(c, world.a, {"opening_id": opening, "youth_id": y[0], "channel": "online",
                               "referred_on": date(2026, 11, 2)})
    walk(r1, [("screening", date(2026, 11, 5)), ("interview", date(2026, 11, 10)), ("passed", date(2026, 11, 15)),
              ("hired", date(2026, 11, 20))])
    r2 = cs.refer(c, world.a, {"opening_id": opening, "youth_id": y[1], "channel": "on_site",
                               "referred_on": date(2026, 11, 3)})
    walk(r2, [("screening", date(2026, 11, 6)), ("interview", date(2026, 11, 12)), ("passed", date(2026, 11, 25)),
              ("hired", date(2026, 12, 1))])  # hired next month: out
    r3 = cs.refer(c, world.a, {"opening_id": opening, "youth_id": y[2], "channel": "city_programme",
                               "referred_on": date(2026, 11, 30)})
    room = add_room(services, world)
    bookings = [
        raw_booking(services.db, world.a, room, y[0], seoul(2026, 11, 10, 14), seoul(2026, 11, 10, 16), "checked_in"),
        raw_booking(services.db, world.a, room, y[1], seoul(2026, 11, 11, 14), seoul(2026, 11, 11, 16), "no_show"),
        raw_booking(services.db, world.a, room, y[2], seoul(2026, 11, 12, 14), seoul(2026, 11, 12, 15), "cancelled",
                    "late"),
        raw_booking(services.db, world.a, room, y[3], seoul(2026, 12, 1, 0), seoul(2026, 12, 1, 1), "checked_in"),
    ]
    return SimpleNamespace(youths=y, companies=companies, sessions=s, group=g, voided_group=g2, opening=opening,
                           r1=r1, r2=r2, r3=r3, room=room, bookings=bookings, walk=walk)


INSERT_BOOKING = text(
    "INSERT INTO booking (facility_id, room_id, youth_id, starts_at, ends_at, headcount, purpose, note, status, "
    "walk_in, cancel_code, created_at) VALUES (:f, :r, :y, :s, :e, 1, 'study', '', :status, :walk_in, :code, :now)"
).bindparams(*[bindparam(k, type_=UTCDateTime()) for k in ("s", "e", "now")])


def raw_booking(db, facility, room, youth, start, end, status, code=None) -> int:
    with db.engine.begin() as conn:
        conn.execute(INSERT_BOOKING, {"f": facility, "r": room, "y": youth, "s": start, "e": end, "status": status,
                                      "walk_in": False, "code": code, "now": start})
        return conn.execute(text("SELECT max(id) FROM booking")).scalar()


# November 2026 at CAFE-A: figure -> {category: value}
EXPECTED = {
    "recruit": {"on_site": 2, "online": 1, "city_programme": 1},
    "companies": {"on_site": 1, "online": 1, "unknown": 1},
    "counseling": {"in_person": 2, "remote": 2},
    "counseling_kind": {"initial": 1, "deep": 3},
    "counseling_mode": {"in_person": 2, "phone": 1, "video": 1},
    "counseling_topic": {"career": 4, "job_skills": 1},
    "group_sessions": {"lecture": 1},
    "group_participants": {"lecture": 7},
    "hires": {"online": 1},
    "referrals": {"online": 1, "on_site": 1, "city_programme": 1},
    "interviews": {"online": 1, "on_site": 1},
    "room_bookings": {"checked_in": 1, "no_show": 1, "cancelled": 1},
    "room_late_cancels": "room:1",
    "room_booked_minutes": "room:240",
    "room_used_minutes": "room:120",
}
LAST_YEAR = {"recruit": {"on_site": 1}, "companies": {"online": 1}}
YEAR_TO_DATE = {"recruit": {"on_site": 2, "online": 2, "city_programme": 1}, "companies": {"on_site": 1, "online": 1,
                                                                                             "unknown": 1}}
