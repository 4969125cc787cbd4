"""The command line: ``cli.main.main(argv)`` called in-process, and three smoke tests that
run ``python main.py ...`` in a subprocess as a user runs it (the help, a demo database
and its facility table, and a storage error's exit code 2).

In-process calls get the environment the subprocesses had (their own data and log folders,
no YJD_DATABASE_URL, YJD_PASSWORD or YJD_DATA_DIR from outside, no terminal on stdin).
Afterwards the log handler ``setup_logging`` adds to the root logger on every call is removed
again and the databases the command opened are closed, so runs do not pile up.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import os
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import NamedTuple

import pytest

import cli.commands.demo as demo_command
import cli.main as cli_main
from cli.common import open_services
from models.facilities.seed import FACILITIES
from reports.text_table import display_width
from tests.conftest import FAST_HASHER, PG_URL, truncate_all

ROOT = Path(__file__).resolve().parents[2]
CODES = {f["code"] for f in FACILITIES}
DEMO_ACCOUNTS = [("admin", "admin1234"), ("manager", "manager1234"),
                 ("counselor", "counsel1234"), ("frontdesk", "desk12345")]
OUTSIDE = ("YJD_DATABASE_URL", "YJD_PASSWORD", "YJD_DATA_DIR")


class Result(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def _korean(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


# ------------------------------------------------------------------------- in-process
@contextmanager
def in_process(home: Path, **env: str) -> Iterator[None]:
    """Run ``main`` as the subprocesses did: ``home`` holds the data and log folders, ``env``
    is added. Undoes what ``main`` leaves behind: root log handlers and open databases."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    opened = []

    def recording(url, **kw):
        services = open_services(url, **kw)
        opened.append(services)
        return services

    with pytest.MonkeyPatch.context() as mp:
        for name in OUTSIDE:
            mp.delenv(name, raising=False)
        mp.setenv("YJD_LOG_DIR", str(home / "log"))
        mp.setenv("YJD_DATA_DIR", str(home / "data"))
        for name, value in env.items():
            mp.setenv(name, value)
        mp.setattr(sys, "stdin", io.StringIO())  # as stdin=DEVNULL: no terminal to ask
        mp.setattr(cli_main, "open_services", recording)
        mp.setattr(demo_command, "open_services", recording)
        try:
            yield
        finally:
            for services in opened:
                services.db.dispose()
            for handler in root.handlers[:]:
                if handler not in handlers:
                    root.removeHandler(handler)
                    handler.close()
            root.setLevel(level)


def call_main(*args: str) -> int:
    """``main(args)``'s exit code, also when argparse ends it with SystemExit."""
    try:
        return cli_main.main([str(a) for a in args])
    except SystemExit as exc:
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 1


@pytest.fixture
def home(tmp_path_factory) -> Path:
    """The data and log folders of the in-process runs (not the test's tmp_path, which
    some tests list)."""
    return tmp_path_factory.mktemp("cli-home")


@pytest.fixture
def cli(capsys, home):
    """``cli(*args, **env)`` -> Result of ``main(args)`` in-process, stdout and stderr
    captured."""
    def run(*args: str, **env: str) -> Result:
        capsys.readouterr()
        with in_process(home, **env):
            code = call_main(*args)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


@pytest.fixture(autouse=True)
def _root_logger_unchanged():
    """Every test leaves the root logger's handlers as it found them."""
    before = list(logging.getLogger().handlers)
    yield
    assert logging.getLogger().handlers == before


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """One small demo database for the module, made in-process: (folder, path, result)."""
    tmp = tmp_path_factory.mktemp("cli")
    path = tmp / "demo.db"
    out, err = io.StringIO(), io.StringIO()
    with in_process(tmp), redirect_stdout(out), redirect_stderr(err):
        code = call_main("demo", "--db", str(path), "--youth", "50", "--seed", "7")
    result = Result(code, out.getvalue(), err.getvalue())
    assert result.returncode == 0, result.stderr
    return tmp, path, result


def _services(path: Path):
    from models.core.db import Database, sqlite_url
    from models.registry import Services
    return Services(Database(sqlite_url(path)), hasher=FAST_HASHER)


