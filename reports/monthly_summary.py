"""The monthly performance summary (월간 운영 실적) as PDF, and its evidence workbook.

The writer knows nothing of the figures: it lays out a ``Document`` (sections of tables,
bar charts and trend lines, with notes) that ``models.summaries`` builds, so the screen, the
PDF and the workbook show the same numbers. A4 landscape, the Korean font embedded with
its bold face mapped (``registerFontFamily``); numbers right-aligned with thousands
separators; tables that split across pages repeat their header; every page numbered
``1 / 4``. Body text wraps at spaces; only the cells of a facility's name may break inside
a word (``wordWrap='CJK'``), because a long name must not run into the numbers.

Counts only: nothing here prints a name, a phone, a birth date or a note, and the document
it is given holds none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import registerFontFamily, stringWidth
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reports.files import write_atomically
from reports.fonts import korean_fonts

PDF_FORMATS = (".pdf",)
EVIDENCE_FORMATS = (".xlsx",)
PAGE = landscape(A4)
SIDE = 14 * mm
WIDTH = PAGE[0] - 2 * SIDE
PALETTE = [colors.HexColor(c) for c in ("#2f5fa8", "#e08a2b", "#3c9a5f", "#b5485d", "#7b62b0", "#6c7a89")]
INK, MUTED, LINE, HEAD_BG, TOTAL_BG = (colors.HexColor(c) for c in
                                       ("#1f2733", "#5b6781", "#c8d1e1", "#eef2f9", "#f6f7fb"))


def month_label(year: int, month: int) -> str:
    """'2026년 11월'."""
    return f"{year}년 {month}월"


def number(value, kind: str = "int") -> str:
    """A cell's text: thousands separators, '—' for a value that does not exist."""
    if value is None:
        return "—"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "pct":
        return f"{value:,.1f}%"
    if kind == "ratio":
        return f"{value:,.2f} : 1"
    if kind == "hours":
        return f"{value:,.1f}"
    if kind == "mixed" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "int"  # text, int, pct, ratio, hours
    width: float = 1.0  # relative


@dataclass(frozen=True)
class TableBlock:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]
    groups: tuple[tuple[str, int], ...] = ()  # a header row above the columns: (label, span)
    bold_rows: frozenset[int] = frozenset()
    muted_rows: frozenset[int] = frozenset()
    # the figure behind each cell, for the screen's evidence list (rows × columns), or ()
    refs: tuple[tuple, ...] = ()
    note: str = ""
    wrap_first: bool = False  # the first column may break inside a word (long names)
    width: float = 1.0  # of the page's width; narrower tables sit at the left

    def text(self, r: int, c: int) -> str:
        return number(self.rows[r][c], self.columns[c].kind)


@dataclass(frozen=True)
class BarsBlock:
    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str = ""
    note: str = ""
    panels: bool = False  # one small chart per series, each with its own scale


@dataclass(frozen=True)
class TrendBlock:
    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple = ()
    note: str = ""  # under the title: e.g. that nothing was recorded in the month


@dataclass(frozen=True)
class Document:
    title: str
    meta: tuple[str, ...]
    sections: tuple[Section, ...]
    footnotes: tuple[str, ...] = ()
    footer: str = ""


@dataclass
class _Styles:
    regular: str
    bold: str
    title: ParagraphStyle = field(init=False)

    def __post_init__(self):
        r, b = self.regular, self.bold
        self.title = ParagraphStyle("t", fontName=b, fontSize=16, leading=21, textColor=INK)
        self.meta = ParagraphStyle("m", fontName=r, fontSize=9, leading=12.5, textColor=MUTED)
        self.h2 = ParagraphStyle("h2", fontName=b, fontSize=12.5, leading=16, textColor=INK, spaceBefore=4,
                                 spaceAfter=3)
        self.h3 = ParagraphStyle("h3", fontName=b, fontSize=9.5, leading=13, textColor=INK, spaceAfter=2)
        self.note = ParagraphStyle("n", fontName=r, fontSize=8, leading=11, textColor=MUTED)
        self.cell = ParagraphStyle("c", fontName=r, fontSize=8.5, leading=11, textColor=INK)
        self.cell_cjk = ParagraphStyle("cc", parent=self.cell, wordWrap="CJK")
        self.cell_bold = ParagraphStyle("cb", parent=self.cell, fontName=b)
        self.cell_bold_cjk = ParagraphStyle("cbc", parent=self.cell_bold, wordWrap="CJK")
        self.head = ParagraphStyle("h", fontName=b, fontSize=8.5, leading=11, textColor=INK, alignment=1)
        self.head_num = ParagraphStyle("hn", parent=self.head, alignment=TA_RIGHT)


