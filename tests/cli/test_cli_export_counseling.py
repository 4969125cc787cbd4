"""`python main.py export counseling --facility CODE --month YYYY-MM -o FILE`, in-process on
a small SQLite file with a month of sessions: .csv and .xlsx by extension, the export
recorded once as an output by ``cli:<os user>``; bad input ends with ``오류:`` and exit
code 1 with no file and no output recorded. The leak test: no note, summary or youth name
reaches the file, stdout, stderr or the log. The plug-in's parser imports nothing heavy."""

from __future__ import annotations

import csv
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import FakeClock
from tests.factories.cli import cli, output_count, query
from tests.factories.counseling import NOTE, SUMMARY, consent, log, make_counseling

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("quiet_logging")


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """CAFE-A with five November sessions (notes and summaries typed), one voided."""
    from models.core.db import Database, sqlite_url
    from models.core.migrate import upgrade
    from models.registry import Services
    from tests.factories.world import make_world
    path = tmp_path_factory.mktemp("cli-counseling") / "small.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    services = Services(db, FakeClock())
    world = make_world(services)
    cw = make_counseling(services, world)
    consent(services, world, cw.y2)
    log(services, world.counselor, world, cw.y1, mode="in_person")
    log(services, world.counselor, world, cw.y2, topics=["mental_health"])
    log(services, cw.counselor2, world, cw.y3, kind="resume")
    sid = log(services, world.counselor, world, cw.y3)
    services.counseling.void_session(world.counselor, sid, "잘못 입력", 1)
    db.dispose()
    return path


def secrets(db: Path) -> list[str]:
    names = [r[0] for r in query(db, "SELECT name FROM youth")]
    assert len(names) == 3
    return [*names, NOTE, SUMMARY, "이력서 초안", "잘못 입력"]


def export(capsys, db, out, month="2026-11", facility="CAFE-A"):
    return cli(capsys, "export", "counseling", "--db", db, "--facility", facility, "--month", month, "-o", out)


def test_csv_and_xlsx_hold_counts_only_and_nothing_leaks(capsys, caplog, small, folder):
    caplog.set_level(logging.DEBUG)
    before = output_count(small)
    code, out, err = export(capsys, small, folder / "상담.csv")
    assert code == 0, err
    assert "상담 통계(2026-11, 1:1 상담 3건)를 저장했습니다" in out and err == ""
    with open(folder / "상담.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["합계", "1:1 상담", "", "3", ""]
    assert ["상담사별", "counselor", "", "2", ""] in rows and ["상담사별", "counselor2", "", "1", ""] in rows
    code, out2, err2 = export(capsys, small, folder / "상담.xlsx")
    assert code == 0, err2
    ws = load_workbook(folder / "상담.xlsx").active
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "1:1 상담" in cells and "일별" in cells
    files = (folder / "상담.csv").read_text(encoding="utf-8-sig") + "\n".join(cells)
    for secret in secrets(small):
        for where, text in (("file", files), ("stdout", out + out2), ("stderr", err + err2), ("log", caplog.text)):
            assert secret not in text, (secret, where)
    assert output_count(small) == before + 2
    [(who, detail)] = query(small, "SELECT username, detail FROM audit_log WHERE action = 'output' "
                                   "ORDER BY id DESC LIMIT 1")
    assert who.startswith("cli:") and detail == "상담 통계 내보내기 2026-11 (상담 3건, 집단 0건)"


@pytest.mark.parametrize(("args", "message"), [
    ({"month": "2026-13"}, "--month 는 YYYY-MM 형식이어야 합니다"),
    ({"out": "상담.pdf"}, ".csv"),
    ({"facility": "NOPE"}, "시설"),
])
def test_bad_input_is_one_korean_line_and_writes_nothing(capsys, small, folder, args, message):
    before = output_count(small)
    out = folder / args.get("out", "상담.csv")
    code, stdout, err = export(capsys, small, out, month=args.get("month", "2026-11"),
                               facility=args.get("facility", "CAFE-A"))
    assert code == 1 and err.startswith("오류: ") and message in err and stdout == ""
    assert not out.exists() and output_count(small) == before


def test_the_parser_imports_nothing_heavy():
    code = ("import sys, argparse; import cli.commands.export_counseling as m; "
            "p = argparse.ArgumentParser(); m.add_parser(p.add_subparsers()); "
            "heavy = [n for n in ('models.registry', 'sqlalchemy', 'sqlmodel', 'PySide6', 'reportlab', 'openpyxl') "
            "if n in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
