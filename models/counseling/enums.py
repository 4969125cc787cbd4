"""Enumerations of counseling: session modes, types and topics, group-session kinds, case
stages and outcomes, follow-up states, addendum targets."""

from __future__ import annotations

from models.core.enums import LabeledEnum


class Mode(LabeledEnum):
    """How a session was held. 대면 is in person; the other three are 비대면 (remote)."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    ONLINE = "online"

    @staticmethod
    def LABELS():
        return {"in_person": "대면", "phone": "비대면(전화)", "video": "비대면(화상)",
                "online": "비대면(온라인·메신저)"}

    @property
    def in_person(self) -> bool:
        return self is Mode.IN_PERSON


class SessionKind(LabeledEnum):
    INITIAL = "initial"
    DEEP = "deep"
    PLAN_REVIEW = "plan_review"
    RESUME = "resume"
    INTERVIEW_PREP = "interview_prep"
    AI_INTERVIEW_REVIEW = "ai_review"
    JOB_INFO = "job_info"
    AFTERCARE = "aftercare"

    @staticmethod
    def LABELS():
        return {"initial": "초기상담", "deep": "심화상담", "plan_review": "취업활동계획 점검",
                "resume": "이력서·자기소개서", "interview_prep": "면접 준비",
                "ai_review": "AI 면접 결과 상담", "job_info": "취업정보 제공", "aftercare": "사후관리"}


class Topic(LabeledEnum):
    CAREER = "career"
    JOB_SKILLS = "job_skills"
    JOB_SEARCH = "job_search"
    STARTUP = "startup"
    HOUSING = "housing"
    LIVING = "living"
    FINANCE = "finance"
    MENTAL_HEALTH = "mental_health"
    HEALTH = "health"

    @staticmethod
    def LABELS():
        return {"career": "진로·직무탐색", "job_skills": "구직기술", "job_search": "구직활동·취업정보",
                "startup": "창업", "housing": "주거", "living": "생활지원", "finance": "금융·부채",
                "mental_health": "마음건강", "health": "건강·장애"}

    @property
    def sensitive(self) -> bool:
        """민감정보 (개인정보 보호법 제23조): needs the youth's separate consent."""
        return self in SENSITIVE_TOPICS


SENSITIVE_TOPICS = frozenset({Topic.MENTAL_HEALTH, Topic.HEALTH})


class GroupKind(LabeledEnum):
    MENTORING = "mentoring"
    LECTURE = "lecture"
    GROUP_COUNSELING = "group_counseling"
    LIVE_LECTURE = "live_lecture"

    @staticmethod
    def LABELS():
        return {"mentoring": "현직자 멘토링", "lecture": "취업특강", "group_counseling": "그룹상담",
                "live_lecture": "취업 라이브 특강"}


class CaseStage(LabeledEnum):
    """The stage of an open case; a closed case shows CLOSED_LABEL (취업/종결)."""

    INITIAL = "initial"
    DEEP = "deep"
    MATCHING = "matching"

    @staticmethod
    def LABELS():
        return {"initial": "초기상담", "deep": "심화상담", "matching": "집중매칭"}


CLOSED_LABEL = "취업/종결"


class CaseStatus(LabeledEnum):
    OPEN = "open"
    CLOSED = "closed"

    @staticmethod
    def LABELS():
        return {"open": "진행", "closed": "종결"}


class Outcome(LabeledEnum):
    EMPLOYED = "employed"
    STARTUP = "startup"
    EDUCATION = "education"
    LOST_CONTACT = "lost_contact"
    WITHDREW = "withdrew"
    OTHER = "other"

    @staticmethod
    def LABELS():
        return {"employed": "취업", "startup": "창업", "education": "진학", "lost_contact": "연락두절",
                "withdrew": "본인 중단", "other": "기타"}


class CaseEventKind(LabeledEnum):
    OPEN = "open"
    ASSIGN = "assign"
    TAKE = "take"
    TRANSFER = "transfer"
    STAGE = "stage"
    CLOSE = "close"
    REOPEN = "reopen"

    @staticmethod
    def LABELS():
        return {"open": "사례 등록", "assign": "배정", "take": "직접 맡음", "transfer": "이관",
                "stage": "단계 변경", "close": "종결", "reopen": "재개"}


class FollowupStatus(LabeledEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"

    @staticmethod
    def LABELS():
        return {"open": "예정", "done": "완료", "cancelled": "취소"}


class AddendumTarget(LabeledEnum):
    """Which part of a locked session an addendum adds to: the summary (and next step) is
    seen by the facility's counselors; the confidential note only by its readers."""

    SUMMARY = "summary"
    NOTE = "note"

    @staticmethod
    def LABELS():
        return {"summary": "상담 요약", "note": "비공개 메모"}
