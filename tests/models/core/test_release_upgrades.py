"""Databases written by each released version upgrade with today's code and keep their rows.

``tests/fixtures/migrations/release-<rev>.db`` was made by the code of the release that
shipped schema revision <rev> (``make_fixtures.py`` and the README next to the files say
how). Each test copies a file to ``tmp_path``, upgrades the copy with ``migrate.upgrade``
and reads it back through today's services. The expected values below were written down
when the files were made; they are not read from the files.

The files were made on a fixed clock: Friday 2026-11-27 10:00 in Seoul, the last step on
Monday 11/30 10:05. These tests run on Monday 11/30 11:00.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.booths.enums import SessionType
from models.core import audit_head
from models.core.db import Database, sqlite_url
from models.core.enums import Role
from models.core.errors import Conflict
from models.core.integrity import check
from models.core.migrate import head_revision, status, upgrade
from models.core.time import day_bounds
from models.desk.enums import BookingStatus, CancelCode
from models.registry import Services
from models.rooms.enums import Purpose, WaitStatus
from tests.conftest import FAST_HASHER, FakeClock
from tests.models.util import audit_rows, count

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "migrations"
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # Monday 11:00 in Seoul
MON, TUE, WED = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)

CENTER = 16  # CAFE-CENTER, the demo's home facility, in every file
USERS = {"admin": "김서울", "manager": "박센터", "counselor": "이상담", "frontdesk": "최안내",
         "desk2": "정안내"}
# one demo account and the one the script added (argon2 at the release's default cost: slow)
PASSWORDS = {"admin": "admin1234", "desk2": "desk23456"}
USER_IDS = {"admin": 1, "manager": 2, "counselor": 3, "frontdesk": 4, "desk2": 5}
HANEUL, DOYUN, SEOYEON, MINJUN = 31, 32, 33, 34  # the youths the script registered


@dataclass(frozen=True)
class Release:
    rev: str
    counts: dict[str, int]  # rows per table as the release left them
    booking_status: dict[str, int] | None = None
    booth_status: dict[str, int] | None = None

    @property
    def path(self) -> Path:
        return FIXTURES / f"release-{self.rev}.db"


FOUNDATION = {"facility": 28, "user_account": 5, "role_grant": 5, "youth": 34}
BOOKINGS = {"booking_rules": 0, "facility_closure": 0, "booking_series": 2, "booking": 283,
            "waitlist_entry": 3}
BOOKING_STATUS = {"booked": 130, "cancelled": 25, "checked_in": 115, "no_show": 13}
RELEASES = {
    "0001": Release("0001", {**FOUNDATION, "room": 134, "audit_log": 214}),
    "0002": Release("0002", {**FOUNDATION, **BOOKINGS, "room": 135, "audit_log": 505},
                    BOOKING_STATUS),
    "0003": Release("0003", {**FOUNDATION, **BOOKINGS, "room": 136, "audit_log": 299,
                             "booth_rules": 0, "booth_template": 31, "booth_slot": 1295,
                             "booth_booking": 302, "consult_request": 20},
                    BOOKING_STATUS,
                    {"booked": 14, "cancelled": 20, "checked_in": 239, "no_show": 29}),
}
WITH_BOOKINGS = [r for r in RELEASES if r >= "0002"]
WITH_BOOTHS = [r for r in RELEASES if r >= "0003"]


def seoul(day: date, hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=SEOUL)


def table_counts(conn, tables) -> dict[str, int]:
    """Rows per table, on a sqlite3 or an SQLAlchemy connection."""
    run = getattr(conn, "exec_driver_sql", None) or conn.execute
    return {t: run(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def open_copy(rev: str, tmp_path: Path) -> SimpleNamespace:
    path = tmp_path / "yjd.db"
    shutil.copy(RELEASES[rev].path, path)
    db = Database(sqlite_url(path))
    clock = FakeClock(NOW)
    return SimpleNamespace(rev=rev, release=RELEASES[rev], path=path, db=db, clock=clock,
                           services=Services(db, clock=clock, hasher=FAST_HASHER))


@pytest.fixture
def old(request, tmp_path):
    """A copy of one release's file, not upgraded yet."""
    ns = open_copy(request.param, tmp_path)
    yield ns
    ns.db.dispose()


