"""The courses permission matrix: every call, made by each role at CAMPUS-A — the city
admin, the campus manager, its counselor, its front desk, an account without a role, and
the manager of another campus. The manager runs the campus (courses, applications,
selection, places, completion, certificates, a past day's roll); the counselor reads,
takes the day's roll and records employment; the city admin may do everything at every
campus; the others nothing. An allowed call goes through; a refused one raises
PermissionDenied. On both backends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from models.core.errors import PermissionDenied
from tests.factories.rooms import at
from tests.models.courses.builders import (
    START,
    applicants,
    course_data,
    open_course,
    score,
    selected_course,
    to_selecting,
    training_course,
    version,
    youth,
)

ROLES = ["admin", "manager", "counselor", "front_desk", "no_role", "other_campus"]
VIEW = {"admin", "manager", "counselor"}
MANAGE = {"admin", "manager"}
LATER = at(date(2027, 1, 11), "10:00")  # the one-day courses' first follow-ups are due


@dataclass(frozen=True)
class Call:
    name: str
    run: object  # (services, actor, scenario, attempt index) -> None
    allowed: set
    when: object = None  # the clock for the call (default: the first day of training)


def _decidable(sv, env, clock, n):
    cid = open_course(sv, env, places=1, name=f"선발 확정 {n}")
    apps = applicants(sv, env, cid, 1, 700 + n)
    to_selecting(sv, env, clock, cid)
    score(sv, env, cid, {apps[0]: (80, 80, 80)})
    clock.now = at(START, "10:00")
    return cid


def _scenario(sv, env, clock) -> SimpleNamespace:
    t = SimpleNamespace()
    t.recruiting = open_course(sv, env, places=30, name="모집 과정")
    t.recruiting_apps = applicants(sv, env, t.recruiting, 6, 200)
    t.selected = selected_course(sv, env, clock, places=6, n=8, first=300, name="선발 과정")
    t.promote = selected_course(sv, env, clock, places=6, n=12, first=500, reserve_pct=100, offer_days=30,
                               name="충원 과정")
    for aid in t.promote.apps[:6]:
        sv.courses.decline(env.manager, aid, sv.courses.get_application(env.manager, aid).version)
    t.vacancies = [(v.id, v.offers[0].application_id) for v in sv.courses.vacancies(env.manager, t.promote.course)]
    t.decide = [_decidable(sv, env, clock, n) for n in range(6)]
    t.one_day = training_course(sv, env, clock, places=6, n=6, first=800, end_on=START, total_hours=8,
                                name="하루 과정")
    t.done = training_course(sv, env, clock, places=6, n=6, first=900, end_on=START, total_hours=8, name="수료 과정")
    sv.courses.complete_all(env.manager, t.done.course)
    t.followups = [f.id for e in t.done.trainees for f in sv.courses.trainee_followups(env.manager, e)[:1]]
    t.training = training_course(sv, env, clock, places=8, n=8, first=400, name="교육 과정")
    t.youth = [youth(sv, env, 600 + i) for i in range(6)]
    t.app_youth = t.recruiting_apps
    return t


CALLS = [
    Call("courses", lambda sv, a, t, i: sv.courses.courses(a, t.env.a), VIEW),
    Call("get_course", lambda sv, a, t, i: sv.courses.get_course(a, t.selected.course), VIEW),
    Call("create_course", lambda sv, a, t, i: sv.courses.create_course(a, t.env.a, course_data(name=f"신규 {i}")),
         MANAGE),
    Call("update_course", lambda sv, a, t, i: sv.courses.update_course(
        a, t.recruiting, course_data(name=f"모집 과정 {i}", places=30), version(sv, t.env, t.recruiting)), MANAGE),
    Call("set_status", lambda sv, a, t, i: sv.courses.set_status(
        a, open_course(sv, t.env, name=f"취소 {i}"), "cancelled", 2), MANAGE),
    Call("apply", lambda sv, a, t, i: sv.courses.apply(a, t.recruiting, {"youth_id": t.youth[i],
                                                                         "applied_on": date(2026, 11, 20)}), MANAGE),
    Call("apply_many", lambda sv, a, t, i: sv.courses.apply_many(
        a, t.recruiting, [{"youth_id": youth(sv, t.env, 650 + i), "applied_on": date(2026, 11, 21)}]), MANAGE),
    Call("withdraw", lambda sv, a, t, i: sv.courses.withdraw(
        a, t.app_youth[i], sv.courses.get_application(t.env.manager, t.app_youth[i]).version), MANAGE),
    Call("record_score", lambda sv, a, t, i: sv.courses.record_score(a, t.recruiting_apps[5 - i], "documents", 70),
         MANAGE),
    Call("ranking", lambda sv, a, t, i: sv.courses.ranking(a, t.selected.course), VIEW),
    Call("decide_selection", lambda sv, a, t, i: sv.courses.decide_selection(
        a, t.decide[i], version(sv, t.env, t.decide[i])), MANAGE),
    Call("results", lambda sv, a, t, i: sv.courses.results(a, t.selected.course), VIEW),
    Call("results_with_phones", lambda sv, a, t, i: sv.courses.results(a, t.selected.course, with_phones=True), VIEW),
    Call("confirm", lambda sv, a, t, i: sv.courses.confirm(
        a, t.selected.apps[i], sv.courses.get_application(t.env.manager, t.selected.apps[i]).version), MANAGE),
    Call("decline", lambda sv, a, t, i: sv.courses.decline(
        a, t.selected.apps[5 - i], sv.courses.get_application(t.env.manager, t.selected.apps[5 - i]).version),
         MANAGE),
    Call("vacancies", lambda sv, a, t, i: sv.courses.vacancies(a, t.promote.course), VIEW),
    Call("promote", lambda sv, a, t, i: sv.courses.promote(a, t.vacancies[i][0], t.vacancies[i][1], "현장 수락"),
         MANAGE),
    Call("trainees", lambda sv, a, t, i: sv.courses.trainees(a, t.training.course), VIEW),
    Call("roll", lambda sv, a, t, i: sv.courses.roll(a, t.training.course, START), VIEW),
    Call("save_roll", lambda sv, a, t, i: sv.courses.save_roll(a, t.training.course, START,
                                                               {t.training.trainees[7]: "late"}), VIEW),
    Call("save_past_roll", lambda sv, a, t, i: sv.courses.save_roll(
        a, t.training.course, START, {t.training.trainees[7]: "absent" if i % 2 else "late"}, reason="정정"),
         MANAGE, at(date(2026, 12, 8), "10:00")),
    Call("mark_no_show", lambda sv, a, t, i: sv.courses.mark_no_show(a, t.training.trainees[2 + i], 1), MANAGE),
    Call("drop_out", lambda sv, a, t, i: sv.courses.drop_out(a, t.training.trainees[i], 1, on=START,
                                                             reason="personal"), MANAGE),
    Call("complete", lambda sv, a, t, i: sv.courses.complete(a, t.one_day.trainees[i], 1), MANAGE),
    Call("certificate", lambda sv, a, t, i: sv.courses.certificate(a, t.done.trainees[0], write=lambda c: None),
         MANAGE),
    Call("employment_queue", lambda sv, a, t, i: sv.courses.employment_queue(a, t.env.a), VIEW, LATER),
    Call("record_outcome", lambda sv, a, t, i: sv.courses.record_outcome(a, t.followups[i], {"outcome": "study"}),
         VIEW, LATER),
    Call("funnel", lambda sv, a, t, i: sv.courses.funnel(a, t.env.a), VIEW),
    Call("timeline", lambda sv, a, t, i: sv.courses.timeline(a, t.env.a, t.youth[0]), VIEW),
]


def test_permission_matrix(services, env, clock):
    t = _scenario(services, env, clock)
    t.env = env
    nobody = services.accounts.refresh_actor(services.accounts.create_user(
        env.admin, {"username": "norole", "display_name": "역할 없음", "password": "pass1234"}))
    actors = {"admin": env.admin, "manager": env.manager, "counselor": env.counselor, "front_desk": env.front_desk,
              "no_role": nobody, "other_campus": env.b_manager}
    wrong = []
    for call in CALLS:
        for i, role in enumerate(ROLES):
            clock.now = call.when or at(START, "10:00")
            try:
                call.run(services, actors[role], t, i)
                allowed = True
            except PermissionDenied:
                allowed = False
            except Exception as exc:  # an allowed call must go through
                wrong.append(f"{call.name} by {role}: {type(exc).__name__}: {exc}")
                continue
            if allowed != (role in call.allowed):
                wrong.append(f"{call.name} by {role}: {'allowed' if allowed else 'refused'}")
    assert wrong == []
