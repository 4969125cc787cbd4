"""The completion certificate (수료증) of one trainee: A4 portrait, Korean fonts embedded, a
double frame, the serial number, the trainee's name and birth date, the course, its field,
period and total hours, the sentence of completion, the completion date and the campus as
the issuer, with the date it was issued.

The contents come from ``CoursesService.certificate`` (which records the printout in the
audit log once this writer made the file). The PDF is written atomically; a file that
cannot be written raises ``reports.errors.OutputError``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from models.courses.dtos import Certificate
from reports.files import check_target, write_atomically
from reports.fonts import korean_fonts

FORMATS = (".pdf",)
INK = colors.HexColor("#1f2a44")
ACCENT = colors.HexColor("#2f5597")
MUTED = colors.HexColor("#5b6781")
SEAL = colors.HexColor("#c0392b")


def korean_date(day: date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def dotted(day: date) -> str:
    return f"{day:%Y. %m. %d.}"


def statement(cert: Certificate) -> str:
    return (f"위 사람은 {cert.facility_name}에서 실시한 위 교육과정을 성실히 이수하였으므로 "
            "이 증서를 수여합니다.")


def _draw(path: Path, cert: Certificate) -> None:
    regular, bold = korean_fonts()
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(f"수료증 {cert.certificate_no}")
    c.setAuthor("청년일자리 데스크")
    # the double frame
    c.setStrokeColor(ACCENT)
    c.setLineWidth(2.2)
    c.rect(14 * mm, 14 * mm, width - 28 * mm, height - 28 * mm)
    c.setLineWidth(0.7)
    c.rect(18 * mm, 18 * mm, width - 36 * mm, height - 36 * mm)
    # the serial number
    c.setFillColor(INK)
    c.setFont(regular, 10.5)
    c.drawString(28 * mm, height - 32 * mm, f"제 {cert.certificate_no} 호")
    # the title
    c.setFont(bold, 40)
    c.setFillColor(INK)
    c.drawCentredString(width / 2, height - 62 * mm, "수   료   증")
    c.setStrokeColor(ACCENT)
    c.setLineWidth(1)
    c.line(width / 2 - 42 * mm, height - 68 * mm, width / 2 + 42 * mm, height - 68 * mm)
    # the fields
    rows = [("성      명", cert.youth_name), ("생 년 월 일", korean_date(cert.birth_date)),
            ("교 육 과 정", cert.course_name), ("분      야", cert.field_label),
            ("교 육 기 간", f"{dotted(cert.start_on)} ~ {dotted(cert.end_on)}"),
            ("총 훈련시간", f"{cert.total_hours:,}시간")]
    label_x, value_x = 40 * mm, 78 * mm
    value_width = width - value_x - 32 * mm
    style = ParagraphStyle("value", fontName=regular, fontSize=14, leading=19, wordWrap="CJK", textColor=INK)
    y = height - 94 * mm
    for label, value in rows:
        c.setFont(bold, 13)
        c.setFillColor(MUTED)
        c.drawString(label_x, y, label)
        c.setFillColor(INK)
        p = Paragraph(value, style)
        _, h = p.wrap(value_width, 40 * mm)
        p.drawOn(c, value_x, y - h + 14)
        y -= max(h, 19) + 7 * mm
    # the statement
    body = ParagraphStyle("body", fontName=regular, fontSize=15, leading=27, wordWrap="CJK", textColor=INK,
                          alignment=4)
    p = Paragraph(statement(cert), body)
    _, h = p.wrap(width - 80 * mm, 60 * mm)
    p.drawOn(c, 40 * mm, y - h - 4 * mm)
    # the date and the issuer, at the foot of the page whatever the length above
    issuer_y = 48 * mm
    c.setFont(regular, 15)
    c.setFillColor(INK)
    below_statement = y - h - 4 * mm - 14 * mm
    c.drawCentredString(width / 2, max(issuer_y + 16 * mm, min(below_statement, issuer_y + 28 * mm)),
                        korean_date(cert.end_on))
    c.setFont(bold, 21)
    c.drawCentredString(width / 2, issuer_y, f"{cert.facility_name}장")
    text_width = c.stringWidth(f"{cert.facility_name}장", bold, 21)
    cx, cy = width / 2 + text_width / 2 + 12 * mm, issuer_y + 2.5 * mm
    c.setStrokeColor(SEAL)
    c.setFillColor(SEAL)
    c.setLineWidth(1.4)
    c.circle(cx, cy, 9 * mm, stroke=1, fill=0)
    c.setFont(bold, 10)
    c.drawCentredString(cx, cy - 1.5 * mm, "(직인)")
    # the footer
    c.setFillColor(MUTED)
    c.setFont(regular, 8.5)
    c.drawCentredString(width / 2, 24 * mm,
                        f"수료증 번호 {cert.certificate_no} · 발급일 {cert.issued_on:%Y-%m-%d} · 청년일자리 데스크 발급")
    c.showPage()
    c.save()


def build_certificate(path: str | Path, cert: Certificate) -> Path:
    """Write ``cert`` as a one-page PDF to ``path`` (.pdf)."""
    path = check_target(path, FORMATS)
    return write_atomically(path, lambda temp: _draw(temp, cert))
