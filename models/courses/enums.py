"""Enumerations of training courses (교육과정): fields, course states and their allowed
moves, application channels and states, the three selection stages and how each is
scored, enrollment states, drop-out reasons, attendance kinds, the reserve offers and the
vacancies they fill, and employment outcomes."""

from __future__ import annotations

from models.core.enums import LabeledEnum


class CourseField(LabeledEnum):
    SW = "sw"
    DT = "dt"
    OTHER = "other"

    @staticmethod
    def LABELS():
        return {"sw": "SW", "dt": "DT", "other": "기타"}


class CourseStatus(LabeledEnum):
    """계획 → 모집중 → 선발중 → 교육중 → 종료, or 취소 before the training ends."""

    PLANNED = "planned"
    RECRUITING = "recruiting"
    SELECTING = "selecting"
    TRAINING = "training"
    ENDED = "ended"
    CANCELLED = "cancelled"

    @staticmethod
    def LABELS():
        return {"planned": "계획", "recruiting": "모집중", "selecting": "선발중", "training": "교육중",
                "ended": "종료", "cancelled": "취소"}


COURSE_MOVES: dict[CourseStatus, frozenset[CourseStatus]] = {
    CourseStatus.PLANNED: frozenset({CourseStatus.RECRUITING, CourseStatus.CANCELLED}),
    CourseStatus.RECRUITING: frozenset({CourseStatus.SELECTING, CourseStatus.CANCELLED}),
    CourseStatus.SELECTING: frozenset({CourseStatus.TRAINING, CourseStatus.CANCELLED}),
    CourseStatus.TRAINING: frozenset({CourseStatus.ENDED}),
    CourseStatus.ENDED: frozenset(),
    CourseStatus.CANCELLED: frozenset(),
}


class ApplyChannel(LabeledEnum):
    ONLINE = "online"
    ON_SITE = "on_site"
    REFERRAL = "referral"
    IMPORTED = "imported"

    @staticmethod
    def LABELS():
        return {"online": "온라인 접수", "on_site": "현장 접수", "referral": "기관 추천", "imported": "접수 파일 가져오기"}


class ApplicationStatus(LabeledEnum):
    """지원 (in selection) or 지원 취소; after the selection 합격 / 예비합격 / 미선발; a
    place taken (등록 확정) or given up (포기), or a reserve's offer left unanswered past its
    deadline (응답 기한 경과)."""

    APPLIED = "applied"
    WITHDRAWN = "withdrawn"
    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    LAPSED = "lapsed"

    @staticmethod
    def LABELS():
        return {"applied": "지원", "withdrawn": "지원 취소", "selected": "합격", "reserve": "예비합격",
                "not_selected": "미선발", "confirmed": "등록 확정", "declined": "포기", "lapsed": "응답 기한 경과"}


class SelectionResult(LabeledEnum):
    """What the selection decided for an application, kept as it was decided."""

    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"

    @staticmethod
    def LABELS():
        return {"selected": "합격", "reserve": "예비합격", "not_selected": "미선발"}


class Stage(LabeledEnum):
    """The three selection stages, in order: 서류 → 실무역량평가 → 최종면접."""

    DOCUMENTS = "documents"
    SKILLS = "skills"
    INTERVIEW = "interview"

    @staticmethod
    def LABELS():
        return {"documents": "서류", "skills": "실무역량평가", "interview": "최종면접"}

    @property
    def order(self) -> int:
        return STAGES.index(self)


STAGES = (Stage.DOCUMENTS, Stage.SKILLS, Stage.INTERVIEW)


class StageMode(LabeledEnum):
    SCORE = "score"
    PASS_FAIL = "pass_fail"

    @staticmethod
    def LABELS():
        return {"score": "점수(0~100)", "pass_fail": "합격/불합격"}


class EnrollmentStatus(LabeledEnum):
    ENROLLED = "enrolled"
    NO_SHOW = "no_show"
    DROPPED = "dropped"
    COMPLETED = "completed"
    NOT_COMPLETED = "not_completed"

    @staticmethod
    def LABELS():
        return {"enrolled": "수강중", "no_show": "첫날 불참", "dropped": "중도탈락", "completed": "수료",
                "not_completed": "미수료"}


ON_ROLL = frozenset({EnrollmentStatus.ENROLLED, EnrollmentStatus.DROPPED, EnrollmentStatus.COMPLETED,
                     EnrollmentStatus.NOT_COMPLETED})


class DropReason(LabeledEnum):
    EMPLOYED = "employed"
    PERSONAL = "personal"
    ATTENDANCE = "attendance"
    OTHER = "other"

    @staticmethod
    def LABELS():
        return {"employed": "취업", "personal": "개인사정", "attendance": "출석 미달", "other": "기타"}


class Attendance(LabeledEnum):
    """A trainee's mark on a day's roll. 출석 is the default and is not stored; 공결 needs a
    reason."""

    PRESENT = "present"
    LATE = "late"
    EARLY_LEAVE = "early_leave"
    ABSENT = "absent"
    EXCUSED = "excused"

    @staticmethod
    def LABELS():
        return {"present": "출석", "late": "지각", "early_leave": "조퇴", "absent": "결석", "excused": "공결"}


class VacancyReason(LabeledEnum):
    """Why a place was freed for the reserve list."""

    DECLINED = "declined"
    NO_SHOW = "no_show"
    DROPPED = "dropped"

    @staticmethod
    def LABELS():
        return {"declined": "합격자 포기", "no_show": "첫날 불참", "dropped": "초기 중도탈락"}


class VacancyStatus(LabeledEnum):
    OPEN = "open"
    FILLED = "filled"
    UNFILLED = "unfilled"  # no reserve left to offer it to

    @staticmethod
    def LABELS():
        return {"open": "충원 중", "filled": "충원 완료", "unfilled": "충원 불가(예비합격자 없음)"}


class OfferStatus(LabeledEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"  # the manager gave the place to another reserve directly

    @staticmethod
    def LABELS():
        return {"open": "회신 대기", "accepted": "수락", "declined": "거절", "expired": "기한 경과",
                "superseded": "다른 예비합격자 충원"}


class Outcome(LabeledEnum):
    """A completer's situation at a follow-up (1, 3 and 6 months after the end)."""

    EMPLOYED = "employed"
    STARTUP = "startup"
    STUDY = "study"
    UNEMPLOYED = "unemployed"

    @staticmethod
    def LABELS():
        return {"employed": "취업", "startup": "창업", "study": "진학", "unemployed": "미취업"}


FOLLOWUP_MONTHS = (1, 3, 6)
