"""Schema migrations, applied at start-up.

The schema is created and upgraded only by Alembic. Before an SQLite file that already
holds data is upgraded, it is copied with ``VACUUM INTO`` next to itself
(``name.db.bak-<revision>-<timestamp>``). A database whose revision this app does not
know was written by a newer version and is refused.

Before anything opens an SQLite file, ``check_storage`` tells whether it is the app's
(``status`` and so ``upgrade`` and ``check`` call it first): a new path or an empty file;
a file whose ``PRAGMA application_id`` is ``APPLICATION_ID``; a file with id 0 whose
``alembic_version`` holds one of this app's revisions (written before the id existed; the
upgrade stamps the id); or a valid SQLite file with no schema at all (what a connection to
a new path leaves). Anything else is refused with a StorageError before the connect hook
switches it to WAL or a migration adds to it, so it stays byte-identical. A file or folder
the program may not write is refused at start, not at the first write.

Alembic (and with it every revision script, which imports half the models) is loaded only
when an upgrade is due: the revisions this app knows are listed in ``REVISIONS``, and the
database's revision is read from ``alembic_version`` with one query. A test checks the list
against Alembic's own chain, so a new revision that is not listed fails there.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from models.core import audit_chain, audit_head
from models.core.db import (
    APPLICATION_ID,
    Database,
    read_header,
    read_identity,
    storage_error,
    translate,
)
from models.core.errors import StorageError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
CHAIN_REVISION = "0006"  # builds the audit log's hash chain


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _revisions() -> tuple[str, ...]:
    """Every revision of models/core/migrations/versions, oldest first (one straight line):
    each file is named by its revision, ``NNNN_what.py``. Read from the file names, so a new
    migration needs no second edit here; a test checks them against Alembic's own chain."""
    names = sorted(p.name for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return tuple(n[:4] for n in names)


REVISIONS = _revisions()


def _config():
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return REVISIONS[-1]


def _current(conn) -> str | None:
    """The database's revision, or None for a database without the app's schema."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # branches: this app has none, so not one of its databases' states
        return ",".join(sorted(rows))
    return rows[0] if rows else None


def _known(rev: str | None) -> bool:
    return rev is None or rev in REVISIONS


# the app role (see models.core.db_roles) may not change the schema: only the owner upgrades.
# The kind belongs with the others in models/core/errors.py; it lives here until then.
NEEDS_OWNER = "needs_owner"
_INSUFFICIENT_PRIVILEGE = "42501"


def needs_owner_error(current: str | None) -> StorageError:
    return StorageError(
        NEEDS_OWNER,
        f"데이터베이스 스키마를 업그레이드해야 하지만(현재 {current or '없음'} → {head_revision()}) "
        "이 프로그램이 접속한 역할에는 스키마를 바꿀 권한이 없습니다. 소유자 역할로 "
        "'python main.py db upgrade --database-url <소유자 주소>'를 실행해 업그레이드한 뒤 다시 "
        "실행하세요. 데이터베이스는 변경하지 않았습니다.",
    )


def too_new_error(rev: str) -> StorageError:
    return StorageError(
        StorageError.TOO_NEW,
        f"이 데이터베이스는 더 새로운 버전의 프로그램으로 만들어졌습니다(스키마 {rev}). "
        "프로그램을 최신 버전으로 업데이트하세요. 데이터베이스는 변경하지 않았습니다.",
    )


def check_storage(db: Database) -> int | None:
    """Refuse an SQLite file that is not the app's, one written by a newer version, and
    (unless ``db`` only reads) one the program may not write, reading it only: see the
    module's text. Returns the file's application id (None for a new file, PostgreSQL
    or an in-memory database)."""
    path = db.sqlite_path
    if path is None or path.is_dir():
        return None
    app_id = None
    if read_header(path) is not None:
        found = read_identity(path, db.busy_timeout_ms)
        app_id = found.application_id
        rev = found.revisions[0] if len(found.revisions) == 1 else None
        if app_id == APPLICATION_ID:
            if rev is not None and not _known(rev):
                raise too_new_error(rev)
        elif app_id != 0 or (found.names and not (rev is not None and _known(rev))):
            raise storage_error(StorageError.FOREIGN)
    if not db.read_only and not _writable(path):
        raise storage_error(StorageError.READ_ONLY)
    return app_id


def _writable(path: Path) -> bool:
    """The file (when there) and its folder (a new file, ``-wal`` and ``-shm`` go there)
    may be written. ``os.access`` answers for the real user, root included: it says no
    on a read-only mount, yes on a chmod-ed file root writes anyway."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(path.parent, os.W_OK)


def status(db: Database) -> SchemaStatus:
    return _status(db)[0]


def _status(db: Database) -> tuple[SchemaStatus, int | None]:
    app_id = check_storage(db)
    path = db.sqlite_path
    if path is not None and (not path.exists() or path.stat().st_size == 0):
        # nothing to read (and a read-only connection could not open a missing file)
        return SchemaStatus(None, head_revision()), app_id
    try:
        with db.engine.connect() as conn:
            current = _current(conn)
    except DBAPIError as exc:
        raise translate(exc) or exc from None
    if not _known(current):
        raise too_new_error(current)
    return SchemaStatus(current, head_revision()), app_id


def backup_sqlite(db: Database, revision: str) -> Path | None:
    path = db.sqlite_path
    if path is None or not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    # VACUUM cannot run inside a transaction, and every SQLAlchemy connection of this
    # engine begins one (see Database), so the copy goes through the raw connection.
    raw = db.engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(target),))
    finally:
        raw.close()
    head_file = audit_head.beside(path)
    if head_file.exists():  # the backup keeps the log's head with it
        shutil.copyfile(head_file, audit_head.beside(target))
    log.info("backed up database before migration to %s", target)
    return target


def includes(current: str | None, revision: str) -> bool:
    """Whether the schema at ``current`` has had ``revision`` applied."""
    if current is None or current not in REVISIONS:
        return False
    return REVISIONS.index(current) >= REVISIONS.index(revision)


def _write_head_file(db: Database) -> None:
    """The head file of a chain this upgrade has just built (see ``models.core.audit_head``)."""
    path = db.sqlite_path
    if path is None:
        return
    with db.engine.connect() as conn:
        head = audit_chain.head(conn)
    try:
        audit_head.write(audit_head.beside(path), head)
    except OSError as exc:
        log.warning("could not write the audit head file beside %s: %s", path, exc)


def upgrade(db: Database) -> SchemaStatus:
    """Bring the schema to head. Refuses a database newer than this app."""
    st, app_id = _status(db)
    stamp = db.sqlite_path is not None and app_id != APPLICATION_ID
    if st.up_to_date and not stamp:
        return st
    if not st.up_to_date and st.current is not None and db.is_sqlite:
        try:
            backup_sqlite(db, st.current)
        except (DBAPIError, sqlite3.Error) as exc:
            raise translate(exc) or exc from None
    try:
        with db.transaction() as conn:
            if not st.up_to_date:
                from alembic import command  # only now: see the module's text
                cfg = _config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            if stamp:  # a new file, or one made before the app had an id
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except DBAPIError as exc:
        if db.is_postgresql and getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
            raise needs_owner_error(st.current) from None  # rolled back: nothing changed
        raise
    if not st.up_to_date and not includes(st.current, CHAIN_REVISION):
        _write_head_file(db)
    return SchemaStatus(head_revision(), head_revision())
