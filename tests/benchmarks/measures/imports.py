"""가져오기: ``import_youth_10k`` imports a CSV of 10,000 youths (CP949, as Korean Excel
saves it) into the registry as ``main.py import youth`` and the import dialog do: read and
detect the file, map the columns, validate every row and look up the duplicates
(``models.imports.engine.preview``), then register them in one transaction with their audit
rows and search index (``engine.commit``). The baseline is the bare insert of the same
10,000 rows with one raw ``executemany`` in one transaction (no validation, no audit, no
index). Target (issue 16): the whole import under 10 s; the ratio shows what the
importer's checks, audit and index cost on top of the insert.

Each sample imports new youths (names and 019 numbers made from a running number, so that
no row duplicates the registry); run once on the main environment."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from models.imports import engine, mapping, reading
from models.imports.targets import target
from tests.benchmarks.core import Figure, Measure, interleave
from tests.benchmarks.measures.rawsql import Raw

ROWS = 10_000
SYLL = "벤치마크가져오기테스트청년명부"
HEADERS = "성명,생년월일,휴대폰,이메일,거주지,모집 경로,개인정보 동의일"


def _name(k: int) -> str:
    out = ""
    for _ in range(4):
        out += SYLL[k % len(SYLL)]
        k //= len(SYLL)
    return out


def _rows(batch: int, n: int = ROWS) -> list[tuple]:
    base = batch * ROWS
    return [(_name(base + i), f"{1990 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}", f"019{base + i:08d}",
             "마포구", "online", "2026-11-01") for i in range(n)]


def _csv(rows) -> bytes:
    lines = [HEADERS] + [f"{n},{b},{p[:3]}-{p[3:7]}-{p[7:]},,{d},온라인,{c}" for n, b, p, d, _ch, c in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp949")


def _run(ctx, env) -> Figure:
    youth = target("youth")
    n = ROWS if ctx.scale >= 0.5 else ROWS // 10  # the runner's own smoke test: a tenth
    raw = Raw(env)
    batch = [int(time.time()) % 1000 * 10]  # a fresh run of numbers per run of the benchmark
    now = datetime.now(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    seconds: dict[str, list[float]] = {"read+preview": [], "commit": []}

    def app(_i):
        batch[0] += 1
        data = _csv(_rows(batch[0], n))
        t = time.perf_counter()
        table = reading.read_bytes(data, "youth.csv")
        pv = engine.preview(env.services, env.actor, env.facility_id, youth, table,
                            mapping.auto_map(table.headers, youth.fields))
        seconds["read+preview"].append(time.perf_counter() - t)
        t = time.perf_counter()
        report = engine.commit(env.services, env.actor, pv)
        seconds["commit"].append(time.perf_counter() - t)
        assert report.new == n, report.lines()

    def base(_i):
        batch[0] += 1
        rows = [(*r, 3, env.facility_id, now) for r in _rows(batch[0], n)]
        sql = ("INSERT INTO youth (name, birth_date, phone, district, channel, consent_on, retention_years, "
               "registered_facility_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        cur = raw.conn.cursor()
        if raw.pg:
            cur.executemany(sql.replace("?", "%s"), rows)
        else:
            cur.execute("BEGIN IMMEDIATE")
            cur.executemany(sql, rows)
        raw.conn.commit()
        cur.close()

    try:
        a, b = interleave(app, base, ctx.samples(3, 1))
    finally:
        raw.close()
    extra = {k: f"{sorted(v)[len(v) // 2] * 1000:.0f} ms" for k, v in seconds.items() if v}
    return Figure("", n, a, "raw executemany", b, extra)


MEASURES = [
    Measure("import_youth_10k", "< 10 s for 10,000 rows", "raw executemany", _run,
            verdict=lambda f, fs: f.app_ms < 10_000, backends=("sqlite", "postgresql")),
]
