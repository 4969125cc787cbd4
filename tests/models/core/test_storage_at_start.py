"""Whose file is it: ``check_storage`` (called by ``status``, so by ``upgrade`` and
``check``) refuses what is not the app's before any connection of the engine touches it,
the app's own files get and keep its application id, files of older releases (id 0) are
upgraded and stamped, and a read-only ``Database`` changes no byte."""

from __future__ import annotations

import sqlite3

import pytest

from models.core.db import APPLICATION_ID, Database, sqlite_url
from models.core.errors import StorageError
from models.core.integrity import check
from models.core.migrate import check_storage, head_revision, status, upgrade
from models.registry import Services
from tests.factories.storage import (
    BAD_FILES,
    app_file,
    deny_writes,
    folder_state,
    future_file,
    release_file,
)
from tests.models.util import count


def _app_id(path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        found = conn.execute("PRAGMA application_id").fetchone()[0]
    conn.close()
    return found


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_file_that_is_not_the_apps_is_refused_and_left_byte_identical(name, tmp_path,
                                                                          sqlite_template):
    build, kind = BAD_FILES[name]
    path = tmp_path / "yjd.db"
    build(path, sqlite_template)
    before = folder_state(tmp_path)
    db = Database(sqlite_url(path))
    try:
        for attempt in (lambda: check_storage(db), lambda: status(db), lambda: upgrade(db)):
            with pytest.raises(StorageError) as info:
                attempt()
            assert info.value.kind == kind and _hangul(info.value.message)
            assert "변경하지 않았습니다" in info.value.message
    finally:
        db.dispose()
    assert folder_state(tmp_path) == before  # no byte changed, no -wal, -shm or backup


def test_a_newer_app_file_in_rollback_journal_mode_is_refused_before_the_wal_switch(
        tmp_path, sqlite_template):
    path = future_file(sqlite_template, tmp_path / "yjd.db")
    before = folder_state(tmp_path)
    db = Database(sqlite_url(path))
    with pytest.raises(StorageError) as info:
        upgrade(db)
    db.dispose()
    assert info.value.kind == StorageError.TOO_NEW and "9999_from_the_future" in info.value.message
    assert folder_state(tmp_path) == before


def test_the_apps_new_file_gets_the_application_id(tmp_path):
    path = tmp_path / "yjd.db"
    db = Database(sqlite_url(path))
    assert check_storage(db) is None  # a new path is the app's to create
    upgrade(db)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    db.dispose()  # checkpointed: the id is in the file's own header now
    assert int.from_bytes(path.read_bytes()[68:72], "big") == APPLICATION_ID
    assert check_storage(Database(sqlite_url(path))) == APPLICATION_ID


def test_an_empty_file_and_a_connection_left_without_schema_are_the_apps(tmp_path):
    zero = tmp_path / "zero.db"
    zero.touch()
    touched = tmp_path / "touched.db"
    opened = Database(sqlite_url(touched))
    with opened.engine.connect() as conn:  # the connect hook writes a WAL header, no table
        conn.exec_driver_sql("SELECT 1")
    opened.dispose()
    for path in (zero, touched):
        db = Database(sqlite_url(path))
        assert upgrade(db).up_to_date
        db.dispose()
        assert _app_id(path) == APPLICATION_ID


def test_an_old_release_file_is_upgraded_and_stamped(tmp_path):
    path = release_file("0002", tmp_path / "yjd.db")
    assert _app_id(path) == 0
    db = Database(sqlite_url(path))
    assert check_storage(db) == 0  # accepted: its alembic_version is one of the app's
    assert upgrade(db).current == head_revision()
    assert count(db, "youth") == 34
    db.dispose()
    assert _app_id(path) == APPLICATION_ID
    backups = sorted(tmp_path.glob("yjd.db.bak-0002-*"))
    assert len(backups) == 1 and _app_id(backups[0]) == 0  # the copy is the file as it was


def test_an_up_to_date_file_without_the_id_is_stamped_and_keeps_its_rows(tmp_path,
                                                                          sqlite_template):
    path = app_file(sqlite_template, tmp_path / "yjd.db")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 0")  # made before this version
    conn.close()
    db = Database(sqlite_url(path))
    assert upgrade(db).up_to_date
    assert sorted(tmp_path.glob("*.bak-*")) == []  # no migration ran, so no backup
    db.dispose()
    assert _app_id(path) == APPLICATION_ID


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_read_only_database_changes_no_byte(journal, tmp_path, sqlite_template):
    path = app_file(sqlite_template, tmp_path / "yjd.db", journal=journal)
    before = folder_state(tmp_path)
    db = Database(sqlite_url(path), read_only=True)
    assert db.read_only
    report = check(db)
    assert report.ok and report.schema_current == head_revision()
    assert Services(db).facilities.list_all() == []
    db.dispose()
    assert folder_state(tmp_path) == before


def test_a_read_only_database_on_a_missing_file_creates_nothing(tmp_path):
    db = Database(sqlite_url(tmp_path / "yjd.db"), read_only=True)
    assert status(db).current is None
    assert not check(db).ok
    db.dispose()
    assert list(tmp_path.iterdir()) == []


def test_a_file_the_program_may_not_write_is_refused_at_start(tmp_path, sqlite_template,
                                                              monkeypatch):
    path = app_file(sqlite_template, tmp_path / "yjd.db")
    before = folder_state(tmp_path)
    deny_writes(monkeypatch, path)
    db = Database(sqlite_url(path))
    with pytest.raises(StorageError) as info:
        upgrade(db)
    assert info.value.kind == StorageError.READ_ONLY and "읽기 전용" in info.value.message
    # reading is what the check command does: it is allowed
    assert check(Database(sqlite_url(path), read_only=True)).ok
    db.dispose()
    assert folder_state(tmp_path) == before


def test_a_folder_the_program_may_not_write_is_refused_at_start(tmp_path, monkeypatch):
    deny_writes(monkeypatch, tmp_path)
    db = Database(sqlite_url(tmp_path / "yjd.db"))
    with pytest.raises(StorageError) as info:
        upgrade(db)
    db.dispose()
    assert info.value.kind == StorageError.READ_ONLY
    assert list(tmp_path.iterdir()) == []


def test_a_locked_rollback_journal_file_is_locked_at_start(tmp_path, sqlite_template):
    path = app_file(sqlite_template, tmp_path / "yjd.db", journal="delete")
    before = folder_state(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    db = Database(sqlite_url(path), busy_timeout_ms=100)
    try:
        with pytest.raises(StorageError) as info:
            upgrade(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.dispose()
    assert info.value.kind == StorageError.LOCKED
    assert folder_state(tmp_path) == before
