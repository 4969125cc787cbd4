"""Enumerations of AI-interview booths: session types, slot states and sources, consultations."""

from __future__ import annotations

from models.core.enums import LabeledEnum


class SessionType(LabeledEnum):
    AI_INTERVIEW = "ai_interview"
    AI_COMPETENCY = "ai_competency"
    VIDEO_INTERVIEW = "video_interview"

    @staticmethod
    def LABELS():
        return {"ai_interview": "AI 면접체험", "ai_competency": "AI 역량검사",
                "video_interview": "화상면접(기업)"}


class SlotState(LabeledEnum):
    OPEN = "open"
    BLOCKED = "blocked"

    @staticmethod
    def LABELS():
        return {"open": "공개", "blocked": "차단"}


class SlotSource(LabeledEnum):
    TEMPLATE = "template"
    EXTRA = "extra"

    @staticmethod
    def LABELS():
        return {"template": "주간 템플릿", "extra": "추가 회차"}


class ConsultStatus(LabeledEnum):
    OPEN = "open"
    DONE = "done"

    @staticmethod
    def LABELS():
        return {"open": "대기", "done": "완료"}
