"""접근 기록 점검: one month of the access-log review as ``gui/lifecycle/review_page.py`` loads
it (``AccessReviewService.month``: the month and its six earlier months, each one grouped
read of the READ and OUTPUT rows between the ids that bound the month, the notes' sessions
mapped to youths, the accounts, the month's recorded reviews), against the same reads in
raw SQL (the bounds on the ``at`` index, the grouped counts, the distinct note pairs, the
accounts, the reviews). The month is the one in the middle of the log. Target: within 2× of
raw SQL. (The synthetic log is 40 % reads and outputs, every 5 s: a month of it holds
~200 k such rows, far more than a city's month, so no absolute time is set.)"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from models.core.time import SEOUL
from models.lifecycle.access_review import HISTORY_MONTHS, ID_MARGIN, AccessReviewService
from tests.benchmarks.core import Figure, Measure, interleave
from tests.benchmarks.measures.rawsql import Raw
from tests.benchmarks.synth import fmt

GROUPED = ("SELECT username, action, entity, count(*), count(DISTINCT entity_id), "
           "sum(CASE WHEN detail LIKE ? THEN 0 ELSE 1 END) FROM audit_log "
           "WHERE action IN ('read', 'output') AND id >= ? AND id < ? AND at >= ? AND at < ? "
           "GROUP BY username, action, entity")
NOTES = ("SELECT DISTINCT username, entity_id FROM audit_log WHERE action = 'read' "
         "AND entity = 'counseling_session' AND entity_id IS NOT NULL AND id >= ? AND id < ? AND at >= ? AND at < ?")
FIRST = "SELECT id FROM audit_log WHERE at >= ? ORDER BY at, id LIMIT 1"


def _months(first: date) -> list[tuple[date, date]]:
    out, after = [], (first + timedelta(days=32)).replace(day=1)
    for _ in range(HISTORY_MONTHS + 1):
        out.append((first, after))
        after, first = first, (first - timedelta(days=1)).replace(day=1)
    return out


def _raw_review(raw: Raw, first: date, label: str) -> None:
    def p(moment):
        return fmt(moment) if not raw.pg else moment

    for f, a in _months(first):
        start, end = datetime.combine(f, time(), SEOUL), datetime.combine(a, time(), SEOUL)
        lo = raw.all(FIRST, (p(start - ID_MARGIN),))
        hi = raw.all(FIRST, (p(end + ID_MARGIN),))
        if not lo:
            continue
        top = hi[0][0] if hi and hi[0][0] >= lo[0][0] else raw.all("SELECT max(id) FROM audit_log")[0][0] + 1
        args = (lo[0][0], top, p(start), p(end))
        raw.all(GROUPED, ("%목적:%", *args))
        raw.all(NOTES, args)
    raw.all("SELECT username, display_name, created_at FROM user_account")
    raw.all("SELECT * FROM audit_log WHERE entity = 'access_review' AND entity_id = ? ORDER BY id", (label,))
    raw.end()


def run(ctx, env) -> Figure:
    review = AccessReviewService.of(env.services)
    top = int(env.scalar("SELECT max(id) FROM audit_log") or 0)
    mid = env.scalar(f"SELECT at FROM audit_log WHERE id >= {max(1, top // 2)} ORDER BY id LIMIT 1")
    if isinstance(mid, str):
        mid = datetime.fromisoformat(mid).replace(tzinfo=UTC)
    day = mid.astimezone(SEOUL).date().replace(day=1)
    raw = Raw(env)
    label = f"{day.year}-{day.month:02d}"
    try:
        review.month(env.actor, day.year, day.month)
        _raw_review(raw, day, label)
        a, b = interleave(lambda _i: review.month(env.actor, day.year, day.month),
                          lambda _i: _raw_review(raw, day, label), ctx.samples(8, 3))
    finally:
        raw.close()
    return Figure("", env.rows["audit"], a, "raw SQL", b)


def _verdict(fig, _fs):
    return fig.ratio is not None and fig.ratio <= 2


MEASURES = [
    Measure("access_review", "≤ 2× raw SQL", "raw SQL", run, series="audit",
            verdict=_verdict, backends=("sqlite", "postgresql")),
]
