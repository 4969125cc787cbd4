"""Storage errors are told apart by code (SQLite result codes, PostgreSQL SQLSTATEs,
SQLAlchemy's connection_invalidated), never by the driver's English message text: a
Korean-locale PostgreSQL server words its messages in Korean, and the same English words
under an unrelated code must not become a storage message.

The exceptions here are real driver exception classes (psycopg's SQLSTATE subclasses,
sqlite3's with ``sqlite_errorcode`` set) wrapped the way SQLAlchemy wraps them."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from psycopg import errors as pg_errors
from sqlalchemy.exc import DBAPIError

from models.core.db import READ_ONLY_TRANSACTION, Database, _is_retryable, translate
from models.core.errors import StorageError

# what the user reads, per kind (fragments of the Korean messages)
UNAVAILABLE_TEXT = "데이터베이스 서버에 연결할 수 없습니다"
DISK_FULL_TEXT = "디스크 공간이 부족해 저장하지 못했습니다"
READ_ONLY_SERVER_TEXT = "데이터베이스 서버가 지금은 읽기만 허용해 저장하지 못했습니다"
READ_ONLY_FILE_TEXT = "데이터베이스 파일에 쓸 수 없습니다(읽기 전용)"
LOCKED_TEXT = "데이터베이스를 다른 프로그램이 사용 중입니다"
CORRUPT_TEXT = "데이터베이스 파일이 손상되었거나 데이터베이스가 아닙니다"
CANNOT_OPEN_TEXT = "데이터베이스 파일을 열 수 없습니다"

# Korean-locale server texts (lc_messages = 'ko_KR.UTF-8')
KO_ADMIN_SHUTDOWN = "치명적오류:  관리자 요청에 의해서 연결을 끝냅니다"
KO_READ_ONLY = "오류:  읽기 전용 트랜잭션에서는 INSERT 명령을 실행할 수 없습니다"
KO_DISK_FULL = "오류:  \"base/16384/16385\" 파일을 확장할 수 없음: 장치에 남은 공간이 없음"


def pg_error(sqlstate: str, message: str, *, statement: str | None = "INSERT INTO facility ...",
             invalidated: bool = False) -> DBAPIError:
    """A psycopg exception of the class the server's SQLSTATE selects, wrapped like SQLAlchemy."""
    orig = pg_errors.lookup(sqlstate)(message)
    assert orig.sqlstate == sqlstate
    return DBAPIError.instance(statement, None, orig, psycopg.Error, hide_parameters=True,
                               connection_invalidated=invalidated)


def sqlite_error(name: str | None, message: str, cls=sqlite3.OperationalError) -> sqlite3.Error:
    """A sqlite3 exception as the module raises it on Python 3.11+: ``sqlite_errorcode`` (the
    extended result code) and ``sqlite_errorname`` set. ``name`` None: raised by the module
    itself, without either."""
    exc = cls(message)
    if name is not None:
        exc.sqlite_errorcode = getattr(sqlite3, name)
        exc.sqlite_errorname = name
    return exc


def wrapped(orig: sqlite3.Error) -> DBAPIError:
    return DBAPIError.instance("INSERT INTO facility ...", None, orig, sqlite3.Error,
                               hide_parameters=True)


# -- PostgreSQL -------------------------------------------------------------------------------
@pytest.mark.parametrize("sqlstate, message", [
    ("57P01", KO_ADMIN_SHUTDOWN),  # admin_shutdown: pg_terminate_backend, a server restart
    ("57P02", "치명적오류:  다른 서버 프로세스가 손상을 입어 현재 연결을 중지합니다"),  # crash_shutdown
    ("57P03", "치명적오류:  데이터베이스 시스템이 시작되는 중입니다"),  # cannot_connect_now
    ("08006", "연결 실패"),  # connection_failure
    ("08001", "연결을 만들 수 없음"),  # sqlclient_unable_to_establish_sqlconnection
    ("08003", "연결이 없음"),  # connection_does_not_exist
    ("08P01", "프로토콜 위반"),  # protocol_violation (still class 08)
])
def test_connection_sqlstates_say_the_server_cannot_be_reached(sqlstate, message):
    err = translate(pg_error(sqlstate, message))
    assert isinstance(err, StorageError) and err.kind == StorageError.UNAVAILABLE
    assert err.message.startswith(UNAVAILABLE_TEXT)
    assert message not in err.message


