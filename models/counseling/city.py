"""The city-scale demo's counseling (``models.demo.CITY_BUILDERS``): every counselor of
every open facility logs sessions from the facility's opening on, about a million over
the ten years of the reference city (the matching desk's in the brief's proportions,
1,100 a month between its eight counselors, 9 % in person). Each counselor keeps a
caseload of about 150 open cases: most sessions see a youth already on it, the rest open
a new case; a case closes with an outcome after a while. About half the sessions queue a
follow-up, done by the youth's next session; the last ones stay open (some overdue
today) or, long past, are cancelled. Cases move through their stages, some get an
employment activity plan, and the cafés hold group sessions (``city_more``). Every row has
its audit row at its time (the listener's shape, text redacted); changes (a follow-up
done, a stage moved, a case closed) are audit updates in the month they happen. Sensitive
topics are the default demo's only.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

import sqlalchemy as sa

from models.core.calendar import holiday_name
from models.core.time import SEOUL
from models.counseling import city_more
from models.counseling.demo import (
    KINDS,
    NEXT_STEPS,
    NOTES,
    OUTCOMES,
    REMOTE_MODES,
    SUMMARIES,
    TOPICS,
    _pick,
)
from models.counseling.enums import (
    CaseEventKind,
    CaseStage,
    CaseStatus,
    FollowupStatus,
    Mode,
    SessionKind,
)
from models.counseling.tables import (
    ActivityPlan,
    Case,
    CaseEvent,
    CounselingSession,
    Followup,
    GroupAttendance,
    GroupSession,
    PlanStep,
    SessionTopic,
)

# sessions a counselor logs a month at the reference city's intensity
MONTHLY = {"matching_desk": 137, "job_cafe": 380, "campus": 300}
CASELOAD = 150
CLOSE_AFTER = 0.1  # the chance that a session is the case's last


class _Case:
    __slots__ = ("id", "sessions", "followup", "stage", "version")

    def __init__(self, case_id: int):
        self.id, self.sessions, self.followup = case_id, 0, None
        self.stage, self.version = CaseStage.INITIAL, 1


def city_counseling(ctx) -> Iterator[None]:
    rng: random.Random = ctx.rng("counseling")
    more: random.Random = ctx.rng("counseling-cases")  # stages and plans: the sessions' stream stays as it was
    group_rng: random.Random = ctx.rng("counseling-groups")
    scale = min(1.0, ctx.plan.intensity)
    counselors = [(f, s) for f in ctx.facilities if f.status.value == "open"
                  for s in ctx.staff.get((f.id, "counselor"), [])]
    caseload = max(5, round(CASELOAD * scale))
    open_cases: dict[int, dict[int, _Case]] = {s.user_id: {} for _, s in counselors}  # counselor -> youth -> case
    known: dict[int, set[int]] = {}  # facility -> youths with a case there (one case a youth)
    last = ctx.periods[-1]
    while True:
        sessions, topics, cases, events, followups, closures = [], [], [], [], [], []
        pending, stages, plans, steps = {}, [], [], []  # this period's case rows by id; stage UPDATEs
        days = [d for d in ctx.days() if d.weekday() < 5 and not holiday_name(d)]
        for f, staff in counselors:
            mine = open_cases[staff.user_id]
            seen = known.setdefault(f.id, set())
            per_day = MONTHLY[f.kind.value] * scale / 21
            for day in days:
                if f.opened_on and day < f.opened_on:
                    continue
                n = int(per_day) + (rng.random() < per_day % 1)
                for _ in range(n):
                    held = ctx.at(day, 9 * 60 + rng.randrange(8 * 60))
                    if held > ctx.now:
                        break
                    youth = None
                    if len(mine) < caseload and rng.random() < 0.5 or not mine:
                        youth = ctx.pick_youth(rng, day)
                        if youth is None or youth in seen:
                            youth = None
                    if youth is None and mine:
                        youth = rng.choice(list(mine))
                    if youth is None:
                        continue
                    case = mine.get(youth)
                    if case is None:  # a new case, opened by this session
                        seen.add(youth)
                        case = mine[youth] = _Case(ctx.new_ids(Case, 1)[0])
                        row = dict(id=case.id, facility_id=f.id, youth_id=youth, counselor_id=staff.user_id,
                                   stage=CaseStage.INITIAL, status=CaseStatus.OPEN, outcome=None, opened_at=held,
                                   closed_at=None, version=1)
                        cases.append(row)
                        pending[case.id] = row
                        ctx.audit_insert(Case, row, held, staff)
                        ev = dict(id=ctx.new_ids(CaseEvent, 1)[0], case_id=case.id, facility_id=f.id,
                                  kind=CaseEventKind.OPEN, from_counselor_id=None, to_counselor_id=staff.user_id,
                                  from_value=None, to_value="initial", reason="첫 상담 기록", at=held,
                                  by=staff.user_id)
                        events.append(ev)
                        ctx.audit_insert(CaseEvent, ev, held, staff)
                    s = _session(ctx, rng, f.id, youth, staff, held, case.sessions == 0)
                    sessions.append(s)
                    case.sessions += 1
                    ctx.audit_insert(CounselingSession, s, s["created_at"], staff)
                    for t in {_pick(rng, TOPICS) for _ in range(rng.choice([1, 1, 1, 2]))}:
                        tr = dict(session_id=s["id"], topic=t, facility_id=f.id)
                        topics.append(tr)  # not audited (SessionTopic.__audit_skip__)
                    if case.followup is not None:  # this session does the youth's follow-up
                        fu, case.followup = case.followup, None
                        fu.update(status=FollowupStatus.DONE, done_session_id=s["id"], done_at=s["created_at"])
                        followups.append(fu)
                        ctx.audit_update("counseling_followup", fu["id"], f.id, {"status": "open"},
                                         {"status": "done", "done_session_id": s["id"], "done_at": s["created_at"]},
                                         s["created_at"], staff)
                    city_more.stage_move(ctx, more, case, f, staff, s, pending, stages, events, plans, steps)
                    if case.sessions > 2 and rng.random() < CLOSE_AFTER:
                        closed = s["created_at"] + timedelta(minutes=5)
                        outcome = _pick(rng, OUTCOMES)
                        closures.append({"cid": case.id, "outcome": outcome, "closed": closed})
                        ctx.audit_update("counseling_case", case.id, f.id, {"status": "open"},
                                         {"status": "closed", "outcome": outcome.value, "closed_at": closed},
                                         closed, staff)
                        ev = dict(id=ctx.new_ids(CaseEvent, 1)[0], case_id=case.id, facility_id=f.id,
                                  kind=CaseEventKind.CLOSE, from_counselor_id=None, to_counselor_id=None,
                                  from_value=case.stage.value, to_value=outcome.value, reason="", at=closed,
                                  by=staff.user_id)
                        events.append(ev)
                        ctx.audit_insert(CaseEvent, ev, closed, staff)
                        del mine[youth]
                    elif rng.random() < 0.45:
                        due = held.astimezone(SEOUL).date() + timedelta(days=rng.choice([3, 7, 14, 30]))
                        case.followup = dict(
                            id=ctx.new_ids(Followup, 1)[0], facility_id=f.id, youth_id=youth,
                            counselor_id=staff.user_id, due_on=due, source_session_id=s["id"],
                            status=FollowupStatus.OPEN, done_session_id=None, done_at=None,
                            cancelled_at=None, created_at=s["created_at"], created_by=staff.user_id)
                        ctx.audit_insert(Followup, case.followup, s["created_at"], staff)
        if ctx.period is last:  # the open follow-ups: waiting (some overdue), or given up long ago
            for f, staff in counselors:
                for case in open_cases[staff.user_id].values():
                    fu, case.followup = case.followup, None
                    if fu is None:
                        continue
                    if fu["due_on"] < ctx.today - timedelta(days=10):
                        fu["status"], fu["cancelled_at"] = FollowupStatus.CANCELLED, ctx.now
                        ctx.audit_update("counseling_followup", fu["id"], f.id, {"status": "open"},
                                         {"status": "cancelled", "cancelled_at": ctx.now}, ctx.now, staff)
                    followups.append(fu)
        group_rows, attendees = city_more.groups(ctx, group_rng, scale)
        _write(ctx, sessions, topics, cases, events, followups, closures)
        for model, rows in ((ActivityPlan, plans), (PlanStep, steps), (GroupSession, group_rows),
                            (GroupAttendance, attendees)):
            if rows:
                ctx.insert(model, rows)
        if stages:
            _set_stages(ctx, stages)
        yield


def _session(ctx, rng, fid, youth, staff, held, first: bool) -> dict:
    kind = SessionKind.INITIAL if first else _pick(rng, KINDS)
    mode = Mode.IN_PERSON if rng.random() < 0.09 else _pick(rng, REMOTE_MODES)
    created = min(held + timedelta(minutes=rng.randint(5, 60)), ctx.now)
    return dict(id=ctx.new_ids(CounselingSession, 1)[0], facility_id=fid, youth_id=youth,
                counselor_id=staff.user_id, held_at=held, duration_minutes=rng.choice([15, 30, 30, 45, 60]),
                mode=mode, kind=kind, summary=SUMMARIES[kind], note=rng.choice(NOTES) if rng.random() < 0.3 else "",
                next_step=rng.choice(NEXT_STEPS), consult_request_id=None, version=1, created_at=created,
                created_by=staff.user_id, updated_at=None, updated_by=None, voided_at=None, voided_by=None,
                void_reason=None)


_CLOSE = _STAGE = None


def _set_stages(ctx, stages: list[dict]) -> None:
    """The stage moves of cases inserted in an earlier period (one executemany)."""
    global _STAGE
    if _STAGE is None:
        t = Case.__table__
        _STAGE = (sa.update(t).where(t.c.id == sa.bindparam("cid"))
                  .values(stage=sa.bindparam("stage"), version=sa.bindparam("version")))
    ctx.conn.execute(_STAGE, stages)


def _write(ctx, sessions, topics, cases, events, followups, closures) -> None:
    global _CLOSE
    # parents first: cases and sessions, then what points at them
    for model, rows in ((Case, cases), (CounselingSession, sessions), (SessionTopic, topics),
                        (CaseEvent, events), (Followup, sorted(followups, key=lambda r: r["id"]))):
        if rows:
            ctx.insert(model, rows)
    if closures:
        if _CLOSE is None:
            t = Case.__table__
            _CLOSE = (sa.update(t).where(t.c.id == sa.bindparam("cid"))
                      .values(status=CaseStatus.CLOSED, outcome=sa.bindparam("outcome"), closed_at=sa.bindparam("closed"),
                              version=t.c.version + 1))
        ctx.conn.execute(_CLOSE, closures)
