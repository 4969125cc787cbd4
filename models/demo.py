"""A deterministic demo data set: facilities, rooms, one account per role, youth, and the
room and booth bookings around today. Each area builds its own part (``models/<area>/demo.py``);
this module puts them together in a fixed order, so the same seed always gives the same data
and screenshots and bug reports can be reproduced. ``generate_city`` builds the city-scale
data set (``demo --scale city``) from the areas' bulk builders (``CITY_BUILDERS``).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from models.accounts.demo import (
    CAFE_PASSWORD,
    DEMO_ACCOUNTS,
    DEMO_FACILITY,
    DemoAccount,
    city_staff,
    create_accounts,
)
from models.booths.demo import city_booths, generate_booths
from models.companies.city import city_matching
from models.companies.demo import generate_matching
from models.core import audit_bulk, audit_chain, audit_head, bulk_insert
from models.core.db import translate
from models.core.masking import MASKERS
from models.counseling.city import city_counseling
from models.counseling.demo import DESK_PASSWORD, generate_counseling
from models.courses.city import city_courses
from models.courses.demo import CAMPUS_PASSWORD, generate_courses
from models.facilities.demo import CITY_EXTRA_CAFE_ROOMS, add_rooms
from models.facilities.enums import FacilityStatus
from models.facilities.seed import seed_facilities
from models.facilities.tables import Facility, Room
from models.registry import Services
from models.rooms.demo import city_bookings, generate_bookings
from models.youth.demo import city_youth, generate_youth

__all__ = ["CITY_BUILDERS", "DEMO_ACCOUNTS", "DEMO_DATE", "DEMO_FACILITY", "CityContext", "CityPlan",
           "CitySummary", "DemoAccount", "DemoSummary", "describe", "describe_city", "generate",
           "generate_city"]


@dataclass(frozen=True)
class DemoSummary:
    facilities: int
    rooms: int
    youth: int
    accounts: list[DemoAccount]
    bookings: int = 0
    booth_bookings: int = 0
    counseling_sessions: int = 0
    hires: int = 0
    courses: int = 0


def generate(services: Services, seed: int = 2023, youth_count: int = 1800) -> DemoSummary:
    rng = random.Random(seed)
    if services.accounts.has_users():
        raise ValueError("이미 계정이 있는 데이터베이스에는 데모 데이터를 만들 수 없습니다.")
    seed_facilities(services)
    facilities = services.facilities.list_all()
    admin = create_accounts(services, {f.code: f.id for f in facilities})
    rooms = add_rooms(services, admin, facilities)
    open_ids = [f.id for f in facilities if f.status is FacilityStatus.OPEN]
    youth_ids = generate_youth(services, admin, rng, youth_count, open_ids)
    # a small demo (tests, quick looks) gets a short history: a week per 30 youth, 7 to 60 days
    days_back = min(60, max(7, youth_count // 30))
    bookings = generate_bookings(services, admin, youth_ids, rng, days_back=days_back) if youth_ids else 0
    booths = generate_booths(services, admin, youth_ids, rng, weeks_back=max(1, days_back // 15)) \
        if youth_ids else 0
    # a year of counseling; a small demo gets smaller caseloads (150 a counselor at 1,800 youths)
    sessions = generate_counseling(services, admin, youth_ids, random.Random(f"{seed}:counseling"),
                                   scale=min(1.0, youth_count / 1800)) if youth_ids else 0
    # a year of the matching desk's companies, openings and referrals (by the counselors the
    # counseling demo made there), in the brief's proportions
    hires = generate_matching(services, admin, youth_ids, random.Random(f"{seed}:matching"),
                              scale=min(1.0, youth_count / 1800)) if youth_ids else 0
    # four courses at every open campus around today, with their campus staff (a small demo: fewer campuses)
    courses = generate_courses(services, admin, youth_ids, random.Random(f"{seed}:courses"),
                               scale=min(1.0, youth_count / 1800)) if youth_ids else 0
    return DemoSummary(len(facilities), rooms, youth_count, DEMO_ACCOUNTS, bookings, booths, sessions,
                       hires, courses)


def describe(summary: DemoSummary, db_label: str) -> str:
    lines = [f"데모 데이터베이스: {db_label}",
             f"시설 {summary.facilities}곳 · 공간 {summary.rooms}개 · 청년 {summary.youth}명"
             + (f" · 예약 {summary.bookings}건" if summary.bookings else "")
             + (f" · AI 면접 예약 {summary.booth_bookings}건" if summary.booth_bookings else "")
             + (f" · 상담일지 {summary.counseling_sessions:,}건" if summary.counseling_sessions else "")
             + (f" · 취업 매칭 {summary.hires:,}건" if summary.hires else "")
             + (f" · 교육과정 {summary.courses}개" if summary.courses else "")]
    if summary.counseling_sessions:
        lines.append(f"매칭 전담창구(MATCH-DESK) 계정: 상담사 match-counselor1~8, 시설 관리자 match-manager1 "
                     f"(비밀번호 {DESK_PASSWORD})")
        lines.append(f"일자리카페 계정: 상담사 cafe-<카페>-counselor1 (예: cafe-mapo-counselor1, 비밀번호 {CAFE_PASSWORD})")
    if summary.courses:
        lines.append(f"캠퍼스 계정: 시설 관리자 acad-<캠퍼스>-manager1, 상담사 acad-<캠퍼스>-counselor1 "
                     f"(예: acad-ydp-manager1, 비밀번호 {CAMPUS_PASSWORD})")
    lines += ["", "데모 계정 (아이디 / 비밀번호 / 역할 / 시설):"]
    for a in summary.accounts:
        lines.append(f"  {a.username:<10} {a.password:<12} {a.role.label:<12} {a.facility_code or '서울시 전체'}")
    return "\n".join(lines)


DEMO_DATE = date(2026, 11, 29)


# -- the city: ``demo --scale city`` ----------------------------------------------------
# Every facility, ten years of history ending today, about 500,000 youths and 1,000,000
# room bookings, the booths and the audit log in proportion (the measured reference city:
# 500,000 youths, 948,697 room bookings, 396,060 booth slots, 3.2 M audit rows).
#
# The set-up (facilities, the demo accounts, rooms) goes through the services as the
# default demo does; the history is written by the areas' bulk builders (``CITY_BUILDERS``)
# with Core ``executemany`` on one connection, a month at a time, all builders stepping
# through the same months in lock-step (a builder is a generator that does one month's work
# per ``next``). Each builder draws from its own random stream (``CityContext.rng``), so a
# later area (counseling, matching, courses) adds its history without changing anybody
# else's rows. Audit rows go through ``CityContext.audit_*``: kept back one month, sorted by
# time, chained (``models.core.audit_chain.link``) and inserted, so the log is in time order
# and ``check`` verifies it; the head file is advanced after every commit.

CITY_YOUTH = 500_000
CITY_BOOKINGS = 1_000_000
CITY_YEARS = 10.0
_BATCH = 5000


@dataclass(frozen=True)
class CityPlan:
    youth: int = CITY_YOUTH
    bookings: int = CITY_BOOKINGS  # room bookings, cancelled ones included
    years: float = CITY_YEARS  # of history, ending today; booths cover the last three quarters
    seed: int = 2023

    @classmethod
    def scaled(cls, youth: int, years: float = CITY_YEARS, seed: int = 2023) -> CityPlan:
        """A city of ``youth`` youths: room bookings in the city's proportion (2 per youth
        over ten years), fewer for a shorter history."""
        return cls(youth, round(youth * 2 * years / CITY_YEARS), years, seed)

    @property
    def intensity(self) -> float:
        """Room bookings a year relative to the city's (1.0 for the city; the booths of a
        smaller one open at fewer cafés)."""
        return self.bookings / (CITY_BOOKINGS * self.years / CITY_YEARS)


@dataclass(frozen=True)
class Staff:
    """Who a generated row was made by (the audit log's user_id and username)."""
    user_id: int
    username: str
    facility_id: int | None
    role: str  # a Role value


@dataclass(frozen=True)
class Period:
    start: date  # first day
    end: date  # the day after the last


class CityContext:
    """What the bulk builders share: the connection, the clock, the facilities and rooms,
    the staff, the youth registered so far, explicit ids, and the audit log."""

    def __init__(self, services: Services, conn, plan: CityPlan, admin, facilities, rooms,
                 password_hash: str):
        from models.core.time import SEOUL
        self.services, self.conn, self.plan = services, conn, plan
        self.now = services.clock()
        self.today = self.now.astimezone(SEOUL).date()
        self.start = self.today - timedelta(days=round(plan.years * 365.25))
        self.horizon = self.today + timedelta(days=15)  # bookings two weeks ahead
        self.periods = _months(self.start, self.horizon)
        self.period = self.periods[0]
        self.admin = Staff(admin.user_id, admin.username, None, "admin")
        self.facilities = facilities  # Facility rows, by id order
        self.rooms = rooms  # facility id -> [Room]
        self.password_hash = password_hash  # one argon2 hash for every generated staff account
        self.staff: dict[tuple[int, str], list[Staff]] = {}  # (facility id, role value) -> staff
        self.youth_by_day: list[int] = []  # youths registered up to the end of day i (from start)
        self.youth_base = 0  # the id before the first generated youth
        self.counts: dict[str, int] = {}
        self._ids: dict[str, int] = {}
        self._pending: list[dict] = []
        self.audit_rows = 0
        self.head = audit_chain.EMPTY  # the chain's head after the last rows written

    # -- shared helpers ------------------------------------------------------------
    def rng(self, area: str) -> random.Random:
        """The random stream of one area (a str seed hashes the same on every run)."""
        return random.Random(f"{self.plan.seed}:{area}")

    @staticmethod
    def at(day: date, minutes: int) -> datetime:
        """``minutes`` after midnight in Seoul on ``day``, as aware UTC (Seoul keeps no DST)."""
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minutes - 540)

    def days(self, period: Period | None = None, until: date | None = None):
        p = period or self.period
        day, end = p.start, min(p.end, until) if until else p.end
        while day < end:
            yield day
            day += timedelta(days=1)

    def someone(self, facility_id: int | None, role: str, rng: random.Random) -> Staff:
        staff = self.staff.get((facility_id, role)) or self.staff.get((facility_id, "front_desk"))
        return rng.choice(staff) if staff else self.admin

    def youth_before(self, day: date) -> int:
        i = (day - self.start).days - 1
        if i < 0 or not self.youth_by_day:
            return 0
        return self.youth_by_day[min(i, len(self.youth_by_day) - 1)]

    def pick_youth(self, rng: random.Random, day: date) -> int | None:
        """A youth registered before ``day``, the recently registered more likely (youths
        use the facilities for a year or two)."""
        n = self.youth_before(day)
        if n == 0:
            return None
        year_ago = self.youth_before(day - timedelta(days=365))
        window = max(20, n - year_ago)
        idx = n - int(rng.expovariate(1.0 / window))
        return self.youth_base + (idx if idx >= 1 else rng.randint(1, n))

    def new_ids(self, model, n: int) -> range:
        """``n`` explicit primary keys of ``model``'s table (set on PostgreSQL's sequences
        at the end)."""
        table = model.__table__
        if table.name not in self._ids:
            self._ids[table.name] = self.conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar()
        first = self._ids[table.name] + 1
        self._ids[table.name] += n
        return range(first, first + n)

    def explicit_ids(self) -> list[str]:
        return sorted(self._ids)

    def insert(self, model, rows: list[dict]) -> None:
        table = model.__table__
        for i in range(0, len(rows), _BATCH):
            bulk_insert.insert(self.conn, table, rows[i:i + _BATCH])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    # -- the audit log -------------------------------------------------------------
    def audit_insert(self, model, row: dict, at: datetime, who: Staff) -> None:
        """The INSERT row the flush listener would write for ``row`` (all columns, personal
        fields masked as ``__audit_redact__`` says)."""
        shape = _SHAPES.get(model) or _shape(model)
        values = {}
        for key, rule, masker in shape.columns:
            v = row.get(key)
            if v is None or type(v) in _PLAIN_TYPES:
                values[key] = v if rule is None or v is None else masker(v) if masker else rule
            elif rule is not None:
                values[key] = masker(v) if masker else rule
            else:
                values[key] = _plain(v)
        pk = ",".join(str(row[k]) for k in shape.pk)
        facility = row.get("facility_id", row.get("registered_facility_id"))
        self._audit(at, who, "insert", shape.entity, pk, facility, None, values, None)

    def audit_update(self, entity: str, entity_id, facility_id, old: dict, new: dict,
                     at: datetime, who: Staff) -> None:
        self._audit(at, who, "update", entity, str(entity_id), facility_id,
                    {k: _plain(v) for k, v in old.items()}, {k: _plain(v) for k, v in new.items()}, None)

    def audit_event(self, action: str, entity: str, entity_id, facility_id, detail: str | None,
                    at: datetime, who: Staff) -> None:
        self._audit(at, who, action, entity, None if entity_id is None else str(entity_id),
                    facility_id, None, None, detail)

    def _audit(self, at, who, action, entity, entity_id, facility_id, old, new, detail) -> None:
        self._pending.append({
            "at": min(at, self.now), "user_id": who.user_id, "username": who.username,
            "action": action, "entity": entity, "entity_id": entity_id, "facility_id": facility_id,
            "old_values": old, "new_values": new, "detail": detail})

    def flush_audit(self, before: datetime | None = None) -> None:
        """Chain and insert the audit rows older than ``before`` (all without), in time order."""
        if not self._pending:
            return
        self._pending.sort(key=lambda r: r["at"])  # stable: same-instant rows keep their order
        if before is None:
            rows, self._pending = self._pending, []
        else:
            cut = bisect.bisect_left([r["at"] for r in self._pending], before)
            rows, self._pending = self._pending[:cut], self._pending[cut:]
        for i in range(0, len(rows), _BATCH):
            # chained in one pass and inserted as plain tuples (``audit_bulk``): the rows
            # and hashes ``audit_chain.link`` and the Core insert would write
            self.head = audit_bulk.append(self.conn, rows[i:i + _BATCH], self.head)
        self.audit_rows += len(rows)


