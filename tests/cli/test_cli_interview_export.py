"""`python main.py export interview-slots`, called in-process (``cli.main.main([...])``) on a
small demo database: .csv and .xlsx by extension, masked youth only, the export recorded
once as an output; bad input and a file that cannot be written end with a Korean message on
stderr, exit code 1, no file and no output recorded."""

from __future__ import annotations

import csv
import errno
import re
from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import load_workbook

import reports.files as files_module
from models.booths.enums import SessionType
from models.booths.schemas import DISPLAY_LABELS
from reports.booth_exports import HEADERS, XLSX_HEADERS
from tests.factories.cli import HANGUL, MONTH, cli, make_demo, output_count, query

SAVED = re.compile(r"AI 면접 회차 (\d+)건을 저장했습니다")
pytestmark = pytest.mark.usefixtures("quiet_logging")
MASKED = re.compile(r"\S\*+\S?")


@pytest.fixture(scope="module")
def demo(tmp_path_factory, quiet_logging) -> Path:
    return make_demo(tmp_path_factory.mktemp("cli-interview"))


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


def export(capsys, demo: Path, out: Path, facility="CAFE-CENTER", month=MONTH):
    return cli(capsys, "export", "interview-slots", "--db", demo, "--facility", facility, "--month", month,
               "-o", out)


def saved_count(done) -> int:
    code, out, err = done
    assert code == 0, err
    match = SAVED.search(out)
    assert match, out
    return int(match.group(1))


def test_csv_export(capsys, demo, secrets, center, folder):
    out = folder / "slots.csv"
    outputs = output_count(demo)
    n = saved_count(export(capsys, demo, out))
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
    assert who.startswith("cli:") and detail == f"AI 면접 회차 내보내기 {MONTH} ({n}건)"
    assert output_count(demo) == outputs + 1
    assert [p.name for p in folder.iterdir()] == ["slots.csv"]


def test_xlsx_export(capsys, demo, secrets, center, folder):
    out = folder / "slots.xlsx"
    n = saved_count(export(capsys, demo, out))
    ws = load_workbook(out).active
    assert ws["A1"].value == f"{center[0]} AI 면접 회차 {MONTH}"
    assert [c.value for c in ws[2]] == XLSX_HEADERS  # the time as two cells, 시작 and 종료
    assert ws.max_row == n + 2
    assert all(isinstance(ws.cell(row=r, column=1).value, datetime) for r in range(3, n + 3))
    assert all(f"{ws.cell(row=r, column=1).value:%Y-%m}" == MONTH for r in range(3, n + 3))
    assert all(isinstance(ws.cell(row=r, column=c).value, time) for r in range(3, n + 3) for c in (2, 3))
    names = [ws.cell(row=r, column=7).value for r in range(3, n + 3)]
    assert any(names) and all(MASKED.fullmatch(v) for v in names if v)
    cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert not [s for s in secrets if s in cells]


@pytest.mark.parametrize("month,facility,name,expected", [
    ("2026-13", "CAFE-CENTER", "x.csv", "YYYY-MM"),
    ("11/2026", "CAFE-CENTER", "x.csv", "YYYY-MM"),
    (MONTH, "NO-SUCH", "x.csv", "시설 코드"),
    (MONTH, "CAFE-CENTER", "x.pdf", ".csv 또는 .xlsx"),
    (MONTH, "CAFE-CENTER", "x.ics", ".csv 또는 .xlsx"),  # fine for bookings, not for slots
])
def test_bad_input_fails_with_a_korean_message(capsys, demo, folder, month, facility, name, expected):
    before = output_count(demo)
    code, out, err = export(capsys, demo, folder / name, facility=facility, month=month)
    assert code == 1 and err.startswith("오류: ")
    assert expected in err and HANGUL.search(err)
    assert list(folder.iterdir()) == [] and output_count(demo) == before


def test_missing_output_folder_fails_cleanly(capsys, demo, folder):
    code, out, err = export(capsys, demo, folder / "없는폴더" / "x.csv")
    assert code == 1 and err == "오류: ‘x.csv’ 파일을 저장할 폴더가 없습니다. 다른 위치를 고르세요.\n"
    assert list(folder.iterdir()) == []


def test_disk_full_records_nothing_and_leaves_no_file(capsys, demo, folder, monkeypatch):
    before = output_count(demo)

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "replace", full)
    code, out, err = export(capsys, demo, folder / "slots.xlsx")
    assert code == 1 and err.startswith("오류: 디스크 공간이 부족해 ‘slots.xlsx’ 파일을 저장하지 못했습니다")
    assert list(folder.iterdir()) == [] and output_count(demo) == before
