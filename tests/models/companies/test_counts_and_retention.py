"""Monthly counts come from the month's transitions (Asia/Seoul days), never from current
state: a referral of November hired in December counts as a referral in November and a
hire in December, and November's figures stay as they were. Companies found count by
their 발굴일. Totals equal the sum of their rows, 미분류 included; no names. Retention
follow-ups at 1, 3 and 6 months go into counseling's follow-up queue and leave it once
recorded. On both backends."""

from __future__ import annotations

from datetime import date

import pytest

from models.companies.enums import RetentionOutcome, Stage
from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.counseling.enums import FollowupStatus
from tests.factories.companies import CONTACT_NAME, TO_HIRED, company_data, refer, walk
from tests.factories.rooms import TODAY
from tests.models.util import count


def _totals_add_up(c) -> None:
    assert c.companies_found == sum(c.by("found_via").values())
    assert c.referrals == sum(c.by("referral").values())
    assert c.interviews == sum(c.by("interview").values())
    assert c.hires == sum(c.by("hire").values())


def test_counts_from_transitions_with_a_hire_in_the_next_month(services, world, mw, clock):
    cs = services.companies
    cs.create_company(world.counselor, world.a, company_data(2, found_via=None, found_on=date(2026, 11, 3)))
    cs.create_company(world.counselor, world.a, company_data(3, found_via="online", found_on=date(2026, 10, 31)))
    r1 = refer(services, world.counselor, world, mw.opening, mw.y1, channel="on_site", day=date(2026, 11, 20))
    r2 = refer(services, world.counselor, world, mw.opening, mw.y2, channel="online", day=date(2026, 11, 25))
    walk(services, world.counselor, r1, ["screening", "interview"], day=TODAY)
    nov = cs.monthly_counts(world.counselor, world.a, 2026, 11)
    assert (nov.companies_found, nov.referrals, nov.interviews, nov.hires) == (2, 2, 1, 0)
    assert nov.by("found_via") == {"on_site": 1, "unknown": 1}
    assert [r.label for r in nov.rows if r.key == "unknown"] == ["미분류"]
    assert nov.by("referral") == {"on_site": 1, "online": 1} and nov.by("interview") == {"on_site": 1}
    _totals_add_up(nov)
    clock.advance(days=7)  # 12-04
    walk(services, world.counselor, r1, ["passed", "hired"])
    walk(services, world.counselor, r2, ["withdrew"])
    dec = cs.monthly_counts(world.counselor, world.a, 2026, 12)
    assert (dec.referrals, dec.interviews, dec.hires) == (0, 0, 1) and dec.by("hire") == {"on_site": 1}
    _totals_add_up(dec)
    assert cs.monthly_counts(world.counselor, world.a, 2026, 11) == nov  # November unchanged
    assert cs.get_referral(world.counselor, r1).stage is Stage.HIRED
    oct_ = cs.monthly_counts(world.counselor, world.a, 2026, 10)
    assert oct_.companies_found == 1 and oct_.by("found_via") == {"online": 1}


def test_a_seoul_day_decides_the_month(services, world, mw, clock):
    """00:30 on 12-01 in Seoul is still 11-30 in UTC: the move counts in December."""
    from datetime import UTC, datetime
    clock.now = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    assert services.companies.history(world.counselor, rid)[0].happened_on == date(2026, 12, 1)
    assert services.companies.monthly_counts(world.counselor, world.a, 2026, 12).referrals == 1
    assert services.companies.monthly_counts(world.counselor, world.a, 2026, 11).referrals == 0


def test_city_wide_counts_and_who_may_see_them(services, world, mw):
    refer(services, world.counselor, world, mw.opening, mw.y1)
    b = services.companies.create_company(world.admin, world.b, company_data(9))
    ob = services.companies.open_job(world.admin, b, {"title": "디자이너", "employment_type": "intern"})
    services.companies.refer(world.admin, world.b, {"opening_id": ob, "youth_id": mw.y1, "channel": "city_programme",
                                                       "counselor_id": mw.b_counselor.user_id})
    city = services.companies.monthly_counts(world.admin, None, 2026, 11)
    assert city.referrals == 2 and city.companies_found == 2
    assert city.by("referral") == {"online": 1, "city_programme": 1}
    for actor in (world.counselor, world.front_desk):
        with pytest.raises(PermissionDenied):
            services.companies.monthly_counts(actor, None, 2026, 11)
    with pytest.raises(PermissionDenied):
        services.companies.monthly_counts(world.front_desk, world.a, 2026, 11)
    with pytest.raises(ValidationError):
        services.companies.monthly_counts(world.admin, world.a, 2026, 13)
    assert CONTACT_NAME not in repr(city) and "홍길동" not in repr(city)


