"""Roles, permissions and the acting user.

One table maps each role to its permissions. Services call ``require`` with the actor
they were given explicitly; hiding a button in the GUI is never the only guard.
``admin`` is city-wide: it holds its permissions (every one but reading and writing
counseling records, ``COUNSELING_TEXT``) at every facility; of counseling it sees counts
only; of companies and matching, and of the training courses of every campus, it sees
and may do everything. The front desk has no company, matching or course permission. The
other roles are granted per facility.

An ``Actor`` is a snapshot taken at login; it is checked live all the same. It carries
the account's authorisation version (``user_account.auth_version``, raised by every grant,
revocation, deactivation and reactivation). Every public service method that takes an
``actor`` runs with it as the *acting* actor (``models.core.service``), and every
transaction the database opens meanwhile first reads the account's row (``check_live``,
one primary-key read in that same transaction). A deactivated account, or one whose
version moved on, gets ``AccessChanged`` and nothing is done. Actors without a user id (the
command-line support actor, the first-run set-up) have no account to check.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import StrEnum

from models.core.enums import Role
from models.core.errors import AccessChanged, PermissionDenied


class Perm(StrEnum):
    FACILITY_VIEW = "facility.view"
    FACILITY_CREATE = "facility.create"
    FACILITY_EDIT = "facility.edit"
    FACILITY_DEACTIVATE = "facility.deactivate"
    ROOM_MANAGE = "room.manage"
    USER_MANAGE = "user.manage"
    YOUTH_VIEW = "youth.view"
    YOUTH_EDIT = "youth.edit"
    YOUTH_CONTACT = "youth.contact"  # full phone and e-mail, each view is logged
    AUDIT_VIEW = "audit.view"
    BOOKING_VIEW = "booking.view"
    BOOKING_EDIT = "booking.edit"  # book, check in, mark no-shows, cancel, waitlist
    BOOKING_OVERRIDE = "booking.override"  # book against a rule, with a written reason
    BOOKING_RULES = "booking.rules"  # booking rules and closure days of a facility
    CONSULT_MANAGE = "consult.manage"  # close analysis-consultation requests
    # counseling (issue 12). Who may open a confidential note is narrower than VIEW (its
    # author, the youth's assigned counselor, the facility manager): models.counseling.access
    COUNSELING_VIEW = "counseling.view"  # sessions and summaries, caseload, follow-ups, plans
    COUNSELING_WRITE = "counseling.write"  # log, edit, void; follow-ups, groups, plans, consent
    COUNSELING_ASSIGN = "counseling.assign"  # assign and transfer cases, counseling settings
    COUNSELING_COUNTS = "counseling.counts"  # monthly counts: no names, no text
    # companies and matching (issue 13), only at facilities that match youths with companies
    # (the matching desk and the job cafés: models.companies.access.MATCHING_KINDS)
    COMPANY_VIEW = "company.view"  # companies, openings, masked contacts; a contact in full (logged)
    COMPANY_EDIT = "company.edit"  # register and edit companies, contacts and openings
    MATCH_EDIT = "match.edit"  # refer youths, move referrals, record retention checks
    MATCH_OVERRIDE = "match.override"  # a move the stage rules refuse, with a reason; settings
    MATCH_COUNTS = "match.counts"  # monthly matching counts: no names
    # training courses (issue 14), only at campuses (청년취업사관학교: models.courses.access)
    COURSE_VIEW = "course.view"  # courses, applicants, ranking, results (phones masked), trainees, funnel
    COURSE_MANAGE = "course.manage"  # courses, applications, scores, selection, places, completion, a past roll
    COURSE_ATTENDANCE = "course.attendance"  # take and save today's roll
    COURSE_OUTCOME = "course.outcome"  # record completers' employment follow-ups


# what only the facility's own counseling staff may do: the city admin sees counts only
COUNSELING_TEXT = frozenset({Perm.COUNSELING_VIEW, Perm.COUNSELING_WRITE, Perm.COUNSELING_ASSIGN})


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: frozenset(Perm) - COUNSELING_TEXT,
    Role.MANAGER: frozenset({
        Perm.FACILITY_VIEW, Perm.FACILITY_EDIT, Perm.ROOM_MANAGE,
        Perm.YOUTH_VIEW, Perm.YOUTH_EDIT, Perm.YOUTH_CONTACT,
        Perm.BOOKING_VIEW, Perm.BOOKING_EDIT, Perm.BOOKING_OVERRIDE, Perm.BOOKING_RULES,
        Perm.CONSULT_MANAGE, Perm.COUNSELING_VIEW, Perm.COUNSELING_WRITE, Perm.COUNSELING_ASSIGN,
        Perm.COUNSELING_COUNTS, Perm.COMPANY_VIEW, Perm.COMPANY_EDIT, Perm.MATCH_EDIT,
        Perm.MATCH_OVERRIDE, Perm.MATCH_COUNTS,
        Perm.COURSE_VIEW, Perm.COURSE_MANAGE, Perm.COURSE_ATTENDANCE, Perm.COURSE_OUTCOME,
    }),
    Role.COUNSELOR: frozenset({
        Perm.FACILITY_VIEW, Perm.YOUTH_VIEW, Perm.YOUTH_EDIT, Perm.YOUTH_CONTACT,
        Perm.BOOKING_VIEW, Perm.CONSULT_MANAGE, Perm.COUNSELING_VIEW, Perm.COUNSELING_WRITE,
        Perm.COUNSELING_COUNTS, Perm.COMPANY_VIEW, Perm.COMPANY_EDIT, Perm.MATCH_EDIT,
        Perm.MATCH_COUNTS, Perm.COURSE_VIEW, Perm.COURSE_ATTENDANCE, Perm.COURSE_OUTCOME,
    }),
    # front desk registers visitors, books rooms and phones youth about bookings
    Role.FRONT_DESK: frozenset({
        Perm.FACILITY_VIEW, Perm.YOUTH_VIEW, Perm.YOUTH_EDIT, Perm.YOUTH_CONTACT,
        Perm.BOOKING_VIEW, Perm.BOOKING_EDIT,
    }),
}

DENIED_MESSAGES = {
    Perm.FACILITY_CREATE: "시설 등록은 시 담당자만 할 수 있습니다.",
    Perm.FACILITY_EDIT: "이 시설의 정보를 수정할 권한이 없습니다.",
    Perm.FACILITY_DEACTIVATE: "시설 비활성화는 시 담당자만 할 수 있습니다.",
    Perm.ROOM_MANAGE: "이 시설의 공간(룸·부스)을 관리할 권한이 없습니다.",
    Perm.USER_MANAGE: "직원 계정 관리는 시 담당자만 할 수 있습니다.",
    Perm.YOUTH_VIEW: "청년 명부를 볼 권한이 없습니다.",
    Perm.YOUTH_EDIT: "청년 정보를 등록·수정할 권한이 없습니다.",
    Perm.YOUTH_CONTACT: "연락처 전체를 볼 권한이 없습니다.",
    Perm.AUDIT_VIEW: "감사 기록은 시 담당자만 볼 수 있습니다.",
    Perm.BOOKING_VIEW: "이 시설의 예약을 볼 권한이 없습니다.",
    Perm.BOOKING_EDIT: "예약·입실·취소는 안내데스크와 시설 관리자만 할 수 있습니다.",
    Perm.BOOKING_OVERRIDE: "예약 규칙 예외 승인은 시설 관리자만 할 수 있습니다.",
    Perm.BOOKING_RULES: "예약 규칙과 휴관일은 시설 관리자만 바꿀 수 있습니다.",
    Perm.CONSULT_MANAGE: "분석 컨설팅 요청은 상담사와 시설 관리자가 처리합니다.",
    Perm.COUNSELING_VIEW: "상담 기록은 이 시설의 상담사와 시설 관리자만 볼 수 있습니다.",
    Perm.COUNSELING_WRITE: "상담 기록은 이 시설의 상담사와 시설 관리자만 작성할 수 있습니다.",
    Perm.COUNSELING_ASSIGN: "상담 사례 배정·이관과 상담 설정은 시설 관리자만 할 수 있습니다.",
    Perm.COUNSELING_COUNTS: "상담 통계를 볼 권한이 없습니다.",
    Perm.COMPANY_VIEW: "구인기업 정보는 이 시설의 상담사와 시설 관리자만 볼 수 있습니다.",
    Perm.COMPANY_EDIT: "구인기업·구인 공고는 이 시설의 상담사와 시설 관리자만 등록·수정할 수 있습니다.",
    Perm.MATCH_EDIT: "청년-기업 매칭은 이 시설의 상담사와 시설 관리자만 기록할 수 있습니다.",
    Perm.MATCH_OVERRIDE: "매칭 단계 규칙의 예외 처리와 매칭 설정은 시설 관리자만 할 수 있습니다.",
    Perm.MATCH_COUNTS: "매칭 실적을 볼 권한이 없습니다.",
    Perm.COURSE_VIEW: "교육과정은 이 캠퍼스의 상담사와 시설 관리자만 볼 수 있습니다.",
    Perm.COURSE_MANAGE: "교육과정 운영(과정·지원·선발·수료)은 이 캠퍼스의 시설 관리자만 할 수 있습니다.",
    Perm.COURSE_ATTENDANCE: "출결은 이 캠퍼스의 상담사와 시설 관리자만 기록할 수 있습니다.",
    Perm.COURSE_OUTCOME: "수료생 취업 결과는 이 캠퍼스의 상담사와 시설 관리자만 기록할 수 있습니다.",
}


@dataclass(frozen=True)
class Actor:
    """The logged-in user as services see it. Built by the accounts service."""

    user_id: int | None  # None only for the command-line support actor
    username: str
    display_name: str
    grants: frozenset[tuple[int | None, Role]] = field(default_factory=frozenset)
    # the account's auth_version when the snapshot was taken; None never matches
    auth_version: int | None = None

    @property
    def is_admin(self) -> bool:
        return any(role is Role.ADMIN for _, role in self.grants)

    def roles_at(self, facility_id: int | None) -> set[Role]:
        roles = {role for fid, role in self.grants if fid == facility_id and fid is not None}
        if self.is_admin:
            roles.add(Role.ADMIN)
        return roles

    @property
    def facility_ids(self) -> set[int]:
        return {fid for fid, _ in self.grants if fid is not None}

    def can(self, perm: Perm, facility_id: int | None = None) -> bool:
        if self.is_admin and perm in ROLE_PERMISSIONS[Role.ADMIN]:
            return True  # city-wide; what admin lacks (counseling text) needs a facility role
        if facility_id is None:
            return False
        return any(perm in ROLE_PERMISSIONS[r] for r in self.roles_at(facility_id))

    def can_anywhere(self, perm: Perm) -> bool:
        return any(perm in ROLE_PERMISSIONS[r] for _, r in self.grants)


def require(actor: Actor | None, perm: Perm, facility_id: int | None = None) -> Actor:
    if actor is None or not actor.can(perm, facility_id):
        raise PermissionDenied(DENIED_MESSAGES.get(perm, "이 작업을 할 권한이 없습니다."))
    return actor


def setup_actor(username: str) -> Actor:
    """The first-run set-up, as the audit log names it: the rows that create the first
    administrator carry ``setup:<new account>`` and no user id (no account existed yet)."""
    return Actor(None, f"setup:{username}"[:40], "첫 실행 설정", frozenset())


def system_actor(name: str) -> Actor:
    """The actor of command-line support commands run on the database host.

    Its audit rows carry no user id and the name ``cli:<os user>``.
    """
    return Actor(None, f"cli:{name}"[:40], "명령줄 도구", frozenset({(None, Role.ADMIN)}))


# -- the live check -------------------------------------------------------------------
_acting: ContextVar[Actor | None] = ContextVar("yjd_acting_actor", default=None)


def acting() -> Actor | None:
    """The actor of the service call running on this thread, if any."""
    return _acting.get()


@contextmanager
def acting_as(actor: Actor | None) -> Iterator[None]:
    """Run a service call as ``actor``: the transactions it opens check the account live."""
    if not isinstance(actor, Actor) or actor.user_id is None:
        yield
        return
    token = _acting.set(actor)
    try:
        yield
    finally:
        _acting.reset(token)


_ACCOUNT_STATE = "SELECT is_active, auth_version FROM user_account WHERE id = :id"
_statement = None  # the compiled text(), made at the first check (no SQLAlchemy import for
# the command line's page list, which reads this module)


def check_live(connection, actor: Actor | None) -> None:
    """Refuse a stale actor inside the transaction of ``connection``: the account is gone or
    deactivated (``AccessChanged(ended=True)``), or its authorisation version is not the
    snapshot's (``AccessChanged(ended=False)``)."""
    global _statement
    if actor is None or actor.user_id is None:
        return
    if _statement is None:
        import sqlalchemy as sa
        _statement = sa.text(_ACCOUNT_STATE)
    row = connection.execute(_statement, {"id": actor.user_id}).first()
    if row is None or not row[0]:
        raise AccessChanged(ended=True)
    if row[1] != actor.auth_version:
        raise AccessChanged(ended=False)
