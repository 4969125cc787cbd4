"""Three-stage selection: a score outside 0–100 refused, stage gating (only those who
cleared a stage get the next one's result), cut-offs, a pass/fail stage, the weighted
final score and the documented tie-break, the decision (top N, the 20 % reserve list, the
rest 미선발; more than the places refused; refused while someone waits for a result), and
the results list: phones masked, in full only for a role that may see them, as an audit
read, and printing recorded as an output. On both backends."""

from __future__ import annotations

from datetime import date

import pytest

from models.core.enums import Role
from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.core.permissions import ROLE_PERMISSIONS, Perm
from models.courses.enums import ApplicationStatus, SelectionResult, Stage
from tests.models.courses.builders import (
    applicants,
    open_course,
    score,
    to_selecting,
    version,
    youth,
)
from tests.models.util import audit_rows, count


def _ready(services, env, clock, n, **over):
    cid = open_course(services, env, **over)
    apps = applicants(services, env, cid, n)
    to_selecting(services, env, clock, cid)
    return cid, apps


def test_a_score_outside_0_to_100_is_refused(services, env, clock):
    cid, apps = _ready(services, env, clock, 1)
    for value in (-1, 101, 55.5, "80", True, 10**12):
        with pytest.raises(ValidationError) as exc:
            services.courses.record_score(env.manager, apps[0], "documents", value)
        assert "0~100" in exc.value.errors["score"], value
    with pytest.raises(ValidationError) as exc:
        services.courses.record_scores(env.manager, cid, "documents", {apps[0]: 150})
    assert "0~100" in exc.value.errors[f"score[{apps[0]}]"]
    assert count(services.db, "course_score") == 0


def test_only_those_who_cleared_a_stage_enter_the_next(services, env, clock):
    cid, (a, b, c) = _ready(services, env, clock, 3)
    cs = services.courses
    with pytest.raises(ValidationError) as exc:  # no 서류 result yet
        cs.record_score(env.manager, a, "skills", 80)
    assert "'서류' 단계를 통과한 지원자만 '실무역량평가'" in exc.value.errors["score"]
    cs.record_scores(env.manager, cid, "documents", {a: 60, b: 59, c: 100})  # the cut-off is 60: at it clears
    with pytest.raises(ValidationError) as exc:
        cs.record_scores(env.manager, cid, "skills", {a: 70, b: 70})
    assert set(exc.value.errors) == {f"score[{b}]"}
    assert count(services.db, "course_score") == 3  # nothing of the batch written
    cs.record_scores(env.manager, cid, "skills", {a: 70, c: 40})
    with pytest.raises(ValidationError):  # c fell at 실무역량평가
        cs.record_score(env.manager, c, "interview", 90)
    cs.record_score(env.manager, a, "interview", 75)
    rows = {r.application_id: r for r in cs.ranking(env.counselor, cid).rows}
    assert rows[a].final_score == pytest.approx(60 * .3 + 70 * .3 + 75 * .4) and rows[a].rank == 1
    assert rows[b].failed_stage is Stage.DOCUMENTS and rows[b].outcome is SelectionResult.NOT_SELECTED
    assert rows[c].failed_stage is Stage.SKILLS and rows[c].rank is None
    assert [r.cleared for r in rows[c].stages] == [True, False, None]
    with pytest.raises(ValidationError) as exc:  # a's 서류 result has later ones
        cs.record_score(env.manager, a, "documents", None)
    assert "다음 단계 결과" in exc.value.errors["score"]
    # a cut-off may still move (the gating follows it); a scored stage's mode may not
    data = cs.get_course(env.manager, cid).as_input()
    data["stages"][0]["cutoff"] = 59
    cs.update_course(env.manager, cid, data, version(services, env, cid))
    assert {r.application_id: r.failed_stage for r in cs.ranking(env.manager, cid).rows}[b] is None
    data["stages"][1] = {"stage": "skills", "mode": "pass_fail"}
    data["stages"][2]["weight"] = 70
    with pytest.raises(ValidationError) as exc:
        cs.update_course(env.manager, cid, data, version(services, env, cid))
    assert "평가 방식" in exc.value.errors["stages"]


def test_a_pass_fail_stage_gates_and_carries_no_weight(services, env, clock):
    stages = [{"stage": "documents", "mode": "pass_fail"}, {"stage": "skills", "weight": 50},
              {"stage": "interview", "weight": 50}]
    cid, (a, b) = _ready(services, env, clock, 2, stages=stages)
    cs = services.courses
    with pytest.raises(ValidationError) as exc:
        cs.record_score(env.manager, a, "documents", 80)
    assert "합격 또는 불합격" in exc.value.errors["score"]
    cs.record_scores(env.manager, cid, "documents", {a: True, b: False})
    score(services, env, cid, {a: (None, 80, 90)})
    ranking = cs.ranking(env.manager, cid)
    assert [(r.application_id, r.final_score, r.failed_stage) for r in ranking.rows] == [
        (a, 85.0, None), (b, None, Stage.DOCUMENTS)]
    assert ranking.pending == 0 and ranking.qualified == 1


