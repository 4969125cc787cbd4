"""Enumerations of room bookings: purposes and waitlist states."""

from __future__ import annotations

from models.core.enums import LabeledEnum


class Purpose(LabeledEnum):
    STUDY = "study"
    MEETING = "meeting"
    INTERVIEW_PRACTICE = "interview_practice"
    COUNSELING = "counseling"
    OTHER = "other"

    @staticmethod
    def LABELS():
        return {"study": "스터디", "meeting": "회의", "interview_practice": "모의면접 연습",
                "counseling": "상담", "other": "기타"}


class WaitStatus(LabeledEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    BOOKED = "booked"
    WITHDRAWN = "withdrawn"

    @staticmethod
    def LABELS():
        return {"waiting": "대기", "offered": "제안됨", "booked": "예약 완료", "withdrawn": "취소"}
