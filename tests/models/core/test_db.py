"""The database layer: SQLite settings, aware UTC instants, retries, and the Korean
messages of known storage problems (locked, read-only file or server, full, corrupt, cannot
open, missing folder, server unreachable), each from a real SQLite or PostgreSQL error."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from models.accounts.tables import UserAccount
from models.core.db import READ_ONLY_TRANSACTION, Database, sqlite_url
from models.core.errors import StorageError
from models.core.migrate import status, upgrade
from models.facilities.tables import Room
from models.registry import Services
from tests.conftest import FAST_HASHER, PG_URL, truncate_all
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
# Real SQLite and PostgreSQL errors; the code-by-code classification with synthetic driver
# exceptions is in test_error_codes.py.
LOCKED_TEXT = "데이터베이스를 다른 프로그램이 사용 중입니다. 잠시 후 다시 시도하세요."
READ_ONLY_FILE_TEXT = "데이터베이스 파일에 쓸 수 없습니다(읽기 전용). 파일 권한을 확인하세요."
DISK_FULL_TEXT = "디스크 공간이 부족해 저장하지 못했습니다. 공간을 확보한 뒤 다시 시도하세요."
CORRUPT_TEXT = "데이터베이스 파일이 손상되었거나 데이터베이스가 아닙니다"
CANNOT_OPEN_TEXT = "데이터베이스 파일을 열 수 없습니다. 경로와 권한을 확인하세요."
UNAVAILABLE_TEXT = "데이터베이스 서버에 연결할 수 없습니다. 주소와 서버 상태를 확인하세요."
READ_ONLY_SERVER_TEXT = "데이터베이스 서버가 지금은 읽기만 허용해 저장하지 못했습니다"


def _driver_code(info) -> int | str | None:
    """The driver's code behind a translated StorageError (raised ``from None``, so the
    DBAPIError is the context)."""
    orig = getattr(info.value.__context__, "orig", info.value.__context__)
    return getattr(orig, "sqlite_errorcode", None) or getattr(orig, "sqlstate", None)


def test_a_write_while_another_program_holds_the_write_lock_is_locked(sqlite_file):
    """A second connection holds BEGIN IMMEDIATE; with no busy timeout the write fails at
    once with SQLITE_BUSY, the desk sees the locked message, and nothing is written."""
    holder = sqlite3.connect(sqlite_file, timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    db = Database(sqlite_url(sqlite_file), busy_timeout_ms=0)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 0
        with pytest.raises(StorageError) as info:
            Services(db).facilities.create(None, facility_data())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert info.value.kind == StorageError.LOCKED and info.value.message == LOCKED_TEXT
    assert _driver_code(info) & 0xFF == sqlite3.SQLITE_BUSY
    assert count(db, "facility") == 0
    db.dispose()


def test_query_only_connection_gives_the_read_only_file_message(sqlite_file):
    """PRAGMA query_only (as when the file cannot be written): SQLITE_READONLY."""
    db = Database(sqlite_url(sqlite_file))

    def work(s):
        s.connection().exec_driver_sql("PRAGMA query_only = ON")
        s.add(Room(facility_id=1, name="창가석", kind="study_room", capacity=1))
        s.flush()

    with pytest.raises(StorageError) as info:
        db.write(work)
    db.dispose()  # the pragma stays on the pooled connection
    assert info.value.kind == StorageError.READ_ONLY and info.value.message == READ_ONLY_FILE_TEXT
    assert _driver_code(info) & 0xFF == sqlite3.SQLITE_READONLY
    assert count(Database(sqlite_url(sqlite_file)), "room") == 0


def test_a_full_database_gives_the_disk_full_message(sqlite_file):
    """max_page_count caps the file at its size: the next page is SQLITE_FULL, as on a full
    disk, and the transaction is rolled back."""
    db = Database(sqlite_url(sqlite_file))

    def work(s):
        conn = s.connection()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        conn.exec_driver_sql("CREATE TABLE filler (x BLOB)")
        conn.exec_driver_sql("INSERT INTO filler VALUES (zeroblob(1000000))")

    with pytest.raises(StorageError) as info:
        db.write(work)
    db.dispose()
    assert info.value.kind == StorageError.DISK_FULL and info.value.message == DISK_FULL_TEXT
    assert _driver_code(info) == sqlite3.SQLITE_FULL
    with Database(sqlite_url(sqlite_file)).engine.connect() as conn:
        assert conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE name = 'filler'").scalar() == 0


def test_a_malformed_database_page_gives_the_corrupt_message(tmp_path):
    """A table page overwritten with garbage: SQLITE_CORRUPT when it is read."""
    path = tmp_path / "malformed.db"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("CREATE TABLE t (i INTEGER, s TEXT)")
    raw.execute("BEGIN")
    raw.executemany("INSERT INTO t VALUES (?, ?)", [(i, "x" * 50) for i in range(2000)])
    raw.execute("COMMIT")
    page = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    data = bytearray(path.read_bytes())
    data[page * 3:page * 4] = b"\xff" * page
    path.write_bytes(bytes(data))
    db = Database(sqlite_url(path))
    with pytest.raises(StorageError) as info:
        db.read(lambda s: s.connection().exec_driver_sql("SELECT sum(i) FROM t").scalar())
    db.dispose()
    assert info.value.kind == StorageError.CORRUPT and info.value.message.startswith(CORRUPT_TEXT)
    assert _driver_code(info) & 0xFF == sqlite3.SQLITE_CORRUPT


def test_a_folder_in_place_of_the_file_cannot_be_opened(tmp_path):
    folder = tmp_path / "yjd.db"
    folder.mkdir()
    db = Database(sqlite_url(folder))
    with pytest.raises(StorageError) as info:
        Services(db).facilities.list_all()
    db.dispose()
    assert info.value.kind == StorageError.CANNOT_OPEN and info.value.message == CANNOT_OPEN_TEXT
    assert _driver_code(info) & 0xFF == sqlite3.SQLITE_CANTOPEN
    assert list(folder.iterdir()) == []


@pytest.fixture
def pg(request):
    """The PostgreSQL test database, emptied; skipped without YJD_TEST_DATABASE_URL."""
    if not PG_URL:
        pytest.skip("YJD_TEST_DATABASE_URL is not set")
    database = request.getfixturevalue("pg_database")
    truncate_all(database)
    return database


def _a_facility(db) -> int:
    return Services(db, hasher=FAST_HASHER).facilities.create(None, facility_data())


def test_a_read_only_transaction_on_the_server_is_not_the_file_message(pg):
    """SET TRANSACTION READ ONLY, as on a hot-standby replica: SQLSTATE 25006 is the
    server's read-only message, not the SQLite file-permission one, and nothing is written."""
    facility_id = _a_facility(pg)

    def work(s):
        s.connection().execute(text("SET TRANSACTION READ ONLY"))
        s.add(Room(facility_id=facility_id, name="창가석", kind="study_room", capacity=1))
        s.flush()

    with pytest.raises(StorageError) as info:
        pg.write(work)
    assert info.value.kind == READ_ONLY_TRANSACTION != StorageError.READ_ONLY
    assert info.value.message.startswith(READ_ONLY_SERVER_TEXT)
    assert info.value.message != READ_ONLY_FILE_TEXT and "파일" not in info.value.message
    assert _driver_code(info) == "25006"
    assert count(pg, "room") == 0
    # the connection goes back to the pool in a normal state: the next write works
    pg.write(lambda s: s.add(Room(facility_id=facility_id, name="창가석", kind="study_room",
                                  capacity=1)))
    assert count(pg, "room") == 1


