"""감사 기록: one refresh of the audit page as ``gui/audit_log/page.py`` runs it (the filter
choices: entities, staff names, every facility; then the count and the first page of 200,
newest first, with the names the entries mention), and the next page as the list scrolls
(keyset: the 200 entries below an id deep in the log), each against the same reads in raw
SQL (the table names, the accounts, the facilities, the chain head's seq as the count, the
page). The chain's verification runs once when the page is first shown and is not part of
a refresh. Target: under 50 ms a page at 3 M audit rows, flat."""

from __future__ import annotations

from models.audit_log.service import AuditFilter
from tests.benchmarks.core import Figure, Measure, flat, interleave
from tests.benchmarks.measures.rawsql import Raw

PAGE = 200


def _tables_sql(raw: Raw) -> str:
    return ("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()" if raw.pg
            else "SELECT name FROM sqlite_master WHERE type = 'table'")


def _raw_refresh(raw: Raw) -> None:
    raw.all(_tables_sql(raw))
    raw.all("SELECT username FROM user_account ORDER BY username")
    raw.all("SELECT * FROM facility ORDER BY name")
    raw.all("SELECT seq FROM audit_log ORDER BY id DESC LIMIT 1")
    raw.all(f"SELECT * FROM audit_log ORDER BY id DESC LIMIT {PAGE}")
    raw.end()


def run(ctx, env) -> Figure:
    audit, facilities, actor = env.services.audit, env.services.facilities, env.actor
    f = AuditFilter()
    raw = Raw(env)

    def app(_i):
        audit.entities(actor), audit.usernames(actor), facilities.list_all()
        audit.count(actor, f), audit.list(actor, f, limit=PAGE)

    try:
        app(0)
        _raw_refresh(raw)
        a, b = interleave(app, lambda _i: _raw_refresh(raw), ctx.samples(30, 8), block=3)
    finally:
        raw.close()
    return Figure("", env.rows["audit"], a, "raw SQL", b)


def run_next(ctx, env) -> Figure:
    """The next page below ids spread over the log's newer half (keyset)."""
    audit, actor = env.services.audit, env.actor
    top = int(env.scalar("SELECT max(id) FROM audit_log") or 0)
    raw = Raw(env)

    def below(i):
        return max(PAGE + 1, top - (i * 7919) % max(1, top // 2))

    def base(i):
        raw.all(f"SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT {PAGE}", (below(i),))
        raw.all("SELECT id, username FROM user_account")
        raw.end()

    try:
        a, b = interleave(lambda i: audit.list(actor, AuditFilter(), limit=PAGE, before_id=below(i)),
                          base, ctx.samples(30, 8), block=3)
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
    Measure("audit_next_page", "< 50 ms a page at 3 M rows, flat", "raw SQL", run_next,
            series="audit", verdict=_verdict, backends=("sqlite", "postgresql")),
]
