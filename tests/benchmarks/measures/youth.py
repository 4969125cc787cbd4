"""청년 명부: one search as the youth page runs it (``gui/youth/page.py``: the first page of
200 rows and the capped count in one transaction, ``services.youth.search_page``), against the same
statements in raw SQL (the gram join walked newest first, the capped count, the facility
names). ``youth_search_name`` types one or two syllables (one gram, exact),
``youth_search_fullname`` a whole three-syllable name (driven by its last pair, each
candidate checked against the name), ``youth_search_phone`` three to five digits. Target: under 5 ms at 500,000 youths, flat from 10 k to 1 M, on both backends."""

from __future__ import annotations

import statistics
import time

from models.youth import grams
from models.youth.service import COUNT_CAP, LIST_PAGE
from tests.benchmarks.core import Figure, Measure, flat, interleave
from tests.benchmarks.measures.rawsql import Raw

PAGE = LIST_PAGE  # what the youth list reads first
NAME_QUERIES = ["민준", "서연", "이지", "하윤", "서"]  # one gram each, exactly
FULL_NAMES = ["김서연", "이민준", "박지호", "최예은", "정하준"]  # driven by the last pair, checked
PHONE_QUERIES = ["1234", "5678", "010-2345", "98765", "4321"]


def _raw_search(raw: Raw, query: str) -> None:
    p = grams.plan(query)
    check, args = "", [p.kind, p.gram]
    if not p.exact:
        check = " AND y.phone LIKE ?" if p.kind == grams.PHONE else " AND lower(y.name) LIKE ?"
        args.append(f"%{p.fragment}%")
    also = ""
    if p.also is not None:  # as the app probes a second gram
        also = " JOIN youth_gram g2 ON g2.kind = g.kind AND g2.gram = ? AND g2.youth_id = g.youth_id"
        args.insert(0, p.also)
    base = (f"FROM youth_gram g{also} JOIN youth y ON y.id = g.youth_id WHERE g.kind = ? AND g.gram = ?{check}"
            " ORDER BY g.youth_id DESC")
    rows = base.replace("WHERE", "LEFT JOIN facility f ON f.id = y.registered_facility_id WHERE", 1)
    raw.all(f"SELECT y.*, f.name {rows} LIMIT {PAGE}", args)
    counted = base if not p.exact else "FROM youth_gram g WHERE g.kind = ? AND g.gram = ?"  # as the app counts
    raw.all(f"SELECT count(*) FROM (SELECT g.youth_id {counted} LIMIT {COUNT_CAP + 1}) c", args)
    raw.end()


def _search(queries):
    def run(ctx, env) -> Figure:
        svc, actor, fid = env.services.youth, env.actor, env.facility_id
        raw = Raw(env)
        per: dict[str, list[float]] = {}

        def app(i):
            q = queries[i % len(queries)]
            t = time.perf_counter()
            svc.search_page(actor, fid, q, limit=PAGE)
            per.setdefault(q, []).append(time.perf_counter() - t)

        try:
            for i in range(len(queries)):  # warm both
                app(i)
                _raw_search(raw, queries[i])
            a, b = interleave(app, lambda i: _raw_search(raw, queries[i % len(queries)]),
                              ctx.samples(60), block=5)
        finally:
            raw.close()
        slow = max(per, key=lambda q: statistics.median(per[q]))
        return Figure("", env.rows["youth"], a, "raw SQL", b,
                      {"slowest_query": f"{slow} {statistics.median(per[slow]) * 1000:.2f} ms"})
    return run


def _verdict(f, fs):
    ok = f.app_ms < 5
    g = flat(fs)
    return ok if g is None else ok and g


MEASURES = [
    Measure("youth_search_name", "< 5 ms at 500 k youths, flat 10 k–1 M", "raw SQL",
            _search(NAME_QUERIES), series="youth", verdict=_verdict,
            backends=("sqlite", "postgresql")),
    Measure("youth_search_fullname", "< 5 ms at 500 k youths, flat 10 k–1 M", "raw SQL",
            _search(FULL_NAMES), series="youth", verdict=_verdict,
            backends=("sqlite", "postgresql")),
    Measure("youth_search_phone", "< 5 ms at 500 k youths, flat 10 k–1 M", "raw SQL",
            _search(PHONE_QUERIES), series="youth", verdict=_verdict,
            backends=("sqlite", "postgresql")),
]