def fonts() -> tuple[str, str]:
    """The embedded Korean font, its bold face mapped for ``<b>``."""
    regular, bold = korean_fonts()
    registerFontFamily(regular, normal=regular, bold=bold, italic=regular, boldItalic=bold)
    return regular, bold


def _table(block: TableBlock, st: _Styles, avail: float | None = None):
    widths = [c.width for c in block.columns]
    scale = (avail if avail is not None else WIDTH * block.width) / sum(widths)
    widths = [w * scale for w in widths]
    data, style = [], [
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), st.regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    head_rows = 0
    if block.groups:
        row, col = [], 0
        for label, span in block.groups:
            row += [Paragraph(label, st.head)] + [""] * (span - 1)
            if span > 1:
                style.append(("SPAN", (col, 0), (col + span - 1, 0)))
            col += span
        data.append(row)
        head_rows += 1
    data.append([_fit(c.label, widths[i], st.head if c.kind == "text" else st.head_num, st, bold=True)
                 for i, c in enumerate(block.columns)])
    head_rows += 1
    if block.groups:  # a column under no group spans both header rows
        col = 0
        for label, span in block.groups:
            if span == 1 and label == "":
                data[0][col] = data[1][col]
                data[1][col] = ""
                style.append(("SPAN", (col, 0), (col, 1)))
            col += span
    style += [("BACKGROUND", (0, 0), (-1, head_rows - 1), HEAD_BG), ("FONTNAME", (0, 0), (-1, head_rows - 1), st.bold),
              ("ALIGN", (0, 0), (-1, head_rows - 1), "CENTER")]
    style += [("ALIGN", (c, head_rows - 1), (c, head_rows - 1), "RIGHT")
              for c, col in enumerate(block.columns) if col.kind != "text"]
    for r in range(len(block.rows)):
        bold = r in block.bold_rows
        cells = []
        for c, col in enumerate(block.columns):
            text = block.text(r, c)
            if col.kind == "text":
                cjk = block.wrap_first and c == 0
                ps = (st.cell_bold_cjk if cjk else st.cell_bold) if bold else (st.cell_cjk if cjk else st.cell)
                cells.append(_fit(text, widths[c], ps, st, bold=bold))
            else:
                cells.append(text)
        data.append(cells)
        y = r + head_rows
        if bold:
            style += [("BACKGROUND", (0, y), (-1, y), TOTAL_BG), ("FONTNAME", (0, y), (-1, y), st.bold)]
        if r in block.muted_rows:
            style.append(("TEXTCOLOR", (0, y), (-1, y), MUTED))
    for c, col in enumerate(block.columns):
        if col.kind != "text":
            style.append(("ALIGN", (c, head_rows), (c, -1), "RIGHT"))
    if not block.rows:
        data.append([Paragraph("이 달의 기록이 없습니다.", st.cell)] + [""] * (len(block.columns) - 1))
        style.append(("SPAN", (0, head_rows), (-1, head_rows)))
    t = Table(data, colWidths=widths, repeatRows=head_rows, hAlign="LEFT")
    t.setStyle(TableStyle(style))
    return t


def _fit(text: str, width: float, style: ParagraphStyle, st: _Styles, bold: bool = False):
    """The plain text when it fits on one line of the cell (drawn as it is, fast), else a
    paragraph that wraps it (at spaces, or anywhere for a ``wordWrap='CJK'`` style)."""
    font = st.bold if bold else st.regular
    if "\n" not in text and stringWidth(text, font, 8.5) <= width - 9:
        return text
    return Paragraph(_escape(text), style)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _legend(drawing: Drawing, series, st: _Styles, x: float, y: float) -> None:
    if len(series) < 2:
        return
    lg = Legend()
    lg.x, lg.y = x, y
    lg.fontName, lg.fontSize = st.regular, 8
    lg.alignment = "right"
    lg.columnMaximum = len(series)
    lg.deltax = 0
    lg.dx = lg.dy = 7
    lg.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(series)]
    lg.boxAnchor = "nw"
    drawing.add(lg)


def _drawing(height: float, st: _Styles) -> Drawing:
    d = Drawing(WIDTH, height)
    d.initialFontName = st.regular  # the renderer's starting font: no stray Helvetica
    return d


def _axis(ch, values, st: _Styles, labels, small: bool) -> None:
    ch.categoryAxis.categoryNames = list(labels)
    ch.categoryAxis.labels.fontName = st.regular
    ch.categoryAxis.labels.fontSize = 6.5 if small else 8
    ch.valueAxis.labels.fontName = st.regular
    ch.valueAxis.labels.fontSize = 7
    ch.valueAxis.valueMin = 0
    ch.valueAxis.valueMax = _nice(max(list(values) + [1]))
    ch.valueAxis.valueStep = ch.valueAxis.valueMax / 4
    ch.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"


