"""`python main.py export matches --facility CODE --month YYYY-MM -o FILE`, in-process on a
small SQLite file with a month of referrals: .csv and .xlsx by extension (the events' days
real date cells in the .xlsx), the export recorded once as an output by ``cli:<os user>``;
bad input ends with ``오류:`` and exit code 1 with no file and no output recorded. The
leak test: no youth name or phone, no contact person's name, phone or e-mail, no typed
reason reaches the file, stdout, stderr or the log. The plug-in's parser imports nothing
heavy."""

from __future__ import annotations

import csv
import logging
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import FakeClock
from tests.factories.cli import cli, output_count, query
from tests.factories.companies import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    make_matching,
    refer,
    walk,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.usefixtures("quiet_logging")
REASON = "연봉 조건 불일치(담당자 한담당 통화)"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """CAFE-A in November: three referrals, one hired, one ended with a typed reason."""
    from models.core.db import Database, sqlite_url
    from models.core.migrate import upgrade
    from models.registry import Services
    from tests.factories.world import make_world
    path = tmp_path_factory.mktemp("cli-matches") / "small.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    services = Services(db, FakeClock())
    world = make_world(services)
    mw = make_matching(services, world)
    services.facilities.create(world.admin, {"code": "ACAD-X", "name": "캠퍼스 X", "kind": "campus", "region": "central",
                                             "district": "중구", "operator": "city",
                                             "opening_hours": {str(d): ["09:00", "18:00"] for d in range(5)}})
    r1 = refer(services, world.counselor, world, mw.opening, mw.y1, channel="on_site", day=date(2026, 11, 3))
    r2 = refer(services, world.counselor, world, mw.opening, mw.y2, channel="online", day=date(2026, 11, 4))
    refer(services, world.counselor, world, mw.opening, mw.y3, channel="city_programme", day=date(2026, 11, 10))
    walk(services, world.counselor, r1, ["screening", "interview", "passed", "hired"], day=date(2026, 11, 24))
    v = services.companies.get_referral(world.counselor, r2).version
    services.companies.move(world.counselor, r2, "withdrew", v, on=date(2026, 11, 12), note=REASON)
    db.dispose()
    return path


def secrets(db: Path) -> list[str]:
    youth = [v for row in query(db, "SELECT name, phone FROM youth") for v in row]
    assert len(youth) == 6
    return [*youth, CONTACT_NAME, CONTACT_PHONE, "010-7777-8888", CONTACT_EMAIL, REASON]


def export(capsys, db, out, month="2026-11", facility="CAFE-A"):
    return cli(capsys, "export", "matches", "--db", db, "--facility", facility, "--month", month, "-o", out)


def test_csv_and_xlsx_hold_the_figures_and_the_events_and_nothing_leaks(capsys, caplog, small, folder):
    caplog.set_level(logging.DEBUG)
    before = output_count(small)
    code, out, err = export(capsys, small, folder / "매칭.csv")
    assert code == 0, err
    assert "매칭 운영 실적(2026-11: 구인기업 발굴 1곳, 추천 3건, 면접 1건, 입사 1건, 추천 이력 8건)을 저장했습니다" in out
    assert err == ""
    with open(folder / "매칭.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["구분", "항목", "날짜", "추천 번호", "기업", "공고", "채널", "이전 단계", "단계", "건수"]
    assert ["운영 실적", "청년-기업매칭", "", "", "", "", "합계", "", "", "1"] in rows
    assert ["운영 실적", "추천", "", "", "", "", "市 사업", "", "", "1"] in rows
    events = [r for r in rows if r[0] == "추천 이력"]
    assert len(events) == 8 and [r[2] for r in events] == sorted(r[2] for r in events)
    hire = next(r for r in events if r[8] == "입사")
    assert hire[2] == "2026-11-24" and hire[3].startswith("R-") and hire[6] == "현장방문" and hire[7] == "합격"
    code, out2, err2 = export(capsys, small, folder / "매칭.xlsx")
    assert code == 0, err2
    ws = load_workbook(folder / "매칭.xlsx").active
    assert ws.title == "매칭 실적" and "매칭 운영 실적 2026-11" in ws["A1"].value
    days = [row[2] for row in ws.iter_rows(min_row=3, values_only=True) if row[0] == "추천 이력"]
    assert len(days) == 8 and all(isinstance(d, datetime) for d in days)  # real date cells
    assert days[-1].date() == date(2026, 11, 24)
    cells = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    files = (folder / "매칭.csv").read_text(encoding="utf-8-sig") + "\n".join(cells)
    for secret in secrets(small):
        for where, text in (("file", files), ("stdout", out + out2), ("stderr", err + err2), ("log", caplog.text)):
            assert secret not in text, (secret, where)
    assert output_count(small) == before + 2
    [(who, entity, detail)] = query(small, "SELECT username, entity, detail FROM audit_log WHERE action = 'output' "
                                           "ORDER BY id DESC LIMIT 1")
    assert who.startswith("cli:") and entity == "referral_transition"
    assert detail == "매칭 실적 내보내기 2026-11 (추천 이력 8건, 입사 1건)"


def test_an_empty_month_is_a_file_of_zeros(capsys, small, folder):
    code, out, err = export(capsys, small, folder / "빈달.csv", month="2026-01")
    assert code == 0, err
    assert "추천 이력 0건" in out
    with open(folder / "빈달.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[9] for r in rows[1:]] == ["0", "0", "0", "0"]


@pytest.mark.parametrize(("args", "message"), [
    ({"month": "2026-13"}, "--month 는 YYYY-MM 형식이어야 합니다"),
    ({"out": "매칭.pdf"}, ".csv"),
    ({"out": "없는폴더/매칭.csv"}, "폴더"),
    ({"facility": "NOPE"}, "시설"),
    ({"facility": "ACAD-X"}, "매칭 전담창구와 일자리카페"),
])
def test_bad_input_is_one_korean_line_and_writes_nothing(capsys, small, folder, args, message):
    before = output_count(small)
    out = folder / args.get("out", "매칭.csv")
    code, stdout, err = export(capsys, small, out, month=args.get("month", "2026-11"),
                               facility=args.get("facility", "CAFE-A"))
    assert code == 1 and err.startswith("오류: ") and message in err and stdout == "", err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not out.exists() and output_count(small) == before


@pytest.mark.parametrize("module", ["export_matches"])
def test_the_parser_imports_nothing_heavy(module):
    code = (f"import sys, argparse; import cli.commands.{module} as m; "
            "p = argparse.ArgumentParser(); m.add_parser(p.add_subparsers()); "
            "heavy = [n for n in ('models.registry', 'sqlalchemy', 'sqlmodel', 'PySide6', 'reportlab', 'openpyxl') "
            "if n in sys.modules]; print(m.WHAT, heavy)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "('matches',) []"
