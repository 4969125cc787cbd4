"""The training courses' outputs (issue 14), for the 교육과정 page:

- ``print_certificate``: one completer's 수료증 (PDF, ``reports.certificate``) through
  ``CoursesService.certificate``, which records the printout with its serial number and
  purpose in the audit log ("출력");
- ``export_results``: a course's selection results to notify the applicants (합격 by rank,
  예비합격 by reserve rank, then 미선발) as .xlsx/.csv (``reports.table_writer``) or a
  printable .pdf with a blank 확인 column (``reports.sheet_pdf``), through
  ``CoursesService.results``. Phones are full only when asked ``with_phones`` by a role
  that may see contact details (an audited read); otherwise masked.

As every output: the file is written inside the service's transaction and recorded only
once it is there; a file that cannot be written raises ``OutputError`` and leaves neither
the file nor an audit row.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.core.permissions import Actor
from models.core.text import output_purpose
from models.core.time import SEOUL
from models.outputs.common import OutputResult, WrittenFile
from reports import certificate, sheet_pdf
from reports.files import check_target, write_atomically
from reports.table_writer import TABLE_FORMATS, SheetLayout, write_table

CERTIFICATE_FORMATS = certificate.FORMATS
RESULT_FORMATS = (*TABLE_FORMATS, ".pdf")
RESULT_HEADERS = ("결과", "순위", "예비 순위", "이름", "휴대전화", "최종 점수", "비고")
RESULT_WIDTHS = (10, 8, 10, 14, 16, 10, 24)
PDF_HEADERS = ("결과", "순위", "이름", "휴대전화", "최종 점수", "비고", "확인")
PDF_WIDTHS = (50, 36, 70, 92, 52, 122, 52)  # WIDTH of reports.sheet_pdf (A4 less 36 mm)


def print_certificate(services, actor: Actor, enrollment_id: int, path: str | os.PathLike,
                      purpose: str | None = None) -> OutputResult:
    """The trainee's completion certificate to ``path`` (.pdf); ``rows`` is 1."""
    purpose = output_purpose(purpose)
    target = check_target(path, CERTIFICATE_FORMATS)
    with WrittenFile(target) as written:
        def write(cert) -> None:
            certificate.build_certificate(target, cert)
            written.done()

        services.courses.certificate(actor, enrollment_id, write=write, purpose=purpose)
    return OutputResult(Path(target), 1)


def _cells(row) -> tuple:
    score = None if row.final_score is None else round(row.final_score, 2)
    return (row.result.label if row.result else "", row.rank, row.reserve_rank, row.youth_name, row.phone,
            score, row.reason)


def export_results(services, actor: Actor, course_id: int, path: str | os.PathLike, *,
                   with_phones: bool = False, purpose: str | None = None) -> OutputResult:
    """The course's decided selection results to ``path`` (.xlsx, .csv or .pdf); ``rows``
    is the number of applicants listed."""
    purpose = output_purpose(purpose)
    target = check_target(path, RESULT_FORMATS)
    fmt = target.suffix.lower()
    with WrittenFile(target) as written:
        def write(results) -> None:
            title = f"{results.facility_name} {results.course_name} 선발 결과"
            rows = [_cells(r) for r in results.rows]
            if fmt == ".pdf":
                now = services.clock().astimezone(SEOUL)
                sheet = sheet_pdf.Sheet(
                    title=title, meta=sheet_pdf.signed(results.facility_name, actor.display_name, now),
                    headers=PDF_HEADERS, widths=PDF_WIDTHS,
                    rows=[[c[0], str(c[1] or ""), c[3], c[4], "" if c[5] is None else f"{c[5]:.2f}", c[6], ""]
                          for c in rows],
                    empty_text="선발 결과가 없습니다.", footer=f"{results.course_name} 선발 결과",
                    notes=() if results.phones_shown else (sheet_pdf.MASKED_PHONES,))
                write_atomically(target, lambda temp: sheet_pdf.build(temp, sheet))
            else:
                layout = SheetLayout("선발 결과", title + ("" if results.phones_shown else " (휴대전화 가림)"),
                                     RESULT_WIDTHS)
                write_atomically(target, lambda temp: write_table(temp, fmt, RESULT_HEADERS, rows, layout))
            written.done()

        results = services.courses.results(actor, course_id, with_phones=with_phones, write=write, purpose=purpose)
    return OutputResult(Path(target), len(results.rows))
