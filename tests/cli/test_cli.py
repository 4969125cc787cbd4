"""The command line, run as a user runs it: ``python main.py ...`` in a subprocess.

Subprocesses are slow (each one imports the app), so one small demo database is made
per module and the assertions are grouped per command.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from models.facilities.seed import FACILITIES
from reports.text_table import display_width
from tests.conftest import FAST_HASHER, PG_URL

ROOT = Path(__file__).resolve().parents[2]
CODES = {f["code"] for f in FACILITIES}
DEMO_ACCOUNTS = [("admin", "admin1234"), ("manager", "manager1234"),
                 ("counselor", "counsel1234"), ("frontdesk", "desk12345")]


def _env(tmp: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("YJD_DATABASE_URL", "YJD_PASSWORD", "YJD_DATA_DIR")}
    env.update(YJD_LOG_DIR=str(tmp / "log"), YJD_DATA_DIR=str(tmp / "data"),
               QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run_many(tmp: Path, *commands) -> list[subprocess.CompletedProcess]:
    """Run independent commands side by side; each is ``[args...]`` or ``([args...], env)``."""
    started = []
    for cmd in commands:
        args, env = cmd if isinstance(cmd, tuple) else (cmd, {})
        argv = [sys.executable, "main.py", *args]
        started.append((argv, subprocess.Popen(
            argv, cwd=ROOT, env=_env(tmp, **env), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")))
    done = []
    for argv, proc in started:
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(argv, proc.returncode, out, err))
    return done


def run(tmp: Path, *args: str, **env) -> subprocess.CompletedProcess:
    return run_many(tmp, (list(args), env))[0]


def _korean(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    path = tmp / "demo.db"
    proc = run(tmp, "demo", "--db", str(path), "--youth", "50", "--seed", "7")
    assert proc.returncode == 0, proc.stderr
    return tmp, path, proc


def test_demo_prints_accounts_and_facilities_and_refuses_a_second_time(demo):
    tmp, path, proc = demo
    out = proc.stdout
    assert "청년 50명" in out and "시설 28곳" in out
    for username, password in DEMO_ACCOUNTS:
        line = next(ln for ln in out.splitlines() if ln.split()[:2] == [username, password])
        assert "CAFE-CENTER" in line or "서울시 전체" in line
    assert CODES <= set(out.split())
    size = path.stat().st_size

    again = run(tmp, "demo", "--db", str(path), "--youth", "50")
    assert again.returncode != 0
    assert _korean(again.stderr) and "이미 계정이 있는" in again.stderr
    assert again.stdout == ""
    _no_traceback(again)
    # the accounts still work with the printed passwords, and nothing was added
    from models.core.db import Database, sqlite_url
    from models.registry import Services
    db = Database(sqlite_url(path))
    services = Services(db, hasher=FAST_HASHER)
    assert services.accounts.authenticate("counselor", "counsel1234").username == "counselor"
    assert len(services.facilities.list_all()) == 28
    db.dispose()
    assert path.stat().st_size >= size


def _columns_aligned(lines: list[str]) -> None:
    """Every column starts at the same display position (Korean is two cells wide)."""
    starts = [i for i, ch in enumerate(lines[1]) if ch == "-" and (i == 0 or lines[1][i - 1] == " ")]
    assert len(starts) == 6
    for line in lines[2:]:
        cells = "".join(ch * (2 if display_width(ch) == 2 else 1) for ch in line)
        for s in starts[1:]:
            assert cells[s - 2:s] == "  " and cells[s] != " ", line


def test_facilities_as_aligned_table_and_csv(demo):
    tmp, path, _ = demo
    table, as_csv = run_many(tmp, ["facilities", "--db", str(path)],
                             ["facilities", "--csv", "--db", str(path)])
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["코드", "이름", "종류", "권역", "자치구", "상태"]
    assert {ln.split()[0] for ln in lines[2:]} == CODES and len(lines) == 2 + 28
    _columns_aligned(lines)
    assert any("청년취업사관학교 광진 캠퍼스" in ln and "개소" not in ln for ln in lines)
    assert sum("개소 예정" in ln for ln in lines) == 7  # 5 campuses of 2023, 2 cafés of 2024

    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["code"] for r in rows} == CODES and len(rows) == 28
    desk = next(r for r in rows if r["code"] == "MATCH-DESK")
    assert desk == {"code": "MATCH-DESK", "name": "청년일자리 매칭강화 전담창구",
                    "kind": "matching_desk", "region": "central", "district": "중구",
                    "status": "open"}


def test_user_add(demo):
    tmp, path, _ = demo
    made, bad_role, unknown, no_password = run_many(
        tmp,
        (["user", "add", "Kim.Sangdam", "--role", "counselor", "--facility", "cafe-guro",
          "--display-name", "김상담", "--db", str(path)], {"YJD_PASSWORD": "guro2024"}),
        (["user", "add", "lee", "--role", "boss", "--facility", "CAFE-GURO", "--db", str(path)],
         {"YJD_PASSWORD": "guro2024"}),
        (["user", "add", "park", "--role", "manager", "--facility", "NOPE-1", "--db", str(path)],
         {"YJD_PASSWORD": "guro2024"}),
        ["user", "add", "park", "--role", "admin", "--db", str(path)],
    )
    assert made.returncode == 0, made.stderr
    assert "kim.sangdam" in made.stdout and "CAFE-GURO" in made.stdout

    from models.core.db import Database, sqlite_url
    from models.registry import Services
    db = Database(sqlite_url(path))
    services = Services(db, hasher=FAST_HASHER)
    actor = services.accounts.authenticate("kim.sangdam", "guro2024")
    assert actor.display_name == "김상담"
    assert actor.facility_ids == {services.facilities.by_code("CAFE-GURO").id}
    db.dispose()

    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr

    assert unknown.returncode == 1
    assert "알 수 없는 시설 코드" in unknown.stderr and "NOPE-1" in unknown.stderr
    _no_traceback(unknown)

    assert no_password.returncode == 1 and "YJD_PASSWORD" in no_password.stderr
    _no_traceback(no_password)


def test_check_reports_version_and_refuses_broken_files(demo, tmp_path):
    tmp, path, _ = demo
    broken = tmp_path / "broken.db"
    content = b"this is not an SQLite file\n" * 200
    broken.write_bytes(content)
    newer = tmp / "newer.db"
    with sqlite3.connect(path) as src, sqlite3.connect(newer) as dst:
        src.backup(dst)
        dst.execute("UPDATE alembic_version SET version_num = '9999'")
    ok, corrupt, missing, too_new = run_many(
        tmp, ["check", "--db", str(path)], ["check", "--db", str(broken)],
        ["check", "--db", str(tmp_path / "gone" / "yjd.db")], ["facilities", "--db", str(newer)])
    assert ok.returncode == 0, ok.stderr
    from models.core.migrate import head_revision
    assert f"스키마 버전: {head_revision()} (최신)" in ok.stdout
    assert "무결성 검사: 정상" in ok.stdout and "youth: 50" in ok.stdout

    assert corrupt.returncode == 2
    assert "손상" in corrupt.stderr and _korean(corrupt.stderr)
    _no_traceback(corrupt)
    assert broken.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]

    assert missing.returncode == 2 and "폴더가 없습니다" in missing.stderr
    _no_traceback(missing)
    assert not (tmp_path / "gone").exists()

    assert too_new.returncode == 2 and "더 새로운 버전" in too_new.stderr
    assert too_new.stdout == ""
    _no_traceback(too_new)
    with sqlite3.connect(newer) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_screenshot_writes_a_png(demo, tmp_path):
    tmp, path, _ = demo
    out = tmp_path / "youth.png"
    shot, unknown = run_many(
        tmp, ["screenshot", "youth", "-o", str(out), "--db", str(path), "--user", "counselor"],
        ["screenshot", "nowhere", "-o", str(tmp_path / "x.png"), "--db", str(path)])
    assert shot.returncode == 0, shot.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 800)

    assert unknown.returncode != 0
    assert "nowhere" in unknown.stderr and "youth" in unknown.stderr
    _no_traceback(unknown)
    assert not (tmp_path / "x.png").exists()


COMMANDS = [[], ["demo"], ["facilities"], ["user"], ["user", "add"], ["check"], ["screenshot"]]


def test_help_on_every_command(tmp_path):
    for cmd, proc in zip(COMMANDS, run_many(tmp_path, *[[*c, "--help"] for c in COMMANDS]),
                         strict=True):
        assert proc.returncode == 0, (cmd, proc.stderr)
        assert proc.stdout.startswith("usage: python main.py") and _korean(proc.stdout), cmd
        assert proc.stderr == ""
    assert not (tmp_path / "data").exists()  # --help opens no database


@pytest.mark.skipif(not PG_URL, reason="YJD_TEST_DATABASE_URL is not set")
def test_facilities_on_postgresql(pg_database, tmp_path):
    from models.facilities.seed import seed_facilities
    from models.registry import Services
    from tests.conftest import truncate_all
    truncate_all(pg_database)
    seed_facilities(Services(pg_database))

    proc = run(tmp_path, "facilities", "--csv", "--database-url", PG_URL)
    assert proc.returncode == 0, proc.stderr
    assert {r["code"] for r in csv.DictReader(io.StringIO(proc.stdout))} == CODES
