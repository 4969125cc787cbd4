"""The printable counseling record of one youth (``reports.counseling_record`` through the
use case ``models.outputs.counseling.print_counseling_record``), read back with
``pdftotext``: a counselor who may not read a note gets no note text (and is told one was
left out), the manager gets it and each printed note is an audit read; the printout is an
output in the audit log with its purpose, which is required; every page says it holds
personal data; the plan, a voided session and the group sessions are on it. Both backends."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta

import pytest

from models.core.errors import PermissionDenied, ValidationError
from models.outputs.counseling import print_counseling_record
from reports.counseling_record import BAND
from reports.sheet_pdf import PERSONAL_DATA
from tests.factories.counseling import NOTE, SUMMARY, log, make_counseling
from tests.factories.rooms import TODAY
from tests.models.util import audit_dump, audit_rows

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")


def pdf_text(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", *pages, str(path), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout


def pages_of(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def cw(services, world):
    return make_counseling(services, world)


@pytest.fixture
def youth(services, world, cw):
    """cw.y1 with a session and a note by the counselor, a plan with a step, a group session."""
    log(services, world.counselor, world, cw.y1)
    c = services.counseling
    plan = c.save_plan(world.counselor, world.a, cw.y1, {"goal": "데이터 분석 직무", "target_on": TODAY + timedelta(days=90)})
    c.add_step(world.counselor, plan, {"title": "포트폴리오 완성", "due_on": TODAY + timedelta(days=14)})
    c.log_group(world.counselor, world.a, {"kind": "mentoring", "title": "현직자 멘토링 IT", "presenter": "멘토김",
                                           "attendee_ids": [cw.y1]})
    return cw.y1


def test_a_counselor_who_may_not_read_the_note_gets_none(services, world, cw, youth, tmp_path):
    out = tmp_path / "기록.pdf"
    done = print_counseling_record(services, cw.counselor2, world.a, youth, out, "사례 회의")
    assert done.rows == 1
    text = pdf_text(out)
    assert SUMMARY in text and "데이터 분석 직무" in text and "포트폴리오 완성" in text and "현직자 멘토링 IT" in text
    assert NOTE not in text and flat(NOTE) not in flat(text) and "가족갈등" not in text
    assert "볼권한이없는비공개메모1건은싣지않았습니다" in flat(text)
    assert "출력 목적: 사례 회의" in text
    [row] = audit_rows(services.db, action="output")
    assert row.username == "counselor2" and row.entity == "youth" and row.entity_id == str(youth)
    assert "목적: 사례 회의" in row.detail and "비공개 메모 0건" in row.detail
    assert not audit_rows(services.db, action="read")


def test_the_manager_gets_the_note_and_the_print_is_an_audit_read(services, world, cw, youth, tmp_path):
    out = tmp_path / "기록.pdf"
    print_counseling_record(services, world.manager, world.a, youth, out, "본인 열람 요청")
    text = pdf_text(out)
    assert flat(NOTE) in flat(text) and "비공개 메모" in text
    [read] = audit_rows(services.db, action="read")
    assert read.username == "manager" and read.entity == "counseling_session" and f"#{youth}" in read.detail
    [row] = audit_rows(services.db, action="output")
    assert "비공개 메모 1건" in row.detail
    assert "가족갈등" not in audit_dump(services.db)  # the audit log holds the fact, never the text


def test_the_author_may_leave_the_notes_out(services, world, cw, youth, tmp_path):
    out = tmp_path / "기록.pdf"
    print_counseling_record(services, world.counselor, world.a, youth, out, "취업 연계 기관 제출", include_notes=False)
    assert flat(NOTE) not in flat(pdf_text(out)) and not audit_rows(services.db, action="read")


def test_the_purpose_is_required_and_a_refusal_writes_nothing(services, world, cw, youth, tmp_path):
    out = tmp_path / "기록.pdf"
    with pytest.raises(ValidationError) as caught:
        print_counseling_record(services, world.counselor, world.a, youth, out, "  ")
    assert list(caught.value.errors) == ["purpose"] and "출력 목적" in caught.value.message
    for actor in (world.front_desk, world.admin):
        with pytest.raises(PermissionDenied):
            print_counseling_record(services, actor, world.a, youth, out, "확인")
    assert not out.exists() and not audit_rows(services.db, action="output")


def test_every_page_says_it_holds_personal_data_and_a_voided_session_is_marked(services, world, cw, tmp_path):
    sids = [log(services, world.counselor, world, cw.y2, summary=f"요약 {n:02d} " + "긴 상담 내용 " * 20)
            for n in range(14)]
    c = services.counseling
    c.void_session(world.counselor, sids[0], "다른 청년 기록", c.get_session(world.counselor, sids[0]).version)
    out = tmp_path / "기록.pdf"
    print_counseling_record(services, world.counselor, world.a, cw.y2, out, "사례 회의")
    n = pages_of(out)
    assert n >= 2
    for page in range(1, n + 1):
        text = pdf_text(out, page)
        assert BAND in text and flat(PERSONAL_DATA) in flat(text) and f"{page}쪽" in text
    text = pdf_text(out)
    assert "[무효]" in text and "다른 청년 기록" in text
    assert text.index("요약 00") < text.index("요약 13")  # oldest first
