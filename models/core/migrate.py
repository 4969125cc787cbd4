"""Schema migrations, applied at start-up.

The schema is created and upgraded only by Alembic. Before an SQLite file that already
holds data is upgraded, it is copied with ``VACUUM INTO`` next to itself
(``name.db.bak-<revision>-<timestamp>``). A database whose revision this app does not
know was written by a newer version and is refused.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.exc import DBAPIError

from models.core.db import Database, translate
from models.core.errors import StorageError

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def _current(conn) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _known(rev: str | None) -> bool:
    if rev is None:
        return True
    try:
        return ScriptDirectory.from_config(_config()).get_revision(rev) is not None
    except CommandError:
        return False


def too_new_error(rev: str) -> StorageError:
    return StorageError(
        StorageError.TOO_NEW,
        f"이 데이터베이스는 더 새로운 버전의 프로그램으로 만들어졌습니다(스키마 {rev}). "
        "프로그램을 최신 버전으로 업데이트하세요. 데이터베이스는 변경하지 않았습니다.",
    )


def status(db: Database) -> SchemaStatus:
    try:
        with db.engine.connect() as conn:
            current = _current(conn)
    except DBAPIError as exc:
        raise translate(exc) or exc from None
    if not _known(current):
        raise too_new_error(current)
    return SchemaStatus(current, head_revision())


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
    log.info("backed up database before migration to %s", target)
    return target


def upgrade(db: Database) -> SchemaStatus:
    """Bring the schema to head. Refuses a database newer than this app."""
    st = status(db)
    if st.up_to_date:
        return st
    if st.current is not None and db.is_sqlite:
        try:
            backup_sqlite(db, st.current)
        except (DBAPIError, sqlite3.Error) as exc:
            raise translate(exc) or exc from None
    cfg = _config()
    with db.transaction() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return SchemaStatus(head_revision(), head_revision())