def _followups(services, facility):
    from sqlmodel import select

    from models.counseling.tables import Followup
    return services.db.read(lambda s: [(f.id, f.youth_id, f.counselor_id, f.due_on, f.status) for f in s.exec(
        select(Followup).where(Followup.facility_id == facility).order_by(Followup.due_on)).all()])


def test_a_hire_puts_retention_followups_in_the_counselors_queue(services, world, mw, clock):
    cs = services.companies
    rid = refer(services, mw.counselor2, world, mw.opening, mw.y1, day=date(2026, 11, 2))
    walk(services, mw.counselor2, rid, TO_HIRED)  # hired today, 11-27
    checks = cs.referral_retention(mw.counselor2, rid)
    assert [(c.months, c.due_on, c.outcome) for c in checks] == [
        (1, date(2026, 12, 27), None), (3, date(2027, 2, 27), None), (6, date(2027, 5, 27), None)]
    queue = services.counseling.followups(mw.counselor2, world.a, until=date(2027, 6, 1))
    assert [(f.id, f.youth_id, f.due_on) for f in queue] == [(c.followup_id, mw.y1, c.due_on) for c in checks]
    assert services.counseling.followups(world.counselor, world.a, until=date(2027, 6, 1)) == []
    assert cs.retention_checks(mw.counselor2, world.a) == []  # none due yet
    clock.advance(days=31)
    (due,) = cs.retention_checks(mw.counselor2, world.a)
    assert due.months == 1 and due.youth_name and due.company_name
    cs.record_retention(mw.counselor2, due.id, "employed")
    with pytest.raises(Conflict):
        cs.record_retention(mw.counselor2, due.id, "employed")
    queue = services.counseling.followups(mw.counselor2, world.a, until=date(2027, 6, 1))
    assert [f.due_on for f in queue] == [date(2027, 2, 27), date(2027, 5, 27)]
    three = checks[1].id
    with pytest.raises(ValidationError) as exc:
        cs.record_retention(mw.counselor2, three, "left")
    assert "left_on" in exc.value.errors
    with pytest.raises(ValidationError):
        cs.record_retention(mw.counselor2, three, "left", left_on=date(2026, 11, 1))  # before the hire
    cs.record_retention(mw.counselor2, three, "left", left_on=date(2026, 12, 20))
    after = cs.referral_retention(mw.counselor2, rid)
    assert [(c.outcome, c.left_on) for c in after] == [
        (RetentionOutcome.EMPLOYED, None), (RetentionOutcome.LEFT, date(2026, 12, 20)),
        (RetentionOutcome.LEFT, date(2026, 12, 20))]
    assert services.counseling.followups(mw.counselor2, world.a, until=date(2027, 6, 1)) == []
    assert {f[4] for f in _followups(services, world.a)} == {FollowupStatus.CANCELLED}
    # closed when the checks were recorded: the monthly summary reads that time
    from sqlmodel import select

    from models.counseling.tables import Followup
    closed = services.db.read(lambda s: s.exec(select(Followup.cancelled_at).where(
        Followup.facility_id == world.a)).all())
    assert closed and set(closed) == {clock()}
    with pytest.raises(PermissionDenied):
        cs.record_retention(world.front_desk, checks[0].id, "employed")


def test_a_followup_completed_by_a_session_stays_done(services, world, mw):
    """The counselor calls the youth and logs it, completing the follow-up; recording the
    check afterwards leaves it 완료."""
    cs = services.companies
    rid = refer(services, world.counselor, world, mw.opening, mw.y1, day=date(2026, 10, 1))
    walk(services, world.counselor, rid, TO_HIRED, day=date(2026, 10, 20))
    first = cs.referral_retention(world.counselor, rid)[0]
    services.counseling.log_session(world.counselor, world.a, {
        "youth_id": mw.y1, "mode": "phone", "kind": "aftercare", "summary": "재직 확인",
        "completes_followup_id": first.followup_id})
    cs.record_retention(world.counselor, first.id, "employed")
    status = {f[0]: f[4] for f in _followups(services, world.a)}
    assert status[first.followup_id] is FollowupStatus.DONE


def test_months_end_on_the_last_day():
    from models.companies.access import add_months
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 27), 3) == date(2027, 2, 27)
    assert add_months(date(2027, 12, 31), 1) == date(2028, 1, 31)


def test_retention_rows_survive_only_while_hired(services, world, mw):
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    walk(services, world.counselor, rid, TO_HIRED)
    assert count(services.db, "retention_check") == 3
    version = services.companies.get_referral(world.manager, rid).version
    services.companies.move(world.manager, rid, "passed", version, override_reason="입사일 정정 전 되돌림")
    assert count(services.db, "retention_check") == 0
    assert services.counseling.followups(world.counselor, world.a, until=date(2027, 6, 1)) == []
