"""상담: a counselor's caseload as the 상담 page loads it (``counseling.caseload``: the open
cases with the last contact, the next follow-up and the days since, flagged past the
facility's setting) and today's follow-ups (``counseling.followups``: due today and
overdue with the days), each against the same statements in raw SQL. Target (issue 12):
the caseload of 300 youths and today's follow-ups under 100 ms each.

On a database that holds counseling (the demo) the counselor with the largest open
caseload is measured; otherwise (synthetic, or a city without counseling yet) a counselor
with 300 cases, ten sessions each and their follow-ups is added first. To take part in
``run.py``, "counseling" is listed in ``measures.AREAS``."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from models.core.enums import Role
from models.core.time import SEOUL
from tests.benchmarks.core import Figure, Measure, interleave
from tests.benchmarks.measures.rawsql import Raw
from tests.benchmarks.synth import fmt

CASELOAD = 300
PASSWORD = "bench-counsel1"


def _busiest(env) -> tuple[int, int] | None:
    with env.db.engine.connect() as c:
        row = c.execute(sa.text(
            "SELECT facility_id, counselor_id, count(*) n FROM counseling_case WHERE status = 'open' "
            "AND counselor_id IS NOT NULL GROUP BY facility_id, counselor_id ORDER BY n DESC LIMIT 1")).first()
    return (row[0], row[1]) if row else None


def _seed(env) -> tuple[int, int]:
    """A counselor at the measured facility with CASELOAD open cases, ten sessions each
    over the last year and an open follow-up each (a tenth overdue)."""
    fid = env.facility_id
    name = f"bench-counselor-{random.randrange(10**6)}"
    uid = env.services.accounts.create_user(env.actor, {"username": name, "display_name": "벤치 상담",
                                                        "password": PASSWORD}, grants=[(Role.COUNSELOR, fid)])
    now = datetime.now(UTC)
    today = now.astimezone(SEOUL).date()
    rng = random.Random(12)
    with env.db.engine.begin() as c:
        youths = [r[0] for r in c.execute(sa.text(
            "SELECT id FROM youth WHERE id NOT IN (SELECT youth_id FROM counseling_case WHERE facility_id = :f) "
            "ORDER BY id DESC LIMIT :n"), {"f": fid, "n": CASELOAD})]
        cases, sessions, follow = [], [], []
        for y in youths:
            opened = now - timedelta(days=365)
            cases.append({"f": fid, "y": y, "c": uid, "at": fmt(opened)})
            for k in range(10):
                held = opened + timedelta(days=36 * k + rng.randrange(30))
                sessions.append({"f": fid, "y": y, "c": uid, "at": fmt(min(held, now))})
            follow.append({"f": fid, "y": y, "c": uid, "due": str(today + timedelta(days=rng.randrange(-3, 27))),
                           "at": fmt(now)})
        c.execute(sa.text("INSERT INTO counseling_case (facility_id, youth_id, counselor_id, stage, status, "
                          "opened_at, version) VALUES (:f, :y, :c, 'deep', 'open', :at, 1)"), cases)
        c.execute(sa.text("INSERT INTO counseling_session (facility_id, youth_id, counselor_id, held_at, "
                          "duration_minutes, mode, kind, summary, note, next_step, version, created_at, "
                          "created_by) VALUES (:f, :y, :c, :at, 30, 'phone', 'deep', '', '', '', 1, :at, :c)"),
                  sessions)
        c.execute(sa.text("INSERT INTO counseling_followup (facility_id, youth_id, counselor_id, due_on, status, "
                          "created_at, created_by) VALUES (:f, :y, :c, :due, 'open', :at, :c)"), follow)
    return fid, uid


def _target(env):
    found = env._history.get("counseling")
    if found is None:
        busiest = _busiest(env)
        fid, uid = busiest if busiest else _seed(env)
        username = env.scalar("SELECT username FROM user_account WHERE id = :i", i=uid)
        actor = env.services.accounts.refresh_actor(uid)
        found = env._history["counseling"] = (fid, uid, actor, username)
    return found


def _raw_caseload(raw: Raw, fid: int, uid: int) -> int:
    cases = raw.all("SELECT c.*, y.name, u.display_name FROM counseling_case c JOIN youth y ON y.id = c.youth_id "
                    "LEFT JOIN user_account u ON u.id = c.counselor_id WHERE c.facility_id = ? "
                    "AND c.counselor_id = ? AND c.status = 'open'", (fid, uid))
    ids = [r[2] for r in cases]
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        marks = ",".join("?" * len(chunk))
        raw.all(f"SELECT youth_id, max(held_at) FROM counseling_session WHERE facility_id = ? AND youth_id IN "
                f"({marks}) AND voided_at IS NULL GROUP BY youth_id", (fid, *chunk))
        raw.all(f"SELECT youth_id, min(due_on) FROM counseling_followup WHERE facility_id = ? AND youth_id IN "
                f"({marks}) AND status = 'open' GROUP BY youth_id", (fid, *chunk))
    raw.all("SELECT * FROM counseling_settings WHERE facility_id = ?", (fid,))
    raw.end()
    return len(cases)


def _raw_followups(raw: Raw, fid: int, uid: int, today: str) -> None:
    rows = raw.all("SELECT * FROM counseling_followup WHERE facility_id = ? AND status = 'open' AND due_on <= ? "
                   "AND counselor_id = ? ORDER BY due_on, id", (fid, today, uid))
    youths = sorted({r[2] for r in rows})
    if youths:
        raw.all(f"SELECT id, name FROM youth WHERE id IN ({','.join('?' * len(youths))})", youths)
    raw.all("SELECT id, display_name FROM user_account WHERE id = ?", (uid,))
    raw.end()


def run_caseload(ctx, env) -> Figure:
    fid, uid, actor, _ = _target(env)
    raw = Raw(env)
    svc = env.services.counseling
    try:
        n = len(svc.caseload(actor, fid))
        _raw_caseload(raw, fid, uid)
        a, b = interleave(lambda _i: svc.caseload(actor, fid), lambda _i: _raw_caseload(raw, fid, uid),
                          ctx.samples(40), block=5)
    finally:
        raw.close()
    return Figure("", n, a, "raw SQL", b, {"cases": n})


def run_followups(ctx, env) -> Figure:
    fid, uid, actor, _ = _target(env)
    raw = Raw(env)
    svc = env.services.counseling
    today = str(datetime.now(SEOUL).date())
    try:
        n = len(svc.followups(actor, fid))
        _raw_followups(raw, fid, uid, today)
        a, b = interleave(lambda _i: svc.followups(actor, fid), lambda _i: _raw_followups(raw, fid, uid, today),
                          ctx.samples(40), block=5)
    finally:
        raw.close()
    return Figure("", n, a, "raw SQL", b, {"due_and_overdue": n})


MEASURES = [
    Measure("counseling_caseload", "< 100 ms at 300 youths", "raw SQL", run_caseload,
            verdict=lambda f, fs: f.app_ms < 100, backends=("sqlite", "postgresql")),
    Measure("counseling_followups", "< 100 ms", "raw SQL", run_followups,
            verdict=lambda f, fs: f.app_ms < 100, backends=("sqlite", "postgresql")),
]
