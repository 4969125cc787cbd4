"""The courses' outputs (models/outputs/courses.py), on both backends: the certificate PDF
printed as an audited output (no file and no record when it cannot be written), and the
selection results as .xlsx/.csv/.pdf with phones masked unless a role allowed contact
details asks for them."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pytest

from models.core.errors import PermissionDenied
from models.outputs import OutputError
from models.outputs.courses import RESULT_HEADERS, export_results, print_certificate
from tests.factories.rooms import at
from tests.models.courses.builders import selected_course, training_course
from tests.models.util import audit_rows

END10 = date(2026, 12, 18)


def test_the_certificate_pdf_is_written_and_its_printing_audited(services, env, clock, tmp_path):
    sc = training_course(services, env, clock, places=1, n=1, end_on=END10, total_hours=80)
    [a] = sc.trainees
    clock.now = at(END10, "18:00")
    number = services.courses.complete(env.manager, a, 1)
    out = print_certificate(services, env.manager, a, tmp_path / "수료증.pdf", purpose="본인 요청")
    assert out.path.read_bytes().startswith(b"%PDF") and out.rows == 1
    row = audit_rows(services.db, action="output")[-1]
    assert row.detail == f"수료증 출력 {number} · 목적: 본인 요청"
    outputs = len(audit_rows(services.db, action="output"))
    with pytest.raises(OutputError):
        print_certificate(services, env.manager, a, tmp_path / "없는 폴더" / "수료증.pdf")
    with pytest.raises(OutputError):
        print_certificate(services, env.manager, a, tmp_path / "수료증.docx")
    assert len(audit_rows(services.db, action="output")) == outputs
    with pytest.raises(PermissionDenied):
        print_certificate(services, env.counselor, a, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()


def test_the_results_list_masks_phones_unless_asked_by_a_role_allowed_them(services, env, clock, tmp_path):
    sc = selected_course(services, env, clock, places=2, n=4)
    out = export_results(services, env.counselor, sc.course, tmp_path / "r.csv")
    with open(out.path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == RESULT_HEADERS and out.rows == 4
    assert [r[0] for r in rows[1:]] == ["합격", "합격", "예비합격", "미선발"]
    assert all("*" in r[4] for r in rows[1:])  # masked
    assert "선발 결과 명단 출력" in audit_rows(services.db, action="output")[-1].detail
    full = export_results(services, env.manager, sc.course, tmp_path / "r.xlsx", with_phones=True,
                          purpose="합격 안내 문자")
    sheet = openpyxl.load_workbook(full.path).active
    phones = [sheet.cell(row=r, column=5).value for r in range(3, 7)]
    assert all(p.startswith("010-") and "*" not in p for p in phones)
    assert "연락처 포함 · 목적: 합격 안내 문자" in audit_rows(services.db, action="output")[-1].detail
    pdf = export_results(services, env.manager, sc.course, tmp_path / "r.pdf")
    assert pdf.path.read_bytes().startswith(b"%PDF")
    with pytest.raises(PermissionDenied):
        export_results(services, env.front_desk, sc.course, tmp_path / "f.csv")