@pytest.fixture
def up(request, tmp_path):
    """A copy of one release's file, upgraded with today's code; actors from its accounts
    (without a login, which would add to the audit log)."""
    ns = open_copy(request.param, tmp_path)
    upgrade(ns.db)
    acct = ns.services.accounts
    ns.admin, ns.manager, ns.desk = (acct.refresh_actor(USER_IDS[u])
                                     for u in ("admin", "manager", "frontdesk"))
    yield ns
    ns.db.dispose()


each_old = pytest.mark.parametrize("old", list(RELEASES), indirect=True)
each = pytest.mark.parametrize("up", list(RELEASES), indirect=True)
with_bookings = pytest.mark.parametrize("up", WITH_BOOKINGS, indirect=True)
with_booths = pytest.mark.parametrize("up", WITH_BOOTHS, indirect=True)


# ------------------------------------------------------------------------ the files
@pytest.mark.parametrize("rev", list(RELEASES))
def test_fixture_is_small_and_needs_no_wal_file(rev):
    path = RELEASES[rev].path
    assert path.stat().st_size < 1_000_000
    header = path.read_bytes()[:20]
    assert header.startswith(b"SQLite format 3\x00")
    assert header[18:20] == b"\x01\x01"  # rollback journal, not WAL: the file is all there
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


def test_the_fixtures_are_the_first_revisions_of_todays_history():
    """A revision still in development has no release file yet; once released, its file is
    added here (make_fixtures.py) and to RELEASES."""
    from alembic.script import ScriptDirectory

    import models.core.migrate as migrate
    script = ScriptDirectory.from_config(migrate._config())
    history = [r.revision for r in reversed(list(script.walk_revisions()))]  # base first
    assert history[:len(RELEASES)] == list(RELEASES)
    assert sorted(p.name for p in FIXTURES.glob("*.db")) == [f"release-{r}.db" for r in RELEASES]


# ------------------------------------------------------------------- the upgrade
@each_old
def test_upgrade_reaches_head_after_a_backup_of_the_old_file(old):
    assert status(old.db).current == old.rev
    assert not list(old.path.parent.glob("yjd.db.bak-*"))

    result = upgrade(old.db)

    assert result.current == result.head == head_revision()
    assert status(old.db).up_to_date
    with old.db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    backups = list(old.path.parent.glob("yjd.db.bak-*"))
    if old.rev == head_revision():  # nothing to upgrade yet: no backup either
        assert backups == []
        with old.db.engine.connect() as conn:
            assert table_counts(conn, old.release.counts) == old.release.counts
    else:
        [backup] = backups
        assert backup.name.startswith(f"yjd.db.bak-{old.rev}-")
        with sqlite3.connect(backup) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (old.rev,)
            assert table_counts(copy, old.release.counts) == old.release.counts
        copy.close()
    # a second start-up finds nothing to do and makes no second backup
    assert upgrade(old.db).up_to_date
    assert len(list(old.path.parent.glob("yjd.db.bak-*"))) == len(backups)


@each
def test_every_row_is_still_there_and_the_file_passes_the_check(up):
    with up.db.engine.connect() as conn:
        assert table_counts(conn, up.release.counts) == up.release.counts
    report = check(up.db)
    assert report.ok, report.problems
    assert report.schema_current == head_revision()
    for table, n in up.release.counts.items():
        assert report.counts[table] == n


@each
def test_the_old_audit_rows_are_chained_in_id_order_and_the_head_file_written(up):
    rows = audit_rows(up.db)
    assert len(rows) == up.release.counts["audit_log"] > 0
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert len({r.row_hash for r in rows}) == len(rows)
    report = check(up.db)
    assert report.chain.ok and report.chain.count == len(rows)
    assert audit_head.read(audit_head.beside(up.path)) == report.chain.head
    # the upgrade put the UPDATE guard back after filling the chain
    with pytest.raises(DBAPIError, match="append-only"):
        with up.db.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET seq = 1"))