def test_weighted_ranking_breaks_ties_by_the_documented_rule(services, env, clock):
    cid, apps = _ready(services, env, clock, 0)
    days = [date(2026, 11, 20), date(2026, 11, 10), date(2026, 11, 15), date(2026, 11, 15), date(2026, 11, 5)]
    ids = [services.courses.apply(env.manager, cid, {"youth_id": youth(services, env, 30 + i), "applied_on": d,
                                                     "override_reason": "선발 기간 중 추가 접수"})
           for i, d in enumerate(days)]
    a, b, c, d, e = ids
    # final = .3 D + .3 S + .4 I: a, b, c, d all 78; e 80
    score(services, env, cid, {a: (80, 80, 75), b: (70, 70, 90), c: (90, 90, 60), d: (90, 90, 60), e: (80, 80, 80)})
    ranking = services.courses.ranking(env.manager, cid)
    order = [r.application_id for r in ranking.rows]
    # e (80) first; then the 78s: b has the best interview (90), then a (75); c and d tie on
    # every score and on the day: the lower application number first
    assert order == [e, b, a, c, d]
    assert [r.rank for r in ranking.rows] == [1, 2, 3, 4, 5]
    assert {r.final_score for r in ranking.rows[1:]} == {78.0}
    assert services.courses.ranking(env.manager, cid).rows == ranking.rows  # the same order every time


def test_decide_selects_the_top_n_and_a_ranked_reserve_list(services, env, clock):
    cid, apps = _ready(services, env, clock, 12, places=5)
    cs = services.courses
    failing = apps[-1]
    score(services, env, cid, {aid: (90 - i, 90 - i, 90 - i) for i, aid in enumerate(apps[:-1])})
    score(services, env, cid, {failing: (30, None, None)})
    with pytest.raises(ValidationError) as exc:
        cs.decide_selection(env.manager, cid, version(services, env, cid), count=6)
    assert "정원(5명)보다 많이" in exc.value.errors["count"]
    assert cs.decide_selection(env.manager, cid, version(services, env, cid)) == {
        "selected": 5, "reserve": 1, "not_selected": 6}  # ⌈5 × 20 %⌉ = 1
    by_id = {a.id: a for a in cs.applications(env.manager, cid)}
    assert [by_id[a].status for a in apps[:5]] == [ApplicationStatus.SELECTED] * 5
    assert by_id[apps[5]].status is ApplicationStatus.RESERVE and by_id[apps[5]].reserve_rank == 1
    assert all(by_id[a].status is ApplicationStatus.NOT_SELECTED for a in apps[6:])
    results = cs.results(env.counselor, cid)
    assert [r.reason for r in results.rows[:7]] == ["합격 (1위)", "합격 (2위)", "합격 (3위)", "합격 (4위)",
                                                   "합격 (5위)", "예비합격 1순위", "미선발 (7위)"]
    assert results.rows[-1].reason == "서류 불합격"
    assert all("****" in r.phone for r in results.rows) and not results.phones_shown
    with pytest.raises(Conflict):
        cs.decide_selection(env.manager, cid, version(services, env, cid))
    with pytest.raises(Conflict):  # scores freeze
        cs.record_score(env.manager, apps[0], "interview", 10)


def test_a_larger_reserve_share_and_fewer_selected(services, env, clock):
    cid, apps = _ready(services, env, clock, 10, places=5, reserve_pct=50)
    score(services, env, cid, {aid: (80, 80, 80 - i) for i, aid in enumerate(apps)})
    counts = services.courses.decide_selection(env.manager, cid, version(services, env, cid), count=4)
    assert counts == {"selected": 4, "reserve": 2, "not_selected": 4}


def test_deciding_waits_for_every_result(services, env, clock):
    cid, apps = _ready(services, env, clock, 3, places=2)
    score(services, env, cid, {apps[0]: (80, 80, 80), apps[1]: (80, 80, None), apps[2]: (80, None, None)})
    ranking = services.courses.ranking(env.manager, cid)
    assert ranking.pending == 2
    with pytest.raises(RuleViolation) as exc:
        services.courses.decide_selection(env.manager, cid, version(services, env, cid))
    assert "2명" in exc.value.message
    assert services.courses.get_course(env.manager, cid).selection_decided is False
    with pytest.raises(RuleViolation):  # still 모집중
        other = open_course(services, env, name="다른 과정")
        services.courses.decide_selection(env.manager, other, version(services, env, other))


def test_phones_in_full_only_for_contact_roles_as_an_audit_read(services, env, clock, monkeypatch):
    cid, apps = _ready(services, env, clock, 3, places=2)
    score(services, env, cid, {aid: (80, 80, 80) for aid in apps})
    services.courses.decide_selection(env.manager, cid, version(services, env, cid))
    reads = len(audit_rows(services.db, action="read"))
    full = services.courses.results(env.manager, cid, with_phones=True)
    assert full.phones_shown and all(r.phone.startswith("010-5") and "****" not in r.phone for r in full.rows)
    assert len(audit_rows(services.db, action="read")) == reads + 1
    assert "연락처 열람" in audit_rows(services.db, action="read")[-1].detail
    # a role that reads courses without contact details (none does today; the counselor's
    # role without them stands in) sees the phones masked and is refused them in full
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.COUNSELOR, ROLE_PERMISSIONS[Role.COUNSELOR] - {Perm.YOUTH_CONTACT})
    assert all("****" in r.phone for r in services.courses.results(env.counselor, cid).rows)
    with pytest.raises(PermissionDenied) as exc:
        services.courses.results(env.counselor, cid, with_phones=True)
    assert "연락처" in exc.value.message
    assert len(audit_rows(services.db, action="read")) == reads + 1
    printed = []
    services.courses.results(env.manager, cid, write=printed.append, purpose="합격자 안내 문자 발송")
    assert len(printed) == 1 and all("****" in r.phone for r in printed[0].rows)
    out = audit_rows(services.db, action="output")[-1]
    assert "선발 결과 명단 출력" in out.detail and "합격자 안내 문자 발송" in out.detail
    assert not any(r.phone in out.detail for r in full.rows)