_PLAIN_TYPES = frozenset({int, str, float, bool})


@dataclass(frozen=True)
class _Shape:
    """What an INSERT audit row of one model takes from a row: (column key, redaction rule,
    its masker) in column order, the primary key's keys, the table name."""
    columns: tuple[tuple[str, str | None, Callable | None], ...]
    pk: tuple[str, ...]
    entity: str


_SHAPES: dict[type, _Shape] = {}


def _shape(model) -> _Shape:
    redact = getattr(model, "__audit_redact__", {})
    table = model.__table__
    shape = _Shape(tuple((c.key, redact.get(c.key), MASKERS.get(redact.get(c.key)) if redact.get(c.key) else None)
                         for c in table.columns),
                   tuple(c.key for c in table.primary_key.columns), model.__tablename__)
    _SHAPES[model] = shape
    return shape


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _months(start: date, end: date) -> list[Period]:
    out, day = [], start
    while day < end:
        nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        out.append(Period(day, min(nxt, end)))
        day = nxt
    return out


# The areas' bulk builders, in the order they step through each month (a builder may use
# what one before it made: staff, then youth, then their bookings). A later area appends
# its own: ``builder(ctx)`` is a generator doing one month of ``ctx.periods`` per step.
CITY_BUILDERS: list[Callable[[CityContext], Iterator[None]]] = [
    city_staff, city_youth, city_bookings, city_booths, city_counseling, city_matching, city_courses]