def _panels(block, st: _Styles, kind: str) -> Drawing:
    """One small chart per series, side by side, each titled and with its own scale."""
    n = max(1, len(block.series))
    height, gap = 150, 14
    d = _drawing(height, st)
    w = (WIDTH - gap * (n - 1)) / n
    for i, (name, values) in enumerate(block.series):
        x0 = i * (w + gap)
        ch = VerticalBarChart() if kind == "bars" else HorizontalLineChart()
        ch.x, ch.y, ch.width, ch.height = x0 + 34, 24, w - 40, height - 48
        ch.data = [tuple(values) or (0,)]
        _axis(ch, values, st, block.labels, small=len(block.labels) > 6)
        color = PALETTE[i % len(PALETTE)]
        if kind == "bars":
            ch.bars[0].fillColor = color
            ch.bars[0].strokeColor = None
            ch.groupSpacing = 4
        else:
            ch.lines[0].strokeColor = color
            ch.lines[0].strokeWidth = 1.8
            ch.joinedLines = 1
        if len(block.labels) > 6:
            ch.categoryAxis.labels.angle = 45
            ch.categoryAxis.labels.boxAnchor = "ne"
            ch.categoryAxis.labels.dy = -2
        d.add(ch)
        d.add(String(x0 + 34, height - 12, name, fontName=st.bold, fontSize=8.5, fillColor=INK))
    return d


def _bars(block: BarsBlock, st: _Styles) -> Drawing:
    if block.panels:
        return _panels(block, st, "bars")
    height = 165
    d = _drawing(height, st)
    ch = VerticalBarChart()
    ch.x, ch.y, ch.width, ch.height = 40, 28, WIDTH - 170, height - 45
    ch.data = [tuple(v) for _, v in block.series] or [(0,)]
    _axis(ch, [x for _, v in block.series for x in v], st, block.labels, small=len(block.labels) > 16)
    ch.barSpacing = 1
    ch.groupSpacing = 3 if len(block.labels) > 16 else 8
    for i in range(len(block.series)):
        ch.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        ch.bars[i].strokeColor = None
    d.add(ch)
    if block.unit:
        d.add(String(4, height - 10, block.unit, fontName=st.regular, fontSize=7.5, fillColor=MUTED))
    _legend(d, block.series, st, WIDTH - 120, height - 14)
    return d


def _trend(block: TrendBlock, st: _Styles) -> Drawing:
    return _panels(block, st, "lines")


def _nice(top: float) -> float:
    """An axis maximum at or above ``top`` that divides into four round steps."""
    step = 1
    while step * 4 < top:
        for m in (2, 2.5, 2):
            if step * 4 >= top:
                break
            step *= m
    return step * 4


GAP = 8 * mm
SPLIT_ROWS = 12  # a table longer than this may split across pages rather than leave a page half empty
PAIR = (WIDTH - GAP) / 2


def _narrow(block) -> bool:
    return isinstance(block, TableBlock) and block.width <= 0.5 and len(block.rows) <= 25


def _parts(block, st: _Styles, avail: float | None = None) -> list:
    parts = [Paragraph(_escape(block.title), st.h3)] if block.title else []
    if isinstance(block, TableBlock):
        parts.append(_table(block, st, avail))
    elif isinstance(block, BarsBlock):
        parts.append(_bars(block, st))
    elif isinstance(block, TrendBlock):
        parts.append(_trend(block, st))
    if block.note:
        parts += [Spacer(1, 1 * mm), Paragraph(_escape(block.note), st.note)]
    return parts


def _story(doc: Document, st: _Styles) -> list:
    story = [Paragraph(_escape(doc.title), st.title), Spacer(1, 2 * mm)]
    story += [Paragraph(_escape(m), st.meta) for m in doc.meta]
    story.append(Spacer(1, 4 * mm))
    for i, section in enumerate(doc.sections):
        if i:  # a section starts on a new page unless its start fits (a chart with its table: all of it)
            charted = any(isinstance(b, TrendBlock) for b in section.blocks)
            story.append(CondPageBreak((115 if charted else 45) * mm))
        head = [Paragraph(_escape(section.title), st.h2)]
        if section.note:
            head += [Paragraph(_escape(section.note), st.note), Spacer(1, 1.5 * mm)]
        blocks = list(section.blocks)
        j = 0
        while j < len(blocks):
            block = blocks[j]
            if _narrow(block) and j + 1 < len(blocks) and _narrow(blocks[j + 1]):
                # two small tables side by side
                pair = Table([[_parts(block, st, PAIR), _parts(blocks[j + 1], st, PAIR)]], colWidths=[PAIR + GAP, PAIR],
                             hAlign="LEFT")
                pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                          ("RIGHTPADDING", (0, 0), (0, 0), GAP), ("RIGHTPADDING", (1, 0), (1, 0), 0),
                                          ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
                parts, j = [pair], j + 2
            else:
                parts, j = _parts(block, st), j + 1
            parts.append(Spacer(1, 4 * mm))
            if head:
                parts, head = head + parts, None
            if isinstance(block, TableBlock) and len(block.rows) > SPLIT_ROWS:
                story += parts  # a long table may split across pages (its header repeats)
            else:
                story.append(KeepTogether(parts))
        if head:
            story += head
    if doc.footnotes:
        story.append(Spacer(1, 2 * mm))
        story += [Paragraph(_escape("※ " + n), st.note) for n in doc.footnotes]
    return story


