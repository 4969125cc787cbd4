"""`python main.py export bookings` in a subprocess, on a small demo database: .ics, .csv
and .xlsx by extension; bad input ends with a Korean message on stderr, no traceback."""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
HANGUL = re.compile("[가-힣]")
MONTH = datetime.now(ZoneInfo("Asia/Seoul")).strftime("%Y-%m")  # the demo books around today
SAVED = re.compile(r"예약 (\d+)건을 저장했습니다")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "YJD_LOG_DIR": str(cwd / "log"), "XDG_CONFIG_HOME": str(cwd / "config"),
           "XDG_DATA_HOME": str(cwd / "data"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("YJD_DATABASE_URL", None)
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-export")
    db = folder / "demo.db"
    done = run("demo", "--db", str(db), "--youth", "60", cwd=folder)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def secrets(demo) -> list[str]:
    """Full names and phone numbers of the demo youths: none may appear in an export."""
    with sqlite3.connect(demo) as conn:
        rows = conn.execute("SELECT name, phone FROM youth").fetchall()
    assert len(rows) == 60
    return [v for row in rows for v in row]


def export(demo: Path, out: Path, facility="CAFE-CENTER", month=MONTH) -> subprocess.CompletedProcess:
    return run("export", "bookings", "--db", str(demo), "--facility", facility, "--month", month,
               "-o", str(out), cwd=out.parent)


def saved_count(done: subprocess.CompletedProcess) -> int:
    assert done.returncode == 0, done.stderr
    match = SAVED.search(done.stdout)
    assert match, done.stdout
    return int(match.group(1))


def test_ics_export(demo, secrets, tmp_path):
    out = tmp_path / "center.ics"
    n = saved_count(export(demo, out))
    assert n > 50  # the busiest café has hundreds of bookings a month
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == n
    assert all(e["DTSTART"].params["TZID"] == "Asia/Seoul" for e in events)
    assert all(e.decoded("DTSTART").strftime("%Y-%m") == MONTH for e in events)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Seoul"]
    text = out.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    assert not [s for s in secrets if s in text]


def test_csv_export(demo, secrets, tmp_path):
    out = tmp_path / "center.csv"
    n = saved_count(export(demo, out))
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:5] == ["날짜", "시작", "종료", "공간", "청년"]
    assert len(rows) == n + 1
    assert all(r[0].startswith(MONTH) for r in rows[1:])
    assert all(re.fullmatch(r"\S\*+\S?", r[4]) for r in rows[1:])  # masked names only
    assert {r[7] for r in rows[1:]} <= {"예약", "입실", "노쇼", "취소"}
    text = out.read_text(encoding="utf-8-sig")
    assert not [s for s in secrets if s in text]


def test_xlsx_export(demo, tmp_path):
    out = tmp_path / "center.xlsx"
    n = saved_count(export(demo, out))
    ws = load_workbook(out).active
    assert ws["A1"].value == f"서울시 청년일자리센터 예약 {MONTH}"
    assert [c.value for c in ws[2]][:4] == ["날짜", "시작", "종료", "공간"]
    assert ws.max_row == n + 2
    assert HANGUL.search(ws.cell(row=3, column=4).value)  # a room name such as 스터디룸 A


@pytest.mark.parametrize("month,facility,name,expected", [
    ("2026-13", "CAFE-CENTER", "x.csv", "YYYY-MM"),
    (MONTH, "NO-SUCH", "x.csv", "시설 코드"),
    (MONTH, "CAFE-CENTER", "x.pdf", ".ics, .csv, .xlsx"),
])
def test_bad_input_fails_with_a_korean_message(demo, tmp_path, month, facility, name, expected):
    out = tmp_path / name
    done = export(demo, out, facility=facility, month=month)
    assert done.returncode != 0
    assert expected in done.stderr and HANGUL.search(done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    assert not out.exists()


def test_missing_output_folder_fails_cleanly(demo, tmp_path):
    done = run("export", "bookings", "--db", str(demo), "--facility", "CAFE-CENTER", "--month",
               MONTH, "-o", str(tmp_path / "없는폴더" / "x.ics"), cwd=tmp_path)
    assert done.returncode != 0 and "저장할 폴더가 없습니다" in done.stderr
    assert "Traceback" not in done.stderr
