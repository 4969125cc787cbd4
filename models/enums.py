"""Enumerations stored by value, each with its Korean label."""

from __future__ import annotations

from enum import StrEnum


class LabeledEnum(StrEnum):
    """A str enum whose members carry a Korean label in ``LABELS``."""

    @property
    def label(self) -> str:
        return type(self).LABELS()[self.value]  # type: ignore[attr-defined]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class FacilityKind(LabeledEnum):
    CAMPUS = "campus"
    JOB_CAFE = "job_cafe"
    MATCHING_DESK = "matching_desk"

    @staticmethod
    def LABELS():
        return {"campus": "청년취업사관학교", "job_cafe": "일자리카페", "matching_desk": "매칭 전담창구"}


class Region(LabeledEnum):
    CENTRAL = "central"
    SOUTHEAST = "southeast"
    NORTHEAST = "northeast"
    SOUTHWEST = "southwest"
    NORTHWEST = "northwest"

    @staticmethod
    def LABELS():
        return {"central": "도심권", "southeast": "동남권", "northeast": "동북권",
                "southwest": "서남권", "northwest": "서북권"}


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


class Role(LabeledEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    COUNSELOR = "counselor"
    FRONT_DESK = "front_desk"

    @staticmethod
    def LABELS():
        return {"admin": "시 담당자(관리자)", "manager": "시설 관리자", "counselor": "상담사",
                "front_desk": "안내데스크"}


class Channel(LabeledEnum):
    ON_SITE = "on_site"
    ONLINE = "online"
    CITY_PROGRAMME = "city_programme"

    @staticmethod
    def LABELS():
        return {"on_site": "현장방문", "online": "온라인", "city_programme": "市 사업"}


class AuditAction(LabeledEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    READ = "read"
    OUTPUT = "output"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"

    @staticmethod
    def LABELS():
        return {"insert": "추가", "update": "변경", "delete": "삭제", "read": "열람",
                "output": "출력", "login": "로그인", "login_failed": "로그인 실패"}


SEOUL_DISTRICTS = [
    "종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구",
    "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구",
    "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구",
]

DISTRICT_REGION = {
    **dict.fromkeys(["종로구", "중구", "용산구"], Region.CENTRAL),
    **dict.fromkeys(["성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구", "도봉구", "노원구"],
                    Region.NORTHEAST),
    **dict.fromkeys(["은평구", "서대문구", "마포구"], Region.NORTHWEST),
    **dict.fromkeys(["양천구", "강서구", "구로구", "금천구", "영등포구", "동작구", "관악구"],
                    Region.SOUTHWEST),
    **dict.fromkeys(["서초구", "강남구", "송파구", "강동구"], Region.SOUTHEAST),
}


class BookingStatus(LabeledEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @staticmethod
    def LABELS():
        return {"booked": "예약", "checked_in": "입실", "no_show": "노쇼", "cancelled": "취소"}

    @property
    def active(self) -> bool:
        """Active bookings hold their room: no other active booking may overlap them."""
        return self in (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


ACTIVE_BOOKING_STATUSES = ("booked", "checked_in")


class CancelCode(LabeledEnum):
    YOUTH = "youth"
    LATE = "late"
    STAFF = "staff"
    NO_SHOW = "no_show"

    @staticmethod
    def LABELS():
        return {"youth": "본인 취소", "late": "당일 늦은 취소", "staff": "직원 취소", "no_show": "노쇼"}


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