@each
def test_accounts_log_in_with_their_old_passwords(up):
    users = {u.username: u.display_name for u in up.services.accounts.list_users(up.admin)}
    assert users == USERS
    for name, password in PASSWORDS.items():
        actor = up.services.accounts.authenticate(name, password)
        assert (actor.user_id, actor.display_name) == (USER_IDS[name], USERS[name])
        assert actor.is_admin is (name == "admin")
    assert up.manager.roles_at(CENTER) == {Role.MANAGER}
    assert up.services.accounts.refresh_actor(USER_IDS["desk2"]).grants == {(CENTER, Role.FRONT_DESK)}
    assert up.services.facilities.by_code("cafe-center").id == CENTER
    assert up.services.facilities.by_code("CAFE-CENTER").name == "서울시 청년일자리센터"


@each
def test_youth_keep_name_birth_date_phone_and_the_update(up):
    row = up.services.youth.get(up.manager, CENTER, HANEUL)
    assert (row.name, row.birth_date, row.district, row.channel.value, row.consent_on,
            row.retention_years) == ("김하늘", date(1999, 5, 12), "관악구", "on_site",
                                     date(2026, 11, 20), 3)
    assert row.registered_facility == "서울시 청년일자리센터"
    contact = up.services.youth.contact(up.manager, CENTER, HANEUL)
    assert (contact.phone, contact.email) == ("01024681357", "haneul@example.com")
    assert up.services.youth.get(up.manager, CENTER, SEOYEON).district == "영등포구"  # updated
    with up.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, name, birth_date, phone FROM youth WHERE id > 30 "
                                 "ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [
        (HANEUL, "김하늘", "1999-05-12", "01024681357"),
        (DOYUN, "이도윤", "2001-08-03", "01035792468"),
        (SEOYEON, "박서연", "1997-12-24", "01011223344"),
        (MINJUN, "최민준", "2000-02-29", "01055667788")]
    assert up.services.youth.count(up.admin, None) == 34


