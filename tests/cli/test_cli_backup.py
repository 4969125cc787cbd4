"""``backup``, ``backups`` and ``restore`` through ``cli.main.main`` in-process: a verified
copy into the backup folder or to a file, the list with date, size and verified state, a
restore that keeps the current file aside and refuses while another process has the
database open; PostgreSQL runs pg_dump -Fc or says the backups are the server's."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import PG_URL
from tests.factories.cli import HANGUL, cli, query

pytestmark = pytest.mark.usefixtures("quiet_logging")


@pytest.fixture
def env(monkeypatch, tmp_path):
    """Backups into ``tmp_path/backups``; no database from the environment."""
    for name in ("YJD_DATABASE_URL", "YJD_BACKUP_KEEP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("YJD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("YJD_BACKUP_DIR", str(tmp_path / "backups"))
    return tmp_path / "backups"


@pytest.fixture
def dbfile(tmp_path, sqlite_template):
    path = tmp_path / "desk" / "yjd.db"
    path.parent.mkdir()
    shutil.copy(sqlite_template, path)
    shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")
    return path


def _add_user(capsys, monkeypatch, dbfile, name: str) -> None:
    monkeypatch.setenv("YJD_PASSWORD", "pass12345")
    code, _out, err = cli(capsys, "user", "add", name, "--role", "admin", "--db", dbfile)
    assert code == 0, err
    _let_go()


def _let_go() -> None:
    """Close what the commands run in this process left open. Each command of a real shell
    is a process of its own and lets go of the file when it ends; in-process, an engine
    goes with its last reference, and a restore must find no connection open."""
    gc.collect()


def test_backup_then_backups_lists_the_verified_copy(capsys, env, dbfile, monkeypatch):
    _add_user(capsys, monkeypatch, dbfile, "first")
    code, out, err = cli(capsys, "backup", "--db", dbfile)
    assert code == 0, err
    copies = sorted(env.glob("yjd-*.db"))
    assert len(copies) == 1 and str(copies[0]) in out and "검증됨" in out
    assert query(dbfile, "SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 1") == [("output", "database")]

    code, out, err = cli(capsys, "backups", "--db", dbfile)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"백업 폴더: {env}"
    assert lines[1].split() == ["날짜", "크기", "검증", "파일"]
    row = lines[3]
    assert copies[0].name in row and "✓ 검증됨" in row and " KB" in row and "(" in row  # date(요일)


def test_backup_to_a_file_and_never_over_one(capsys, env, dbfile, tmp_path):
    target = tmp_path / "usb" / "copy.db"
    code, out, err = cli(capsys, "backup", "--db", dbfile, "-o", target)
    assert code == 0, err
    assert target.exists() and target.with_name("copy.db.json").exists() and not env.exists()
    code, out, err = cli(capsys, "backup", "--db", dbfile, "-o", target)
    assert code == 1 and out == "" and err.startswith("오류: 이미 있는 파일에는 백업하지 않습니다")


def test_restore_round_trip_keeps_the_current_file_aside(capsys, env, dbfile, monkeypatch):
    _add_user(capsys, monkeypatch, dbfile, "first")
    assert cli(capsys, "backup", "--db", dbfile)[0] == 0
    copy = next(env.glob("yjd-*.db"))
    _add_user(capsys, monkeypatch, dbfile, "second")

    code, out, err = cli(capsys, "restore", copy, "--db", dbfile)
    assert code == 0, err
    assert f"복원했습니다: {dbfile}" in out and "이전 파일은 지우지 않고 보관했습니다" in out
    assert [r[0] for r in query(dbfile, "SELECT username FROM user_account ORDER BY id")] == ["first"]
    aside = next(dbfile.parent.glob("yjd.db.before-restore-*[0-9]"))
    assert [r[0] for r in query(aside, "SELECT username FROM user_account ORDER BY id")] == ["first", "second"]
    last = query(dbfile, "SELECT action, username, detail FROM audit_log ORDER BY id DESC LIMIT 1")[0]
    assert last[0] == "update" and last[1].startswith("cli:") and copy.name in last[2]
    code, out, err = cli(capsys, "check", "--db", dbfile)
    assert code == 0, out + err


HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("SELECT count(*) FROM user_account").fetchone()
    print("open", flush=True)
    sys.stdin.readline()
""")


