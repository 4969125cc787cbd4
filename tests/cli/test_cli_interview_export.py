"""`python main.py export interview-slots` in a subprocess, on a small demo database: .csv
and .xlsx by extension, masked youth only, the export recorded as an output; bad input
ends with a Korean message on stderr, a non-zero exit and no traceback."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.booths.enums import SessionType
from models.booths.schemas import DISPLAY_LABELS
from reports.booth_exports import HEADERS
from tests.cli.test_cli_export import HANGUL, MONTH, run

SAVED = re.compile(r"AI 면접 회차 (\d+)건을 저장했습니다")
MASKED = re.compile(r"\S\*+\S?")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-interview")
    db = folder / "demo.db"
    done = run("demo", "--db", str(db), "--youth", "60", cwd=folder)
    assert done.returncode == 0, done.stderr
    return db


def query(db: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


@pytest.fixture(scope="module")
def secrets(demo) -> list[str]:
    """Full names and phone numbers of the demo youths: none may appear in an export."""
    rows = query(demo, "SELECT name, phone FROM youth")
    assert len(rows) == 60
    return [v for row in rows for v in row]


@pytest.fixture(scope="module")
def center(demo) -> tuple[str, int]:
    """(name, number of this month's booth slots) of CAFE-CENTER, straight from the file."""
    [(name,)] = query(demo, "SELECT name FROM facility WHERE code = 'CAFE-CENTER'")
    # slots are stored in UTC; the month is Seoul's (UTC+9, no daylight saving)
    [(n,)] = query(demo, "SELECT count(*) FROM booth_slot s JOIN facility f ON f.id = s.facility_id "
                         "WHERE f.code = 'CAFE-CENTER' AND strftime('%Y-%m', s.starts_at, '+9 hours') = ?",
                   MONTH)
    assert n > 0  # the demo publishes around today
    return name, n


def export(demo: Path, out: Path, facility="CAFE-CENTER", month=MONTH):
    return run("export", "interview-slots", "--db", str(demo), "--facility", facility, "--month", month,
               "-o", str(out), cwd=out.parent)


def saved_count(done) -> int:
    assert done.returncode == 0, done.stderr
    match = SAVED.search(done.stdout)
    assert match, done.stdout
    return int(match.group(1))


def test_csv_export(demo, secrets, center, tmp_path):
    out = tmp_path / "slots.csv"
    outputs = len(query(demo, "SELECT id FROM audit_log WHERE action = 'output'"))
    n = saved_count(export(demo, out))
    assert n == center[1]
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADERS
    body = rows[1:]
    assert len(body) == n
    assert all(r[0].startswith(MONTH) for r in body)
    assert all(re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", r[1]) for r in body)
    assert all(HANGUL.search(r[2]) for r in body)  # booth names such as AI 면접 부스 1
    assert {r[3] for r in body} <= set(DISPLAY_LABELS.values())
    assert {r[4] for r in body} <= {t.label for t in SessionType} | {""}
    assert {r[3] for r in body if r[5]} <= {"예약", "입실", "노쇼"}
    assert any(r[5] for r in body)  # the demo books slots
    assert all(MASKED.fullmatch(r[5]) for r in body if r[5])  # masked names only
    text = out.read_text(encoding="utf-8-sig")
    assert not [s for s in secrets if s in text]
    [(who, detail)] = query(demo, "SELECT username, detail FROM audit_log WHERE action = 'output' "
                                  "ORDER BY id DESC LIMIT 1")
    assert who.startswith("cli:") and MONTH in detail and f"{n}건" in detail
    assert len(query(demo, "SELECT id FROM audit_log WHERE action = 'output'")) == outputs + 1


def test_xlsx_export(demo, secrets, center, tmp_path):
    out = tmp_path / "slots.xlsx"
    n = saved_count(export(demo, out))
    ws = load_workbook(out).active
    assert ws["A1"].value == f"{center[0]} AI 면접 회차 {MONTH}"
    assert [c.value for c in ws[2]] == HEADERS
    assert ws.max_row == n + 2
    assert all(str(ws.cell(row=r, column=1).value).startswith(MONTH) for r in range(3, n + 3))
    names = [ws.cell(row=r, column=6).value for r in range(3, n + 3)]
    assert any(names) and all(MASKED.fullmatch(v) for v in names if v)
    cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert not [s for s in secrets if s in cells]


@pytest.mark.parametrize("month,facility,name,expected", [
    ("2026-13", "CAFE-CENTER", "x.csv", "YYYY-MM"),
    ("11/2026", "CAFE-CENTER", "x.csv", "YYYY-MM"),
    (MONTH, "NO-SUCH", "x.csv", "시설 코드"),
    (MONTH, "CAFE-CENTER", "x.pdf", ".csv, .xlsx"),
    (MONTH, "CAFE-CENTER", "x.ics", ".csv, .xlsx"),  # fine for bookings, not for slots
])
def test_bad_input_fails_with_a_korean_message(demo, tmp_path, month, facility, name, expected):
    out = tmp_path / name
    done = export(demo, out, facility=facility, month=month)
    assert done.returncode != 0
    assert expected in done.stderr and HANGUL.search(done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert not out.exists()


def test_missing_output_folder_fails_cleanly(demo, tmp_path):
    done = run("export", "interview-slots", "--db", str(demo), "--facility", "CAFE-CENTER", "--month", MONTH,
               "-o", str(tmp_path / "없는폴더" / "x.csv"), cwd=tmp_path)
    assert done.returncode != 0 and "저장할 폴더가 없습니다" in done.stderr
    assert "Traceback" not in done.stderr
