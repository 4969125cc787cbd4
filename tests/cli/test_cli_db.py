"""``check`` on a tampered audit log, and the owner's ``db upgrade`` and ``db grant``
(issue 9, defects 3 and 4), through ``cli.main.main`` in-process."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

import cli.main as cli_main
from models.core.audit_chain import SQLITE_TRIGGERS
from models.core.db import Database
from tests.conftest import PG_URL, truncate_all

pytestmark = pytest.mark.usefixtures("quiet_logging")


@pytest.fixture
def main(capsys, monkeypatch, tmp_path):
    """``main(*args)`` -> (exit code, stdout, stderr), without the environment's database."""
    for name in ("YJD_DATABASE_URL", "YJD_PASSWORD", "YJD_APP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("YJD_DATA_DIR", str(tmp_path / "data"))

    def run(*args):
        capsys.readouterr()
        code = cli_main.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def demo_file(main, tmp_path):
    path = tmp_path / "demo.db"
    code, _, err = main("demo", "--db", path, "--youth", "20", "--seed", "3")
    assert code == 0, err
    return path


def test_check_reports_the_chain_and_names_the_first_broken_row(main, demo_file):
    code, out, err = main("check", "--db", demo_file)
    assert code == 0, err
    assert "감사 기록 체인: 정상 (" in out
    with sqlite3.connect(demo_file) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET detail = 'x' WHERE id = 7")
        conn.execute(SQLITE_TRIGGERS["audit_log_no_update"])
    conn.close()
    code, out, err = main("check", "--db", demo_file)
    assert code == 1
    assert "감사 기록 체인: 정상" not in out
    assert "문제: 감사 기록 체인이 끊어졌습니다. 첫 번째로 맞지 않는 행: id 7(순번 7)" in err
    assert "Traceback" not in err


def test_check_catches_a_cut_tail_and_notes_a_missing_head_file(main, demo_file):
    with sqlite3.connect(demo_file) as conn:
        n = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id > 10")
        conn.execute(SQLITE_TRIGGERS["audit_log_no_delete"])
    conn.close()
    code, out, err = main("check", "--db", demo_file)
    assert code == 1
    assert f"헤드 파일에는 순번 {n}까지 있는데 데이터베이스에는 순번 10까지만 있습니다" in err
    (demo_file.parent / "demo.db.audit-head").unlink()
    code, out, err = main("check", "--db", demo_file)
    assert code == 0, err
    assert "참고: 감사 기록 헤드 파일(demo.db.audit-head)이 없어" in out


def test_db_grant_is_refused_on_sqlite_and_makes_no_file(main, tmp_path):
    path = tmp_path / "new.db"
    code, out, err = main("db", "grant", "--app-role", "yjd_app", "--db", path)
    assert code == 2 and out == ""
    assert err.startswith("오류: 'db grant'는 PostgreSQL 데이터베이스에만 씁니다.")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not PG_URL, reason="YJD_TEST_DATABASE_URL is not set")
def test_db_grant_sets_up_the_role_the_app_then_uses(main, pg_database, monkeypatch):
    truncate_all(pg_database)
    role = f"yjd_app_{uuid.uuid4().hex[:10]}"
    try:
        code, out, err = main("db", "upgrade", "--database-url", PG_URL)
        assert code == 0 and "(최신)" in out, err
        code, out, err = main("db", "grant", "--app-role", role, "--database-url", PG_URL)
        assert code == 0, err
        assert f"앱 역할 {role}을(를) 만들고 권한을 주었습니다" in out
        app_url = make_url(PG_URL).set(username=role).render_as_string(hide_password=False)
        monkeypatch.setenv("YJD_PASSWORD", "clerk-pass-1")  # a write as the app role, audited
        code, out, err = main("user", "add", "clerk", "--role", "admin", "--database-url", app_url)
        assert code == 0, err
        code, out, err = main("check", "--database-url", app_url)
        assert code == 0, err
        assert "감사 기록 체인: 정상 (2행" in out and "참고:" not in out
        code, out, err = main("check", "--database-url", PG_URL)  # the owner gets the note
        assert code == 0 and "참고: 이 역할이 감사 기록 테이블의 소유자입니다" in out
        code, out, err = main("db", "grant", "--app-role", make_url(PG_URL).username,
                              "--database-url", PG_URL)
        assert code == 1 and "소유자" in err
    finally:
        owner = Database(PG_URL)
        with owner.engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))
        owner.dispose()


def test_check_names_an_append_only_log_whose_guard_was_dropped(main, demo_file):
    """The course and matching logs refuse edits by triggers; ``check`` says when one is gone."""
    code, out, err = main("check", "--db", demo_file)
    assert code == 0, err
    for table in ("referral_transition", "course_roll_change", "course_status_change"):
        with sqlite3.connect(demo_file) as conn:
            sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (f"{table}_no_update",)).fetchone()[0]
            conn.execute(f"DROP TRIGGER {table}_no_update")
        conn.close()
        code, out, err = main("check", "--db", demo_file)
        assert code == 1
        assert f"{table}_no_update" in err
        with sqlite3.connect(demo_file) as conn:
            conn.execute(sql)
        conn.close()