def test_restore_refuses_while_another_process_has_the_database_open(capsys, env, dbfile, monkeypatch):
    assert cli(capsys, "backup", "--db", dbfile)[0] == 0
    copy = next(env.glob("yjd-*.db"))
    _add_user(capsys, monkeypatch, dbfile, "later")
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(dbfile)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        code, out, err = cli(capsys, "restore", copy, "--db", dbfile)
    finally:
        holder.communicate("\n", timeout=10)
    assert code == 2 and out == ""
    assert err.startswith("오류: 다른 프로그램이 데이터베이스를 열고 있어 복원하지 않았습니다")
    assert query(dbfile, "SELECT username FROM user_account") == [("later",)]
    assert not list(dbfile.parent.glob("*.before-restore-*"))


def test_a_corrupt_copy_is_listed_as_such_and_not_restored(capsys, env, dbfile):
    assert cli(capsys, "backup", "--db", dbfile)[0] == 0
    copy = next(env.glob("yjd-*.db"))
    with copy.open("r+b") as f:
        f.seek(4096)
        f.write(b"\xff" * 4096)
    code, out, err = cli(capsys, "backups", "--db", dbfile)
    assert code == 1 and "✗ 검증 뒤 바뀜" in out and "복원에 쓸 수 없는 백업이 1개" in err
    code, out, err = cli(capsys, "restore", copy, "--db", dbfile)
    assert code == 1 and out == "" and "복원하지 않았습니다" in err and HANGUL.search(err)
    assert "Traceback" not in err


def test_backups_and_restore_work_when_the_database_itself_is_damaged(capsys, env, dbfile):
    assert cli(capsys, "backup", "--db", dbfile)[0] == 0
    copy = next(env.glob("yjd-*.db"))
    dbfile.write_bytes(b"\x00" * 8192)  # the disk lost it
    assert cli(capsys, "facilities", "--db", dbfile)[0] == 2  # the app refuses it
    code, out, _err = cli(capsys, "backups", "--db", dbfile)
    assert code == 0 and copy.name in out
    code, out, err = cli(capsys, "restore", copy, "--db", dbfile)
    assert code == 0, err
    assert cli(capsys, "facilities", "--db", dbfile)[0] == 0
    assert next(dbfile.parent.glob("yjd.db.before-restore-*[0-9]")).read_bytes() == b"\x00" * 8192


@pytest.mark.skipif(not PG_URL, reason="YJD_TEST_DATABASE_URL is not set")
def test_on_postgresql_backup_runs_pg_dump_and_the_list_says_the_server_keeps_backups(
        capsys, env, tmp_path, pg_database, monkeypatch):
    code, out, err = cli(capsys, "backups", "--database-url", PG_URL)
    assert code == 2 and "서버가 맡습니다" in err
    code, out, err = cli(capsys, "restore", tmp_path / "x.dump", "--database-url", PG_URL)
    assert code == 2 and "pg_restore" in err
    target = tmp_path / "server.dump"
    if shutil.which("pg_dump"):
        code, out, err = cli(capsys, "backup", "--database-url", PG_URL, "-o", target)
        assert code == 0, err
        assert target.read_bytes()[:5] == b"PGDMP" and "pg_restore --clean --if-exists" in out
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    code, out, err = cli(capsys, "backup", "--database-url", PG_URL, "-o", tmp_path / "other.dump")
    assert code == 1 and "pg_dump가 설치되어 있지 않아" in err and not (tmp_path / "other.dump").exists()
