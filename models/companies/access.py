"""What every part of the companies service shares: the base class with the follow-up
hooks, the facilities that match (the matching desk and the job cafés), who holds a
matching role at a facility, names, and the facility's settings.

Companies and matching belong to the facilities that bring youths and companies
together: the matching desk (``FacilityKind.MATCHING_DESK``) and the job cafés
(``JOB_CAFE``). A campus has none: every call naming one is refused, for the city admin
too. Counselors and managers of such a facility hold the permissions; the front desk none.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import select

from models.accounts.tables import RoleGrant, UserAccount
from models.companies.schemas import SettingsInput, SettingsRow
from models.companies.tables import MatchingSettings
from models.core.enums import Role
from models.core.errors import VERSION_CONFLICT, NotFound, PermissionDenied, ValidationError
from models.core.errors import (
    check_version as check_version,  # the area's callers use access.check_version
)
from models.core.permissions import Actor, Perm, require
from models.core.service import NOT_FOUND, Service
from models.core.time import add_months as add_months  # the area's callers use access.add_months
from models.facilities.enums import (
    MATCHING_KINDS as MATCHING_KINDS,  # the area's callers use access.MATCHING_KINDS
)
from models.facilities.tables import Facility
from models.youth.tables import Youth

NOT_FOUND.update({
    "company_id": "구인기업을 찾을 수 없습니다.", "contact_id": "기업 담당자를 찾을 수 없습니다.",
    "opening_id": "구인 공고를 찾을 수 없습니다.", "referral_id": "추천(매칭) 기록을 찾을 수 없습니다.",
    "check_id": "고용유지 확인 항목을 찾을 수 없습니다.",
})
MATCHING_ROLES = (Role.COUNSELOR, Role.MANAGER)
NOT_MATCHING = "구인기업과 매칭은 매칭 전담창구와 일자리카페에서만 다룹니다."
NO_ROLE = "이 시설에 상담사 역할이 없는 직원입니다."
CONFLICT = VERSION_CONFLICT
DEFAULT_SETTINGS = SettingsInput()

# (session, facility_id, youth_id, counselor_id, due_on, by_user_id, now) -> follow-up id:
# put a retention follow-up in the counselor's queue of the counseling area, in the same
# transaction. (session, followup_id) -> None: take it out once its result is recorded.
# Both are given by models.registry (companies imports no counseling).
FollowupScheduler = Callable[..., int]
FollowupCloser = Callable[..., None]


class CompaniesBase(Service):
    def __init__(self, db, clock, followup_scheduler: FollowupScheduler | None = None,
                 followup_closer: FollowupCloser | None = None):
        super().__init__(db, clock)
        self.followup_scheduler = followup_scheduler
        self.followup_closer = followup_closer


def not_found(what: str) -> NotFound:
    return NotFound(NOT_FOUND.get(what, "찾는 항목이 없습니다."))


def matching_facility(s, facility_id: int) -> Facility:
    """The facility, which matches youths with companies, or NotFound / PermissionDenied."""
    f = s.get(Facility, facility_id)
    if f is None:
        raise not_found("facility_id")
    if f.kind not in MATCHING_KINDS:
        raise PermissionDenied(NOT_MATCHING)
    return f


def require_at(s, actor: Actor, perm: Perm, facility_id: int) -> None:
    """``perm`` at a facility that matches (inside the transaction)."""
    require(actor, perm, facility_id)
    matching_facility(s, facility_id)


def is_manager(actor: Actor, facility_id: int) -> bool:
    return actor.can(Perm.MATCH_OVERRIDE, facility_id)


def matching_staff(s, facility_id: int) -> set[int]:
    rows = s.exec(select(RoleGrant.user_id).join(UserAccount, UserAccount.id == RoleGrant.user_id).where(
        RoleGrant.facility_id == facility_id, RoleGrant.role.in_(MATCHING_ROLES),
        RoleGrant.revoked_at.is_(None), UserAccount.is_active)).all()
    return set(rows)


def check_staff(s, facility_id: int, user_id: int, field: str) -> None:
    if user_id not in matching_staff(s, facility_id):
        raise ValidationError.single(field, NO_ROLE)


def check_youth(s, youth_id: int, field: str = "youth_id") -> Youth:
    youth = s.get(Youth, youth_id)
    if youth is None:
        raise ValidationError.single(field, "청년 정보를 찾을 수 없습니다.")
    return youth


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


def load_settings(s, facility_id: int) -> SettingsRow:
    row = s.get(MatchingSettings, facility_id)
    return SettingsRow(facility_id, (row or DEFAULT_SETTINGS).stale_days)



