"""Backups of the SQLite file: a verified copy with its manifest, listed and audited; the
daily due check; a copy taken while another process writes; corrupt copies reported and
never offered as good. On PostgreSQL the backups belong to the server (pg_dump -Fc)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from models.core.audit_head import beside, read
from models.lifecycle.backup import BackupError, State, manifest_path, read_manifest
from models.lifecycle.service import SERVER_MANAGED, BackupService
from tests.factories.world import youth_data


def _counts(path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    conn.close()
    return out


def _audit_details(db, entity="database") -> list[tuple[str, str, str | None]]:
    from sqlalchemy import text
    return db.read(lambda s: [tuple(r) for r in s.execute(text(
        "SELECT action, username, detail FROM audit_log WHERE entity = :e ORDER BY id"), {"e": entity}).all()])


@pytest.fixture
def sqlite_only(db):
    if not db.is_sqlite:
        pytest.skip("the SQLite file's backups")


@pytest.mark.usefixtures("sqlite_only")
def test_a_backup_is_verified_listed_and_audited_in_the_database_it_copies(services, world, backups):
    services.youth.create(world.front_desk, world.a, youth_data())
    result = backups.backup_now(world.admin)

    entry = result.entry
    assert entry.good and entry.state is State.VERIFIED and result.removed == []
    assert entry.path.parent == backups.folder and entry.path.name.startswith("yjd-20261127-100000")
    source = services.db.sqlite_path
    counts = _counts(entry.path)
    assert counts["youth"] == 1 and counts["user_account"] == 4
    # the manifest keeps the verdict and the counts, so the list needs not open the copy
    data = read_manifest(entry.path)
    assert data["ok"] is True and data["tables"] == counts and data["problems"] == []
    assert data["size"] == entry.path.stat().st_size and data["source"] == source.name
    assert read(beside(entry.path)).seq == data["audit_head"]["seq"]  # the copy's own head
    assert [e.path for e in backups.list_backups(world.admin)] == [entry.path]
    assert entry.state_text.startswith("검증됨 (표 ")
    # one output row in the copied database, by the admin, naming the copy
    action, who, detail = _audit_details(services.db)[-1]
    assert (action, who) == ("output", "admin") and entry.name in detail and "검증됨" in detail
    # the copy is one file: nothing beside it but its manifest and head file
    assert sorted(p.name for p in backups.folder.iterdir()) == sorted(
        [entry.name, manifest_path(entry.path).name, beside(entry.path).name])


@pytest.mark.usefixtures("sqlite_only")
def test_backups_are_the_admins_and_the_daily_one_runs_once_a_seoul_day(services, world, backups, clock):
    from models.core.errors import PermissionDenied
    with pytest.raises(PermissionDenied, match="시 담당자"):
        backups.backup_now(world.manager)
    with pytest.raises(PermissionDenied):
        backups.list_backups(world.front_desk)
    assert not backups.folder.exists()

    assert backups.is_due()
    first = backups.backup_if_due()
    assert first is not None and first.ok
    assert _audit_details(services.db)[-1][1] == "system:backup"
    assert backups.backup_if_due() is None  # the same day: not again
    clock.advance(hours=13)  # 10:00 -> 23:00 Seoul, still Friday
    assert not backups.is_due()
    clock.advance(hours=1)  # Saturday 00:00 in Seoul
    assert backups.is_due()
    second = backups.backup_if_due()
    assert second is not None and second.ok
    assert len(backups.list_backups(world.admin)) == 2


def test_on_postgresql_the_backups_belong_to_the_server(db, services, world, backups):
    if db.is_sqlite:
        pytest.skip("PostgreSQL")
    assert backups.server_managed and not backups.is_due() and backups.backup_if_due() is None
    status = backups.status(world.admin)
    assert status.server_managed and status.entries == []
    with pytest.raises(BackupError) as refused:
        backups.backup_now(world.admin)
    assert refused.value.message == SERVER_MANAGED and "서버" in SERVER_MANAGED
    assert not backups.folder.exists()


def test_pg_dump_writes_a_custom_format_dump_and_records_it(db, services, world, backups, tmp_path):
    if db.is_sqlite:
        pytest.skip("PostgreSQL")
    import shutil
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    services.youth.create(world.front_desk, world.a, youth_data())
    target = tmp_path / "server.dump"
    done = backups.dump_server(world.admin, target)
    assert done == target and target.read_bytes()[:5] == b"PGDMP"
    listed = subprocess.run(["pg_restore", "--list", str(target)], capture_output=True, text=True)
    assert listed.returncode == 0 and "TABLE DATA public youth" in listed.stdout
    action, who, detail = _audit_details(services.db)[-1]
    assert (action, who) == ("output", "admin") and "pg_dump -Fc" in detail


def test_without_pg_dump_the_message_says_so_and_nothing_is_written(db, services, world, backups, tmp_path,
                                                                    monkeypatch):
    if db.is_sqlite:
        pytest.skip("PostgreSQL")
    import models.lifecycle.pgdump as pgdump
    monkeypatch.setattr(pgdump.shutil, "which", lambda _name: None)
    before = _audit_details(services.db)
    with pytest.raises(BackupError, match="pg_dump가 설치되어 있지 않아"):
        backups.dump_server(world.admin, tmp_path / "x.dump")
    assert not (tmp_path / "x.dump").exists() and _audit_details(services.db) == before


WRITER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    n = conn.execute("SELECT count(*) FROM probe_a").fetchone()[0]
    while True:
        conn.execute("BEGIN IMMEDIATE")
        n += 1
        conn.execute("INSERT INTO probe_a (n, pad) VALUES (?, randomblob(300))", (n,))
        conn.execute("INSERT INTO probe_b (n) VALUES (?)", (n,))
        conn.execute("COMMIT")
        print(n, flush=True)
        time.sleep(0.002)  # a busy desk, not one that never lets go of the write lock
""")