def test_in_process_runs_do_not_pile_up_log_handlers(cli, home):
    root = logging.getLogger()
    before = list(root.handlers)
    for _ in range(3):
        assert cli("check", "--db", str(home / "none" / "x.db")).returncode == 2
        assert root.handlers == before
    assert (home / "log" / "yjd.log").exists()  # each run did set up its log file


def test_demo_prints_accounts_and_facilities_and_refuses_a_second_time(demo, cli):
    tmp, path, result = demo
    out = result.stdout
    assert "청년 50명" in out and "시설 28곳" in out
    for username, password in DEMO_ACCOUNTS:
        line = next(ln for ln in out.splitlines() if ln.split()[:2] == [username, password])
        assert "CAFE-CENTER" in line or "서울시 전체" in line
    assert CODES <= set(out.split())
    size = path.stat().st_size

    again = cli("demo", "--db", str(path), "--youth", "50")
    assert again.returncode != 0
    assert _korean(again.stderr) and "이미 계정이 있는" in again.stderr
    assert again.stdout == ""
    _no_traceback(again)
    # the accounts still work with the printed passwords, and nothing was added
    services = _services(path)
    assert services.accounts.authenticate("counselor", "counsel1234").username == "counselor"
    assert len(services.facilities.list_all()) == 28
    services.db.dispose()
    assert path.stat().st_size >= size


def _columns_aligned(lines: list[str]) -> None:
    """Every column starts at the same display position (Korean is two cells wide)."""
    starts = [i for i, ch in enumerate(lines[1]) if ch == "-" and (i == 0 or lines[1][i - 1] == " ")]
    assert len(starts) == 6
    for line in lines[2:]:
        cells = "".join(ch * (2 if display_width(ch) == 2 else 1) for ch in line)
        for s in starts[1:]:
            assert cells[s - 2:s] == "  " and cells[s] != " ", line


def _column_starts(line: str) -> list[int]:
    """The display positions where a line's columns start: a column is what follows two
    spaces (a cell holds single spaces at most); Korean is two cells wide."""
    cells = "".join(ch * display_width(ch) for ch in line)
    return [i for i, ch in enumerate(cells) if ch != " " and cells[i - 2:i] == "  "]


def _account_rows(out: str) -> list[str]:
    lines = out.splitlines()
    first = next(i for i, ln in enumerate(lines) if ln.startswith("데모 계정 (")) + 1
    rows = []
    for line in lines[first:]:
        if not line.startswith("  "):
            break
        rows.append(line)
    return rows


def test_demo_accounts_line_up_by_display_width(demo):
    """The role column is Korean ("시 담당자(관리자)", "상담사") beside ASCII usernames,
    passwords and facility codes: every row's columns start at the same display column."""
    rows = _account_rows(demo[2].stdout)
    assert [r.split()[0] for r in rows] == [u for u, _ in DEMO_ACCOUNTS]
    assert any(_korean(r.split("  ")[-1]) for r in rows) and any("CAFE-CENTER" in r for r in rows)
    starts = {tuple(_column_starts(r)) for r in rows}
    assert len(starts) == 1 and len(next(iter(starts))) == 4, rows


def test_demo_accounts_printed_again_by_dash_dash_demo_line_up(demo, capsys):
    """``--demo`` on a demo database that has its accounts prints them again (print_demo)."""
    services = _services(demo[1])
    try:
        capsys.readouterr()
        demo_command.print_demo(services)
    finally:
        services.db.dispose()
    out = capsys.readouterr().out
    assert "시설 28곳" in out and "공간 0개" not in out
    rows = _account_rows(out)
    assert len(rows) == len(DEMO_ACCOUNTS)
    assert len({tuple(_column_starts(r)) for r in rows}) == 1, rows


def test_account_lines_align_korean_and_ascii_cells():
    from cli.commands.demo import account_lines
    from models.core.enums import Role
    from models.demo import DemoAccount
    rows = account_lines([DemoAccount("a", "pw", "이름", Role.COUNSELOR, "LONG-FACILITY"),
                          DemoAccount("long-name", "much-longer-pw", "이름", Role.ADMIN, None)])
    assert {tuple(_column_starts(r)) for r in rows} == {(2, 13, 29, 29 + 2 + max(
        display_width(Role.COUNSELOR.label), display_width(Role.ADMIN.label)))}
    assert rows[1].endswith("서울시 전체") and account_lines([]) == []


