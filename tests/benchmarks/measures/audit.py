"""감사 기록: one refresh of the audit page as ``gui/audit_log/page.py`` runs it (the filter
choices: entities, user names, every facility; then the count and the first page of 200,
newest first, with the names the entries mention), against the same statements in raw SQL.
The chain's verification runs once when the page is first shown and is not part of a
refresh. Target: under 50 ms a page at 3 M audit rows, flat."""

from __future__ import annotations

from models.audit_log.service import AuditFilter
from tests.benchmarks.core import Figure, Measure, flat, interleave
from tests.benchmarks.measures.rawsql import Raw

PAGE = 200


def _raw_refresh(raw: Raw) -> None:
    raw.all("SELECT DISTINCT entity FROM audit_log")
    raw.all("SELECT DISTINCT username FROM audit_log")
    raw.all("SELECT * FROM facility ORDER BY name")
    raw.all("SELECT count(id) FROM audit_log")
    raw.all(f"SELECT * FROM audit_log ORDER BY id DESC LIMIT {PAGE}")
    raw.end()


def run(ctx, env) -> Figure:
    audit, facilities, actor = env.services.audit, env.services.facilities, env.actor
    f = AuditFilter()
    raw = Raw(env)

    def app(_i):
        audit.entities(actor), audit.usernames(actor), facilities.list_all()
        audit.count(actor, f), audit.list(actor, f, limit=PAGE, offset=0)

    try:
        app(0)
        _raw_refresh(raw)
        a, b = interleave(app, lambda _i: _raw_refresh(raw), ctx.samples(15, 5), block=1)
    finally:
        raw.close()
    return Figure("", env.rows["audit"], a, "raw SQL", b)


def _verdict(fig, fs):
    ok = fig.app_ms < 50
    g = flat(fs)
    return ok if g is None else ok and g


MEASURES = [
    Measure("audit_page", "< 50 ms a page at 3 M rows, flat", "raw SQL", run, series="audit",
            verdict=_verdict, backends=("sqlite", "postgresql")),
]
