"""The layout the printable day sheets share (A4, Korean fonts embedded): a title naming the
day, a line with the facility and who printed it when, one table whose header row repeats
on every page, a blank 확인 column to tick, and on every page a footer that names the sheet
and its day, the page number and that the paper holds personal data.

Cells are wrapped paragraphs (``wordWrap="CJK"``: Korean breaks between any two syllables),
so a long name grows its row instead of running into the next column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.fonts import korean_fonts

WEEKDAYS = "월화수목금토일"
PERSONAL_DATA = "개인정보가 담긴 출력물입니다. 업무가 끝나면 파쇄하세요."
MASKED_PHONES = "휴대전화 번호는 가려서 출력했습니다."
MARGIN = 16 * mm
WIDTH = A4[0] - 2 * 18 * mm  # the table's width inside the side margins


def day_label(day: date) -> str:
    """'2026-12-03 (목)'."""
    return f"{day:%Y-%m-%d} ({WEEKDAYS[day.weekday()]})"


@dataclass(frozen=True)
class Sheet:
    """What one day sheet shows. ``widths`` are in points and add up to ``WIDTH``; the last
    column is the blank 확인 column."""

    title: str  # names the day
    meta: str  # facility · who printed it and when
    headers: Sequence[str]
    widths: Sequence[float]
    rows: Sequence[Sequence[str]]
    empty_text: str  # the one row of an empty day
    footer: str  # the sheet and its day, repeated on every page
    notes: Sequence[str] = ()  # lines under the table
    group_column: int | None = None  # a darker line where this column's value changes (the room)


def personal_page(band: str, footer_text: str, printed_at: datetime, printed_by: str, font: str):
    """The page decoration of a printout of one person's data: the red 개인정보 band with who
    printed it and when at the top, the footer with the page number and the shredding line
    at the bottom (``onFirstPage``/``onLaterPages`` of ``SimpleDocTemplate.build``)."""
    red, grey = colors.HexColor("#c62828"), colors.HexColor("#5f6b7a")

    def page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFillColor(red)
        canvas.setFont(font, 8.5)
        top = A4[1] - MARGIN + 1 * mm
        canvas.drawString(18 * mm, top, band)
        canvas.drawRightString(A4[0] - 18 * mm, top, f"출력 {printed_at:%Y-%m-%d %H:%M} {printed_by}")
        canvas.setStrokeColor(red)
        canvas.line(18 * mm, top - 1.5 * mm, A4[0] - 18 * mm, top - 1.5 * mm)
        canvas.setFillColor(grey)
        canvas.setFont(font, 8)
        y = MARGIN - 2 * mm
        canvas.drawString(18 * mm, y, f"{footer_text} · {document.page}쪽")
        canvas.drawRightString(A4[0] - 18 * mm, y, PERSONAL_DATA)
        canvas.restoreState()

    return page


def signed(facility: str, printed_by: str, printed_at: datetime) -> str:
    return f"{facility} · 출력 {printed_at:%Y-%m-%d %H:%M} {printed_by}"


def build(path: Path, sheet: Sheet) -> None:
    regular, bold = korean_fonts()
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=MARGIN, bottomMargin=MARGIN + 6 * mm,
                            title=sheet.title, author="청년일자리 데스크")
    title = ParagraphStyle("title", fontName=bold, fontSize=15, leading=20, wordWrap="CJK")
    meta = ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=13, wordWrap="CJK",
                          textColor=colors.HexColor("#5b6781"))
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9.5, leading=12.5, wordWrap="CJK")
    head = ParagraphStyle("head", fontName=bold, fontSize=9.5, leading=12.5, wordWrap="CJK")
    story = [Paragraph(sheet.title, title), Spacer(1, 3 * mm), Paragraph(sheet.meta, meta), Spacer(1, 5 * mm)]
    data = [[Paragraph(h, head) for h in sheet.headers]]
    blank = len(sheet.headers) - 1
    for row in sheet.rows:
        data.append([Paragraph(text or "", cell) for text in row][:blank] + [""])
    if not sheet.rows:
        data.append([Paragraph(sheet.empty_text, cell)] + [""] * blank)
    table = Table(data, colWidths=list(sheet.widths), repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f9")),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#c8d1e1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if not sheet.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    if sheet.group_column is not None:
        col = sheet.group_column
        for i in range(1, len(sheet.rows)):
            if sheet.rows[i][col] != sheet.rows[i - 1][col]:
                style.append(("LINEABOVE", (0, i + 1), (-1, i + 1), 1.2, colors.HexColor("#5b6781")))
    table.setStyle(TableStyle(style))
    story.append(table)
    if sheet.notes:
        story.append(Spacer(1, 5 * mm))
        story += [Paragraph(text, meta) for text in sheet.notes]

    def footer(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.HexColor("#5b6781"))
        y = MARGIN - 2 * mm
        canvas.drawString(18 * mm, y, f"{sheet.footer} · {document.page}쪽")
        canvas.drawRightString(A4[0] - 18 * mm, y, PERSONAL_DATA)
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