CITY_STAFF_PASSWORD = "city12345"


@dataclass(frozen=True)
class CitySummary:
    counts: dict[str, int]
    accounts: list[DemoAccount]
    audit_from: int = 0  # the audit log's last seq before the history (the set-up's rows)
    staff_password: str = CITY_STAFF_PASSWORD


Progress = Callable[[int, int, dict], None]


def generate_city(services: Services, plan: CityPlan = CityPlan(),
                  progress: Progress | None = None) -> CitySummary:
    """The city-scale demo on an empty database (see the comment above ``CITY_YOUTH``).
    ``progress(done, total, counts)`` is called after every month."""
    if services.accounts.has_users():
        raise ValueError("이미 계정이 있는 데이터베이스에는 데모 데이터를 만들 수 없습니다.")
    seed_facilities(services)
    facilities = services.facilities.list_all()
    admin = create_accounts(services, {f.code: f.id for f in facilities})
    add_rooms(services, admin, facilities, extra_cafe_rooms=CITY_EXTRA_CAFE_ROOMS)
    password_hash = services.accounts.hasher.hash(CITY_STAFF_PASSWORD)
    db = services.db
    if db.is_sqlite:
        db.engine.dispose()  # the pool's idle connections: the journal mode changes on the only one
    with db.engine.connect() as conn:
        mode = _tune(conn, db.is_sqlite)
        try:
            facilities, rooms, audit_from = _load(conn)
            ctx = CityContext(services, conn, plan, admin, facilities, rooms, password_hash)
            _run(ctx, db, progress)
        finally:
            if mode is not None:
                _untune(conn, mode)
    return CitySummary(dict(ctx.counts, audit_log=ctx.audit_rows), DEMO_ACCOUNTS, audit_from)