def test_a_backup_taken_while_another_process_writes_is_one_committed_state(sqlite_db, tmp_path):
    path = sqlite_db.sqlite_path
    with sqlite3.connect(path, isolation_level=None) as conn:
        conn.execute("CREATE TABLE probe_a (n INTEGER PRIMARY KEY, pad BLOB)")
        conn.execute("CREATE TABLE probe_b (n INTEGER PRIMARY KEY)")
        conn.execute("BEGIN")
        for n in range(1, 3001):  # about 1 MB: the copy takes many small steps
            conn.execute("INSERT INTO probe_a VALUES (?, randomblob(300))", (n,))
            conn.execute("INSERT INTO probe_b VALUES (?)", (n,))
        conn.execute("COMMIT")
    conn.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        committed = [int(writer.stdout.readline()) for _ in range(50)]  # it is writing
        service = BackupService(sqlite_db, folder=tmp_path / "backups", step_pages=8, sleep_s=0.001)
        entries = [service.backup_now(service_actor(), tmp_path / f"copy{i}.db").entry for i in range(3)]
    finally:
        writer.terminate()
        rest, _ = writer.communicate(timeout=10)
    committed += [int(line) for line in rest.split()]
    for entry in entries:
        assert entry.good, entry.problem
        counts = _counts(entry.path)
        # both tables of every transaction, or neither: one committed state of the writer
        assert counts["probe_a"] == counts["probe_b"]
        assert counts["probe_a"] == 3000 or counts["probe_a"] in committed
        assert read_manifest(entry.path)["tables"] == counts
    assert _counts(entries[-1].path)["probe_a"] > 3000  # the writer's rows were there to copy
    assert committed[-1] > committed[49]  # and it went on writing meanwhile


def service_actor():
    from models.core.permissions import system_actor
    return system_actor("test")


