"""The facility a user who has chosen none starts in (issue 11, item 12): of the facilities
they work in, an operating one with the most active rooms."""

from __future__ import annotations

from models.facilities.enums import FacilityStatus


def _room(services, world, fid, name, kind="study_room"):
    return services.facilities.add_room(world.admin, fid, {"name": name, "kind": kind, "capacity": 1})


def test_the_facility_with_the_most_rooms_is_first(world, services):
    _room(services, world, world.b, "스터디룸 1")
    assert services.facilities.first_choice(world.admin) == "CAFE-B"
    for name in ("스터디룸 1", "AI 부스 1"):
        _room(services, world, world.a, name, "ai_booth" if "AI" in name else "study_room")
    assert services.facilities.first_choice(world.admin) == "CAFE-A"
    room = next(r for r in services.facilities.rooms(world.admin, world.a) if r.name == "스터디룸 1")
    services.facilities.update_room(world.admin, room.id, {"name": room.name, "kind": room.kind,
                                                           "capacity": 1, "is_active": False})
    _room(services, world, world.b, "스터디룸 2")
    assert services.facilities.first_choice(world.admin) == "CAFE-B", "inactive rooms do not count"


def test_only_an_open_facility_of_the_users_own(world, services):
    _room(services, world, world.b, "스터디룸 1")
    assert services.facilities.first_choice(world.admin) == "CAFE-B"
    assert services.facilities.first_choice(world.manager) == "CAFE-A", "the manager works at CAFE-A only"
    row = next(f for f in services.facilities.list_for(world.admin) if f.id == world.b)
    services.facilities.update(world.admin, world.b, row.as_input() | {"status": FacilityStatus.PLANNED})
    assert services.facilities.first_choice(world.admin) == "CAFE-A", "a planned facility is passed over"