def test_facilities_as_aligned_table_and_csv(demo, cli):
    _tmp, path, _ = demo
    table = cli("facilities", "--db", str(path))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["코드", "이름", "종류", "권역", "자치구", "상태"]
    assert {ln.split()[0] for ln in lines[2:]} == CODES and len(lines) == 2 + 28
    _columns_aligned(lines)
    assert any("청년취업사관학교 광진 캠퍼스" in ln and "개소" not in ln for ln in lines)
    assert sum("개소 예정" in ln for ln in lines) == 7  # 5 campuses of 2023, 2 cafés of 2024

    as_csv = cli("facilities", "--csv", "--db", str(path))
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["code"] for r in rows} == CODES and len(rows) == 28
    desk = next(r for r in rows if r["code"] == "MATCH-DESK")
    assert desk == {"code": "MATCH-DESK", "name": "청년일자리 매칭강화 전담창구",
                    "kind": "matching_desk", "region": "central", "district": "중구",
                    "status": "open"}


def test_user_add(demo, cli):
    _tmp, path, _ = demo
    made = cli("user", "add", "Kim.Sangdam", "--role", "counselor", "--facility", "cafe-guro",
               "--display-name", "김상담", "--db", str(path), YJD_PASSWORD="guro2024")
    assert made.returncode == 0, made.stderr
    assert "kim.sangdam" in made.stdout and "CAFE-GURO" in made.stdout
    services = _services(path)
    actor = services.accounts.authenticate("kim.sangdam", "guro2024")
    assert actor.display_name == "김상담"
    assert actor.facility_ids == {services.facilities.by_code("CAFE-GURO").id}
    services.db.dispose()

    bad_role = cli("user", "add", "lee", "--role", "boss", "--facility", "CAFE-GURO", "--db", str(path),
                   YJD_PASSWORD="guro2024")
    assert bad_role.returncode == 2 and "invalid choice" in bad_role.stderr

    unknown = cli("user", "add", "park", "--role", "manager", "--facility", "NOPE-1", "--db", str(path),
                  YJD_PASSWORD="guro2024")
    assert unknown.returncode == 1
    assert "알 수 없는 시설 코드" in unknown.stderr and "NOPE-1" in unknown.stderr
    _no_traceback(unknown)

    no_password = cli("user", "add", "park", "--role", "admin", "--db", str(path))
    assert no_password.returncode == 1 and "YJD_PASSWORD" in no_password.stderr
    _no_traceback(no_password)


def test_check_reports_version_and_refuses_broken_files(demo, cli, tmp_path):
    tmp, path, _ = demo
    broken = tmp_path / "broken.db"
    content = b"this is not an SQLite file\n" * 200
    broken.write_bytes(content)
    newer = tmp / "newer.db"
    with sqlite3.connect(path) as src, sqlite3.connect(newer) as dst:
        src.backup(dst)
        dst.execute("UPDATE alembic_version SET version_num = '9999'")

    ok = cli("check", "--db", str(path))
    assert ok.returncode == 0, ok.stderr
    from models.core.migrate import head_revision
    assert f"스키마 버전: {head_revision()} (최신)" in ok.stdout
    assert "무결성 검사: 정상" in ok.stdout and "youth: 50" in ok.stdout

    corrupt = cli("check", "--db", str(broken))
    assert corrupt.returncode == 2
    assert "손상" in corrupt.stderr and _korean(corrupt.stderr)
    _no_traceback(corrupt)
    assert broken.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]

    missing = cli("check", "--db", str(tmp_path / "gone" / "yjd.db"))
    assert missing.returncode == 2 and "폴더가 없습니다" in missing.stderr
    _no_traceback(missing)
    assert not (tmp_path / "gone").exists()

    too_new = cli("facilities", "--db", str(newer))
    assert too_new.returncode == 2 and "더 새로운 버전" in too_new.stderr
    assert too_new.stdout == ""
    _no_traceback(too_new)
    with sqlite3.connect(newer) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