def _numbered(footer: str, regular: str):
    class NumberedCanvas(pdfcanvas.Canvas):
        """Draws ``n / total`` on every page once the total is known."""

        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = regular  # no stray, unembedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 8)
                self.setFillColor(MUTED)
                y = 8 * mm
                self.drawString(SIDE, y, footer)
                self.drawRightString(PAGE[0] - SIDE, y, f"{self._pageNumber} / {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def build_pdf(path: Path, doc: Document) -> int:
    """Write ``doc`` to ``path`` (a new file; see ``write_pdf`` for the atomic write);
    returns the number of pages."""
    regular, bold = fonts()
    st = _Styles(regular, bold)
    pages = []
    maker = _numbered(doc.footer, regular)

    class Counting(maker):
        def save(self):
            pages.append(len(self._pages))
            super().save()

    template = SimpleDocTemplate(str(path), pagesize=PAGE, leftMargin=SIDE, rightMargin=SIDE,
                                 topMargin=12 * mm, bottomMargin=14 * mm, title=doc.title,
                                 author="청년일자리 데스크", subject="월간 운영 실적 (건수만)")
    template.build(_story(doc, st), canvasmaker=Counting)
    return pages[0] if pages else 0


def write_pdf(path: Path, doc: Document) -> int:
    """``build_pdf`` into a temporary file moved over ``path`` when complete."""
    out = []
    write_atomically(path, lambda temp: out.append(build_pdf(temp, doc)))
    return out[0]


# -- the evidence workbook (근거 자료) --------------------------------------------------
EVIDENCE_HEADERS = ("지표", "기간", "시설", "기록 종류", "기록 id", "날짜", "시각", "분류", "수량")


@dataclass(frozen=True)
class EvidenceSheet:
    """The workbook: a 요약 sheet (each figure with its value and how many records back it)
    and a 근거 sheet (one row per record)."""

    title: str
    summary: Sequence[tuple[str, str, str, int, int]]  # figure, period, facility, value, records
    rows: Sequence[tuple[str, str, str, str, int, date, datetime | None, str, int]]


def write_evidence(path: Path, sheet: EvidenceSheet) -> Path:
    """The workbook, written in openpyxl's write-only mode (tens of thousands of rows):
    dates as real date cells, counts as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    def write(temp: Path) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("요약")
        bold = Font(bold=True)

        def cell(sh, value, fmt=None, font=None):
            c = WriteOnlyCell(sh, value=value)
            if isinstance(value, str) and value.startswith("="):
                c.data_type = "s"  # text, never a formula
            if fmt:
                c.number_format = fmt
            if font is not None:
                c.font = font
            return c

        for col, w in zip("ABCDE", (34, 18, 30, 12, 14), strict=True):
            ws.column_dimensions[col].width = w
        ws.append([cell(ws, sheet.title, font=Font(bold=True, size=13))])
        ws.append([cell(ws, "건수만 담았습니다: 이름·연락처·생년월일·상담 내용은 없습니다.")])
        ws.append([])
        ws.append([cell(ws, h, font=bold) for h in ("지표", "기간", "시설", "값", "근거 기록 수")])
        for figure, period, facility, value, records in sheet.summary:
            ws.append([cell(ws, figure), cell(ws, period), cell(ws, facility), cell(ws, value, "#,##0"),
                       cell(ws, records, "#,##0")])
        ev = wb.create_sheet("근거")
        for col, w in zip("ABCDEFGHI", (26, 12, 26, 14, 10, 12, 8, 20, 8), strict=True):
            ev.column_dimensions[col].width = w
        ev.freeze_panes = "A2"
        ev.append([cell(ev, h, font=bold) for h in EVIDENCE_HEADERS])
        for figure, period, facility, kind, rid, day, at, category, amount in sheet.rows:
            ev.append([cell(ev, figure), cell(ev, period), cell(ev, facility), cell(ev, kind), rid,
                       cell(ev, day, "yyyy-mm-dd"),
                       cell(ev, at.replace(tzinfo=None) if at is not None else None, "hh:mm"),
                       cell(ev, category), amount])
        wb.save(temp)

    return write_atomically(path, write)
