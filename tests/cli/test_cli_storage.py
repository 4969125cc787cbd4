"""Bad storage at start, through ``cli.main.main`` in-process: every case ends with exit
code 2 and a Korean line on stderr, no traceback, and the folder exactly as it was (same
bytes, no ``-wal``, ``-shm`` or backup). The GUI start gets the same message in its dialog.
The app's own files are accepted: an old release's file is upgraded and stamped, and
``check`` leaves a rollback-journal file byte-identical."""

from __future__ import annotations

import sqlite3

import pytest

import cli.main as cli_main
from models.core.db import APPLICATION_ID
from tests.factories.storage import (
    BAD_FILES,
    app_file,
    deny_writes,
    folder_state,
    future_file,
    release_file,
)

pytestmark = pytest.mark.usefixtures("quiet_logging")


@pytest.fixture
def main(capsys, monkeypatch, tmp_path):
    """``main(*args)`` -> (exit code, stdout, stderr), without the environment's database."""
    for name in ("YJD_DATABASE_URL", "YJD_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("YJD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("YJD_BUSY_TIMEOUT_MS", "100")

    def run(*args):
        capsys.readouterr()
        code = cli_main.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _refused(result, *words: str) -> None:
    code, out, err = result
    assert code == 2, err
    assert err.startswith("오류: ") and any("\uac00" <= ch <= "\ud7a3" for ch in err)
    assert "Traceback" not in err and out == ""
    for word in words:
        assert word in err, err


def _app_id(path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        found = conn.execute("PRAGMA application_id").fetchone()[0]
    conn.close()
    return found


@pytest.fixture
def box(tmp_path):
    """The folder the database file sits in, alone."""
    folder = tmp_path / "box"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("command", [["facilities"], ["check"]])
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_file_that_is_not_the_apps_exits_2_and_is_left_as_it_was(
        name, command, main, box, sqlite_template):
    build, _kind = BAD_FILES[name]
    path = box / "yjd.db"
    build(path, sqlite_template)
    before = folder_state(box)
    _refused(main(*command, "--db", path), "변경하지 않았습니다")
    assert folder_state(box) == before


def test_the_gui_start_shows_the_message_and_leaves_a_foreign_file(
        main, box, sqlite_template, monkeypatch):
    shown = []
    monkeypatch.setattr(cli_main, "_startup_dialog", shown.append)
    build, _ = BAD_FILES["foreign_with_youth_table"]
    path = box / "yjd.db"
    build(path, sqlite_template)
    before = folder_state(box)
    _refused(main("--db", path), "데이터베이스가 아닙니다")
    assert len(shown) == 1 and "데이터베이스가 아닙니다" in shown[0]
    assert folder_state(box) == before


def test_a_newer_app_file_exits_2_before_the_wal_switch(main, box, sqlite_template):
    path = future_file(sqlite_template, box / "yjd.db")
    before = folder_state(box)
    for command in ("facilities", "check"):
        _refused(main(command, "--db", path), "더 새로운 버전", "9999_from_the_future")
    assert folder_state(box) == before


def test_a_read_only_file_exits_2_at_start(main, box, sqlite_template, monkeypatch):
    path = app_file(sqlite_template, box / "yjd.db")
    path.chmod(0o444)  # read-only for a user; root's os.access sees it through deny_writes
    deny_writes(monkeypatch, path)
    before = folder_state(box)
    _refused(main("facilities", "--db", path), "읽기 전용")
    assert folder_state(box) == before
    code, out, err = main("check", "--db", path)  # reading it is allowed
    assert code == 0, err
    assert folder_state(box) == before


@pytest.mark.parametrize("existing", [True, False], ids=["app_file", "new_file"])
def test_a_read_only_folder_exits_2_at_start(existing, main, box, sqlite_template,
                                             monkeypatch):
    path = box / "yjd.db"
    if existing:
        app_file(sqlite_template, path)
    before = folder_state(box)
    box.chmod(0o555)
    deny_writes(monkeypatch, box)
    try:
        _refused(main("facilities", "--db", path), "읽기 전용")
    finally:
        box.chmod(0o755)
    assert folder_state(box) == before


def test_a_locked_file_exits_2(main, box, sqlite_template):
    path = app_file(sqlite_template, box / "yjd.db", journal="delete")
    before = folder_state(box)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for command in ("facilities", "check"):
            _refused(main(command, "--db", path), "다른 프로그램이 사용 중")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert folder_state(box) == before


def test_check_leaves_a_rollback_journal_file_byte_identical(main, box, sqlite_template):
    path = app_file(sqlite_template, box / "yjd.db", journal="delete")
    before = folder_state(box)
    code, out, err = main("check", "--db", path)
    assert code == 0, err
    assert "무결성 검사: 정상" in out
    assert folder_state(box) == before
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()


def test_check_on_a_missing_file_creates_nothing(main, box):
    code, _out, err = main("check", "--db", box / "yjd.db")
    assert code == 1 and "스키마가 없습니다" in err
    assert list(box.iterdir()) == []


def test_an_old_release_file_is_accepted_upgraded_and_stamped(main, box):
    path = release_file("0002", box / "yjd.db")
    assert _app_id(path) == 0
    code, out, err = main("facilities", "--db", path)
    assert code == 0, err
    assert "CAFE-CENTER" in out
    assert _app_id(path) == APPLICATION_ID
    assert len(list(box.glob("yjd.db.bak-0002-*"))) == 1


def test_the_apps_new_file_gets_the_application_id(main, box):
    path = box / "yjd.db"
    code, _out, err = main("facilities", "--db", path)
    assert code == 0, err
    assert _app_id(path) == APPLICATION_ID
