"""Table models of the staff page: users and the active role grants of one user.

Times are shown in Asia/Seoul. Deactivated users stay in the list, greyed out, because
the audit trail refers to them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from gui.common.table_model import Column, RowTableModel
from models.accounts.schemas import GrantRow, UserRow

SEOUL = ZoneInfo("Asia/Seoul")


def seoul_text(when: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An aware instant as Asia/Seoul wall-clock text; '' for None."""
    return when.astimezone(SEOUL).strftime(fmt) if when else ""


def roles_by_facility(user: UserRow, no_role: str, city_wide: str) -> str:
    """'서울시 전체: 시 담당자(관리자) · 가 일자리카페: 상담사, 안내데스크'."""
    groups: dict[str, list[str]] = {}
    for g in user.grants:
        name = city_wide if g.facility_id is None else g.facility_name
        groups.setdefault(name, []).append(g.role.label)
    return " · ".join(f"{name}: {', '.join(labels)}" for name, labels in groups.items()) or no_role


def is_locked(user: UserRow, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


class UserTableModel(RowTableModel):
    COL_USERNAME, COL_NAME, COL_ROLES, COL_STATUS, COL_LAST_LOGIN = range(5)

    def __init__(self, now: Callable[[], datetime], parent=None):
        super().__init__([], parent)
        self.now = now
        muted = self._muted
        self.columns = [
            Column(self.tr("아이디"), lambda u: u.username, muted=muted),
            Column(self.tr("이름"), lambda u: u.display_name, muted=muted),
            Column(self.tr("역할 (시설별)"), lambda u: roles_by_facility(
                u, self.tr("(역할 없음)"), self.tr("서울시 전체")), muted=muted),
            Column(self.tr("상태"), self.status_text, muted=muted),
            Column(self.tr("마지막 로그인"),
                   lambda u: seoul_text(u.last_login_at) or self.tr("없음"), muted=muted),
        ]

    @staticmethod
    def _muted(user: UserRow) -> bool:
        return not user.is_active

    def status_text(self, user: UserRow) -> str:
        if not user.is_active:
            return self.tr("비활성")
        if is_locked(user, self.now()):
            return self.tr("잠김 ({0}까지)").format(seoul_text(user.locked_until, "%m-%d %H:%M"))
        return self.tr("사용 중")

    def row_of(self, user_id: int) -> int:
        return next((i for i, u in enumerate(self.rows) if u.id == user_id), -1)


class GrantTableModel(RowTableModel):
    COL_FACILITY, COL_ROLE, COL_GRANTED_AT, COL_GRANTED_BY = range(4)

    def __init__(self, parent=None):
        super().__init__([], parent)
        self.columns = [
            Column(self.tr("시설"), self._facility),
            Column(self.tr("역할"), lambda g: g.role.label),
            Column(self.tr("부여 일시"), lambda g: seoul_text(g.granted_at)),
            Column(self.tr("부여자"), lambda g: g.granted_by or self.tr("(최초 설정)")),
        ]

    def _facility(self, grant: GrantRow) -> str:
        return self.tr("서울시 전체") if grant.facility_id is None else grant.facility_name
