"""The printable 파기 대장 (destruction ledger, PDF, A4 landscape).

One row per destruction: number, when (Seoul), who, the facility, how many records, the
reason, the categories of data and the method, and a blank 확인 column for the
responsible person's signature. It holds no personal data (the ledger has none), which the
footer says. Written atomically; a file that cannot be written raises ``OutputError``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reports.files import check_target, write_atomically
from reports.fonts import korean_fonts
from reports.sheet_pdf import signed

if TYPE_CHECKING:
    from models.lifecycle.ledger import LedgerRow

FORMATS = (".pdf",)
TITLE = "개인정보 파기 대장"
HEADERS = ("번호", "파기 일시", "처리자", "시설", "건수", "사유", "파기한 개인정보 항목", "방법", "확인")
PAGE = landscape(A4)
SIDE = 14 * mm
WIDTHS_MM = (12, 27, 30, 30, 13, 24, 62, 55, 16)
FOOTER = "개인정보 파기 대장 · 개인정보는 담겨 있지 않습니다(건수·항목·사유만)"
GREY, LINE, PALE = colors.HexColor("#5b6781"), colors.HexColor("#c8d1e1"), colors.HexColor("#eef2f9")


def _cells(row: LedgerRow, seoul) -> list[str]:
    note = f"<br/>({html.escape(row.note)})" if row.note else ""
    return [str(row.id), f"{row.at.astimezone(seoul):%Y-%m-%d %H:%M}", html.escape(row.by_name),
            html.escape(row.facility), f"{row.records:,}", html.escape(row.reason.label) + note,
            html.escape(row.categories), html.escape(row.method), ""]


def build_ledger(path: str | Path, rows: Sequence[LedgerRow], *, scope: str, printed_by: str,
                 printed_at: datetime) -> Path:
    """Write the ledger ``rows`` (newest first) to ``path``; ``scope`` names the facility or
    전체. ``printed_at`` is aware, in Seoul."""
    target = check_target(path, FORMATS)
    seoul = printed_at.tzinfo
    regular, bold = korean_fonts()
    base = dict(fontName=regular, fontSize=8.5, leading=11.5, wordWrap="CJK")
    title = ParagraphStyle("title", **{**base, "fontName": bold, "fontSize": 15, "leading": 20})
    meta = ParagraphStyle("meta", **{**base, "fontSize": 9.5, "leading": 13}, textColor=GREY)
    cell = ParagraphStyle("cell", **base)
    head = ParagraphStyle("head", **{**base, "fontName": bold})

    def write(temp: Path) -> None:
        doc = SimpleDocTemplate(str(temp), pagesize=PAGE, leftMargin=SIDE, rightMargin=SIDE,
                                topMargin=14 * mm, bottomMargin=20 * mm, title=TITLE, author="청년일자리 데스크")
        total = sum(r.records for r in rows)
        story = [Paragraph(TITLE, title), Spacer(1, 3 * mm),
                 Paragraph(f"{html.escape(signed(scope, printed_by, printed_at))} · 파기 {len(rows):,}회, "
                           f"기록 {total:,}건", meta), Spacer(1, 5 * mm)]
        data = [[Paragraph(h, head) for h in HEADERS]]
        data += [[Paragraph(t, cell) for t in _cells(r, seoul)] for r in rows]
        if not rows:
            data.append([Paragraph("파기한 기록이 없습니다.", cell)] + [""] * (len(HEADERS) - 1))
        table = Table(data, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
        style = [("BACKGROUND", (0, 0), (-1, 0), PALE), ("GRID", (0, 0), (-1, -1), 0.5, LINE),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (4, 1), (4, -1), "RIGHT")]
        if not rows:
            style.append(("SPAN", (0, 1), (-1, 1)))
        table.setStyle(TableStyle(style))
        story.append(table)

        def footer(canvas, document) -> None:
            canvas.saveState()
            canvas.setFont(regular, 8)
            canvas.setFillColor(GREY)
            canvas.drawString(SIDE, 12 * mm, f"{FOOTER} · {document.page}쪽")
            canvas.restoreState()

        doc.build(story, onFirstPage=footer, onLaterPages=footer)

    return write_atomically(target, write)
