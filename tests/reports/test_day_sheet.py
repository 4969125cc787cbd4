"""The printable day sheet of a booth: built from ``BoothService.day_sheet``, its text read
back with ``pdftotext``: one row per slot with time, name, session type and status, phone
numbers masked, and the printing recorded in the audit log as an output."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from models.booths.enums import SessionType
from models.core.errors import NotFound, PermissionDenied
from reports.day_sheet import build_day_sheet
from reports.errors import OutputError
from tests.conftest import youth_data
from tests.factories.booths import add_booth, publish, slot_id
from tests.factories.rooms import MON, add_youth, at
from tests.models.util import audit_rows

SEOUL = ZoneInfo("Asia/Seoul")
pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")


def pdf_text(path) -> str:
    done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout


def line_of(text: str, time_text: str) -> str:
    [line] = [ln for ln in text.splitlines() if time_text in ln]
    return re.sub(r"\s+", " ", line).strip()


@pytest.fixture
def monday(services, world, clock):
    """Booth 1 on Monday at 13:20: 10:00 attended, 11:00 booked (a full 010-5678-1234 on
    file), 12:00 blocked, 13:00 no-show, 14:00 cancelled (free again), the rest free."""
    booth = add_booth(services, world)
    other = add_booth(services, world, "AI 면접 부스 2")
    publish(services, world, booth, MON, MON)
    publish(services, world, other, MON, MON)
    kim = services.youth.create(world.admin, world.a, youth_data(
        name="김하늘", birth_date="1999-05-05", phone="010-5678-1234", email=None))
    hong, lee, park = (add_youth(services, world, n) for n in (0, 2, 3))

    def book(youth, hhmm, session, booth_id=booth):
        return services.booths.book(world.front_desk, slot_id(services, world, MON, hhmm, booth_id), youth, session)

    first = book(hong, "10:00", "ai_interview")
    book(kim, "11:00", "ai_competency")
    services.booth_slots.block(world.front_desk, slot_id(services, world, MON, "12:00", booth), "장비 점검")
    absent = book(lee, "13:00", "video_interview")
    gone = book(park, "14:00", "ai_interview")
    services.booths.cancel(world.front_desk, gone, "youth")
    book(park, "10:00", "ai_interview", other)  # another booth: not on this sheet
    clock.now = at(MON, "09:50")
    services.booths.check_in(world.front_desk, first)
    clock.now = at(MON, "13:20")
    services.booths.mark_no_show(world.front_desk, absent)
    return booth


def test_day_sheet_rows_and_masking(services, world, monday, clock, tmp_path):
    facility, booth_name, rows = services.booths.day_sheet(world.front_desk, world.a, monday, MON)
    assert (facility, booth_name) == ("가 일자리카페", "AI 면접 부스 1")
    assert [(r.time_text, r.youth_name, r.phone_masked, r.session_type, r.status) for r in rows] == [
        ("10:00–10:50", "홍길동", "010-****-5000", "AI 면접체험", "입실"),
        ("11:00–11:50", "김하늘", "010-****-1234", "AI 역량검사", "예약"),
        ("12:00–12:50", "", "", "", "차단(장비 점검)"),
        ("13:00–13:50", "이서연", "010-****-5002", "화상면접(기업)", "노쇼"),
        ("14:00–14:50", "", "", "", "예약 가능"),
        ("15:00–15:50", "", "", "", "예약 가능"),
        ("16:00–16:50", "", "", "", "예약 가능")]
    out = build_day_sheet(tmp_path / "sheet.pdf", facility=facility, booth=booth_name, day=MON, rows=rows,
                          printed_by=world.front_desk.display_name, printed_at=clock.now.astimezone(SEOUL))
    assert out.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(out)
    assert "AI 면접 일일 명단" in text and "AI 면접 부스 1" in text
    assert "가 일자리카페" in text and "2026-11-30 (월)" in text and "안내데스크" in text
    assert line_of(text, "10:00–10:50") == "10:00–10:50 홍길동 010-****-5000 AI 면접체험 입실"
    assert line_of(text, "11:00–11:50") == "11:00–11:50 김하늘 010-****-1234 AI 역량검사 예약"
    assert line_of(text, "12:00–12:50") == "12:00–12:50 — 차단(장비 점검)"
    assert line_of(text, "13:00–13:50") == "13:00–13:50 이서연 010-****-5002 화상면접(기업) 노쇼"
    for hhmm in ("14:00–14:50", "15:00–15:50", "16:00–16:50"):
        assert line_of(text, hhmm) == f"{hhmm} — 예약 가능"
    assert "010-****-1234" in text
    digits = re.sub(r"\D", "", text)
    assert "01056781234" not in digits and "5678-1234" not in text and "56781234" not in digits
    assert "30005000" not in digits and "박지호" not in text  # the other booth's youth
    assert "휴대전화 번호는 가려서 출력했습니다" in text


def test_a_free_slot_that_is_over_is_printed_as_over(services, world, monday, clock):
    """Issue 11, item 10: a free slot that is over is not 예약 가능, on paper either."""
    clock.now = at(MON, "15:10")
    _, _, rows = services.booths.day_sheet(world.front_desk, world.a, monday, MON)
    status = {r.time_text: r.status for r in rows}
    assert status["14:00–14:50"] == "지남"
    assert status["15:00–15:50"] == status["16:00–16:50"] == "예약 가능"


def test_a_blocked_slot_keeps_showing_its_no_show(services, world, monday):
    """Blocking a slot after its no-show (maintenance) must not hide the no-show on the sheet,
    just as the week grid keeps showing it."""
    services.booth_slots.block(world.front_desk, slot_id(services, world, MON, "13:00", monday), "장비 점검")
    _, _, rows = services.booths.day_sheet(world.front_desk, world.a, monday, MON)
    [row] = [r for r in rows if r.time_text.startswith("13:00")]
    assert (row.youth_name, row.status) == ("이서연", "노쇼")
    assert [r.status for r in rows if r.time_text.startswith("12:00")] == ["차단(장비 점검)"]


def test_printing_is_recorded_as_an_output(services, world, monday):
    services.booths.day_sheet(world.counselor, world.a, monday, MON)
    [out] = audit_rows(services.db, action="output")
    assert (out.username, out.entity, out.facility_id) == ("counselor", "booth_slot", world.a)
    assert out.detail == "AI 면접 일일 명단 출력 AI 면접 부스 1 2026-11-30 (3명)"
    assert "홍길동" not in out.detail


def test_day_sheet_refuses_other_booths_and_facilities(services, world, monday):
    other = add_booth(services, world, "B 부스", facility=world.b)
    with pytest.raises(NotFound):
        services.booths.day_sheet(world.admin, world.a, other, MON)
    with pytest.raises(PermissionDenied):
        services.booths.day_sheet(world.counselor, world.b, other, MON)
    assert audit_rows(services.db, action="output") == []


def test_an_empty_day_prints_a_hint(services, world, monday, tmp_path):
    facility, booth_name, rows = services.booths.day_sheet(world.manager, world.a, monday, MON + timedelta(days=1))
    assert rows == []
    out = build_day_sheet(tmp_path / "empty.pdf", facility=facility, booth=booth_name, day=MON + timedelta(days=1),
                          rows=rows, printed_by="관리자", printed_at=at(MON, "09:00"))
    text = pdf_text(out)
    assert "이 날은 공개된 회차가 없습니다." in text and "2026-12-01 (화)" in text


def test_session_type_labels_match_the_enum():
    assert [t.label for t in SessionType] == ["AI 면접체험", "AI 역량검사", "화상면접(기업)"]


def test_a_printout_that_cannot_be_written_records_no_output(services, world, monday, tmp_path):
    def write(facility, booth, rows):
        build_day_sheet(tmp_path / "missing-folder" / "sheet.pdf", facility=facility, booth=booth,
                        day=MON, rows=rows, printed_by="최안내", printed_at=at(MON, "13:20"))

    with pytest.raises(OutputError):
        services.booths.day_sheet(world.front_desk, world.a, monday, MON, write=write)
    assert audit_rows(services.db, action="output") == []
    written = tmp_path / "sheet.pdf"
    services.booths.day_sheet(world.front_desk, world.a, monday, MON, write=lambda f, b, rows: build_day_sheet(
        written, facility=f, booth=b, day=MON, rows=rows, printed_by="최안내", printed_at=at(MON, "13:20")))
    assert written.exists() and len(audit_rows(services.db, action="output")) == 1