def test_a_read_only_server_session_reads_but_refuses_writes(pg):
    """Every transaction read-only (default_transaction_read_only, as a replica behaves):
    the services still read, a write gives the server's read-only message, nothing lands."""
    _a_facility(pg)
    audit_before = count(pg, "audit_log")
    url = make_url(PG_URL).update_query_dict({"options": "-c default_transaction_read_only=on"})
    ro = Services(Database(url), hasher=FAST_HASHER)
    try:
        assert [f.code for f in ro.facilities.list_all()] == ["CAFE-NEW"]
        with pytest.raises(StorageError) as info:
            ro.facilities.create(None, facility_data(code="CAFE-TWO"))
    finally:
        ro.db.dispose()
    assert info.value.kind == READ_ONLY_TRANSACTION
    assert info.value.message.startswith(READ_ONLY_SERVER_TEXT)
    assert "관리자에게 문의하세요" in info.value.message
    assert count(pg, "facility") == 1 and count(pg, "audit_log") == audit_before


def test_a_terminated_server_connection_is_unavailable_and_nothing_is_written(pg):
    """pg_terminate_backend (an administrator, a restart): 57P01 on an invalidated
    connection; the half-done write is gone and the next one works."""
    facility_id = _a_facility(pg)

    def work(s):
        s.add(Room(facility_id=facility_id, name="창가석", kind="study_room", capacity=1))
        s.flush()
        pid = s.connection().execute(text("SELECT pg_backend_pid()")).scalar()
        with pg.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        s.connection().execute(text("SELECT 1"))

    with pytest.raises(StorageError) as info:
        pg.write(work)
    assert info.value.kind == StorageError.UNAVAILABLE and info.value.message == UNAVAILABLE_TEXT
    assert info.value.__context__.connection_invalidated
    assert count(pg, "room") == 0
    pg.write(lambda s: s.add(Room(facility_id=facility_id, name="창가석", kind="study_room",
                                  capacity=1)))
    assert count(pg, "room") == 1


def test_a_database_that_does_not_exist_is_unavailable(pg):
    """The server refuses the connection attempt (psycopg gives no SQLSTATE here; the
    libpq connection is BAD)."""
    missing = Database(make_url(PG_URL).set(database="yjd_h1_does_not_exist"))
    try:
        with pytest.raises(StorageError) as info:
            Services(missing).facilities.list_all()
    finally:
        missing.dispose()
    assert info.value.kind == StorageError.UNAVAILABLE and info.value.message == UNAVAILABLE_TEXT
    assert "yjd_h1_does_not_exist" not in info.value.message


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