@each
def test_audit_log_kept_its_rows_and_is_still_append_only(up):
    before = count(up.db, "audit_log")
    assert before == up.release.counts["audit_log"]
    for statement in ("UPDATE audit_log SET username = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with up.db.engine.begin() as conn:
                conn.execute(text(statement))
    assert count(up.db, "audit_log") == before
    [update] = audit_rows(up.db, entity="youth", action="update")
    assert (update.entity_id, update.username, update.facility_id) == (str(SEOYEON), "frontdesk", CENTER)
    assert (update.old_values["district"], update.new_values["district"]) == ("동작구", "영등포구")
    assert update.at.tzinfo is not None


@each
def test_a_room_booking_made_today_works_on_the_upgraded_file(up):
    rooms = {r.name: r.id for r in up.services.facilities.rooms(up.admin, CENTER)}
    before = count(up.db, "audit_log")
    bid = up.services.rooms.book(up.desk, CENTER, {
        "room_id": rooms["스터디룸 A"], "youth_id": HANEUL, "day": TUE, "start": "14:00",
        "end": "16:00", "headcount": 2, "purpose": "study", "note": "업그레이드 후",
        "identity_confirmed": True})
    row = up.services.rooms.get(up.desk, bid)
    assert (row.starts_at, row.ends_at) == (seoul(TUE, "14:00"), seoul(TUE, "16:00"))
    assert (row.room_name, row.youth_masked, row.status) == ("스터디룸 A", "김*늘", BookingStatus.BOOKED)
    assert count(up.db, "booking") == up.release.counts.get("booking", 0) + 1
    [insert] = [a for a in audit_rows(up.db, entity="booking") if a.entity_id == str(bid)]
    assert insert.action == "insert" and insert.username == "frontdesk"
    assert count(up.db, "audit_log") > before


# ------------------------------------------------------------------------ bookings
@with_bookings
def test_room_bookings_keep_their_seoul_times_and_statuses(up):
    get = lambda bid: up.services.rooms.get(up.desk, bid)  # noqa: E731
    kept = get(277)
    assert (kept.starts_at, kept.ends_at) == (seoul(MON, "14:00"), seoul(MON, "16:00"))
    assert kept.starts_at.utcoffset().total_seconds() == 9 * 3600
    assert (kept.room_name, kept.youth_id, kept.youth_masked, kept.headcount, kept.purpose,
            kept.note, kept.status, kept.series_id) == (
        "스터디룸 E", HANEUL, "김*늘", 3, Purpose.MEETING, "면접 스터디", BookingStatus.BOOKED, None)
    cancelled = get(278)
    assert (cancelled.youth_id, cancelled.time_text, cancelled.status, cancelled.cancel_code) == (
        DOYUN, "10:00–12:00", BookingStatus.CANCELLED, CancelCode.YOUTH)
    attended = get(279)
    assert (attended.youth_id, attended.time_text, attended.status) == (
        MINJUN, "10:00–11:00", BookingStatus.CHECKED_IN)
    with up.db.engine.connect() as conn:
        checked = conn.execute(text("SELECT checked_in_at FROM booking WHERE id = 279")).scalar()
        by_status = dict(conn.execute(text(
            "SELECT status, count(*) FROM booking GROUP BY status")).all())
    assert str(checked).startswith("2026-11-30 01:05:00")  # stored in UTC
    assert by_status == up.release.booking_status
    view = up.services.rooms.day_view(up.desk, CENTER, MON)
    room_e = {b.id: (b.time_text, b.status) for b in view.bookings if b.room_name == "스터디룸 E"}
    assert room_e == {277: ("14:00–16:00", BookingStatus.BOOKED),
                      278: ("10:00–12:00", BookingStatus.CANCELLED),
                      279: ("10:00–11:00", BookingStatus.CHECKED_IN)}
    assert [(w.id, w.youth_id) for w in view.waiting] == [(3, DOYUN)]


@with_bookings
def test_series_and_waitlist_survive(up):
    series = [up.services.rooms.get(up.desk, bid) for bid in (280, 281, 282, 283)]
    assert [s.starts_at for s in series] == [seoul(d, "10:00") for d in (
        WED, date(2026, 12, 9), date(2026, 12, 16), date(2026, 12, 23))]
    assert {(s.series_id, s.youth_id, s.room_name, s.note, s.headcount, s.status) for s in series} == {
        (2, SEOYEON, "스터디룸 E", "NCS 스터디", 2, BookingStatus.BOOKED)}
    entries = up.services.room_waitlist.entries(up.desk, CENTER, *day_bounds(MON))
    assert [(e.id, e.youth_id, e.room_name, e.starts_at, e.ends_at, e.status) for e in entries] == [
        (3, DOYUN, "스터디룸 E", seoul(MON, "14:00"), seoul(MON, "16:00"), WaitStatus.WAITING)]


@with_bookings
def test_old_bookings_are_worked_on_with_todays_services(up):
    room_e = 135
    with pytest.raises(Conflict):  # the old booking still holds its time
        up.services.rooms.book(up.desk, CENTER, {
            "room_id": room_e, "youth_id": SEOYEON, "day": MON, "start": "15:00", "end": "16:00",
            "identity_confirmed": True})
    with pytest.raises(Conflict):  # and so does the old series
        up.services.rooms.book(up.desk, CENTER, {
            "room_id": room_e, "youth_id": MINJUN, "day": date(2026, 12, 9), "start": "11:00",
            "end": "12:00", "identity_confirmed": True})
    # cancelling the old booking offers its time to the old waitlist entry
    assert up.services.rooms.cancel(up.desk, 277, "staff", "시설 점검") == CancelCode.STAFF
    [entry] = up.services.room_waitlist.entries(up.desk, CENTER, *day_bounds(MON))
    assert (entry.id, entry.status) == (3, WaitStatus.OFFERED)
    bid = up.services.room_waitlist.accept(up.desk, 3, identity_confirmed=True)
    assert up.services.rooms.get(up.desk, bid).youth_id == DOYUN
    # an old series is cut from one occurrence on
    assert up.services.room_series.cancel_from(up.desk, 282, "스터디 종료") == 2
    assert [up.services.rooms.get(up.desk, b).status for b in (280, 281, 282, 283)] == [
        BookingStatus.BOOKED, BookingStatus.BOOKED, BookingStatus.CANCELLED, BookingStatus.CANCELLED]


# -------------------------------------------------------------------------- booths
@with_booths
def test_booth_template_slots_and_bookings_survive(up):
    [template] = [t for t in up.services.booth_slots.templates(up.desk, CENTER)
                  if t.room_name == "AI 면접 부스 4"]
    assert (template.room_id, template.weekdays, template.day_start, template.day_end,
            template.slot_minutes, template.buffer_minutes) == (136, (0, 1, 2, 3, 4), "10:00",
                                                                "17:00", 50, 10)
    booked = up.services.booths.get(up.desk, 301)
    assert (booked.slot_id, booked.room_name, booked.starts_at, booked.ends_at, booked.youth_id,
            booked.session_type, booked.status) == (
        1265, "AI 면접 부스 4", seoul(MON, "14:00"), seoul(MON, "14:50"), HANEUL,
        SessionType.AI_INTERVIEW, BookingStatus.BOOKED)
    gone = up.services.booths.get(up.desk, 302)
    assert (gone.slot_id, gone.starts_at, gone.youth_id, gone.session_type, gone.status,
            gone.cancel_code) == (1268, seoul(TUE, "10:00"), DOYUN, SessionType.AI_COMPETENCY,
                                  BookingStatus.CANCELLED, CancelCode.YOUTH)
    with up.db.engine.connect() as conn:
        slots = conn.execute(text("SELECT count(*) FROM booth_slot WHERE room_id = 136")).scalar()
        by_status = dict(conn.execute(text(
            "SELECT status, count(*) FROM booth_booking GROUP BY status")).all())
    assert slots == 35
    assert by_status == up.release.booth_status


@with_booths
def test_booth_booking_and_slot_generation_work_on_the_upgraded_file(up):
    day = {s.starts_at.strftime("%H:%M"): s for s in up.services.booths.day(up.desk, CENTER, WED)
           if s.room_id == 136}
    assert len(day) == 7 and all(s.booking_id is None for s in day.values())
    bid = up.services.booths.book(up.desk, day["11:00"].id, SEOYEON, "video_interview")
    row = up.services.booths.get(up.desk, bid)
    assert (row.starts_at, row.youth_id, row.status) == (seoul(WED, "11:00"), SEOYEON,
                                                         BookingStatus.BOOKED)
    with pytest.raises(Conflict):  # the old booking still holds its slot
        up.services.booths.book(up.desk, 1265, MINJUN, "ai_interview")
    report = up.services.booth_slots.generate(up.admin, CENTER, date(2026, 12, 7),
                                              date(2026, 12, 11), [136])
    assert report.added == 35
    with up.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM booth_slot")).scalar() == 1295 + 35


@with_bookings
def test_old_bookings_check_in_with_todays_services(up):
    up.clock.now = seoul(MON, "13:50").astimezone(UTC)
    up.services.rooms.check_in(up.desk, 277)
    assert up.services.rooms.get(up.desk, 277).status == BookingStatus.CHECKED_IN
    if up.rev >= "0003":
        up.services.booths.check_in(up.desk, 301)
        assert up.services.booths.get(up.desk, 301).status == BookingStatus.CHECKED_IN
    with pytest.raises(Conflict):  # the booking checked in on the release stays checked in
        up.services.rooms.check_in(up.desk, 279)
