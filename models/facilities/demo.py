"""Demo rooms: every open facility gets the rooms of its kind (cafés: study rooms, a meeting
room, AI-interview booths and counseling rooms; campuses and the matching desk theirs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.facilities.enums import FacilityKind, FacilityStatus, RoomKind

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services

CAFE_ROOMS = [("스터디룸 A", RoomKind.STUDY_ROOM, 4), ("스터디룸 B", RoomKind.STUDY_ROOM, 6),
              ("스터디룸 C", RoomKind.STUDY_ROOM, 6), ("스터디룸 D", RoomKind.STUDY_ROOM, 8),
              ("회의실", RoomKind.MEETING_ROOM, 12), ("AI 면접 부스 1", RoomKind.AI_BOOTH, 1),
              ("AI 면접 부스 2", RoomKind.AI_BOOTH, 1), ("AI 면접 부스 3", RoomKind.AI_BOOTH, 1),
              ("상담실 1", RoomKind.COUNSELING_ROOM, 2), ("상담실 2", RoomKind.COUNSELING_ROOM, 2)]
CAMPUS_ROOMS = [("강의실 1", RoomKind.MEETING_ROOM, 30), ("팀 프로젝트룸", RoomKind.STUDY_ROOM, 8),
                ("상담실", RoomKind.COUNSELING_ROOM, 2)]
DESK_ROOMS = [(f"상담실 {i}", RoomKind.COUNSELING_ROOM, 2) for i in range(1, 5)]
# the city-scale demo: a café's study rooms as the city's larger cafés have them
CITY_EXTRA_CAFE_ROOMS = [("스터디룸 E", RoomKind.STUDY_ROOM, 4), ("스터디룸 F", RoomKind.STUDY_ROOM, 4),
                         ("스터디룸 G", RoomKind.STUDY_ROOM, 6), ("스터디룸 H", RoomKind.STUDY_ROOM, 8)]


def add_rooms(services: Services, admin, facilities, extra_cafe_rooms=()) -> int:
    """Rooms for every open facility in ``facilities`` (FacilityRow), cafés with
    ``extra_cafe_rooms`` besides; returns how many."""
    rooms = 0
    for f in facilities:
        if f.status is not FacilityStatus.OPEN:
            continue
        layout = {FacilityKind.JOB_CAFE: CAFE_ROOMS + list(extra_cafe_rooms), FacilityKind.CAMPUS: CAMPUS_ROOMS,
                  FacilityKind.MATCHING_DESK: DESK_ROOMS}[f.kind]
        for name, kind, cap in layout:
            services.facilities.add_room(admin, f.id, {"name": name, "kind": kind, "capacity": cap})
            rooms += 1
    return rooms
