"""Enumerations of companies and matching: industry (KSIC sections), size, how a company
was found, employment types, opening states, referral channels, pipeline stages and
retention outcomes."""

from __future__ import annotations

from models.core.enums import LabeledEnum

UNCATEGORISED = "미분류"  # the label of a count whose category is not recorded


class Industry(LabeledEnum):
    """한국표준산업분류 (KSIC) 대분류, sections A–U, stored by their letter."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    G = "G"
    H = "H"
    I = "I"  # noqa: E741
    J = "J"
    K = "K"
    L = "L"
    M = "M"
    N = "N"
    O = "O"  # noqa: E741
    P = "P"
    Q = "Q"
    R = "R"
    S = "S"
    T = "T"
    U = "U"

    @staticmethod
    def LABELS():
        return {"A": "농업, 임업 및 어업", "B": "광업", "C": "제조업",
                "D": "전기, 가스, 증기 및 공기 조절 공급업",
                "E": "수도, 하수 및 폐기물 처리, 원료 재생업", "F": "건설업", "G": "도매 및 소매업",
                "H": "운수 및 창고업", "I": "숙박 및 음식점업", "J": "정보통신업", "K": "금융 및 보험업",
                "L": "부동산업", "M": "전문, 과학 및 기술 서비스업",
                "N": "사업시설 관리, 사업 지원 및 임대 서비스업", "O": "공공 행정, 국방 및 사회보장 행정",
                "P": "교육 서비스업", "Q": "보건업 및 사회복지 서비스업",
                "R": "예술, 스포츠 및 여가관련 서비스업", "S": "협회 및 단체, 수리 및 기타 개인 서비스업",
                "T": "가구 내 고용활동 및 달리 분류되지 않은 자가 소비 생산활동",
                "U": "국제 및 외국기관"}


class CompanySize(LabeledEnum):
    LARGE = "large"
    MIDSIZE = "midsize"
    SME = "sme"
    STARTUP = "startup"

    @staticmethod
    def LABELS():
        return {"large": "대기업", "midsize": "중견기업", "sme": "중소기업", "startup": "스타트업"}


class FoundVia(LabeledEnum):
    """발굴 경로: how the desk found the company."""

    ON_SITE = "on_site"
    ONLINE = "online"
    CITY_PROGRAMME = "city_programme"
    REFERRAL = "referral"
    MATCHING_DAY = "matching_day"

    @staticmethod
    def LABELS():
        return {"on_site": "현장방문", "online": "온라인", "city_programme": "市 사업", "referral": "소개",
                "matching_day": "매칭데이"}


class EmploymentType(LabeledEnum):
    PERMANENT = "permanent"
    CONTRACT = "contract"
    INTERN = "intern"

    @staticmethod
    def LABELS():
        return {"permanent": "정규직", "contract": "계약직", "intern": "인턴"}


class OpeningStatus(LabeledEnum):
    OPEN = "open"
    CLOSED = "closed"
    FILLED = "filled"
    CANCELLED = "cancelled"

    @staticmethod
    def LABELS():
        return {"open": "모집중", "closed": "마감", "filled": "채용완료", "cancelled": "취소"}


class Channel(LabeledEnum):
    """The channel of a referral: the columns of the brief's 청년-기업매칭 table, and the
    job matching day."""

    ON_SITE = "on_site"
    ONLINE = "online"
    CITY_PROGRAMME = "city_programme"
    MATCHING_DAY = "matching_day"

    @staticmethod
    def LABELS():
        return {"on_site": "현장방문", "online": "온라인", "city_programme": "市 사업", "matching_day": "매칭데이"}


class Stage(LabeledEnum):
    """The pipeline: 추천 → 서류 전형 → 면접 → 합격 → 입사, or ended (불합격, 본인 포기,
    기업 취소, each with a reason)."""

    REFERRED = "referred"
    SCREENING = "screening"
    INTERVIEW = "interview"
    PASSED = "passed"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDREW = "withdrew"
    COMPANY_CANCELLED = "company_cancelled"

    @staticmethod
    def LABELS():
        return {"referred": "추천", "screening": "서류 전형", "interview": "면접", "passed": "합격",
                "hired": "입사", "rejected": "불합격", "withdrew": "본인 포기", "company_cancelled": "기업 취소"}

    @property
    def ended(self) -> bool:
        return self in ENDED

    @property
    def terminal(self) -> bool:
        return self is Stage.HIRED or self in ENDED


PIPELINE = (Stage.REFERRED, Stage.SCREENING, Stage.INTERVIEW, Stage.PASSED, Stage.HIRED)
ENDED = frozenset({Stage.REJECTED, Stage.WITHDREW, Stage.COMPANY_CANCELLED})
# what a counselor may do from each stage; anything else needs a manager's override
ALLOWED: dict[Stage, frozenset[Stage]] = {
    Stage.REFERRED: frozenset({Stage.SCREENING, Stage.REJECTED, Stage.WITHDREW, Stage.COMPANY_CANCELLED}),
    Stage.SCREENING: frozenset({Stage.INTERVIEW, Stage.REJECTED, Stage.WITHDREW, Stage.COMPANY_CANCELLED}),
    Stage.INTERVIEW: frozenset({Stage.PASSED, Stage.REJECTED, Stage.WITHDREW, Stage.COMPANY_CANCELLED}),
    Stage.PASSED: frozenset({Stage.HIRED, Stage.WITHDREW, Stage.COMPANY_CANCELLED}),
    Stage.HIRED: frozenset(),
    Stage.REJECTED: frozenset(),
    Stage.WITHDREW: frozenset(),
    Stage.COMPANY_CANCELLED: frozenset(),
}


class RetentionOutcome(LabeledEnum):
    EMPLOYED = "employed"
    LEFT = "left"

    @staticmethod
    def LABELS():
        return {"employed": "재직 중", "left": "퇴사"}


RETENTION_MONTHS = (1, 3, 6)
