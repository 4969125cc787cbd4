"""Migrations: from empty to head, ORM and migrations agree, newer databases are refused,
and SQLite files are backed up before an upgrade."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import models.core.migrate as migrate
import models.tables  # noqa: F401  (registers the tables)
from models.core.errors import StorageError
from models.core.migrate import backup_sqlite, head_revision, status, upgrade
from models.registry import Services
from tests.conftest import FAST_HASHER
from tests.models.util import count, facility_data

FIRST_REVISION = "0001"
TABLES = {"facility", "room", "user_account", "role_grant", "youth", "audit_log"}


def _revision(db) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _backups(path) -> list:
    return sorted(path.parent.glob(path.name + ".bak-*"))


def test_migrates_an_empty_database_to_head(empty_db):
    assert status(empty_db).current is None
    assert not status(empty_db).up_to_date

    result = upgrade(empty_db)

    assert result.current == result.head == head_revision()
    assert _revision(empty_db) == head_revision()
    assert TABLES <= set(inspect(empty_db.engine).get_table_names())
    # the freshly migrated schema is usable by the services
    services = Services(empty_db, hasher=FAST_HASHER)
    fid = services.facilities.create(None, facility_data())
    assert services.facilities.by_code("cafe-new").id == fid
    # a second start-up changes nothing
    assert upgrade(empty_db).up_to_date
    assert count(empty_db, "facility") == 1


def test_orm_metadata_matches_the_migrations(empty_db):
    upgrade(empty_db)
    with empty_db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "compare_server_default": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_newer_database_is_refused_and_left_untouched(empty_db):
    upgrade(empty_db)
    Services(empty_db).facilities.create(None, facility_data())
    with empty_db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    path = empty_db.sqlite_path

    with pytest.raises(StorageError) as info:
        upgrade(empty_db)

    assert info.value.kind == StorageError.TOO_NEW
    assert "더 새로운 버전" in info.value.message and "9999_from_the_future" in info.value.message
    assert _revision(empty_db) == "9999_from_the_future"
    assert count(empty_db, "facility") == 1
    if path is not None:
        assert _backups(path) == []
    with pytest.raises(StorageError) as again:
        status(empty_db)
    assert again.value.kind == StorageError.TOO_NEW


def test_backup_sqlite_makes_a_readable_copy_with_the_same_rows(db, world):
    if not db.is_sqlite:
        assert backup_sqlite(db, "0001") is None
        return
    target = backup_sqlite(db, "0001")

    assert target is not None and target.exists()
    assert target.name.startswith("yjd.db.bak-0001-")
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
        codes = {r[0] for r in copy.execute("SELECT code FROM facility")}
        users = {r[0] for r in copy.execute("SELECT username FROM user_account")}
    assert codes == {"CAFE-A", "CAFE-B"}
    assert users == {"admin", "manager", "counselor", "frontdesk"}
    assert count(db, "audit_log") > 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count(db, "audit_log")


def test_upgrade_of_an_up_to_date_database_makes_no_backup(db, world):
    assert upgrade(db).up_to_date
    if db.is_sqlite:
        assert _backups(db.sqlite_path) == []


def _upgrade_to(db, revision: str) -> None:
    cfg = migrate._config()
    with db.engine.execution_options(yjd_write=True).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def test_older_database_keeps_its_data_and_sqlite_is_backed_up_first(empty_db):
    if head_revision() == FIRST_REVISION:
        pytest.skip("needs a second migration")
    _upgrade_to(empty_db, FIRST_REVISION)
    with empty_db.engine.begin() as conn:  # a row as the first schema knows it
        conn.execute(text(
            "INSERT INTO facility (code, name, kind, region, district, operator, status, "
            "is_active, opening_hours, note, created_at) VALUES ('OLD-1', '옛 시설', 'job_cafe', "
            "'central', '중구', 'city', 'open', :t, '{}', '', :now)"),
            {"t": True, "now": datetime(2024, 1, 1, tzinfo=UTC).replace(
                tzinfo=None if empty_db.is_sqlite else UTC)})
    assert status(empty_db).current == FIRST_REVISION

    assert upgrade(empty_db).up_to_date

    assert _revision(empty_db) == head_revision()
    assert Services(empty_db).facilities.by_code("OLD-1").name == "옛 시설"
    if not empty_db.is_sqlite:
        return
    backups = _backups(empty_db.sqlite_path)
    assert len(backups) == 1 and backups[0].name.startswith(f"empty.db.bak-{FIRST_REVISION}-")
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (FIRST_REVISION,)
        assert copy.execute("SELECT code FROM facility").fetchall() == [("OLD-1",)]


def test_0004_fixes_waitlist_headcounts_below_one_then_adds_the_check(tmp_path):
    """An old file may hold a waitlist headcount of 0 or less (issue 9, defect 6): the
    upgrade sets it to 1 instead of failing on the new constraint."""
    import shutil
    from pathlib import Path

    from sqlalchemy.exc import IntegrityError

    from models.core.db import Database, sqlite_url
    fixture = Path(__file__).resolve().parents[2] / "fixtures" / "migrations" / "release-0003.db"
    path = tmp_path / "yjd.db"
    shutil.copy(fixture, path)
    with sqlite3.connect(path) as raw:
        ids = [r[0] for r in raw.execute("SELECT id FROM waitlist_entry ORDER BY id")]
        raw.execute("UPDATE waitlist_entry SET headcount = 0 WHERE id = ?", (ids[0],))
        raw.execute("UPDATE waitlist_entry SET headcount = -2 WHERE id = ?", (ids[1],))
    raw.close()
    db = Database(sqlite_url(path))
    try:
        upgrade(db)
        with db.engine.connect() as conn:
            heads = dict(conn.execute(text("SELECT id, headcount FROM waitlist_entry")).all())
        assert len(heads) == len(ids) and heads[ids[0]] == heads[ids[1]] == 1
        with pytest.raises(IntegrityError), db.engine.begin() as conn:
            conn.execute(text("UPDATE waitlist_entry SET headcount = 0"))
    finally:
        db.dispose()


def test_the_known_revisions_are_alembics_chain():
    """The app reads its schema state without Alembic (start-up, issue 10); its list of
    revisions must be Alembic's own chain, oldest first, or a new revision would go unseen."""
    from alembic.script import ScriptDirectory
    script = ScriptDirectory.from_config(migrate._config())
    chain = [r.revision for r in script.walk_revisions("base", "heads")][::-1]
    assert list(migrate.REVISIONS) == chain
    assert head_revision() == script.get_current_head()


def test_starting_on_a_current_database_does_not_load_alembic(tmp_path):
    """A command on an up-to-date database imports neither Alembic nor the revision scripts."""
    import subprocess
    import sys
    path = tmp_path / "current.db"
    from models.core.db import Database, sqlite_url
    db = Database(sqlite_url(path))
    upgrade(db)
    db.dispose()
    code = ("import sys; from models.core.db import Database, sqlite_url; "
            "from models.core.migrate import upgrade; "
            f"st = upgrade(Database(sqlite_url({str(path)!r}))); "
            "print(st.up_to_date, 'alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]
