"""The parts of the city-scale demo's counseling besides the sessions (``city.py``): the
case's stage history, employment activity plans and the cafés' group sessions. Bulk rows
with explicit ids and their audit rows at their time, deterministic by the seed (each
draws from the caller's random stream, in the caller's order).

- **Stages:** a case moves 초기상담 → 심화상담 at its second session (most do) and
  심화상담 → 집중매칭 at its fifth (about half); each move is a ``CaseEvent`` (STAGE) and
  an audit update of the case.
- **Plans:** about four cases in ten get a plan when they reach 심화상담: a goal, a target
  date and three or four steps with due dates; steps are done (by the counselor, no
  session named) on a day before their due date plus a week, or still open; a step's
  completion is an audit update on its day.
- **Group sessions:** every open job café runs, in the default demo's proportions
  (``demo.GROUPS``), mentoring, lectures and group counseling each month, with attendees
  among the youths registered by then; the city's monthly 취업 라이브 특강 (2nd Tuesday,
  online, a large headcount) is held at the first café.
"""

from __future__ import annotations

from datetime import timedelta

from models.core.calendar import holiday_name
from models.core.time import SEOUL
from models.counseling.demo import GOALS, GROUPS, PRESENTERS, STEPS, _second_tuesday
from models.counseling.enums import CaseEventKind, CaseStage, GroupKind, Mode
from models.counseling.tables import (
    ActivityPlan,
    CaseEvent,
    GroupAttendance,
    GroupSession,
    PlanStep,
)

DEEP_AT, MATCHING_AT = 2, 5  # the session that moves a case on
DEEP_SHARE, MATCHING_SHARE, PLAN_SHARE = 0.85, 0.5, 0.4


def stage_move(ctx, rng, case, f, staff, s: dict, pending: dict, updates: list, events: list, plans: list,
               steps: list) -> None:
    """After session ``s`` of ``case``: move its stage on when it is time (the case row is
    changed in place while it waits to be inserted, else queued for an UPDATE)."""
    if case.sessions == DEEP_AT and case.stage is CaseStage.INITIAL and rng.random() < DEEP_SHARE:
        new = CaseStage.DEEP
    elif case.sessions == MATCHING_AT and case.stage is CaseStage.DEEP and rng.random() < MATCHING_SHARE:
        new = CaseStage.MATCHING
    else:
        return
    at = s["created_at"] + timedelta(minutes=1)
    old, case.stage = case.stage, new
    case.version += 1
    row = pending.get(case.id)
    if row is not None:
        row.update(stage=new, version=case.version)
    else:
        updates.append({"cid": case.id, "stage": new, "version": case.version})
    ctx.audit_update("counseling_case", case.id, f.id, {"stage": old.value}, {"stage": new.value}, at, staff)
    ev = dict(id=ctx.new_ids(CaseEvent, 1)[0], case_id=case.id, facility_id=f.id, kind=CaseEventKind.STAGE,
              from_counselor_id=None, to_counselor_id=None, from_value=old.value, to_value=new.value, reason="",
              at=at, by=staff.user_id)
    events.append(ev)
    ctx.audit_insert(CaseEvent, ev, at, staff)
    if new is CaseStage.DEEP and rng.random() < PLAN_SHARE:
        _plan(ctx, rng, f, staff, s["youth_id"], at, plans, steps)


