"""What every part of the counseling service shares: the base class with the booth-request
closer, the facility's settings, who holds a counseling role at a facility, and who may
open a confidential note.

A confidential note is opened only by its author (who wrote the entry), the counselor who
held the session, the youth's assigned counselor at that facility and the facility's
manager; the front desk and the city admin never (the admin holds no counseling-text
permission, ``models.core.permissions.COUNSELING_TEXT``). Every opening is an audit read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import select

from models.accounts.tables import RoleGrant, UserAccount
from models.core.enums import Role
from models.core.errors import NotFound, ValidationError
from models.core.permissions import Actor, Perm
from models.core.service import NOT_FOUND, Service
from models.counseling.schemas import SettingsInput, SettingsRow
from models.counseling.tables import Case, CounselingSettings
from models.youth.tables import Youth

NOT_FOUND.update({
    "session_id": "상담일지를 찾을 수 없습니다.", "followup_id": "후속조치를 찾을 수 없습니다.",
    "case_id": "상담 사례를 찾을 수 없습니다.", "group_id": "집단 프로그램을 찾을 수 없습니다.",
    "plan_id": "취업활동계획을 찾을 수 없습니다.", "step_id": "계획 단계를 찾을 수 없습니다.",
    "counselor_id": "상담사를 찾을 수 없습니다.",
})
DEFAULT_SETTINGS = SettingsInput()
COUNSELING_ROLES = (Role.COUNSELOR, Role.MANAGER)
NO_ROLE = "이 시설에 상담사 역할이 없는 직원입니다."
NO_YOUTH = "청년 정보를 찾을 수 없습니다."
PAST_FOLLOWUP = "후속조치 날짜는 오늘이거나 그 뒤여야 합니다."
CONFLICT = ("다른 곳에서 먼저 이 기록을 저장했습니다. 입력한 내용은 저장하지 않고 화면에 그대로 두었습니다. "
            "새로 고쳐 바뀐 내용을 확인한 뒤 다시 저장하세요.")

# (session, consult_request_id, facility_id, youth_id, reopen=False): close the AI-booth
# analysis consultation a session of type AI 면접 결과 상담 answered, or raise a DomainError
# naming ``consult_request_id``; with ``reopen=True`` (the session was voided) put it back
# in the queue. Given by models.registry (the booths area owns the request).
ConsultCloser = Callable[..., None]


class CounselingBase(Service):
    def __init__(self, db, clock, consult_closer: ConsultCloser | None = None):
        super().__init__(db, clock)
        self.consult_closer = consult_closer


def load_settings(s, facility_id: int) -> SettingsRow:
    row = s.get(CounselingSettings, facility_id)
    src = row or DEFAULT_SETTINGS
    return SettingsRow(facility_id, src.edit_hours, src.stale_days)


def locks_at(created_at: datetime, settings: SettingsRow) -> datetime:
    return created_at + timedelta(hours=settings.edit_hours)


def counseling_staff(s, facility_id: int) -> set[int]:
    """User ids holding an active counselor or manager role at the facility."""
    rows = s.exec(select(RoleGrant.user_id).join(UserAccount, UserAccount.id == RoleGrant.user_id).where(
        RoleGrant.facility_id == facility_id, RoleGrant.role.in_(COUNSELING_ROLES),
        RoleGrant.revoked_at.is_(None), UserAccount.is_active)).all()
    return set(rows)


def check_counselor(s, facility_id: int, user_id: int, field: str = "counselor_id") -> None:
    if user_id not in counseling_staff(s, facility_id):
        raise ValidationError.single(field, NO_ROLE)


def check_youth(s, youth_id: int, field: str = "youth_id") -> Youth:
    youth = s.get(Youth, youth_id)
    if youth is None:
        raise ValidationError.single(field, NO_YOUTH)
    return youth


def assigned_counselor(s, facility_id: int, youth_id: int) -> int | None:
    return s.exec(select(Case.counselor_id).where(Case.facility_id == facility_id,
                                                  Case.youth_id == youth_id)).first()


def assigned_case_exists(s, facility_id: int, youth_id: int) -> bool:
    return s.exec(select(Case.id).where(Case.facility_id == facility_id,
                                        Case.youth_id == youth_id)).first() is not None


def is_manager(actor: Actor, facility_id: int) -> bool:
    return Role.MANAGER in actor.roles_at(facility_id)


def may_read_note(actor: Actor, facility_id: int, author_id: int, counselor_id: int,
                  assigned_id: int | None) -> bool:
    if not actor.can(Perm.COUNSELING_VIEW, facility_id):
        return False
    uid = actor.user_id
    return uid is not None and (uid in (author_id, counselor_id, assigned_id) or is_manager(actor, facility_id))


def names(s, user_ids) -> dict[int, str]:
    ids = {u for u in user_ids if u is not None}
    if not ids:
        return {}
    return dict(s.exec(select(UserAccount.id, UserAccount.display_name).where(UserAccount.id.in_(ids))).all())


def youth_names(s, youth_ids) -> dict[int, str]:
    ids = set(youth_ids)
    if not ids:
        return {}
    return dict(s.exec(select(Youth.id, Youth.name).where(Youth.id.in_(ids))).all())


def not_found(what: str) -> NotFound:
    return NotFound(NOT_FOUND.get(what, "찾는 항목이 없습니다."))
