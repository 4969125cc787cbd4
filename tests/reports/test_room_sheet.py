"""The printable day sheet of the rooms (``reports.room_sheet`` through the use case
``models.outputs.day_sheet.print_room_day_sheet``), its text read back with ``pdftotext``:
the title names the day, each booking is one line with the masked phone (never the full
one), an empty day says so, 40+ bookings run onto a second page whose table header is
repeated, and every page's footer says the paper holds personal data."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest

from models.outputs.day_sheet import print_room_day_sheet
from tests.factories.room_sheets import busy_day
from tests.factories.rooms import MON, add_room, add_youth, at, book
from tests.models.util import audit_rows

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")


def pdf_text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout


def pages_of(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def squeeze(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip()


def test_the_sheet_shows_the_masked_phone_and_never_the_full_one(services, world, clock, tmp_path):
    room = add_room(services, world, "스터디룸 A", 4)
    kim = add_youth(services, world, 7, name="김하늘")  # phone 010-3007-5007
    book(services, world.front_desk, world.a, room, kim, start="10:00", end="12:00", headcount=3, purpose="meeting")
    clock.now = at(MON, "09:40")
    out = tmp_path / "명단.pdf"
    done = print_room_day_sheet(services, world.front_desk, world.a, MON, out)
    assert done.rows == 1 and out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    assert "스터디룸·회의실 일일 명단 — 전체 공간 · 2026-11-30 (월)" in text
    assert "가 일자리카페 · 출력 2026-11-30 09:40 안내데스크" in text
    [line] = [squeeze(ln) for ln in text.splitlines() if "10:00–12:00" in ln]
    assert line == "10:00–12:00 스터디룸 A 김하늘 010-****-5007 3명 회의 예약"
    digits = re.sub(r"\D", "", text)
    assert "01030075007" not in digits and "3007-5007" not in text and "30075007" not in digits
    assert "개인정보가 담긴 출력물입니다" in text and "휴대전화 번호는 가려서 출력했습니다" in text
    [row] = audit_rows(services.db, action="output")
    assert row.detail == "스터디룸·회의실 일일 명단 출력 전체 공간 2026-11-30 (1건)"


def test_an_empty_day_prints_one_row_that_says_so(services, world, tmp_path):
    add_room(services, world)
    out = tmp_path / "빈 날.pdf"
    room = add_room(services, world, "회의실", 8, kind="meeting_room")
    print_room_day_sheet(services, world.manager, world.a, MON + timedelta(days=1), out, room_id=room)
    text = pdf_text(out)
    assert "이 날은 예약이 없습니다." in text
    assert "스터디룸·회의실 일일 명단 — 회의실 · 2026-12-01 (화)" in text


def test_a_busy_day_runs_onto_a_second_page_with_the_header_again(services, world, tmp_path):
    busy = busy_day(services, world, 45)
    out = tmp_path / "바쁜 날.pdf"
    assert print_room_day_sheet(services, world.front_desk, world.a, busy.day, out).rows == 45
    assert pages_of(out) == 2
    header = ["시간", "공간", "이름", "휴대전화", "인원", "목적", "상태", "확인"]
    for page in (1, 2):
        text = pdf_text(out, page)
        [head] = [squeeze(ln) for ln in text.splitlines() if ln.strip().startswith("시간")]
        assert head.split() == header
        assert f"2026-11-30 (월) · {page}쪽" in text and "개인정보가 담긴 출력물입니다" in text
    text = pdf_text(out)
    lines = [squeeze(ln) for ln in text.splitlines() if re.match(r"\s*\d\d:\d\d–\d\d:\d\d", ln)]
    assert len(lines) == 45
    # the long meeting-room name wraps inside its column instead of being cut off
    assert "대회의실" in text and "겸용)" in text
    assert text.count("010-****-") == 45
