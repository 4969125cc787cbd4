"""The youth's own requests (PIPA §35–37): 정정 is audited, 삭제 destroys one record with its
ledger row, 동의 철회 is recorded with its day and stops every booking."""

from __future__ import annotations

import pytest

from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.lifecycle.privacy import PrivacyService
from models.lifecycle.requests import DESTROYED, WITHDRAWN
from models.lifecycle.tables import DestructionReason
from tests.factories import booths as booth_f
from tests.factories import rooms as room_f
from tests.factories.world import youth_data
from tests.models.util import audit_rows


@pytest.fixture
def privacy(services) -> PrivacyService:
    return PrivacyService.of(services)


def test_a_correction_is_audited_with_masked_values(services, world):
    y = services.youth.create(world.front_desk, world.a, youth_data())
    services.youth.update(world.front_desk, world.a, y, youth_data(name="홍길순"))
    row = [r for r in audit_rows(services.db, entity="youth", action="update") if r.entity_id == str(y)][-1]
    assert row.username == "frontdesk"
    assert "홍길순" not in str(row.new_values) and "홍길동" not in str(row.old_values)


def test_a_withdrawn_youth_cannot_be_booked_in_rooms_or_booths(services, world, privacy):
    room = room_f.add_room(services, world)
    desk = booth_f.make_desk(services, world)
    y = desk.y1
    privacy.withdraw_consent(world.front_desk, world.a, y)
    assert privacy.state(world.front_desk, world.a, y).withdrawn_on is not None
    with pytest.raises(ValidationError) as err:
        room_f.book(services, world.front_desk, world.a, room, y)
    assert err.value.errors["youth_id"] == WITHDRAWN
    with pytest.raises(ValidationError) as err:
        booth_f.book(services, world, desk, y)
    assert err.value.errors["youth_id"] == WITHDRAWN
    with pytest.raises(Conflict, match="이미"):
        privacy.withdraw_consent(world.front_desk, world.a, y)
    # another youth still books; the withdrawal is in the audit log
    assert room_f.book(services, world.front_desk, world.a, room, desk.y2)
    assert any("동의 철회" in (r.detail or "") for r in audit_rows(services.db, entity="youth"))
    # and it is proposed for destruction
    assert [r.youth_id for r in privacy.review(world.manager, world.a)] == [y]


def test_deletion_on_request_destroys_one_record_and_it_stays_unbookable(services, world, privacy):
    room = room_f.add_room(services, world)
    y = room_f.add_youth(services, world, 0)
    booked = room_f.book(services, world.front_desk, world.a, room, y)
    with pytest.raises(PermissionDenied):
        privacy.delete_on_request(world.front_desk, world.a, y)

    result = privacy.delete_on_request(world.manager, world.a, y)

    assert result.records == 1
    kept = services.rooms.get(world.front_desk, booked)  # the booking keeps pointing to the stub
    assert kept.youth_id == y and kept.youth_masked != "홍*동"
    assert [r.reason for r in privacy.ledger(world.manager, world.a)] == [DestructionReason.REQUEST]
    with pytest.raises(ValidationError) as err:
        room_f.book(services, world.front_desk, world.a, room, y, start="16:00", end="17:00")
    assert err.value.errors["youth_id"] == DESTROYED
    with pytest.raises(Conflict, match="파기된 기록"):  # the stub is not edited back to life
        services.youth.update(world.manager, world.a, y, youth_data(name="다시살림"), allow_duplicate=True)
    assert services.youth.search(world.manager, world.a, "다시살림") == []


def test_a_withdrawn_youth_gets_no_series_and_no_place_on_the_waitlist(services, world, privacy):
    from datetime import date
    desk = room_f.make_desk(services, world)
    privacy.withdraw_consent(world.front_desk, world.a, desk.y1)
    weekly = {**room_f.req(desk.room, desk.y1, day=date(2026, 12, 1)), "weeks": 4}
    with pytest.raises(ValidationError) as err:
        services.room_series.create(world.front_desk, world.a, weekly, skip_conflicts=True)
    assert err.value.errors["youth_id"] == WITHDRAWN
    with pytest.raises(ValidationError) as err:
        services.room_waitlist.add(world.front_desk, world.a, {
            "room_id": desk.room, "youth_id": desk.y1, "day": date(2026, 12, 1), "start": "14:00",
            "end": "16:00"})
    assert err.value.errors["youth_id"] == WITHDRAWN
    assert services.room_series.create(world.front_desk, world.a, {**weekly, "youth_id": desk.y2},
                                       skip_conflicts=True).created


def test_a_withdrawn_youth_cannot_apply_to_a_course_alone_or_in_an_import(services, world, privacy):
    from tests.models.courses.builders import applicants, make_campus, open_course
    env = make_campus(services, world)
    course = open_course(services, env)
    (first,) = applicants(services, env, course, 1)
    youth = next(a.youth_id for a in services.courses.applications(env.manager, course) if a.id == first)
    other = services.youth.create(env.admin, env.a, youth_data(name="김신청", phone="010-4444-0001"))
    privacy.withdraw_consent(env.manager, env.a, other)
    day = services.courses.get_course(env.manager, course).apply_from
    with pytest.raises(ValidationError) as err:
        services.courses.apply(env.manager, course, {"youth_id": other, "applied_on": day, "channel": "online"})
    assert err.value.errors["youth_id"] == WITHDRAWN
    with pytest.raises(ValidationError) as err:
        services.courses.apply_many(env.manager, course, [{"youth_id": other, "applied_on": day,
                                                           "channel": "online"}])
    assert err.value.errors["rows[0].youth_id"] == WITHDRAWN
    assert [a.youth_id for a in services.courses.applications(env.manager, course)] == [youth]
