"""Engine factory, transactions, retries and translation of storage errors.

One ``Database`` object owns one SQLAlchemy engine. SQLite files get WAL, foreign keys,
a busy timeout and ``synchronous=NORMAL``; write transactions open with ``BEGIN
IMMEDIATE`` so that the busy timeout applies to the write lock instead of failing half
way. A ``Database`` made with ``read_only=True`` (the ``check`` command) opens the file
through a read-only SQLite URI and switches nothing, so the file stays byte-identical.
``read_header`` and ``read_identity`` look at a file before any connection of the engine
has touched it (``models.core.migrate.check_storage`` decides from them whether the file
is the app's). PostgreSQL goes through psycopg 3; serialization failures and deadlocks (40001,
40P01) are retried.

Known environment errors are turned into ``StorageError`` with a Korean message. They are
told apart by code, never by the driver's message text (a Korean-locale PostgreSQL server
words its messages in Korean): SQLite's result code (``sqlite_errorcode``, its low byte is
the primary code), PostgreSQL's SQLSTATE, SQLAlchemy's ``connection_invalidated`` and the
state of a psycopg connection attempt. Anything else stays untranslated and reaches the
crash dialog. Engine parameters are hidden from exception texts (``hide_parameters``) so
that personal data never reaches a log or a crash dialog.
"""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import struct
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from models.core.errors import StorageError
from models.core.permissions import acting, check_live

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_BUSY_TIMEOUT_MS = 5000
# PRAGMA application_id of the app's SQLite files ("YJD1"), stamped by migrate.upgrade
APPLICATION_ID = 0x594A4431
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_HEADER_SIZE = 100
MAX_RETRIES = 5

# A read-only *transaction* on the server (a hot-standby replica, default_transaction_read_only),
# as opposed to StorageError.READ_ONLY, a database file the program may not write. The kind
# belongs with the others in models/core/errors.py (StorageError); it lives here until then.
READ_ONLY_TRANSACTION = "read_only_transaction"

MESSAGES = {
    StorageError.LOCKED: "데이터베이스를 다른 프로그램이 사용 중입니다. 잠시 후 다시 시도하세요.",
    StorageError.READ_ONLY: "데이터베이스 파일에 쓸 수 없습니다(읽기 전용). 파일 권한을 확인하세요.",
    StorageError.CORRUPT: "데이터베이스 파일이 손상되었거나 데이터베이스가 아닙니다. 파일은 변경하지 않았습니다. 백업에서 복원하세요.",
    StorageError.DISK_FULL: "디스크 공간이 부족해 저장하지 못했습니다. 공간을 확보한 뒤 다시 시도하세요.",
    StorageError.CANNOT_OPEN: "데이터베이스 파일을 열 수 없습니다. 경로와 권한을 확인하세요.",
    StorageError.MISSING_DIR: "데이터베이스 폴더가 없습니다: {path}",
    StorageError.FOREIGN: "이 파일은 청년일자리 데스크의 데이터베이스가 아닙니다(다른 프로그램의 "
                          "데이터베이스입니다). 파일은 변경하지 않았습니다. 경로를 확인하세요.",
    StorageError.UNAVAILABLE: "데이터베이스 서버에 연결할 수 없습니다. 주소와 서버 상태를 확인하세요.",
    READ_ONLY_TRANSACTION: "데이터베이스 서버가 지금은 읽기만 허용해 저장하지 못했습니다"
                           "(읽기 전용 복제 서버이거나 읽기 전용으로 설정된 서버). 관리자에게 문의하세요.",
}

# SQLite primary result codes (the low byte of an extended code such as 1032,
# SQLITE_READONLY_DBMOVED, or 517, SQLITE_BUSY_SNAPSHOT)
_SQLITE_KINDS = {
    sqlite3.SQLITE_BUSY: StorageError.LOCKED,        # 5: another connection holds the lock
    sqlite3.SQLITE_LOCKED: StorageError.LOCKED,      # 6: a table lock inside the connection
    sqlite3.SQLITE_READONLY: StorageError.READ_ONLY,  # 8: file, mode=ro, query_only, moved file
    sqlite3.SQLITE_CORRUPT: StorageError.CORRUPT,    # 11: database disk image is malformed
    sqlite3.SQLITE_NOTADB: StorageError.CORRUPT,     # 26: not a database (or encrypted)
    sqlite3.SQLITE_FULL: StorageError.DISK_FULL,     # 13
    sqlite3.SQLITE_CANTOPEN: StorageError.CANNOT_OPEN,  # 14
}
# PostgreSQL SQLSTATEs; besides these, class 08 (connection exception) is UNAVAILABLE
_PG_KINDS = {
    "57P01": StorageError.UNAVAILABLE,  # admin_shutdown (pg_terminate_backend, a restart)
    "57P02": StorageError.UNAVAILABLE,  # crash_shutdown
    "57P03": StorageError.UNAVAILABLE,  # cannot_connect_now (starting up, shutting down)
    "53100": StorageError.DISK_FULL,    # disk_full
    "25006": READ_ONLY_TRANSACTION,     # read_only_sql_transaction
}
_RETRYABLE = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected


