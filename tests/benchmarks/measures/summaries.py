"""보고서: the monthly summary PDF of one facility (``summary_facility``: the 운영 실적
table, the sections of the services it runs, the 12-month trend, the PDF written and the
output recorded) and of the whole city (``summary_city``: every facility by region, the
region and city totals, the chart by region), each against a baseline of the same size:
the very statements the app sent, replayed on a raw driver connection (captured once from
the engine), plus a bare reportlab table with as many cells as the document's tables hold,
in the same embedded font. Targets (issue 15): under 1 s and under 5 s, each at most 2× its
baseline.

The month is last month (Asia/Seoul). The facility is the one with the most counseling
sessions in that month (the matching desk on the demos), else the measured facility; the
city is every facility of the database as it is (synthetic stages hold the youths,
bookings and booth slots; the counseling and matching measures add theirs)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from models.core.time import SEOUL
from models.summaries.service import for_services
from reports import monthly_summary as writer
from tests.benchmarks.core import Figure, Measure, interleave

SKIP = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "INSERT", "UPDATE", "DELETE", "PRAGMA")


def _last_month() -> tuple[int, int]:
    today = datetime.now(SEOUL).date()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _facility(env, year: int, month: int) -> int:
    from models.counseling.tables import CounselingSession
    from models.summaries.figures import month as month_period
    p = month_period(year, month)
    q = (sa.select(CounselingSession.facility_id, sa.func.count().label("n"))
         .where(CounselingSession.held_at >= p.start, CounselingSession.held_at < p.end)
         .group_by(CounselingSession.facility_id).order_by(sa.text("n DESC")).limit(1))
    with env.db.engine.connect() as c:
        row = c.execute(q).first()
    return row[0] if row else env.facility_id


class Capture:
    """The SELECTs the app sends while ``fn`` runs, with their parameters as the driver
    got them."""

    def __init__(self, engine):
        self.engine = engine
        self.statements: list[tuple[str, object]] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(SKIP):
            self.statements.append((statement, parameters))

    def run(self, fn):
        sa.event.listen(self.engine, "before_cursor_execute", self)
        try:
            return fn()
        finally:
            sa.event.remove(self.engine, "before_cursor_execute", self)


def _cells(summary) -> tuple[int, int]:
    rows = sum(len(t.rows) + 1 + bool(t.groups) for t in summary.tables())
    cols = max((len(t.columns) for t in summary.tables()), default=1)
    return rows, cols


def _bare_pdf(path: Path, rows: int, cols: int, charts: int) -> None:
    """A bare reportlab document of the same size: one table of ``rows`` × ``cols`` number
    cells (header repeated) and ``charts`` bar charts of 30 bars, in the embedded font."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table
    regular, _bold = writer.fonts()
    data = [[f"열 {c}" for c in range(cols)]] + [[f"{r * c:,}" for c in range(cols)] for r in range(rows)]
    t = Table(data, repeatRows=1)
    t.setStyle([("FONTNAME", (0, 0), (-1, -1), regular), ("GRID", (0, 0), (-1, -1), 0.4, "#c8d1e1")])
    story = [t]
    for _ in range(charts):
        d = Drawing(700, 150)
        ch = VerticalBarChart()
        ch.data = [tuple(range(30))]
        ch.categoryAxis.labels.fontName = ch.valueAxis.labels.fontName = regular
        d.add(ch)
        story.append(d)
    SimpleDocTemplate(str(path), pagesize=landscape(A4)).build(story)


def _charts(summary) -> int:
    """The charts drawn: a panel per series, or one chart of grouped bars."""
    n = 0
    for s in summary.document.sections:
        for b in s.blocks:
            if isinstance(b, writer.TrendBlock) or (isinstance(b, writer.BarsBlock) and b.panels):
                n += len(b.series)
            elif isinstance(b, writer.BarsBlock):
                n += 1
    return n


def _replay(env, statements) -> None:
    conn = env.db.engine.raw_connection()
    try:
        cur = conn.cursor()
        for sql, params in statements:
            cur.execute(sql, params)
            cur.fetchall()
        cur.close()
        if env.db.is_postgresql:
            conn.rollback()
    finally:
        conn.close()


def _measure(ctx, env, name: str, app_print, read) -> Figure:
    tmp = Path(ctx.tmp)
    summary = read()
    cap = Capture(env.db.engine)
    cap.run(read)
    rows, cols = _cells(summary)
    charts = _charts(summary)
    out, base_out = tmp / f"{name}.pdf", tmp / f"{name}-bare.pdf"
    app_print(out)  # warm both (fonts, compiled statements)
    _replay(env, cap.statements)
    _bare_pdf(base_out, rows, cols, charts)

    def base(_i):
        _replay(env, cap.statements)
        _bare_pdf(base_out, rows, cols, charts)

    a, b = interleave(lambda _i: app_print(out), base, ctx.samples(8, 3), block=1)
    return Figure("", rows, a, "raw SQL + bare reportlab", b,
                  {"statements": len(cap.statements), "table_rows": rows, "charts": charts,
                   "pages": writer.build_pdf(base_out.with_name("pages.pdf"), summary.document)})


def run_facility(ctx, env) -> Figure:
    year, month = _last_month()
    fid = _facility(env, year, month)
    svc = for_services(env.services)
    return _measure(ctx, env, "summary_facility",
                    lambda path: svc.print_facility(env.actor, fid, year, month, path),
                    lambda: svc.facility(env.actor, fid, year, month))


def run_city(ctx, env) -> Figure:
    year, month = _last_month()
    svc = for_services(env.services)
    return _measure(ctx, env, "summary_city", lambda path: svc.print_city(env.actor, year, month, path),
                    lambda: svc.city(env.actor, year, month))


MEASURES = [
    Measure("summary_facility", "< 1 s and ≤ 2× baseline", "raw SQL + bare reportlab", run_facility,
            verdict=lambda f, fs: f.app_ms < 1000 and (f.ratio or 0) <= 2, backends=("sqlite", "postgresql")),
    Measure("summary_city", "< 5 s and ≤ 2× baseline", "raw SQL + bare reportlab", run_city,
            verdict=lambda f, fs: f.app_ms < 5000 and (f.ratio or 0) <= 2, backends=("sqlite", "postgresql")),
]
