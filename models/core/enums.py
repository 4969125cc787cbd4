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


class Role(LabeledEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    COUNSELOR = "counselor"
    FRONT_DESK = "front_desk"

    @staticmethod
    def LABELS():
        return {"admin": "시 담당자(관리자)", "manager": "시설 관리자", "counselor": "상담사",
                "front_desk": "안내데스크"}


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
