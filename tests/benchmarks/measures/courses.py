"""교육과정: the selection ranking of a course with 1,000 applicants as the page opens it
(``courses.ranking``: every applicant's stage results judged, the weighted final score,
the tie-broken order), the daily roll of a 30-trainee course opened and saved
(``courses.roll`` then ``courses.save_roll``), and a campus's funnel over ten years of
courses (``courses.funnel``), each against the same statements in raw SQL (the roll's
save as one raw transaction deleting, inserting and stamping the day's rows). Targets
(issue 14): the ranking under 100 ms, the roll opened and saved under 100 ms, the funnel
under 200 ms.

Each measured course is added first when the database has none of its size: a bench
campus (or the first campus) gets a course in selection with 1,000 applicants scored, a
course in training with 30 trainees, and, when no campus holds ten years of courses, ten
years of them in the demo's proportions (``models.courses.demo.course_rows``). Youths are
the registry's (2,000 are added to an empty one)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from models.core.calendar import holiday_name
from models.core.time import SEOUL
from models.courses.demo import TABLES, Gen, _monday, course_rows
from models.courses.enums import STAGES
from models.courses.tables import Course, CourseApplication, CourseScore, CourseStage, Enrollment
from tests.benchmarks import synth
from tests.benchmarks.core import Figure, Measure, interleave
from tests.benchmarks.measures.rawsql import Raw

APPLICANTS, TRAINEES, YEARS = 1000, 30, 10
CAMPUS_CODE = "ACAD-BENCH"


def _today() -> date:
    return datetime.now(UTC).astimezone(SEOUL).date()


def _campus(env) -> int:
    found = env._history.get("courses_campus")
    if found is None:
        fid = env.scalar("SELECT id FROM facility WHERE code = :c", c=CAMPUS_CODE)
        if fid is None:
            fid = env.services.facilities.create(env.actor, {
                "code": CAMPUS_CODE, "name": "벤치 청년취업사관학교", "kind": "campus", "region": "southwest",
                "district": "영등포구", "operator": "city",
                "opening_hours": {str(d): ["09:00", "22:00"] for d in range(7)}})
        if env.count("youth") < 2 * APPLICANTS:
            synth.grow(env, "youth", env.count("youth") + 2 * APPLICANTS)
        found = env._history["courses_campus"] = fid
    return found


def _youths(env, n: int, rng) -> list[int]:
    with env.db.engine.connect() as c:
        ids = [r[0] for r in c.execute(sa.text("SELECT id FROM youth ORDER BY id DESC LIMIT :n"), {"n": n * 3})]
    return rng.sample(ids, n)


class _Ids:
    def __init__(self, conn):
        self.conn, self.last = conn, {}

    def __call__(self, model) -> int:
        t = model.__table__
        if t.name not in self.last:
            self.last[t.name] = self.conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.c.id), 0))).scalar()
        self.last[t.name] += 1
        return self.last[t.name]


def _write(env, conn, rows: dict, ids: _Ids) -> None:
    for model in TABLES:
        batch = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows.get(model, [])]
        if batch:
            conn.execute(model.__table__.insert(), batch)
    if env.db.is_postgresql:
        for table, last in ids.last.items():
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})"))


def _course(ids, fid, uid, status, start, end, places, name, now) -> dict:
    return dict(id=ids(Course), facility_id=fid, name=name, field="sw", places=places, teaching_days="0123456",
                day_start="09:00", day_end="18:00", start_on=start, end_on=end, total_hours=800, instructor="벤치",
                apply_from=start - timedelta(days=40), apply_until=start - timedelta(days=14), documents_on=None,
                skills_on=None, interview_on=None, announce_on=None, counselor_id=None, status=status, reserve_pct=20,
                offer_days=2, early_drop_pct=10, lates_per_absence=3, completion_pct=80,
                selected_at=now if status != "selecting" else None, version=1, created_at=now, created_by=uid)


def _application(ids, cid, fid, youth, day, status, now) -> dict:
    return dict(id=ids(CourseApplication), course_id=cid, facility_id=fid, youth_id=youth, applied_on=day,
                channel="online", status=status, result="selected" if status == "confirmed" else None, rank=None,
                reserve_rank=None, final_score=None, override_reason=None, withdrawn_on=None, withdraw_reason="",
                answered_on=None, version=1, created_at=now, created_by=None)


def _seed_ranking(env) -> int:
    """A course in selection with APPLICANTS applicants scored at every stage they reach."""
    fid, rng, now, today = _campus(env), random.Random(14), datetime.now(UTC), _today()
    with env.db.engine.begin() as conn:
        ids = _Ids(conn)
        c = _course(ids, fid, env.actor.user_id, "selecting", today + timedelta(days=20), today + timedelta(days=140),
                    25, "벤치 선발 과정", now)
        rows = {Course: [c], CourseStage: [dict(course_id=c["id"], stage=s.value, mode="score", cutoff=60,
                                                weight=w) for s, w in zip(STAGES, (30, 30, 40), strict=True)]}
        apps, scores = [], []
        for y in _youths(env, APPLICANTS, rng):
            a = _application(ids, c["id"], fid, y, today - timedelta(days=rng.randint(15, 40)), "applied", now)
            apps.append(a)
            for stage in STAGES:
                score = rng.randint(35, 100)
                scores.append(dict(application_id=a["id"], stage=stage.value, course_id=c["id"], facility_id=fid,
                                   score=score, passed=None, recorded_at=now, recorded_by=None))
                if score < 60:
                    break
        rows[CourseApplication], rows[CourseScore] = apps, scores
        _write(env, conn, rows, ids)
    return c["id"]


def _roll_day() -> date:
    day = _today()
    while holiday_name(day):
        day -= timedelta(days=1)
    return day


def _seed_roll(env) -> int:
    """A course in training with TRAINEES trainees, five weeks in, some marks on the way."""
    from models.courses.tables import AttendanceMark, CourseRoll
    fid, rng, now, today = _campus(env), random.Random(30), datetime.now(UTC), _today()
    start = today - timedelta(days=35)
    with env.db.engine.begin() as conn:
        ids = _Ids(conn)
        c = _course(ids, fid, env.actor.user_id, "training", start, today + timedelta(days=100), TRAINEES,
                    "벤치 교육 과정", now)
        rows = {Course: [c], CourseStage: [dict(course_id=c["id"], stage=s.value, mode="score", cutoff=60,
                                                weight=w) for s, w in zip(STAGES, (30, 30, 40), strict=True)],
                CourseApplication: [], Enrollment: [], AttendanceMark: [], CourseRoll: []}
        days = [start + timedelta(days=i) for i in range(35) if not holiday_name(start + timedelta(days=i))]
        for d in days:
            rows[CourseRoll].append(dict(course_id=c["id"], day=d, facility_id=fid, saved_at=now, saved_by=None))
        for y in _youths(env, TRAINEES, rng):
            a = _application(ids, c["id"], fid, y, start - timedelta(days=20), "confirmed", now)
            e = dict(id=ids(Enrollment), course_id=c["id"], facility_id=fid, application_id=a["id"], youth_id=y,
                     joined_on=start, status="enrolled", ended_on=None, drop_reason=None, drop_note="",
                     certificate_no=None, certificate_seq=None, version=1, created_at=now, created_by=None)
            rows[CourseApplication].append(a)
            rows[Enrollment].append(e)
            for d in days:
                if rng.random() < 0.08:
                    rows[AttendanceMark].append(dict(enrollment_id=e["id"], day=d, course_id=c["id"], facility_id=fid,
                                                     kind=rng.choice(["late", "absent", "early_leave"]), reason="",
                                                     recorded_at=now, recorded_by=None))
        _write(env, conn, rows, ids)
    return c["id"]


def _funnel_campus(env, years: int = YEARS) -> int:
    """A campus with ten years of courses: the one with the most courses if it has them,
    else the bench campus given them (``years`` of them: fewer for ``--quick``)."""
    found = env._history.get("courses_funnel")
    if found is not None:
        return found
    with env.db.engine.connect() as c:
        row = c.execute(sa.text("SELECT facility_id, count(*), min(start_on) FROM course GROUP BY facility_id "
                                "ORDER BY count(*) DESC LIMIT 1")).first()
    today = _today()
    first = row[2] if row is None or not isinstance(row[2], str) else date.fromisoformat(row[2][:10])
    if row is not None and row[1] >= 9 * years and (today - first).days >= 365 * (years - 1):
        found = row[0]
    else:
        fid, rng, now = _campus(env), random.Random(10), datetime.now(UTC)
        pool = _youths(env, 2 * APPLICANTS, rng)
        with env.db.engine.begin() as conn:
            ids = _Ids(conn)
            g = Gen(rng, today, now, ids, lambda n, _day: rng.sample(pool, min(n, len(pool))))
            campus = type("Campus", (), {"id": fid, "code": CAMPUS_CODE})
            start = _monday(today - timedelta(days=365 * years))
            for n in range(9 * years):
                course_rows(g, campus, env.actor.user_id, None, start, n + 1)
                start = _monday(start + timedelta(days=40 + rng.randint(-3, 3)))
            _write(env, conn, g.rows, ids)
        found = fid
    env._history["courses_funnel"] = found
    return found


def _target(env, key, seed):
    found = env._history.get(key)
    if found is None:
        found = env._history[key] = seed(env)
    return found


def _raw_ranking(raw: Raw, cid: int) -> int:
    raw.all("SELECT * FROM course WHERE id = ?", (cid,))
    raw.all("SELECT * FROM course_stage WHERE course_id = ?", (cid,))
    apps = raw.all("SELECT * FROM course_application WHERE course_id = ? AND status = 'applied'", (cid,))
    raw.all("SELECT application_id, stage, score, passed FROM course_score WHERE course_id = ?", (cid,))
    youths = sorted({a[3] for a in apps})
    for i in range(0, len(youths), 900):
        chunk = youths[i:i + 900]
        raw.all(f"SELECT id, name, phone FROM youth WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    raw.end()
    return len(apps)


def run_ranking(ctx, env) -> Figure:
    cid = _target(env, "courses_ranking", _seed_ranking)
    svc = env.services.courses
    raw = Raw(env)
    try:
        n = len(svc.ranking(env.actor, cid).rows)
        _raw_ranking(raw, cid)
        a, b = interleave(lambda _i: svc.ranking(env.actor, cid), lambda _i: _raw_ranking(raw, cid),
                          ctx.samples(30), block=5)
    finally:
        raw.close()
    return Figure("", n, a, "raw SQL", b, {"applicants": n})


def _raw_roll(raw: Raw, cid: int, day: date, eid: int, kind: str, now: datetime) -> None:
    day_s = day.isoformat()
    raw.all("SELECT * FROM course WHERE id = ?", (cid,))
    raw.all("SELECT * FROM course_roll WHERE course_id = ? AND day = ?", (cid, day_s))
    people = raw.all("SELECT * FROM course_enrollment WHERE course_id = ? ORDER BY joined_on, id", (cid,))
    raw.all("SELECT enrollment_id, day, kind FROM course_attendance WHERE course_id = ?", (cid,))
    raw.all("SELECT enrollment_id, reason FROM course_attendance WHERE course_id = ? AND day = ?", (cid, day_s))
    ys = [p[4] for p in people]
    raw.all(f"SELECT id, name, phone FROM youth WHERE id IN ({','.join('?' * len(ys))})", ys)
    raw.end()
    cur = raw.conn.cursor()
    mark = "%s" if raw.pg else "?"
    stamp = now if raw.pg else now.replace(tzinfo=None).isoformat(sep=" ")
    if not raw.pg:
        cur.execute("BEGIN IMMEDIATE")
    cur.execute(f"SELECT * FROM course WHERE id = {mark}" + (" FOR UPDATE" if raw.pg else ""), (cid,))
    cur.fetchall()
    cur.execute(f"DELETE FROM course_attendance WHERE enrollment_id = {mark} AND day = {mark}", (eid, day_s))
    cur.execute("INSERT INTO course_attendance (enrollment_id, day, course_id, facility_id, kind, reason, recorded_at, "
                f"recorded_by) SELECT {mark}, {mark}, id, facility_id, {mark}, '', {mark}, NULL FROM course "
                f"WHERE id = {mark}", (eid, day_s, kind, stamp, cid))
    cur.execute(f"UPDATE course_roll SET saved_at = {mark} WHERE course_id = {mark} AND day = {mark}",
                (stamp, cid, day_s))
    raw.conn.commit()
    cur.close()


def run_roll(ctx, env) -> Figure:
    cid = _target(env, "courses_roll", _seed_roll)
    svc = env.services.courses
    day = _roll_day()
    reason = None if day == _today() else "벤치 정정"
    first = svc.roll(env.actor, cid, day).rows[0].enrollment_id
    kinds = ["late", "absent"]

    def app(i):
        svc.roll(env.actor, cid, day)
        svc.save_roll(env.actor, cid, day, {first: kinds[i % 2]}, reason=reason)

    raw = Raw(env)
    try:
        app(0)
        a, b = interleave(app, lambda i: _raw_roll(raw, cid, day, first, kinds[i % 2], datetime.now(UTC)),
                          ctx.samples(30), block=5)
    finally:
        raw.close()
    return Figure("", TRAINEES, a, "raw SQL", b, {"trainees": TRAINEES})


def _raw_funnel(raw: Raw, fid: int) -> int:
    courses = raw.all("SELECT id, name, start_on, end_on, status, places FROM course WHERE facility_id = ? "
                      "ORDER BY start_on DESC, id DESC", (fid,))
    raw.all("SELECT course_id, count(*) FROM course_application WHERE status <> 'withdrawn' AND facility_id = ? "
            "GROUP BY course_id", (fid,))
    raw.all("SELECT course_id, count(*) FROM course_application WHERE result = 'selected' AND facility_id = ? "
            "GROUP BY course_id", (fid,))
    raw.all("SELECT course_id, count(*) FROM course_offer WHERE status = 'accepted' AND facility_id = ? "
            "GROUP BY course_id", (fid,))
    raw.all("SELECT course_id, status, count(*) FROM course_enrollment WHERE facility_id = ? "
            "GROUP BY course_id, status", (fid,))
    raw.all("SELECT f.course_id, f.enrollment_id, f.started_on, c.end_on FROM course_followup f "
            "JOIN course c ON c.id = f.course_id JOIN course_enrollment e ON e.id = f.enrollment_id "
            "WHERE f.outcome = 'employed' AND e.status = 'completed' AND f.facility_id = ?", (fid,))
    raw.end()
    return len(courses)


def run_funnel(ctx, env) -> Figure:
    fid = _funnel_campus(env, 2 if ctx.quick else YEARS)
    svc = env.services.courses
    raw = Raw(env)
    try:
        n = len(svc.funnel(env.actor, fid).rows)
        _raw_funnel(raw, fid)
        a, b = interleave(lambda _i: svc.funnel(env.actor, fid), lambda _i: _raw_funnel(raw, fid),
                          ctx.samples(30), block=5)
    finally:
        raw.close()
    return Figure("", n, a, "raw SQL", b, {"courses": n})


MEASURES = [
    Measure("course_ranking", "< 100 ms at 1,000 applicants", "raw SQL", run_ranking,
            verdict=lambda f, fs: f.app_ms < 100, backends=("sqlite", "postgresql")),
    Measure("course_roll", "< 100 ms open + save, 30 trainees", "raw SQL", run_roll,
            verdict=lambda f, fs: f.app_ms < 100, backends=("sqlite", "postgresql")),
    Measure("course_funnel", "< 200 ms, 10 years at a campus", "raw SQL", run_funnel,
            verdict=lambda f, fs: f.app_ms < 200, backends=("sqlite", "postgresql")),
]
