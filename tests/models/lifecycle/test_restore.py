"""Restore: a round trip keeps every row of the copy, the current file is kept aside and the
restore is audited in the restored file; refused while another process has the database
open, with nothing changed; a file SQLite cannot read is kept aside byte for byte."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from models.core.integrity import check
from models.core.permissions import system_actor
from models.lifecycle.restore import IN_USE, DatabaseInUse
from models.lifecycle.service import restore_database
from tests.factories.world import youth_data


@pytest.fixture
def sqlite_only(db):
    if not db.is_sqlite:
        pytest.skip("restoring the SQLite file")


def _dump(path) -> dict[str, list[tuple]]:
    """Every row of every table, in the order of the table's columns (some tables have no rowid)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        out = {}
        for n in names:
            width = len(conn.execute(f'SELECT * FROM "{n}" LIMIT 0').description)
            order = ", ".join(str(i) for i in range(1, width + 1))
            out[n] = conn.execute(f'SELECT * FROM "{n}" ORDER BY {order}').fetchall()
    conn.close()
    return out


@pytest.mark.usefixtures("sqlite_only")
def test_a_restore_round_trip_keeps_every_row_and_keeps_the_current_file_aside(services, world, backups, clock):
    services.youth.create(world.front_desk, world.a, youth_data())
    entry = backups.backup_now(world.admin).entry
    copied = _dump(entry.path)
    clock.advance(hours=2)
    later = services.youth.create(world.front_desk, world.a,
                                  youth_data(name="김민지", phone="010-2222-3333", email="kim@example.com"))
    path = services.db.sqlite_path

    result, fresh = restore_database(services.db, entry.path, world.admin, clock=clock)
    try:
        restored = _dump(path)
        assert result.database == path and result.backup == entry.path
        # every table as the copy had it; the audit log has the restore's row besides
        for table, rows in copied.items():
            if table == "audit_log":
                assert restored[table][:-1] == rows
            else:
                assert restored[table] == rows, table
        assert len(restored["youth"]) == 1
        # the current file was kept aside, with the write made after the copy
        aside = result.kept_aside
        assert aside is not None and aside.name.startswith("yjd.db.before-restore-20261127-1200")
        assert [r[0] for r in _dump(aside)["youth"]] == [1, later]
        assert aside.with_name(aside.name + ".audit-head").exists()
        # the restore is audited in the restored file, naming the copy's date and the file aside
        last = fresh.read(lambda s: s.connection().exec_driver_sql(
            "SELECT action, entity, username, user_id, detail FROM audit_log ORDER BY id DESC LIMIT 1").one())
        assert tuple(last[:4]) == ("update", "database", "admin", world.admin.user_id)
        assert "2026-11-27(금) 10:00" in last[4] and aside.name in last[4]
        # the restored file is whole: integrity, schema, audit chain and head file
        report = check(fresh)
        assert report.ok, report.problems
        assert not any(p.name.endswith(("-wal", "-shm")) and "before-restore" in p.name
                       for p in path.parent.iterdir())
    finally:
        fresh.dispose()


HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("SELECT count(*) FROM youth").fetchone()
    print("open", flush=True)
    sys.stdin.readline()