def test_disk_full_on_the_server_is_the_disk_full_message():
    err = translate(pg_error("53100", KO_DISK_FULL))
    assert err.kind == StorageError.DISK_FULL
    assert err.message.startswith(DISK_FULL_TEXT) and "base/16384" not in err.message


def test_a_read_only_transaction_is_not_a_read_only_file():
    """25006 comes from a hot-standby replica or default_transaction_read_only: the server,
    not a file permission. The user is told to ask the administrator, not to check files."""
    err = translate(pg_error("25006", KO_READ_ONLY))
    assert err.kind == READ_ONLY_TRANSACTION != StorageError.READ_ONLY
    assert err.message.startswith(READ_ONLY_SERVER_TEXT)
    assert "관리자에게 문의하세요" in err.message
    assert "파일" not in err.message and "권한" not in err.message
    assert "INSERT" not in err.message


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_serialization_failures_and_deadlocks_stay_retryable_and_untranslated(sqlstate):
    exc = pg_error(sqlstate, "오류:  교착 상태 발견")
    assert _is_retryable(exc)
    assert translate(exc) is None  # Database.write retries them; the last one reaches the caller


@pytest.mark.parametrize("sqlstate", ["57P01", "25006", "53100", "08006", "23505", "42P01"])
def test_other_sqlstates_are_not_retried(sqlstate):
    assert not _is_retryable(pg_error(sqlstate, "x"))


@pytest.mark.parametrize("sqlstate, message", [
    ("42P01", "database is locked"),  # undefined_table, with SQLite's locked words
    ("23505", "attempt to write a readonly database; read-only"),  # unique_violation
    ("22P02", "database or disk is full; no space left on device"),  # invalid_text_representation
    ("XX000", "terminating connection due to administrator command"),  # internal_error
    ("42601", "could not connect to server: connection refused"),  # syntax_error
    ("P0001", "file is not a database; database disk image is malformed"),  # raise_exception
    ("22012", KO_ADMIN_SHUTDOWN),  # division_by_zero, with the Korean shutdown words
])
def test_the_same_words_under_an_unrelated_sqlstate_are_not_classified(sqlstate, message):
    """Unknown errors reach the crash dialog: the message text never decides."""
    assert translate(pg_error(sqlstate, message)) is None


def test_an_invalidated_connection_is_a_lost_server_whatever_the_text():
    """SQLAlchemy sets connection_invalidated when the connection died under the statement
    (psycopg reports its connection broken); the driver's text may be anything."""
    lost = psycopg.OperationalError("서버가 예기치 않게 연결을 닫았습니다")
    err = translate(DBAPIError.instance("SELECT 1", None, lost, psycopg.Error,
                                        connection_invalidated=True))
    assert err.kind == StorageError.UNAVAILABLE and err.message.startswith(UNAVAILABLE_TEXT)
    # the same error on a connection that is still good is not a storage problem
    assert translate(DBAPIError.instance("SELECT 1", None, lost, psycopg.Error)) is None
    # English "connection lost" words under an unrelated code on a good connection: unknown
    assert translate(pg_error("42P01", "the connection is lost; server closed the connection")) is None


def test_a_refused_connection_attempt_is_unavailable():
    """A real psycopg connection attempt to a closed port: no SQLSTATE, the libpq
    connection is BAD."""
    db = Database("postgresql+psycopg://nobody@127.0.0.1:1/nothing")
    try:
        with pytest.raises(StorageError) as info:
            db.read(lambda s: s.connection())
    finally:
        db.dispose()
    assert info.value.kind == StorageError.UNAVAILABLE
    assert info.value.message.startswith(UNAVAILABLE_TEXT)
    assert "127.0.0.1" not in info.value.message


