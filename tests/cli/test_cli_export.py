"""`python main.py export bookings`, called in-process (``cli.main.main([...])``) on a small
demo database: .ics, .csv and .xlsx by extension, the export recorded once as an output;
bad input and a file that cannot be written end with ``오류: <message>`` on stderr, exit
code 1, no file and no output recorded. One test runs the command in a subprocess, as a
user runs it."""

from __future__ import annotations

import csv
import errno
import os
import re
import subprocess
import sys
from datetime import datetime, time
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

import reports.files as files_module
from tests.factories.cli import HANGUL, MONTH, cli, make_demo, output_count, query

ROOT = Path(__file__).resolve().parents[2]
SAVED = re.compile(r"예약 (\d+)건을 저장했습니다")
pytestmark = pytest.mark.usefixtures("quiet_logging")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, quiet_logging) -> Path:
    return make_demo(tmp_path_factory.mktemp("cli-export"))


@pytest.fixture(scope="module")
def secrets(demo) -> list[str]:
    """Full names and phone numbers of the demo youths: none may appear in an export."""
    rows = query(demo, "SELECT name, phone FROM youth")
    assert len(rows) == 60
    return [v for row in rows for v in row]


def export(capsys, demo: Path, out: Path, facility="CAFE-CENTER", month=MONTH):
    return cli(capsys, "export", "bookings", "--db", demo, "--facility", facility, "--month", month, "-o", out)


def saved_count(done) -> int:
    code, out, err = done
    assert code == 0, err
    match = SAVED.search(out)
    assert match, out
    return int(match.group(1))


def test_ics_export(capsys, demo, secrets, folder):
    out = folder / "center.ics"
    before = output_count(demo)
    n = saved_count(export(capsys, demo, out))
    assert n > 50  # the busiest café has hundreds of bookings a month
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == n
    assert all(e["DTSTART"].params["TZID"] == "Asia/Seoul" for e in events)
    assert all(e.decoded("DTSTART").strftime("%Y-%m") == MONTH for e in events)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Seoul"]
    text = out.read_bytes().replace(b"\r\n ", b"").decode("utf-8")
    assert not [s for s in secrets if s in text]
    assert output_count(demo) == before + 1
    [(who, detail)] = query(demo, "SELECT username, detail FROM audit_log WHERE action = 'output' "
                                  "ORDER BY id DESC LIMIT 1")
    assert who.startswith("cli:") and detail == f"예약 내보내기 {MONTH} ({n}건)"


def test_csv_export(capsys, demo, secrets, folder):
    out = folder / "center.csv"
    n = saved_count(export(capsys, demo, out))
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
    assert sorted(p.name for p in folder.iterdir()) == ["center.csv"]  # no temporary file left


def test_xlsx_export(capsys, demo, folder):
    out = folder / "center.xlsx"
    n = saved_count(export(capsys, demo, out))
    ws = load_workbook(out).active
    assert ws["A1"].value == f"서울시 청년일자리센터 예약 {MONTH}"
    assert [c.value for c in ws[2]][:4] == ["날짜", "시작", "종료", "공간"]
    assert ws.max_row == n + 2
    assert HANGUL.search(ws.cell(row=3, column=4).value)  # a room name such as 스터디룸 A
    for r in range(3, n + 3):  # real date and time cells, the month asked for
        day, start, end = (ws.cell(row=r, column=c) for c in (1, 2, 3))
        assert isinstance(day.value, datetime) and f"{day.value:%Y-%m}" == MONTH and day.number_format == "yyyy-mm-dd"
        assert isinstance(start.value, time) and isinstance(end.value, time) and start.number_format == "hh:mm"


@pytest.mark.parametrize("month,facility,name,expected", [
    ("2026-13", "CAFE-CENTER", "x.csv", "YYYY-MM"),
    (MONTH, "NO-SUCH", "x.csv", "시설 코드"),
    (MONTH, "CAFE-CENTER", "x.pdf", ".ics, .csv, .xlsx"),
])
def test_bad_input_fails_with_a_korean_message(capsys, demo, folder, month, facility, name, expected):
    before = output_count(demo)
    code, out, err = export(capsys, demo, folder / name, facility=facility, month=month)
    assert code == 1 and err.startswith("오류: ")
    assert expected in err and HANGUL.search(err)
    assert list(folder.iterdir()) == [] and output_count(demo) == before


def unwritable(kind: str, folder: Path, name: str) -> Path:
    if kind == "missing folder":
        return folder / "없는폴더" / name
    if kind == "under a file":
        (folder / "memo.txt").write_text("메모")
        return folder / "memo.txt" / name
    (folder / name).mkdir()
    return folder / name


@pytest.mark.parametrize("kind, expected", [
    ("missing folder", "‘x.ics’ 파일을 저장할 폴더가 없습니다"),
    ("under a file", "‘x.ics’ 파일을 저장할 폴더가 없습니다"),
    ("a directory", "‘x.ics’은(는) 폴더입니다"),
])
def test_an_unwritable_path_fails_cleanly(capsys, demo, folder, kind, expected):
    path = unwritable(kind, folder, "x.ics")
    before, files = output_count(demo), sorted(folder.iterdir())
    code, out, err = export(capsys, demo, path)
    assert code == 1 and err.startswith(f"오류: {expected}") and out == ""
    assert str(folder) not in err  # the file's name only, not where it is
    assert sorted(folder.iterdir()) == files and output_count(demo) == before


@pytest.mark.parametrize("exc, expected", [
    (OSError(errno.ENOSPC, "No space left on device"), "디스크 공간이 부족해 ‘x.csv’ 파일을 저장하지 못했습니다"),
    (PermissionError(errno.EACCES, "Permission denied"), "‘x.csv’ 파일에 쓸 수 없습니다"),
])
def test_a_file_that_cannot_be_written_keeps_the_old_one_and_records_nothing(capsys, demo, folder, monkeypatch,
                                                                             exc, expected):
    path = folder / "x.csv"
    path.write_text("지난달 파일")
    before = output_count(demo)

    def refuse(src, dst):
        raise exc

    monkeypatch.setattr(files_module.os, "replace", refuse)
    code, out, err = export(capsys, demo, path)
    assert code == 1 and err.startswith(f"오류: {expected}") and "No space" not in err
    assert [p.name for p in folder.iterdir()] == ["x.csv"] and path.read_text() == "지난달 파일"
    assert output_count(demo) == before


def test_the_command_runs_as_the_user_runs_it(demo, folder):
    """The one subprocess: ``python main.py export bookings`` writes the file and says so."""
    env = {**os.environ, "YJD_LOG_DIR": str(folder.parent / "log"), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONIOENCODING": "utf-8"}
    env.pop("YJD_DATABASE_URL", None)
    out = folder / "center.xlsx"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "export", "bookings", "--db", str(demo),
                           "--facility", "CAFE-CENTER", "--month", MONTH, "-o", str(out)],
                          cwd=folder, env=env, capture_output=True, text=True, encoding="utf-8", timeout=180)
    assert done.returncode == 0, done.stderr
    assert SAVED.search(done.stdout) and "Traceback" not in done.stderr
    assert load_workbook(out).active["A1"].value == f"서울시 청년일자리센터 예약 {MONTH}"