def _tune(conn, sqlite: bool) -> str | None:
    """The generator's own connection on SQLite, for the build only: no fsync, a larger
    page cache, and the rollback journal in memory instead of the WAL (every page of the
    city would otherwise be written twice, to the WAL and back); the journal mode it had is
    returned for ``_untune``. The mode can only change on the file's only connection (the
    pool is emptied first); if it cannot, the build keeps the WAL. A build that dies half
    way leaves a database to delete, with or without the WAL."""
    if not sqlite:
        return None
    raw = conn.connection.driver_connection
    raw.execute("PRAGMA synchronous=OFF")
    raw.execute("PRAGMA cache_size=-524288")  # 512 MB
    mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
    raw.execute("PRAGMA journal_mode=MEMORY")
    return mode


def _untune(conn, mode: str) -> None:
    if conn.in_transaction():
        conn.rollback()
    raw = conn.connection.driver_connection
    raw.execute(f"PRAGMA journal_mode={mode}")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute("PRAGMA cache_size=-2000")
    if mode.lower() == "wal":
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _load(conn):
    from sqlmodel import Session, select
    with Session(bind=conn) as s:
        facilities = list(s.exec(select(Facility).order_by(Facility.id)).all())
        rooms: dict[int, list[Room]] = {}
        for r in s.exec(select(Room).order_by(Room.id)).all():
            rooms.setdefault(r.facility_id, []).append(r)
        s.expunge_all()
    audit_from = audit_chain.head(conn).seq
    if conn.in_transaction():
        conn.commit()
    return facilities, rooms, audit_from


