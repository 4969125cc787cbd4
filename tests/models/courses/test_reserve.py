"""Acceptance and the reserve list: confirm and decline; the first reserve offered the
place when a selected applicant declines, when a trainee does not show up on the first day
and when one drops out in the early window (not later); the offer's reply deadline passing
under the fake clock hands it to the next reserve; a reserve declining; no reserve left;
the manager's direct promotion with a reason; every promotion in the audit log. On both
backends."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models.core.errors import Conflict, ValidationError
from models.courses.enums import (
    ApplicationStatus,
    EnrollmentStatus,
    OfferStatus,
    VacancyReason,
    VacancyStatus,
)
from tests.factories.rooms import at
from tests.models.courses.builders import START, selected_course, training_course
from tests.models.util import audit_rows


def _v(services, env, aid):
    return services.courses.get_application(env.manager, aid).version


def _status(services, env, aid):
    return services.courses.get_application(env.manager, aid).status


def test_confirm_makes_a_trainee_and_decline_offers_the_first_reserve(services, env, clock):
    sc = selected_course(services, env, clock, places=5, n=10, reserve_pct=40)  # reserves: 2
    cs = services.courses
    apps = sc.apps
    eid = cs.confirm(env.manager, apps[0], _v(services, env, apps[0]))
    assert [t.enrollment_id for t in cs.trainees(env.counselor, sc.course)] == [eid]
    assert [(_status(services, env, a), cs.get_application(env.manager, a).reserve_rank) for a in apps[5:8]] == [
        (ApplicationStatus.RESERVE, 1), (ApplicationStatus.RESERVE, 2), (ApplicationStatus.NOT_SELECTED, None)]
    cs.decline(env.manager, apps[1], _v(services, env, apps[1]))
    assert _status(services, env, apps[1]) is ApplicationStatus.DECLINED
    [vacancy] = cs.vacancies(env.manager, sc.course)
    assert (vacancy.reason, vacancy.status, vacancy.freed_by) == (VacancyReason.DECLINED, VacancyStatus.OPEN, apps[1])
    [offer] = vacancy.offers
    assert offer.application_id == apps[5] and offer.reply_by == date(2026, 12, 3)  # 12-01 + 2 days
    new = cs.accept_offer(env.manager, offer.id)
    assert _status(services, env, apps[5]) is ApplicationStatus.CONFIRMED
    [vacancy] = cs.vacancies(env.manager, sc.course)
    assert vacancy.status is VacancyStatus.FILLED and vacancy.filled_by == apps[5]
    assert new in [t.enrollment_id for t in cs.trainees(env.manager, sc.course)]
    assert cs.get_course(env.manager, sc.course).selected == 6  # five selected and one promoted reserve
    inserted = [r for r in audit_rows(services.db, entity="course_offer") if r.action == "insert"]
    assert len(inserted) == 1 and inserted[0].username == "cmanager"
    assert inserted[0].new_values["application_id"] == apps[5]
    with pytest.raises(Conflict):
        cs.accept_offer(env.manager, offer.id)


def test_an_offer_past_its_deadline_passes_to_the_next_reserve(services, env, clock):
    sc = selected_course(services, env, clock, places=5, n=10, reserve_pct=40)
    cs = services.courses
    cs.decline(env.manager, sc.apps[0], _v(services, env, sc.apps[0]))
    first = cs.open_offers(env.manager, sc.course)[0]
    clock.now = at(first.reply_by, "23:30")  # still the deadline's day
    assert cs.open_offers(env.counselor, sc.course) == [first]
    clock.now = at(first.reply_by + timedelta(days=1), "09:00")
    [second] = cs.open_offers(env.counselor, sc.course)  # read by a counselor: looked at lazily
    assert second.application_id == sc.apps[6] and second.reply_by == first.reply_by + timedelta(days=3)
    assert _status(services, env, sc.apps[5]) is ApplicationStatus.LAPSED
    offers = cs.vacancies(env.manager, sc.course)[0].offers
    assert [o.status for o in offers] == [OfferStatus.EXPIRED, OfferStatus.OPEN]
    rows = [r for r in audit_rows(services.db, entity="course_offer")]
    assert [r.action for r in rows] == ["insert", "update", "insert"]
    assert rows[1].new_values == {"status": "expired", "answered_at": rows[1].new_values["answered_at"]}
    assert rows[2].username == "ccounselor"  # whose read found the offer expired
    with pytest.raises(Conflict) as exc:  # the expired one can no longer be taken
        cs.accept_offer(env.manager, first.id)
    assert "기한이 지나" in exc.value.message
    # the second runs out too: nobody is left, the place stays unfilled
    clock.now = at(second.reply_by + timedelta(days=1), "09:00")
    assert cs.open_offers(env.manager, sc.course) == []
    assert cs.vacancies(env.manager, sc.course)[0].status is VacancyStatus.UNFILLED


def test_a_reserve_declining_passes_the_offer_on(services, env, clock):
    sc = selected_course(services, env, clock, places=5, n=10, reserve_pct=40)
    cs = services.courses
    cs.decline(env.manager, sc.apps[2], _v(services, env, sc.apps[2]))
    cs.decline_offer(env.manager, cs.open_offers(env.manager, sc.course)[0].id)
    assert _status(services, env, sc.apps[5]) is ApplicationStatus.DECLINED
    assert cs.open_offers(env.manager, sc.course)[0].application_id == sc.apps[6]


def test_no_show_on_the_first_day_frees_the_place(services, env, clock):
    sc = training_course(services, env, clock, places=5, n=7)
    cs = services.courses
    t = {x.enrollment_id: x for x in cs.trainees(env.manager, sc.course)}
    eid = sc.trainees[3]
    clock.now = at(START - timedelta(days=3), "10:00")
    with pytest.raises(ValidationError) as exc:
        cs.mark_no_show(env.manager, eid, t[eid].version)
    assert "첫날" in exc.value.errors["enrollment_id"]
    clock.now = at(START, "11:00")
    cs.mark_no_show(env.manager, eid, t[eid].version)
    trainee = {x.enrollment_id: x for x in cs.trainees(env.manager, sc.course)}[eid]
    assert trainee.status is EnrollmentStatus.NO_SHOW
    [vacancy] = cs.vacancies(env.manager, sc.course)
    assert vacancy.reason is VacancyReason.NO_SHOW and vacancy.offers[0].application_id == sc.apps[5]
    assert eid not in [r.enrollment_id for r in cs.roll(env.manager, sc.course, START).rows]
    joined = cs.accept_offer(env.manager, vacancy.offers[0].id)
    promoted = {x.enrollment_id: x for x in cs.trainees(env.manager, sc.course)}[joined]
    assert promoted.joined_on == START
    assert cs.course_funnel(env.manager, sc.course).enrolled == 5  # the no-show is not enrolled


def test_a_drop_out_frees_the_place_only_in_the_early_window(services, env, clock):
    sc = training_course(services, env, clock, places=5, n=7)  # 38 teaching days: the window is 4 days
    cs = services.courses
    clock.now = at(date(2026, 12, 10), "15:00")  # the 4th teaching day
    cs.drop_out(env.manager, sc.trainees[0], 1, on=date(2026, 12, 10), reason="personal", note="가정 사정")
    assert cs.vacancies(env.manager, sc.course)[0].reason is VacancyReason.DROPPED
    offer = cs.open_offers(env.manager, sc.course)[0]
    clock.now = at(date(2026, 12, 11), "10:00")  # past the window: the offer's answer is still taken
    late = cs.accept_offer(env.manager, offer.id)
    assert {x.enrollment_id: x for x in cs.trainees(env.manager, sc.course)}[late].joined_on == date(2026, 12, 11)
    cs.drop_out(env.manager, sc.trainees[1], 1, on=date(2026, 12, 11), reason="employed")
    assert len(cs.vacancies(env.manager, sc.course)) == 1  # no second vacancy
    rows = {x.enrollment_id: x for x in cs.trainees(env.manager, sc.course)}
    assert rows[sc.trainees[1]].status is EnrollmentStatus.DROPPED and rows[sc.trainees[1]].drop_reason.label == "취업"
    for bad, field in ((dict(on=date(2026, 12, 12), reason="personal"), "on"),  # tomorrow
                       (dict(on=date(2026, 12, 4), reason="personal"), "on"),  # before joining
                       (dict(on=date(2026, 12, 11), reason="bored"), "reason")):
        with pytest.raises(ValidationError) as exc:
            cs.drop_out(env.manager, sc.trainees[2], 1, **bad)
        assert field in exc.value.errors
    assert rows[sc.trainees[2]].status is EnrollmentStatus.ENROLLED


def test_the_managers_direct_promotion_needs_a_reason_and_ends_the_open_offer(services, env, clock):
    sc = selected_course(services, env, clock, places=5, n=10, reserve_pct=40)
    cs = services.courses
    cs.decline(env.manager, sc.apps[0], _v(services, env, sc.apps[0]))
    [vacancy] = cs.vacancies(env.manager, sc.course)
    with pytest.raises(ValidationError) as exc:
        cs.promote(env.manager, vacancy.id, sc.apps[6], " ")
    assert "충원 사유" in exc.value.errors["reason"]
    with pytest.raises(ValidationError) as exc:
        cs.promote(env.manager, vacancy.id, sc.apps[7], "미선발자")
    assert "예비합격 상태" in exc.value.errors["application_id"]
    cs.promote(env.manager, vacancy.id, sc.apps[6], "1순위 연락 두절, 2순위 방문 수락")
    [vacancy] = cs.vacancies(env.manager, sc.course)
    assert vacancy.status is VacancyStatus.FILLED and vacancy.filled_by == sc.apps[6]
    assert [o.status for o in vacancy.offers] == [OfferStatus.SUPERSEDED, OfferStatus.ACCEPTED]
    assert vacancy.offers[1].reason == "1순위 연락 두절, 2순위 방문 수락"
    assert "연락 두절" not in str([r.new_values for r in audit_rows(services.db, entity="course_offer")])
    assert _status(services, env, sc.apps[5]) is ApplicationStatus.RESERVE  # still on the list
    assert [r.detail for r in audit_rows(services.db, entity="course_vacancy", action="update") if r.detail] == [
        "예비합격 2순위 직접 충원 (사유 기록됨)"]
    with pytest.raises(Conflict):
        cs.promote(env.manager, vacancy.id, sc.apps[5], "재충원")


def test_promoting_the_reserve_offered_the_place_accepts_their_offer(services, env, clock):
    sc = selected_course(services, env, clock, places=5, n=10, reserve_pct=40)
    cs = services.courses
    cs.decline(env.manager, sc.apps[0], _v(services, env, sc.apps[0]))
    [vacancy] = cs.vacancies(env.manager, sc.course)
    cs.promote(env.manager, vacancy.id, vacancy.offers[0].application_id, "전화로 수락 의사 확인")
    [vacancy] = cs.vacancies(env.manager, sc.course)
    assert [(o.application_id, o.status) for o in vacancy.offers] == [(sc.apps[5], OfferStatus.ACCEPTED)]
    assert vacancy.filled_by == sc.apps[5] and _status(services, env, sc.apps[5]) is ApplicationStatus.CONFIRMED
