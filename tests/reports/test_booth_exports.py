"""Exports of a month of booth slots: .csv (UTF-8 with BOM) and .xlsx read back with the
Korean intact and masked names only; any other extension is refused."""

from __future__ import annotations

import csv
import re
from datetime import datetime, time

import pytest
from openpyxl import load_workbook

from reports.booth_exports import HEADERS, XLSX_HEADERS, export_slots
from reports.errors import OutputError
from tests.factories.booths import add_booth, publish, slot_id
from tests.factories.rooms import MON, add_youth, at

# what the registry holds for the youths below; none of it may leave in a file
FULL = ["홍길동", "김민준", "이서연", "3000-5000", "30005000", "3001-5001", "30015001", "3002-5002",
        "30025002", "@example.com"]
MASKED = re.compile(r"\S\*+\S?")


@pytest.fixture
def november(services, world, clock):
    """November 2026 at CAFE-A ends on Monday the 30th: 7 slots of booth 1 with 10:00
    attended, 11:00 booked and reminded, 12:00 blocked, 13:00 a no-show, plus one extra
    slot. The first December week is published too and must not be exported."""
    booth = add_booth(services, world)
    publish(services, world, booth)  # Mon 11/30 .. Fri 12/4
    y1, y2, y3 = (add_youth(services, world, n) for n in range(3))

    def book(youth, hhmm, session):
        return services.booths.book(world.front_desk, slot_id(services, world, MON, hhmm), youth, session)

    first = book(y1, "10:00", "ai_interview")
    reminded = book(y2, "11:00", "ai_competency")
    services.booths.set_reminded(world.front_desk, reminded, True)
    services.booth_slots.block(world.front_desk, slot_id(services, world, MON, "12:00"), "장비 점검")
    absent = book(y3, "13:00", "video_interview")
    services.booth_slots.add_extra(world.manager, world.a, {"room_id": booth, "day": MON, "start": "17:00",
                                                            "end": "17:50"})
    clock.now = at(MON, "09:50")
    services.booths.check_in(world.front_desk, first)
    clock.now = at(MON, "13:30")
    services.booths.mark_no_show(world.front_desk, absent)
    return services.booths.month_slots(world.counselor, world.a, 2026, 11)


EXPECTED = [
    ["2026-11-30", "10:00–10:50", "AI 면접 부스 1", "입실", "AI 면접체험", "홍*동", "", ""],
    ["2026-11-30", "11:00–11:50", "AI 면접 부스 1", "예약", "AI 역량검사", "김*준", "완료", ""],
    ["2026-11-30", "12:00–12:50", "AI 면접 부스 1", "차단", "", "", "", "장비 점검"],
    ["2026-11-30", "13:00–13:50", "AI 면접 부스 1", "노쇼", "화상면접(기업)", "이*연", "", ""],
    ["2026-11-30", "14:00–14:50", "AI 면접 부스 1", "예약 가능", "", "", "", ""],
    ["2026-11-30", "15:00–15:50", "AI 면접 부스 1", "예약 가능", "", "", "", ""],
    ["2026-11-30", "16:00–16:50", "AI 면접 부스 1", "예약 가능", "", "", "", ""],
    ["2026-11-30", "17:00–17:50", "AI 면접 부스 1", "예약 가능", "", "", "", "추가 회차"],
]


def test_csv_reads_back_with_korean_and_masked_names(november, tmp_path):
    out = export_slots(november, tmp_path / "slots.csv", title="가 일자리카페 AI 면접 회차 2026-11")
    raw = out.read_bytes()
    assert raw[:3] == b"\xef\xbb\xbf"  # Excel opens UTF-8 with a BOM as Korean
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == HEADERS == ["날짜", "시간", "부스", "상태", "체험 종류", "청년", "알림", "비고"]
    assert rows[1:] == EXPECTED
    assert all(MASKED.fullmatch(r[5]) for r in rows[1:] if r[5])
    text = raw.decode("utf-8-sig")
    assert not [s for s in FULL if s in text]


def test_xlsx_reads_back_with_korean_and_masked_names(november, tmp_path):
    """The .xlsx holds the date as a date cell and the start and end as time cells (issue 11
    item 6); the rest as in the .csv."""
    out = export_slots(november, tmp_path / "slots.XLSX", title="가 일자리카페 AI 면접 회차 2026-11")
    ws = load_workbook(out).active
    assert ws.title == "AI 면접 회차"
    assert ws["A1"].value == "가 일자리카페 AI 면접 회차 2026-11"  # names its month
    assert [c.value for c in ws[2]] == XLSX_HEADERS == ["날짜", "시작", "종료", *HEADERS[2:]]
    for row in ws.iter_rows(min_row=3):
        day, start, end = row[0], row[1], row[2]
        assert isinstance(day.value, datetime) and day.is_date and day.number_format == "yyyy-mm-dd"
        assert isinstance(start.value, time) and start.number_format == "hh:mm"
        assert isinstance(end.value, time) and end.number_format == "hh:mm"
    body = [[c.value or "" for c in row] for row in ws.iter_rows(min_row=3)]
    assert body == [[datetime(2026, 11, 30), time(*map(int, r[1][:5].split(":"))),
                     time(*map(int, r[1][6:].split(":"))), *r[2:]] for r in EXPECTED]
    cells = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert not [s for s in FULL if s in cells]


def test_an_empty_month_has_the_header_only(services, world, tmp_path):
    rows = services.booths.month_slots(world.admin, world.a, 2026, 10)
    out = export_slots(rows, tmp_path / "empty.csv", title="없음")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == [HEADERS]


@pytest.mark.parametrize("name,message", [
    ("slots.pdf", ".csv 또는 .xlsx"), ("slots", ".csv 또는 .xlsx"), ("slots.csv.txt", ".csv 또는 .xlsx"),
    ("없는폴더/slots.csv", "저장할 폴더가 없습니다"),
])
def test_bad_paths_are_refused_without_a_file(november, tmp_path, name, message):
    folder = tmp_path / "out"  # the SQLite test database lives in tmp_path itself
    folder.mkdir()
    with pytest.raises(OutputError) as err:
        export_slots(november, folder / name, title="x")
    assert message in str(err.value)
    assert list(folder.iterdir()) == []


def test_staff_text_never_becomes_a_formula(services, world, tmp_path):
    """A block reason typed as "=1+1" or "-점검" stays text in both formats."""
    booth = add_booth(services, world)
    publish(services, world, booth, MON, MON)
    services.booth_slots.block(world.manager, slot_id(services, world, MON, "10:00"), "=HYPERLINK(\"x\")")
    services.booth_slots.block(world.manager, slot_id(services, world, MON, "11:00"), "-점검")
    rows = services.booths.month_slots(world.admin, world.a, 2026, 11)
    with open(export_slots(rows, tmp_path / "s.csv", title="t"), encoding="utf-8-sig", newline="") as fh:
        notes = [r[7] for r in list(csv.reader(fh))[1:3]]
    assert notes == ["'=HYPERLINK(\"x\")", "'-점검"]
    ws = load_workbook(export_slots(rows, tmp_path / "s.xlsx", title="t")).active
    assert ws["I3"].value == "=HYPERLINK(\"x\")" and ws["I3"].data_type == "s"
    assert ws["I4"].value == "-점검" and ws["I4"].data_type == "s"