def test_a_host_name_that_does_not_resolve_is_unavailable():
    """psycopg resolves the host itself and raises a bare OperationalError (no SQLSTATE, no
    libpq connection); SQLAlchemy wraps it without a statement, as it came from connecting."""
    orig = psycopg.OperationalError("호스트 이름을 찾을 수 없습니다")
    err = translate(DBAPIError.instance(None, None, orig, psycopg.Error))
    assert err.kind == StorageError.UNAVAILABLE and err.message.startswith(UNAVAILABLE_TEXT)
    # the same bare error under a statement is not a failed connection attempt
    assert translate(DBAPIError.instance("SELECT 1", None, orig, psycopg.Error)) is None


# -- SQLite -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, text", [
    ("SQLITE_BUSY", LOCKED_TEXT),  # 5
    ("SQLITE_BUSY_SNAPSHOT", LOCKED_TEXT),  # 517
    ("SQLITE_BUSY_TIMEOUT", LOCKED_TEXT),  # 773
    ("SQLITE_LOCKED", LOCKED_TEXT),  # 6
    ("SQLITE_LOCKED_SHAREDCACHE", LOCKED_TEXT),  # 262
    ("SQLITE_READONLY", READ_ONLY_FILE_TEXT),  # 8
    ("SQLITE_READONLY_ROLLBACK", READ_ONLY_FILE_TEXT),  # 776
    ("SQLITE_READONLY_DBMOVED", READ_ONLY_FILE_TEXT),  # 1032
    ("SQLITE_READONLY_DIRECTORY", READ_ONLY_FILE_TEXT),  # 1544
    ("SQLITE_FULL", DISK_FULL_TEXT),  # 13
    ("SQLITE_CORRUPT", CORRUPT_TEXT),  # 11
    ("SQLITE_CORRUPT_INDEX", CORRUPT_TEXT),  # 779
    ("SQLITE_NOTADB", CORRUPT_TEXT),  # 26
    ("SQLITE_CANTOPEN", CANNOT_OPEN_TEXT),  # 14
    ("SQLITE_CANTOPEN_ISDIR", CANNOT_OPEN_TEXT),  # 526
])
def test_sqlite_result_codes_give_korean_messages(name, text):
    # the message text is deliberately unrelated: only the code may decide
    for exc in (sqlite_error(name, "no such table: nothing"),
                sqlite_error(name, "no such table: nothing", sqlite3.DatabaseError)):
        for candidate in (exc, wrapped(exc)):  # raw (VACUUM INTO in migrate) and wrapped
            err = translate(candidate)
            assert isinstance(err, StorageError), (name, candidate)
            assert err.message.startswith(text)
            assert "no such table" not in err.message


@pytest.mark.parametrize("name, message", [
    (None, "database is locked"),  # no code: raised by the sqlite3 module itself
    ("SQLITE_ERROR", "database is locked"),  # 1: a generic SQL error
    ("SQLITE_CONSTRAINT", "attempt to write a readonly database"),  # 19
    ("SQLITE_CONSTRAINT_UNIQUE", "database or disk is full"),  # 2067
    ("SQLITE_MISMATCH", "file is not a database"),  # 20
    ("SQLITE_ERROR", "unable to open database file"),
])
def test_sqlite_words_without_their_code_are_not_classified(name, message):
    exc = sqlite_error(name, message)
    assert translate(exc) is None
    assert translate(wrapped(exc)) is None


def test_errors_that_are_not_database_errors_stay_unknown():
    assert translate(ValueError("database is locked")) is None
    assert translate(OSError(28, "No space left on device")) is None
    assert translate(sqlite3.ProgrammingError("Cannot operate on a closed database.")) is None
