"""Reads the 기업 page needs: the facility's matching staff (the 담당 상담사 choices) and
the names of the youths registered for a matching day. On both backends."""

from __future__ import annotations

import pytest

from models.core.errors import PermissionDenied
from tests.factories.rooms import TODAY


def test_match_staff_are_the_counselors_and_managers_of_the_facility(services, world, mw):
    staff = services.companies.match_staff(world.counselor, world.a)
    ids = [uid for uid, _ in staff]
    assert set(ids) == {world.counselor.user_id, world.manager.user_id, mw.counselor2.user_id}
    assert world.front_desk.user_id not in ids and mw.b_counselor.user_id not in ids
    assert [name for _, name in staff] == sorted(name for _, name in staff)
    assert dict(staff)[mw.counselor2.user_id] == "counselor2 직원"
    with pytest.raises(PermissionDenied):
        services.companies.match_staff(world.front_desk, world.a)
    with pytest.raises(PermissionDenied):
        services.companies.match_staff(mw.b_counselor, world.a)


def test_a_matching_day_names_its_registered_youths(services, world, mw):
    cs = services.companies
    did = cs.create_matching_day(world.counselor, world.a, {"title": "매칭데이", "held_on": TODAY})
    cs.register_youth(world.counselor, did, mw.y2)
    cs.register_youth(world.counselor, did, mw.y1)
    day = cs.matching_day(world.counselor, did)
    assert day.youth_ids == tuple(sorted((mw.y1, mw.y2)))
    names = {y.id: y.name for y in (services.youth.get(world.counselor, world.a, mw.y1),
                                    services.youth.get(world.counselor, world.a, mw.y2))}
    assert day.youth_names == tuple(names[y] for y in day.youth_ids)
    assert all(day.youth_names)


def test_a_referral_says_which_moves_the_rules_allow_and_which_need_an_override(services, world, mw):
    from models.companies.enums import Stage
    from tests.factories.companies import refer
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    as_counselor = services.companies.get_referral(world.counselor, rid)
    as_manager = services.companies.get_referral(world.manager, rid)
    ruled = (Stage.SCREENING, Stage.REJECTED, Stage.WITHDREW, Stage.COMPANY_CANCELLED)
    assert as_counselor.ruled_stages == as_manager.ruled_stages == ruled
    assert as_counselor.next_stages == ruled  # a counselor: only what the rules allow
    assert Stage.INTERVIEW in as_manager.next_stages and Stage.INTERVIEW not in as_manager.ruled_stages
    assert services.companies.get_referral(world.admin, rid).ruled_stages == ruled


def test_the_timeline_puts_moves_made_at_one_instant_newest_first(services, world, mw):
    """The clock stands still in the tests, as a matching day's result writes 면접 and 합격
    in one transaction: the later move still comes first."""
    from tests.factories.companies import TO_HIRED, refer, walk
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    walk(services, world.counselor, rid, TO_HIRED)
    titles = [i.title.rsplit(" · ", 1)[1] for i in services.companies.timeline(world.counselor, world.a, mw.y1)]
    assert titles == ["입사", "합격", "면접", "서류 전형", "추천"]