def storage_error(kind: str, **fmt: str) -> StorageError:
    return StorageError(kind, MESSAGES[kind].format(**fmt))


def translate(exc: BaseException) -> StorageError | None:
    """Map a DBAPI error (wrapped by SQLAlchemy or not) to a StorageError, or None when it
    is not a known environment error."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.Error):
        kind = _sqlite_kind(orig)
    else:
        kind = _server_kind(exc, orig)
    return storage_error(kind) if kind is not None else None


def _sqlite_kind(orig: sqlite3.Error) -> str | None:
    code = getattr(orig, "sqlite_errorcode", None)  # absent on errors raised by the module itself
    if not isinstance(code, int):
        return None
    return _SQLITE_KINDS.get(code & 0xFF)


def _sqlstate(orig: BaseException) -> str | None:
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code if isinstance(code, str) else None


def _server_kind(exc: BaseException, orig: BaseException) -> str | None:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return StorageError.UNAVAILABLE  # SQLAlchemy saw the connection die under the statement
    code = _sqlstate(orig)
    if code is not None:
        if code.startswith("08"):
            return StorageError.UNAVAILABLE
        return _PG_KINDS.get(code)
    if _connection_attempt_failed(exc, orig):
        return StorageError.UNAVAILABLE
    return None


def _connection_attempt_failed(exc: BaseException, orig: BaseException) -> bool:
    """A psycopg connection attempt that failed: refused, timed out, the server said no
    (a missing database, a server starting up). psycopg gives these no SQLSTATE but the
    libpq connection it tried, in state BAD."""
    pgconn = getattr(orig, "pgconn", None)
    if pgconn is not None:
        from psycopg.pq import ConnStatus  # psycopg is loaded: it made ``pgconn``
        return pgconn.status == ConnStatus.BAD
    # No connection was even tried (the host name does not resolve): a driver
    # OperationalError without SQLSTATE, which SQLAlchemy wraps without a statement
    # because it came from opening the connection.
    return isinstance(exc, OperationalError) and exc.statement is None


SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_TRIGGER = 2067, 1811


def violated_constraint(exc: BaseException) -> str | None:
    """The name of the constraint an integrity error broke, read from the driver's fields,
    never from the server's words (which may be Korean):

    - PostgreSQL: ``diag.constraint_name`` of a 23xxx error (unique, exclusion, check, FK);
    - SQLite: for a trigger's ``RAISE(ABORT, 'name')`` (extended code 1811) the name the
      project's own trigger raises; for a unique index (2067) ``"unique:<table>.<column>"``
      as SQLite names the columns (it does not name the index).
    """
    orig = getattr(exc, "orig", exc)
    state = _sqlstate(orig)
    if state is not None:
        if not state.startswith("23"):
            return None
        diag = getattr(orig, "diag", None)
        return getattr(diag, "constraint_name", None)
    if isinstance(orig, sqlite3.IntegrityError):
        code = getattr(orig, "sqlite_errorcode", None)
        if code == SQLITE_CONSTRAINT_TRIGGER:
            return str(orig.args[0]) if orig.args else None
        if code == SQLITE_CONSTRAINT_UNIQUE and orig.args:
            columns = str(orig.args[0]).rpartition(": ")[2]
            return f"unique:{columns}"
    return None


def _is_retryable(exc: BaseException) -> bool:
    return _sqlstate(getattr(exc, "orig", None)) in _RETRYABLE


def sqlite_url(path: str | os.PathLike) -> str:
    return "sqlite:///" + str(Path(path).expanduser())


@dataclass(frozen=True)
class SqliteHeader:
    """Fields of an SQLite file's 100-byte header. The application id there may be
    older than the one in a ``-wal`` not yet checkpointed: ``read_identity`` has the
    current one."""

    application_id: int
    wal: bool  # file format versions 2: the file is in WAL mode


def read_header(path: Path) -> SqliteHeader | None:
    """The header of the SQLite file at ``path``, read as plain bytes (no SQLite
    connection, so nothing is locked, switched or created). None for a file that is not
    there or has 0 bytes (the app's to create) and for a folder (left to SQLite to
    refuse). A file that is not a whole SQLite database (other bytes, a header alone, a
    truncated file) raises the corrupt-file StorageError."""
    try:
        if not path.exists() or path.is_dir():
            return None
        size = path.stat().st_size
        if size == 0:
            return None
        with path.open("rb") as f:
            head = f.read(SQLITE_HEADER_SIZE)
    except OSError:
        raise storage_error(StorageError.CANNOT_OPEN) from None
    if len(head) < SQLITE_HEADER_SIZE or not head.startswith(SQLITE_MAGIC):
        raise storage_error(StorageError.CORRUPT)
    (page_size,) = struct.unpack_from(">H", head, 16)
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack_from(">II", head, 24)
    (valid_for,) = struct.unpack_from(">I", head, 92)
    if page_size < 512 or page_size & (page_size - 1) or size < page_size or size % page_size:
        raise storage_error(StorageError.CORRUPT)
    recovering = any(Path(f"{path}{tail}").exists() for tail in ("-wal", "-journal"))
    if valid_for == change_counter and page_count * page_size > size and not recovering:
        raise storage_error(StorageError.CORRUPT)  # cut short (a -wal or hot journal
        # beside it may still complete an interrupted checkpoint or write: SQLite decides)
    (app_id,) = struct.unpack_from(">I", head, 68)
    return SqliteHeader(application_id=app_id, wal=head[18] == 2 or head[19] == 2)


def _read_only_uri(path: Path) -> str:
    """A read-only SQLite URI of ``path``. A WAL-mode file without a ``-wal`` file beside
    it is opened ``immutable`` (all its content is in the file, and a read-only connection
    would otherwise leave a new ``-wal`` and ``-shm`` behind)."""
    uri = "file:" + urllib.parse.quote(str(path.absolute())) + "?mode=ro"
    header = read_header(path)
    if header is not None and header.wal and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


@dataclass(frozen=True)
class SqliteIdentity:
    application_id: int
    names: frozenset[str]  # tables, indexes, views and triggers
    revisions: tuple[str, ...]  # the rows of alembic_version


def read_identity(path: Path, timeout_ms: int) -> SqliteIdentity:
    """What tells whose file an existing SQLite file is, read through a read-only
    connection before the engine opens it (through it, so that a ``-wal`` the header has
    not caught up with yet counts)."""
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=timeout_ms / 1000)
    except sqlite3.Error as exc:
        raise translate(exc) or storage_error(StorageError.CANNOT_OPEN) from None
    try:
        names = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master"))
        revisions = tuple(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")) \
            if "alembic_version" in names else ()
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.Error as exc:
        raise translate(exc) or storage_error(StorageError.CORRUPT) from None
    finally:
        conn.close()
    return SqliteIdentity(app_id, names, revisions)


class Database:
    """The engine plus session helpers used by every service."""

    def __init__(self, url: str | URL, *, busy_timeout_ms: int | None = None, echo: bool = False,
                 read_only: bool = False):
        self._read_only = read_only
        self.url = make_url(url) if isinstance(url, str) else url
        if self.url.drivername == "postgresql":
            self.url = self.url.set(drivername="postgresql+psycopg")
        self.busy_timeout_ms = busy_timeout_ms if busy_timeout_ms is not None else int(
            os.environ.get("YJD_BUSY_TIMEOUT_MS", DEFAULT_BUSY_TIMEOUT_MS)
        )
        self._check_location()
        self.engine = self._make_engine(echo)
        self._write_engine = self.engine.execution_options(yjd_write=True)
        self._read_sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        self._write_sessions = sessionmaker(self._write_engine, class_=Session, expire_on_commit=False)

    # -- construction -------------------------------------------------------------
    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def read_only(self) -> bool:
        """Opened to read only: made so, or an SQLite URI with ``mode=ro``."""
        return self._read_only or (self.is_sqlite and self.url.query.get("mode") == "ro")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite or not self.url.database or self.url.database == ":memory:":
            return None
        db = self.url.database
        if db.startswith("file:"):
            db = db[5:]
        return Path(db.split("?", 1)[0])

    def describe(self) -> str:
        """A human label for the status bar, never with a password."""
        if self.is_sqlite:
            return f"SQLite · {self.sqlite_path or '메모리'}"
        return f"PostgreSQL · {self.url.host or 'localhost'}:{self.url.port or 5432}/{self.url.database}"

    def _check_location(self) -> None:
        path = self.sqlite_path
        if path is not None and not path.parent.exists():
            raise storage_error(StorageError.MISSING_DIR, path=str(path.parent))

    def _make_engine(self, echo: bool) -> Engine:
        if self.is_sqlite:
            timeout = self.busy_timeout_ms / 1000
            extra = {}
            path, read_only = self.sqlite_path, self._read_only
            if read_only and path is not None:
                def _connect_read_only():
                    return sqlite3.connect(_read_only_uri(path), uri=True, timeout=timeout,
                                           check_same_thread=False)
                extra["creator"] = _connect_read_only
            engine = create_engine(
                self.url, echo=echo, hide_parameters=True,
                connect_args={"timeout": timeout, "check_same_thread": False}, **extra,
            )
            busy = self.busy_timeout_ms

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn, _record):  # pragma: no cover - trivial
                # Take transaction control away from pysqlite; BEGIN is emitted below.
                dbapi_conn.isolation_level = None
                cur = dbapi_conn.cursor()
                cur.execute(f"PRAGMA busy_timeout={int(busy)}")
                cur.execute("PRAGMA foreign_keys=ON")
                if read_only:
                    cur.execute("PRAGMA query_only=ON")
                else:
                    try:
                        cur.execute("PRAGMA journal_mode=WAL")
                    except Exception:  # read-only file: WAL cannot be switched on
                        pass
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()

            @event.listens_for(engine, "begin")
            def _on_begin(conn):
                # straight to the driver: through exec_driver_sql this costs a quarter of a
                # short write transaction; errors are wrapped as SQLAlchemy's would be
                sql = "BEGIN IMMEDIATE" if conn.get_execution_options().get("yjd_write") else "BEGIN"
                try:
                    conn.connection.driver_connection.execute(sql)
                except sqlite3.Error as exc:
                    raise DBAPIError.instance(sql, None, exc, sqlite3.Error, hide_parameters=True,
                                              dialect=conn.dialect) from None

            return engine
        return create_engine(
            self.url, echo=echo, hide_parameters=True, pool_pre_ping=True,
            connect_args={"connect_timeout": 5},
        )

    # -- sessions -------------------------------------------------------------------
    @contextmanager
    def session(self, *, write: bool = False, actor=None) -> Iterator[Session]:
        """One unit of work. Commits on success, rolls back on error.

        ``actor`` is stored in ``session.info`` for the audit listener. The actor of the
        service call running (``acting()``, else ``actor``) is checked live first, in this
        transaction (``models.core.permissions.check_live``).
        """
        maker = self._write_sessions if write else self._read_sessions
        session = maker()
        session.info["actor"] = actor
        try:
            live = acting() or actor
            if live is not None and live.user_id is not None:
                check_live(session.connection(), live)
            yield session
            if write:
                session.commit()
            # a read ends with close(): the connection's transaction is rolled back, and
            # loaded objects keep their state (rollback() would expire them)
        except DBAPIError as exc:
            session.rollback()
            known = translate(exc)
            if known is not None:
                raise known from None
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction on a plain connection, without an ORM session or audit
        listener: for work that needs no unit of work (schema migrations, the booking
        benchmark). Commits on success; known storage errors come out translated."""
        try:
            with self._write_engine.begin() as conn:
                yield conn
        except DBAPIError as exc:
            known = translate(exc)
            if known is not None:
                raise known from None
            raise

    def write(self, fn: Callable[[Session], T], *, actor=None) -> T:
        """Run ``fn`` in a write transaction, retrying serialization failures."""
        for attempt in range(MAX_RETRIES):
            try:
                with self.session(write=True, actor=actor) as s:
                    return fn(s)
            except DBAPIError as exc:
                if _is_retryable(exc) and attempt < MAX_RETRIES - 1:
                    time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def read(self, fn: Callable[[Session], T]) -> T:
        with self.session() as s:
            return fn(s)

    def dispose(self) -> None:
        self.engine.dispose()