@pytest.mark.usefixtures("sqlite_only")
def test_a_copy_that_fails_its_verification_is_reported_and_never_offered(services, world, backups, clock,
                                                                         make_fake_copy, rot_copies):
    from datetime import date

    from models.core.errors import DomainError
    from models.lifecycle.service import restore_database
    old = [make_fake_copy(backups.folder, "yjd", date(2026, 11, d)) for d in range(1, 20)]
    services.youth.create(world.front_desk, world.a, youth_data())
    rot_copies(True)
    result = backups.backup_now(world.admin)
    entry = result.entry
    assert not result.ok and entry.state is State.CORRUPT and not entry.good
    assert entry.problem and any("\uac00" <= ch <= "\ud7a3" for ch in entry.problem)
    assert "검증 실패" in _audit_details(services.db)[-1][2]  # the copy was still an output
    # the older copies stay: none is removed for a copy that did not verify
    assert result.removed == [] and all(p.exists() for p in old)
    listed = {e.path: e for e in backups.list_backups(world.admin)}
    assert listed[entry.path].state is State.CORRUPT and not listed[entry.path].good
    assert backups.is_due()  # no verified copy today
    before = _counts(services.db.sqlite_path)
    with pytest.raises(DomainError, match="손상"):
        restore_database(services.db, entry.path, world.admin, clock=clock)
    assert _counts(services.db.sqlite_path) == before
    assert not list(services.db.sqlite_path.parent.glob("*.before-restore-*"))


@pytest.mark.usefixtures("sqlite_only")
@pytest.mark.parametrize("keep_time", [False, True], ids=["changed", "quiet-rot"])
def test_a_copy_damaged_after_its_verification_is_not_offered_and_not_restored(services, world, backups, clock,
                                                                             keep_time, corrupt_file):
    from models.core.errors import DomainError
    from models.lifecycle.service import restore_database
    services.youth.create(world.front_desk, world.a, youth_data())
    entry = backups.backup_now(world.admin).entry
    corrupt_file(entry.path, keep_time=keep_time)
    listed = backups.list_backups(world.admin)[0]
    if not keep_time:  # the size or time moved: the list says so without opening it
        assert listed.state is State.CHANGED and not listed.good
    before = _counts(services.db.sqlite_path)
    with pytest.raises(DomainError) as refused:
        restore_database(services.db, entry.path, world.admin, clock=clock)
    assert "복원하지 않았습니다" in refused.value.message
    assert _counts(services.db.sqlite_path) == before
    assert services.youth.count(world.front_desk, world.a, "홍길동") == 1  # still works


@pytest.mark.usefixtures("sqlite_only")
def test_a_copy_into_a_missing_or_taken_place_is_refused_with_nothing_written(services, world, backups,
                                                                            tmp_path):
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"mine")
    with pytest.raises(BackupError, match="이미 있는 파일"):
        backups.backup_now(world.admin, taken)
    assert taken.read_bytes() == b"mine"
    with pytest.raises(BackupError, match="자신에는"):
        backups.backup_now(world.admin, services.db.sqlite_path)
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    with pytest.raises(BackupError, match="백업 폴더에 파일을 만들 수 없습니다"):
        backups.backup_now(world.admin, blocked / "x.db")
    assert not [d for d in _audit_details(services.db) if d[0] == "output"]




@pytest.mark.usefixtures("sqlite_only")
def test_a_copy_whose_audit_row_cannot_be_written_is_removed(services, world, backups, monkeypatch):
    from models.core.db import storage_error
    from models.core.errors import StorageError
    from models.lifecycle import service as service_module

    def full(*_a, **_k):
        raise storage_error(StorageError.DISK_FULL)

    monkeypatch.setattr(service_module, "record", full)
    with pytest.raises(StorageError, match="디스크 공간"):
        backups.backup_now(world.admin)
    assert list(backups.folder.iterdir()) == []  # the copy, its manifest and head file went
