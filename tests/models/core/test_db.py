"""The database layer: SQLite settings, aware UTC instants, retries, and the Korean
messages of known storage problems (locked, read-only, corrupt, missing folder)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from models.accounts.tables import UserAccount
from models.core.db import Database, sqlite_url, translate
from models.core.errors import StorageError
from models.core.migrate import status, upgrade
from models.facilities.tables import Room
from models.registry import Services
from tests.conftest import FAST_HASHER
from tests.models.util import count, facility_data, load


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@pytest.fixture
def sqlite_file(tmp_path, sqlite_template):
    path = tmp_path / "yjd.db"
    shutil.copy(sqlite_template, path)
    return path


# -- SQLite settings ------------------------------------------------------------------------
def test_sqlite_pragmas(sqlite_file):
    db = Database(sqlite_url(sqlite_file), busy_timeout_ms=1234)
    with db.engine.connect() as conn:
        pragma = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")}
    db.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 1234,
                      "synchronous": 1}  # 1 = NORMAL


def test_default_busy_timeout_comes_from_the_environment(sqlite_file, monkeypatch):
    monkeypatch.setenv("YJD_BUSY_TIMEOUT_MS", "2500")
    db = Database(sqlite_url(sqlite_file))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 2500
    db.dispose()


def test_sqlite_writes_take_the_write_lock_at_begin(sqlite_file):
    """BEGIN IMMEDIATE: another writer is kept out from the start of a write, not from its
    first INSERT, so the busy timeout applies instead of a failure half way."""
    db = Database(sqlite_url(sqlite_file))
    other = sqlite3.connect(sqlite_file, timeout=0, isolation_level=None)

    def other_writer(s):
        s.exec(text("SELECT count(*) FROM facility"))  # the transaction has started, read only
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return "got the lock"
        except sqlite3.OperationalError as exc:
            return str(exc)

    assert db.write(other_writer) == "database is locked"
    assert db.read(other_writer) == "got the lock"  # a read does not keep writers out
    other.close()
    db.dispose()


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError):
        db.write(lambda s: s.add(Room(facility_id=424242, name="유령", kind="study_room", capacity=1)))
    assert count(db, "room") == 0


# -- time -------------------------------------------------------------------------------------
def test_instants_round_trip_as_aware_utc(services, world, clock):
    seoul = timezone(timedelta(hours=9))
    clock.now = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=seoul)
    services.accounts.authenticate("manager", "pass1234")

    user = load(services.db, lambda s: s.get(UserAccount, world.manager.user_id))
    assert user.last_login_at == clock.now
    assert user.last_login_at.tzinfo is not None
    assert user.last_login_at.utcoffset() == timedelta(0)
    assert user.last_login_at.hour == 0  # 09:30 in Seoul is 00:30 UTC
    assert user.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(db):
    def work(s):
        s.add(UserAccount(username="naive", display_name="n", password_hash="x",
                          created_at=datetime(2026, 1, 1)))
        s.flush()

    with pytest.raises((StatementError, ValueError), match="naive"):
        db.write(work)


# -- retries ----------------------------------------------------------------------------------
class _Orig(Exception):
    def __init__(self, sqlstate):
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize("sqlstate, calls", [("40001", 2), ("40P01", 2), ("23505", 1)])
def test_serialization_failures_are_retried(db, sqlstate, calls):
    made = []

    def work(s):
        made.append(1)
        if len(made) == 1:
            raise DBAPIError("UPDATE ...", {}, _Orig(sqlstate))
        return "done"

    if calls == 1:
        with pytest.raises(DBAPIError):
            db.write(work)
    else:
        assert db.write(work) == "done"
    assert len(made) == calls


def test_retries_give_up_after_a_few_attempts(db):
    made = []

    def work(s):
        made.append(1)
        raise DBAPIError("UPDATE ...", {}, _Orig("40001"))

    with pytest.raises(DBAPIError):
        db.write(work)
    assert len(made) == 5


# -- known storage problems ---------------------------------------------------------------------
@pytest.mark.parametrize("message, kind", [
    ("database is locked", StorageError.LOCKED),
    ("attempt to write a readonly database", StorageError.READ_ONLY),
    ("file is not a database", StorageError.CORRUPT),
    ("database disk image is malformed", StorageError.CORRUPT),
    ("database or disk is full", StorageError.DISK_FULL),
    ("unable to open database file", StorageError.CANNOT_OPEN),
])
def test_translate_gives_korean_messages(message, kind):
    err = translate(sqlite3.OperationalError(message))
    assert err.kind == kind
    assert _hangul(err.message) and message not in err.message


@pytest.mark.parametrize("message", ["terminating connection due to administrator command",
                                     "the connection is lost", "connection refused"])
def test_a_lost_or_refused_server_connection_is_unavailable(message):
    from sqlalchemy.exc import OperationalError

    err = translate(OperationalError("SELECT 1", None, Exception(message)))
    assert err.kind == StorageError.UNAVAILABLE and "서버" in err.message


def test_translate_leaves_unknown_errors_alone():
    assert translate(sqlite3.OperationalError("no such table: nothing")) is None
    assert translate(ValueError("boom")) is None


def test_locked_database_gives_locked_on_a_write(sqlite_file):
    holder = sqlite3.connect(sqlite_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    db = Database(sqlite_url(sqlite_file), busy_timeout_ms=200)
    try:
        with pytest.raises(StorageError) as info:
            Services(db).facilities.create(None, facility_data())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert info.value.kind == StorageError.LOCKED
    assert "다른 프로그램이 사용 중" in info.value.message
    # once the other program lets go, the same write works
    Services(db).facilities.create(None, facility_data())
    assert count(db, "facility") == 1
    db.dispose()


def test_corrupt_file_is_reported_and_left_unchanged(tmp_path):
    path = tmp_path / "broken.db"
    content = b"SQLite format 2\x00" + bytes(range(256)) * 64
    path.write_bytes(content)
    db = Database(sqlite_url(path))
    for attempt in (lambda: upgrade(db), lambda: status(db),
                    lambda: Services(db).facilities.list_all()):
        with pytest.raises(StorageError) as info:
            attempt()
        assert info.value.kind == StorageError.CORRUPT
        assert "손상" in info.value.message
    db.dispose()
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]


def test_missing_directory_is_reported_and_not_created(tmp_path):
    folder = tmp_path / "no" / "such"
    with pytest.raises(StorageError) as info:
        Database(sqlite_url(folder / "yjd.db"))
    assert info.value.kind == StorageError.MISSING_DIR
    assert str(folder) in info.value.message and "폴더가 없습니다" in info.value.message
    assert not (tmp_path / "no").exists()


def test_read_only_database_reads_but_refuses_writes(sqlite_file):
    rw = Services(Database(sqlite_url(sqlite_file)), hasher=FAST_HASHER)
    rw.facilities.create(None, facility_data())
    rw.db.dispose()
    ro = Services(Database(f"sqlite:///file:{sqlite_file}?mode=ro&uri=true"), hasher=FAST_HASHER)
    assert ro.db.sqlite_path == sqlite_file
    assert status(ro.db).up_to_date
    assert [f.code for f in ro.facilities.list_all()] == ["CAFE-NEW"]

    with pytest.raises(StorageError) as info:
        ro.facilities.create(None, facility_data(code="CAFE-TWO"))
    assert info.value.kind == StorageError.READ_ONLY
    assert "읽기 전용" in info.value.message
    ro.db.dispose()
    assert count(Database(sqlite_url(sqlite_file)), "facility") == 1


def test_describe_never_shows_a_password():
    db = Database("postgresql://yjd:s3cret@db.example.org:5433/yjd")
    assert db.url.drivername == "postgresql+psycopg"
    assert db.describe() == "PostgreSQL · db.example.org:5433/yjd"
    assert "s3cret" not in db.describe()
    db.dispose()