def _plan(ctx, rng, f, staff, youth: int, at, plans: list, steps: list) -> None:
    day = at.astimezone(SEOUL).date()
    plan = dict(id=ctx.new_ids(ActivityPlan, 1)[0], facility_id=f.id, youth_id=youth, goal=rng.choice(GOALS),
                target_on=day + timedelta(days=rng.choice([90, 120, 180])), created_at=at, created_by=staff.user_id,
                updated_at=None)
    plans.append(plan)
    ctx.audit_insert(ActivityPlan, plan, at, staff)
    for pos, title in enumerate(rng.sample(STEPS, rng.randint(3, 4)), start=1):
        due = day + timedelta(days=14 * pos + rng.randrange(7))
        done_day = day + timedelta(days=rng.randint(3, (due - day).days + 7))
        done = ctx.at(done_day, 17 * 60) if rng.random() < 0.65 and ctx.at(done_day, 17 * 60) <= ctx.now else None
        step = dict(id=ctx.new_ids(PlanStep, 1)[0], plan_id=plan["id"], facility_id=f.id, title=title, due_on=due,
                    position=pos, done_at=None, done_by=None, done_session_id=None)
        ctx.audit_insert(PlanStep, step, at, staff)
        if done is not None:
            step.update(done_at=done, done_by=staff.user_id)
            ctx.audit_update("activity_plan_step", step["id"], f.id, {"done_at": None},
                             {"done_at": done, "done_by": staff.user_id}, done, staff)
        steps.append(step)


def groups(ctx, rng, scale: float) -> tuple[list[dict], list[dict]]:
    """The period's group sessions of every open café and their attendees."""
    cafes = [f for f in ctx.facilities if f.status.value == "open" and f.kind.value == "job_cafe"]
    sessions, attendees = [], []
    start = ctx.period.start
    for cafe in cafes:
        by = (ctx.staff.get((cafe.id, "counselor")) or ctx.staff.get((cafe.id, "manager")) or [ctx.admin])
        for kind, (titles, capacity, (lo, hi), minutes, per_month) in GROUPS.items():
            for _ in range(per_month):
                if rng.random() > scale:
                    continue
                day = start + timedelta(days=rng.randrange(28))
                while day.weekday() >= 5 or holiday_name(day):
                    day += timedelta(days=1)
                held = ctx.at(day, rng.choice([10 * 60, 14 * 60, 19 * 60]))
                if (cafe.opened_on and day < cafe.opened_on) or held > ctx.now or day >= ctx.period.end:
                    continue
                people = {y for _ in range(rng.randint(lo, hi)) if (y := ctx.pick_youth(rng, day)) is not None}
                _group(ctx, rng, cafe.id, rng.choice(by), kind, rng.choice(titles), held, minutes, Mode.IN_PERSON,
                       capacity, 0, sorted(people)[:capacity], sessions, attendees)
    live = _second_tuesday(start.year, start.month)
    held = ctx.at(live, 19 * 60)
    if cafes and ctx.period.start <= live < ctx.period.end and held <= ctx.now:
        cafe = cafes[0]
        by = ctx.staff.get((cafe.id, "counselor")) or [ctx.admin]
        people = {y for _ in range(rng.randint(5, 20)) if (y := ctx.pick_youth(rng, live)) is not None}
        _group(ctx, rng, cafe.id, rng.choice(by), GroupKind.LIVE_LECTURE, "취업 라이브 특강", held, 90, Mode.ONLINE,
               None, round(rng.randint(900, 1500) * min(1.0, scale)), sorted(people), sessions, attendees)
    return sessions, attendees


def _group(ctx, rng, fid, who, kind, title, held, minutes, mode, capacity, headcount, people, sessions,
           attendees) -> None:
    g = dict(id=ctx.new_ids(GroupSession, 1)[0], facility_id=fid, kind=kind, title=title,
             presenter=rng.choice(PRESENTERS), held_at=held, duration_minutes=minutes, mode=mode, capacity=capacity,
             headcount=headcount, created_at=held, created_by=who.user_id, voided_at=None, voided_by=None,
             void_reason=None)
    sessions.append(g)
    ctx.audit_insert(GroupSession, g, held, who)
    for y in people:
        a = dict(group_session_id=g["id"], youth_id=y, facility_id=fid, walk_in=rng.random() < 0.1, added_at=held,
                 added_by=who.user_id)
        attendees.append(a)
        ctx.audit_insert(GroupAttendance, a, held, who)