@pytest.fixture
def restore_app_style():
    """``screenshot`` styles the application; the GUI tests that follow expect it plain."""
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance()
    saved = (app.font(), app.styleSheet(), app.style().name()) if app else None
    yield
    app = QApplication.instance()
    if app is not None and saved is not None:
        app.setStyleSheet(saved[1])
        app.setFont(saved[0])
        app.setStyle(saved[2])
    elif app is not None:
        app.setStyleSheet("")


def test_screenshot_writes_a_png(demo, cli, tmp_path, restore_app_style):
    _tmp, path, _ = demo
    out = tmp_path / "youth.png"
    shot = cli("screenshot", "youth", "-o", str(out), "--db", str(path), "--user", "counselor")
    assert shot.returncode == 0, shot.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 800)

    unknown = cli("screenshot", "nowhere", "-o", str(tmp_path / "x.png"), "--db", str(path))
    assert unknown.returncode != 0
    assert "nowhere" in unknown.stderr and "youth" in unknown.stderr
    _no_traceback(unknown)
    assert not (tmp_path / "x.png").exists()


def command_paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(path, parser) of the parser and of every sub-command below it, found by walking the
    argparse sub-parsers (``export bookings``, ``user add``, ...)."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from command_paths(sub, (*path, name))


def test_help_on_every_command(cli, home):
    found = list(command_paths(cli_main.build_parser()))
    paths = [p for p, _ in found]
    assert {p[0] for p in paths if len(p) == 1} == set(cli_main.COMMANDS)  # every command
    assert {("export", "bookings"), ("export", "interview-slots"), ("user", "add")} <= set(paths)
    for path, parser in found:
        result = cli(*path, "--help")
        assert result.returncode == 0, (path, result.stderr)
        assert result.stdout.startswith(f"usage: {' '.join(('python main.py', *path))}"), path
        assert _korean(result.stdout), path
        for own in (parser.description, *(a.help for a in parser._actions if a.help)):
            if own and own != argparse.SUPPRESS and _korean(own):  # its own Korean texts
                assert " ".join(own.split()) in " ".join(result.stdout.split()), (path, own)
        assert result.stderr == "", path
    assert not (home / "data").exists()  # --help opens no database


@pytest.mark.skipif(not PG_URL, reason="YJD_TEST_DATABASE_URL is not set")
def test_facilities_on_postgresql(pg_database, cli):
    from models.facilities.seed import seed_facilities
    from models.registry import Services
    truncate_all(pg_database)
    seed_facilities(Services(pg_database))

    result = cli("facilities", "--csv", "--database-url", PG_URL)
    assert result.returncode == 0, result.stderr
    assert {r["code"] for r in csv.DictReader(io.StringIO(result.stdout))} == CODES


# ------------------------------------------------------ subprocess smoke tests (three)
def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    """``python main.py args`` as a user runs it, with its own data and log folders."""
    env = {k: v for k, v in os.environ.items() if k not in OUTSIDE}
    env.update(YJD_LOG_DIR=str(home / "log"), YJD_DATA_DIR=str(home / "data"),
               QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def test_smoke_help(home):
    proc = run(home, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: python main.py") and _korean(proc.stdout)
    assert "export" in proc.stdout and proc.stderr == ""
    assert not (home / "data").exists()


def test_smoke_demo_then_facilities(home, tmp_path):
    path = tmp_path / "demo.db"
    made = run(home, "demo", "--db", str(path), "--youth", "5", "--seed", "7")
    assert made.returncode == 0, made.stderr
    assert "청년 5명" in made.stdout and "시설 28곳" in made.stdout
    listed = run(home, "facilities", "--csv", "--db", str(path))
    assert listed.returncode == 0, listed.stderr
    assert {r["code"] for r in csv.DictReader(io.StringIO(listed.stdout))} == CODES
    assert (home / "log" / "yjd.log").exists()


def test_smoke_storage_error_exits_2(home, tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not an SQLite file\n" * 200)
    proc = run(home, "check", "--db", str(broken))
    assert proc.returncode == 2
    assert proc.stderr.startswith("오류: ") and "손상" in proc.stderr and proc.stdout == ""
    _no_traceback(proc)
