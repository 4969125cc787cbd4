"""Fuzzing the counseling entry points that take user input: text with NUL and other control
characters, lone surrogates and very long strings, integers outside the 32-bit columns
(ids, versions, minutes, counts), next to valid values. Only the app's own errors
(``DomainError``) may come out, and then nothing was written; no error message carries the
note text. ``YJD_FUZZ_EXAMPLES`` cases per backend over all the entry points (default 150)."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.core.errors import DomainError
from tests.factories.counseling import NOTE, log
from tests.factories.fuzz import bad_int, id_or, int_or, text_or
from tests.factories.rooms import TODAY, add_youth
from tests.models.util import table_counts


@pytest.fixture
def fz(services, world, db, cw):
    sid = log(services, world.counselor, world, cw.y1)
    plan = services.counseling.save_plan(world.counselor, world.a, cw.y1, {"goal": "개발자"})
    step = services.counseling.add_step(world.counselor, plan, {"title": "이력서"})
    group = services.counseling.log_group(world.counselor, world.a, {"kind": "lecture", "title": "특강"})
    case = services.counseling.case_of(world.counselor, world.a, cw.y1).id
    return SimpleNamespace(s=services.counseling, w=world, db=db, cw=cw, sid=sid, plan=plan, step=step,
                           group=group, case=case, walk_in=add_youth(services, world, 9),
                           actors=[world.counselor, world.manager])


def _session(fz, draw):
    data = {"youth_id": draw(id_or(fz.cw.y1, fz.cw.y2)), "duration_minutes": draw(int_or(30)),
            "mode": draw(st.sampled_from(["phone", "in_person", "fax", ""])),
            "kind": draw(st.sampled_from(["deep", "ai_review", "x"])),
            "topics": draw(st.lists(st.sampled_from(["career", "mental_health", "nope"]), max_size=3)),
            "summary": draw(text_or("요약")), "note": draw(text_or(NOTE)), "next_step": draw(text_or("")),
            "counselor_id": draw(st.one_of(st.none(), id_or(fz.w.counselor.user_id, fz.w.front_desk.user_id))),
            "followup_on": draw(st.sampled_from([None, TODAY, "2026-13-45", "어제"])),
            "completes_followup_id": draw(st.one_of(st.none(), bad_int)),
            "consult_request_id": draw(st.one_of(st.none(), bad_int)),
            "plan_step_ids": draw(st.lists(id_or(fz.step), max_size=2))}
    actor = draw(st.sampled_from(fz.actors))
    if draw(st.booleans()):
        return lambda: fz.s.log_session(actor, draw(id_or(fz.w.a, fz.w.b)), data)
    return lambda: fz.s.update_session(fz.w.counselor, draw(id_or(fz.sid)), data, draw(int_or(1)))


def _addendum_and_void(fz, draw):
    actor = draw(st.sampled_from(fz.actors))
    sid = draw(id_or(fz.sid))
    if draw(st.booleans()):
        return lambda: fz.s.add_addendum(actor, sid, draw(text_or("추가")), draw(text_or("사유")),
                                         draw(st.sampled_from(["summary", "note", "x"])))
    return lambda: fz.s.void_session(actor, sid, draw(text_or("잘못 입력")), draw(int_or(1)))


def _group(fz, draw):
    data = {"kind": draw(st.sampled_from(["mentoring", "x"])), "title": draw(text_or("멘토링")),
            "presenter": draw(text_or("")), "duration_minutes": draw(int_or(60)),
            "capacity": draw(st.one_of(st.none(), int_or(10))), "headcount": draw(int_or(0)),
            "attendee_ids": draw(st.lists(id_or(fz.cw.y1, fz.cw.y2), max_size=3)),
            "walk_in_ids": draw(st.lists(id_or(fz.walk_in), max_size=1))}
    if draw(st.booleans()):
        return lambda: fz.s.log_group(fz.w.counselor, draw(id_or(fz.w.a)), data)
    return lambda: fz.s.add_attendee(fz.w.counselor, draw(id_or(fz.group)), draw(id_or(fz.cw.y3, fz.walk_in)))


def _plan(fz, draw):
    which = draw(st.sampled_from(["plan", "step", "tick"]))
    if which == "plan":
        return lambda: fz.s.save_plan(fz.w.counselor, fz.w.a, draw(id_or(fz.cw.y1)), {"goal": draw(text_or("목표"))})
    if which == "step":
        return lambda: fz.s.add_step(fz.w.counselor, draw(id_or(fz.plan)), {"title": draw(text_or("단계"))})
    return lambda: fz.s.set_step_done(fz.w.counselor, draw(id_or(fz.step)), draw(st.booleans()),
                                      draw(st.one_of(st.none(), id_or(fz.sid))))


def _case(fz, draw):
    which = draw(st.sampled_from(["assign", "transfer", "close", "stage", "view", "counts", "settings"]))
    reason = draw(text_or("이관"))
    calls = {
        "assign": lambda: fz.s.assign(fz.w.manager, fz.w.a, draw(id_or(fz.cw.y2)),
                                      draw(id_or(fz.cw.counselor2.user_id)), reason),
        "transfer": lambda: fz.s.transfer(fz.w.manager, draw(id_or(fz.case)),
                                          draw(id_or(fz.cw.counselor2.user_id)), reason),
        "close": lambda: fz.s.close_case(fz.w.counselor, draw(id_or(fz.case)),
                                         draw(st.sampled_from(["employed", "x"])), reason),
        "stage": lambda: fz.s.set_stage(fz.w.counselor, draw(id_or(fz.case)), draw(st.sampled_from(["deep", "z"])),
                                        draw(st.one_of(st.none(), int_or(1)))),
        "view": lambda: fz.s.caseload(fz.w.counselor, fz.w.a, sort=draw(text_or("name"))),
        "counts": lambda: fz.s.monthly_counts(fz.w.manager, fz.w.a, draw(int_or(2026)), draw(int_or(11))),
        "settings": lambda: fz.s.set_settings(fz.w.manager, fz.w.a, {"edit_hours": draw(int_or(48)),
                                                                       "stale_days": draw(int_or(30))}),
    }
    return calls[which]


ENTRY_POINTS = [_session, _addendum_and_void, _group, _plan, _case]
PER_ENTRY = max(1, int(os.environ.get("YJD_FUZZ_EXAMPLES", "150")) // len(ENTRY_POINTS))


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__.strip("_"))
def test_only_domain_errors_and_no_partial_writes(fz, entry):
    seen = {"cases": 0}

    @settings(max_examples=PER_ENTRY, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(st.data())
    def run(data):
        seen["cases"] += 1
        call = entry(fz, data.draw)
        before = table_counts(fz.db)
        try:
            call()
        except DomainError as exc:
            assert table_counts(fz.db) == before
            assert NOTE not in str(exc)

    run()
    assert seen["cases"] >= min(PER_ENTRY, 10)
