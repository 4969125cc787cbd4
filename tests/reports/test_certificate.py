"""The completion certificate: printed through ``CoursesService.certificate`` for a trainee
who completed, its text read back with ``pdftotext`` (number, name, birth date, course,
period, hours, the campus as issuer), one A4 page rendered as PNG, the printing recorded
as an output; a target that cannot be written raises OutputError and records nothing."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from reports.certificate import build_certificate
from reports.errors import OutputError
from tests.factories.rooms import at
from tests.models.courses.builders import START, make_campus, training_course
from tests.models.util import audit_rows

END = date(2026, 12, 18)
pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                reason="pdftotext / pdftoppm (poppler-utils) are missing")


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout


@pytest.fixture
def completer(services, world, clock):
    env = make_campus(services, world)
    sc = training_course(services, env, clock, places=1, n=1, end_on=END, total_hours=80, name="AI 데이터 분석가 3기")
    clock.now = at(END, "18:00")
    services.courses.complete(env.manager, sc.trainees[0], 1)
    return env, sc.trainees[0]


def test_the_certificate_reads_back_and_renders(services, completer, tmp_path):
    env, trainee = completer
    target = tmp_path / "수료증.pdf"
    cert = services.courses.certificate(env.manager, trainee, write=lambda c: build_certificate(target, c),
                                        purpose="본인 제출용")
    text = _text(target)
    for words in ("수", "료", "증", cert.certificate_no, cert.youth_name, f"{cert.birth_date.year}년",
                  "AI 데이터 분석가 3기", f"{START:%Y. %m. %d.} ~ {END:%Y. %m. %d.}", "80시간",
                  "가 청년취업사관학교장", "성실히 이수하였으므로", "2026년 12월 18일"):
        assert words in text, words
    assert text.count("\f") == 1  # one page
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(target), str(tmp_path / "page")], check=True, timeout=60)
    [png] = list(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000
    out = audit_rows(services.db, action="output")[-1]
    assert out.detail == f"수료증 출력 {cert.certificate_no} · 목적: 본인 제출용"


def test_a_target_that_cannot_be_written_records_nothing(services, completer, tmp_path):
    env, trainee = completer
    outputs = len(audit_rows(services.db, action="output"))
    with pytest.raises(OutputError):
        services.courses.certificate(env.manager, trainee,
                                     write=lambda c: build_certificate(tmp_path / "없는 폴더" / "x.pdf", c))
    with pytest.raises(OutputError):
        services.courses.certificate(env.manager, trainee, write=lambda c: build_certificate(tmp_path / "x.docx", c))
    assert len(audit_rows(services.db, action="output")) == outputs
