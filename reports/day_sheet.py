"""The printable day sheet of one AI-interview booth: time, name, masked phone, session
type and status, one row per slot. Rows come from ``BoothService.day_sheet``; the use case
``models.outputs.day_sheet.print_day_sheet`` joins the two and the audit record. The PDF is
written atomically; a file that cannot be written raises ``reports.errors.OutputError``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from models.booths.schemas import SheetRow
from reports.files import check_target, write_atomically
from reports.fonts import korean_fonts

WEEKDAYS = "월화수목금토일"
FORMATS = (".pdf",)


def build_day_sheet(path: str | Path, *, facility: str, booth: str, day: date,
                    rows: Sequence[SheetRow], printed_by: str, printed_at: datetime) -> Path:
    path = check_target(path, FORMATS)
    return write_atomically(path, lambda temp: _build(temp, facility=facility, booth=booth, day=day, rows=rows,
                                                      printed_by=printed_by, printed_at=printed_at))


def _build(path: Path, *, facility: str, booth: str, day: date, rows: Sequence[SheetRow], printed_by: str,
           printed_at: datetime) -> None:
    regular, bold = korean_fonts()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm,
                            title=f"{booth} {day:%Y-%m-%d} 명단", author="청년일자리 데스크")
    title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=21)
    meta = ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=13, textColor=colors.HexColor("#5b6781"))
    cell = ParagraphStyle("cell", fontName=regular, fontSize=10, leading=13)
    head = ParagraphStyle("head", fontName=bold, fontSize=10, leading=13)
    story = [
        Paragraph(f"AI 면접 일일 명단 — {booth}", title),
        Spacer(1, 3 * mm),
        Paragraph(f"{facility} · {day:%Y-%m-%d} ({WEEKDAYS[day.weekday()]}) · "
                  f"출력 {printed_at:%Y-%m-%d %H:%M} {printed_by}", meta),
        Spacer(1, 6 * mm),
    ]
    data = [[Paragraph(h, head) for h in ("시간", "이름", "휴대전화", "체험 종류", "상태", "확인")]]
    for r in rows:
        data.append([Paragraph(r.time_text, cell), Paragraph(r.youth_name or "—", cell),
                     Paragraph(r.phone_masked or "", cell), Paragraph(r.session_type or "", cell),
                     Paragraph(r.status, cell), ""])
    if not rows:
        data.append([Paragraph("이 날은 공개된 회차가 없습니다.", cell), "", "", "", "", ""])
    table = Table(data, colWidths=[28 * mm, 30 * mm, 32 * mm, 32 * mm, 32 * mm, 20 * mm], repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f9")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c8d1e1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(style))
    story.append(table)
    story += [Spacer(1, 6 * mm), Paragraph(
        "개인정보가 담긴 출력물입니다. 업무가 끝나면 파쇄하세요. 휴대전화 번호는 가려서 출력했습니다.", meta)]
    doc.build(story)
