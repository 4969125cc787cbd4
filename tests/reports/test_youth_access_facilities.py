"""The youth's own 열람 PDF across facilities (issue 16): the youth is city-wide, so the city
admin's printout has a section for every facility holding records about the youth (its
counseling text left to each facility's counselors and manager), and a
facility's staff print their own facility's and a line naming the other facilities with
their record counts only (no contents), asking for the admin's full printout."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from models.lifecycle.access_review import YouthRecordService
from models.outputs.youth_access import print_youth_access
from tests.factories.counseling import SUMMARY, consent, make_counseling, session_data
from tests.factories.rooms import add_room, book

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler) is not installed")

B_SUMMARY = "나 카페에서 면접 준비 상담, 자기소개 연습"


def squeeze(text: str) -> str:
    return "".join(text.split())


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def youth(services, world):
    """A youth of CAFE-A with a room booking and a counseling session at CAFE-A, and two
    room bookings and a counseling session at CAFE-B."""
    c = make_counseling(services, world)
    consent(services, world, c.y1)
    room_a = add_room(services, world, "가 스터디룸")
    room_b = add_room(services, world, "나 회의실", facility=world.b)
    book(services, world.front_desk, world.a, room_a, c.y1)
    book(services, world.admin, world.b, room_b, c.y1, day=date(2026, 12, 1))
    book(services, world.admin, world.b, room_b, c.y1, day=date(2026, 12, 2), start="10:00", end="11:00")
    services.counseling.log_session(world.counselor, world.a, session_data(c.y1))
    services.counseling.log_session(c.b_counselor, world.b, session_data(c.y1, summary=B_SUMMARY))
    return c.y1


def test_the_facilities_holding_records_are_counted_without_contents(services, world, youth):
    held = YouthRecordService.of(services).facilities_with_records(world.front_desk, youth)
    assert [(h.name, h.describe()) for h in held] == [
        ("가 일자리카페", "공간 예약 1건, 상담 1건"), ("나 일자리카페", "공간 예약 2건, 상담 1건")]


def test_the_city_admin_prints_a_section_for_every_facility(services, world, youth, tmp_path):
    path = tmp_path / "all.pdf"
    print_youth_access(services, world.admin, world.a, youth, path, "본인 열람 요청")
    text = _text(path)
    assert "시설: 가 일자리카페" in text and "시설: 나 일자리카페" in text
    assert text.index("시설: 가 일자리카페") < text.index("가 스터디룸") < text.index("시설: 나 일자리카페")
    assert text.index("시설: 나 일자리카페") < text.index("나 회의실")
    # the admin reads no counseling text (the counselors' and managers'): each section says so
    assert SUMMARY not in text and B_SUMMARY not in text
    assert text.count("상담사와 시설 관리자만 출력합니다") == 2
    assert "기록이 있는 시설 2곳" in text and "전체 시설(시 관리자)" in text
    assert "시 관리자에게 전체 열람을 요청하세요" not in text


def test_facility_staff_print_their_facility_and_name_the_others(services, world, youth, tmp_path):
    path = tmp_path / "a.pdf"
    print_youth_access(services, world.manager, world.a, youth, path, "본인 열람 요청")
    text = "".join(_text(path).split())  # the framed line wraps anywhere (by syllable)
    assert "가스터디룸" in text and squeeze(SUMMARY) in text
    assert "나회의실" not in text and squeeze(B_SUMMARY) not in text  # no contents of CAFE-B
    assert "다른시설에도이청년의기록이있습니다" in text
    assert "나일자리카페(공간예약2건,상담1건)" in text
    assert "시관리자에게전체열람을요청하세요" in text
    assert "시설:" not in text  # one facility: no per-facility headings


def test_staff_of_a_facility_with_every_record_get_no_other_line(services, world, tmp_path):
    c = make_counseling(services, world)
    book(services, world.front_desk, world.a, add_room(services, world), c.y2)
    path = tmp_path / "only.pdf"
    print_youth_access(services, world.manager, world.a, c.y2, path, "본인 열람 요청")
    assert "다른 시설에도" not in _text(path)
