"""Enumerations of facilities and their rooms."""

from __future__ import annotations

from models.core.enums import LabeledEnum


class FacilityKind(LabeledEnum):
    CAMPUS = "campus"
    JOB_CAFE = "job_cafe"
    MATCHING_DESK = "matching_desk"

    @staticmethod
    def LABELS():
        return {"campus": "청년취업사관학교", "job_cafe": "일자리카페", "matching_desk": "매칭 전담창구"}


# the facilities that find companies and match youths to them (the matching desk and the
# job cafés); campuses run courses instead
MATCHING_KINDS = frozenset({FacilityKind.MATCHING_DESK, FacilityKind.JOB_CAFE})


class Operator(LabeledEnum):
    CITY = "city"
    DISTRICT = "district"
    CONTRACTOR = "contractor"

    @staticmethod
    def LABELS():
        return {"city": "시 직영", "district": "자치구 직영", "contractor": "위탁 운영"}


class FacilityStatus(LabeledEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"

    @staticmethod
    def LABELS():
        return {"planned": "개소 예정", "open": "운영 중", "closed": "운영 종료"}


class RoomKind(LabeledEnum):
    STUDY_ROOM = "study_room"
    MEETING_ROOM = "meeting_room"
    AI_BOOTH = "ai_booth"
    COUNSELING_ROOM = "counseling_room"

    @staticmethod
    def LABELS():
        return {"study_room": "스터디룸", "meeting_room": "회의실", "ai_booth": "AI 면접 부스",
                "counseling_room": "상담실"}