def _run(ctx: CityContext, db, progress: Progress | None) -> None:
    conn = ctx.conn.execution_options(yjd_write=True)  # BEGIN IMMEDIATE on SQLite
    head_file = audit_head.path_for(db.engine.url)
    builders = [b(ctx) for b in CITY_BUILDERS]
    total = len(ctx.periods)
    try:
        for start in range(0, total, 12):  # a transaction a year
            with conn.begin():
                ctx.head = audit_bulk.begin(conn)
                guards = bulk_insert.drop_replace_guards(conn)  # back before this commit
                for i in range(start, min(start + 12, total)):
                    ctx.period = ctx.periods[i]
                    for b in builders:
                        next(b)
                    # builders date their rows up to a few days before the month they
                    # make: what is older than this month is complete
                    ctx.flush_audit(before=ctx.at(ctx.period.start, 0))
                    if progress:
                        progress(i + 1, total, dict(ctx.counts, audit_log=ctx.audit_rows))
                if start + 12 >= total:
                    ctx.flush_audit()
                    if db.is_postgresql:
                        _sequences(conn, ctx)
                bulk_insert.restore_guards(conn, guards)
            if head_file is not None and ctx.audit_rows:
                audit_head.advance(head_file, ctx.head)
    except DBAPIError as exc:
        raise translate(exc) or exc from None
    for b in builders:
        b.close()


def _sequences(conn, ctx: CityContext) -> None:
    """PostgreSQL: the id sequences of the tables given explicit ids, moved past them."""
    for table in ctx.explicit_ids():
        conn.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table})) "
            f"WHERE EXISTS (SELECT 1 FROM {table})"))


def describe_city(summary: CitySummary, db_label: str) -> str:
    c = summary.counts
    lines = [f"도시 규모 데모 데이터베이스: {db_label}",
             f"청년 {c.get('youth', 0):,}명 · 공간 예약 {c.get('booking', 0):,}건 · "
             f"AI 면접 회차 {c.get('booth_slot', 0):,}개 · AI 면접 예약 {c.get('booth_booking', 0):,}건 · "
             f"상담일지 {c.get('counseling_session', 0):,}건 · 감사 기록 {summary.audit_from + c.get('audit_log', 0):,}건",
             f"시설별 직원 계정 {c.get('user_account', 0):,}개(비밀번호 {summary.staff_password})",
             "", "데모 계정 (아이디 / 비밀번호 / 역할 / 시설):"]
    for a in summary.accounts:
        lines.append(f"  {a.username:<10} {a.password:<12} {a.role.label:<12} {a.facility_code or '서울시 전체'}")
    return "\n".join(lines)