""")


@pytest.mark.usefixtures("sqlite_only")
def test_a_restore_is_refused_while_another_process_has_the_database_open(services, world, backups, clock):
    services.youth.create(world.front_desk, world.a, youth_data())
    entry = backups.backup_now(world.admin).entry
    services.youth.create(world.front_desk, world.a, youth_data(name="김민지", phone="010-2222-3333"))
    path = services.db.sqlite_path
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"  # an idle connection, no transaction
        with pytest.raises(DatabaseInUse) as refused:
            restore_database(services.db, entry.path, world.admin, clock=clock, timeout_s=0.2)
        assert refused.value.message == IN_USE and "다른 프로그램" in IN_USE
        assert not list(path.parent.glob("*.before-restore-*"))
        assert services.youth.count(world.front_desk, world.a) == 2  # nothing changed, still usable
    finally:
        holder.communicate("\n", timeout=10)
    result, fresh = restore_database(services.db, entry.path, world.admin, clock=clock)
    fresh.dispose()
    assert result.kept_aside is not None and len(_dump(path)["youth"]) == 1


@pytest.mark.usefixtures("sqlite_only")
def test_a_file_sqlite_cannot_read_is_kept_aside_as_it_is(services, world, backups, clock):
    entry = backups.backup_now(world.admin).entry
    path = services.db.sqlite_path
    services.db.dispose()
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 64
    path.write_bytes(garbage)
    path.with_name(path.name + "-wal").write_bytes(b"stale wal")
    result, fresh = restore_database(services.db, entry.path, system_actor("test"), clock=clock)
    fresh.dispose()
    assert result.kept_aside.read_bytes() == garbage
    assert result.kept_aside.with_name(result.kept_aside.name + "-wal").read_bytes() == b"stale wal"
    assert _dump(path)["user_account"] == _dump(entry.path)["user_account"]


def test_a_restore_is_the_admins_and_sqlites(services, world, backups, tmp_path, db):
    from models.core.errors import DomainError, PermissionDenied
    with pytest.raises(PermissionDenied):
        restore_database(services.db, tmp_path / "x.db", world.manager)
    with pytest.raises(DomainError) as refused:
        restore_database(services.db, tmp_path / "x.db", world.admin)
    assert ("서버" if not db.is_sqlite else "백업 파일이 없습니다") in refused.value.message


@pytest.mark.usefixtures("sqlite_only")
def test_a_copy_of_an_older_release_is_upgraded_when_the_restored_file_opens(services, world, clock, tmp_path):
    from models.core.enums import Role
    from models.core.migrate import head_revision
    from tests.factories.storage import release_file
    old = release_file("0003", tmp_path / "old-release.db")
    second = services.accounts.refresh_actor(services.accounts.create_user(
        world.admin, {"username": "admin2", "display_name": "관리자2", "password": "pass1234"},
        grants=[(Role.ADMIN, None)]))
    result, fresh = restore_database(services.db, old, second, clock=clock)
    try:
        assert result.schema == "0003" and result.taken_at is None  # a file without a manifest
        report = check(fresh)
        assert report.schema_current == head_revision() and report.ok, report.problems
        path = services.db.sqlite_path
        assert list(path.parent.glob("yjd.db.bak-0003-*"))  # the upgrade's own copy first
        last = fresh.read(lambda s: s.connection().exec_driver_sql(
            "SELECT username, user_id, detail FROM audit_log ORDER BY id DESC LIMIT 1").one())
        # the old file holds another account under this admin's id: the name without the id
        assert second.user_id == 5 and fresh.read(lambda s: s.connection().exec_driver_sql(
            "SELECT username FROM user_account WHERE id = 5").scalar()) == "desk2"
        assert last[0] == "admin2" and last[1] is None and "시각 미상" in last[2]
    finally:
        fresh.dispose()


@pytest.mark.usefixtures("sqlite_only")
def test_a_restore_is_not_refused_for_a_read_this_process_was_finishing(services, world, backups, clock):
    """A read of the desk running when the restore let go of the file returns its connection
    afterwards: that is this process's own, not another program's, and is closed."""
    entry = backups.backup_now(world.admin).entry
    services.youth.create(world.front_desk, world.a, youth_data())
    session = services.db._read_sessions()  # a page's read, under way
    session.connection().exec_driver_sql("SELECT count(*) FROM youth").all()
    services.db.dispose()
    session.close()  # it finishes after the engine was disposed
    result, fresh = restore_database(services.db, entry.path, world.admin, clock=clock)
    fresh.dispose()
    assert result.kept_aside is not None and _dump(services.db.sqlite_path)["youth"] == []


@pytest.mark.usefixtures("sqlite_only")
def test_a_copy_whose_manifest_cannot_be_read_is_not_restored(services, world, backups, clock):
    from models.lifecycle.backup import BackupError, manifest_path
    entry = backups.backup_now(world.admin).entry
    manifest_path(entry.path).write_text("{ not json", encoding="utf-8")
    with pytest.raises(BackupError, match="검증 기록"):
        restore_database(services.db, entry.path, world.admin, clock=clock)
    assert services.youth.search(world.admin, world.a) is not None  # the database is as it was
