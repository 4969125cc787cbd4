"""How audit rows read on screen: Korean labels of entities and fields, changes as text.

The values in the log are already masked by ``models.core.audit`` (personal data, password
hashes), so they are shown as stored; only their form changes (booleans as 예/아니오,
ISO instants in Asia/Seoul, enum values with their Korean label).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt

from gui.accounts.table_model import seoul_text
from gui.common.table_model import Column, LazyRowModel, RowTableModel
from models.audit_log.schemas import AuditRow
from models.booths.enums import ConsultStatus, SessionType, SlotSource, SlotState
from models.core.enums import AuditAction, Region, Role
from models.desk.enums import BookingStatus, CancelCode
from models.facilities.enums import FacilityKind, FacilityStatus, Operator, RoomKind
from models.rooms.enums import Purpose, WaitStatus
from models.youth.enums import Channel

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _t(text: str) -> str:
    """Module-level strings go through Qt's translator like ``self.tr``."""
    return QCoreApplication.translate("AuditModels", text)


ENTITY_LABELS = {
    "user_account": "직원 계정", "role_grant": "역할", "facility": "시설", "room": "공간",
    "youth": "청년", "booking": "예약", "booking_series": "반복 예약", "waitlist_entry": "대기",
    "facility_closure": "휴관일", "booking_rules": "예약 규칙", "booth_template": "부스 템플릿",
    "booth_slot": "부스 회차", "booth_booking": "AI 면접 예약", "booth_rules": "부스 규칙",
    "consult_request": "컨설팅 요청",
    "counseling_session": "상담", "company": "구인기업", "company_contact": "기업 담당자",
    "job_opening": "구인 공고", "referral": "추천", "referral_transition": "채용 연계",
    "database": "데이터베이스", "course": "교육과정", "course_application": "교육 지원",
    "course_enrollment": "교육 수강", "monthly_summary": "월간 보고", "destruction_ledger": "파기 대장",
    "access_review": "접근 기록 점검",
}

FIELD_LABELS = {
    "id": "ID", "username": "아이디", "display_name": "이름", "password_hash": "비밀번호",
    "is_active": "사용", "failed_attempts": "로그인 실패 횟수", "locked_until": "잠금 해제 시각",
    "last_login_at": "마지막 로그인", "created_at": "만든 시각", "updated_at": "고친 시각",
    "user_id": "사용자", "facility_id": "시설", "role": "역할", "granted_at": "부여 시각",
    "granted_by": "부여자", "revoked_at": "회수 시각", "revoked_by": "회수자",
    "code": "코드", "name": "이름", "kind": "종류", "region": "권역", "district": "자치구",
    "operator": "운영", "opened_on": "개소일", "area_m2": "면적(㎡)", "seats": "좌석",
    "course_count": "과정 수", "status": "상태", "opening_hours": "운영시간", "note": "메모",
    "capacity": "정원", "birth_date": "생년월일", "phone": "전화", "email": "이메일",
    "channel": "모집 경로", "consent_on": "동의일", "retention_years": "보유기간(년)",
    "registered_facility_id": "등록 시설",
    "room_id": "공간", "youth_id": "청년", "series_id": "반복 예약", "starts_at": "시작",
    "ends_at": "종료", "headcount": "인원", "purpose": "목적", "walk_in": "현장 배정",
    "override_reason": "규칙 예외 사유", "override_by": "예외 승인자", "created_by": "만든 사람",
    "checked_in_at": "입실 시각", "checked_in_by": "입실 처리자", "cancelled_at": "취소 시각",
    "cancelled_by": "취소 처리자", "cancel_code": "취소 구분", "cancel_reason": "취소 사유",
    "session_type": "체험 종류", "state": "회차 상태", "source": "회차 출처", "block_reason": "차단 사유",
    "slot_id": "회차", "reminded_at": "알림 시각", "reminded_by": "알림 처리자",
    "result_received": "결과 수령", "result_grade": "등급", "result_strengths": "강점",
    "result_improve": "보완점", "weekly_limit": "주당 한도", "day": "날짜", "reason": "사유",
    "weekdays": "요일", "day_start": "시작 시각", "day_end": "종료 시각", "slot_minutes": "회차(분)",
    "buffer_minutes": "여유(분)", "step_minutes": "예약 단위(분)", "grace_minutes": "노쇼 유예(분)",
    "max_minutes_per_day": "하루 최대(분)", "max_days_ahead": "사전 예약(일)",
    "no_show_limit": "노쇼 기준(회)", "no_show_window_days": "노쇼 기간(일)",
    "sanction_days": "제재 기간(일)", "late_cancel_minutes": "늦은 취소(분)",
    "booth_booking_id": "AI 면접 예약", "requested_at": "요청 시각", "requested_by": "요청자",
}

# fields whose stored value is an enum value: show the Korean label
ENUM_FIELDS = {"role": Role, "kind": (FacilityKind, RoomKind), "region": Region,
               "operator": Operator, "channel": Channel,
               "status": (FacilityStatus, BookingStatus, WaitStatus, ConsultStatus),
               "cancel_code": CancelCode, "purpose": Purpose, "session_type": SessionType,
               "state": SlotState, "source": SlotSource}


def entity_label(entity: str) -> str:
    return _t(ENTITY_LABELS[entity]) if entity in ENTITY_LABELS else entity


def action_label(action: str) -> str:
    try:
        return AuditAction(action).label
    except ValueError:
        return action


def field_label(key: str) -> str:
    return _t(FIELD_LABELS[key]) if key in FIELD_LABELS else key


def value_text(key: str, value, refs: dict | None = None) -> str:
    """A logged value for people: Korean labels for enums, Seoul time, and the name behind
    an id when the service resolved it (``refs``), e.g. '스터디룸 A (#88)'."""
    name = (refs or {}).get(key, {}).get(value) if isinstance(value, int) else None
    if name is not None:
        return f"{name} (#{value})"
    if value is None or value == "":
        return _t("(없음)")
    if isinstance(value, bool):
        return _t("예") if value else _t("아니오")
    if isinstance(value, str):
        enums = ENUM_FIELDS.get(key, ())
        for enum in enums if isinstance(enums, tuple) else (enums,):
            try:
                return enum(value).label
            except ValueError:
                continue
        if "T" in value and len(value) >= 19:
            try:
                when = datetime.fromisoformat(value)
            except ValueError:
                return value
            if when.tzinfo is not None:
                return seoul_text(when, TIME_FORMAT)
        return value
    if isinstance(value, dict):
        return ", ".join(f"{k}: {value_text('', v)}" for k, v in value.items()) or _t("(없음)")
    if isinstance(value, list):
        return "–".join(value_text("", v) for v in value)
    return str(value)


def entity_id_text(row: AuditRow) -> str:
    """The id of the changed row; inserts may carry it only in their new values."""
    if row.entity_id:
        return row.entity_id
    new_id = (row.new_values or {}).get("id")
    return "" if new_id is None else str(new_id)


def change_pairs(row: AuditRow) -> list[tuple[str, str, str]]:
    """(field label, old text, new text) for each field the entry names."""
    old, new = row.old_values or {}, row.new_values or {}
    keys = list(dict.fromkeys([*old, *new]))
    return [(field_label(k), value_text(k, old.get(k), row.refs) if k in old else "",
             value_text(k, new.get(k), row.refs) if k in new else "") for k in keys]


def change_summary(row: AuditRow, limit: int = 6) -> str:
    """One line: 'is_active: 예 → 아니오' for updates, the values for inserts/deletes."""
    old, new = row.old_values or {}, row.new_values or {}
    if old and new:
        parts = [f"{field_label(k)}: {value_text(k, old.get(k), row.refs)} → "
                 f"{value_text(k, new.get(k), row.refs)}" for k in new]
    elif new or old:
        values = new or old
        parts = [f"{field_label(k)}: {value_text(k, v, row.refs)}" for k, v in values.items()
                 if k != "id" and v not in (None, "")]
    else:
        return row.detail or ""
    more = len(parts) - limit
    text = " · ".join(parts[:limit])
    return _t("{0} 외 {1}개").format(text, more) if more > 0 else text


class AuditTableModel(LazyRowModel):
    """Audit entries newest first, fetched a page at a time on the read pool (``load`` as
    for ``LazyRowModel``)."""

    COL_AT, COL_USER, COL_ACTION, COL_ENTITY, COL_ID, COL_FACILITY, COL_CHANGES = range(7)

    def __init__(self, load: Callable, facility_name: Callable[[int], str], parent=None):
        super().__init__([], load, parent)
        self.columns = [
            Column(self.tr("시각"), lambda r: seoul_text(r.at, TIME_FORMAT)),
            Column(self.tr("사용자"), lambda r: r.username or self.tr("(시스템)")),
            Column(self.tr("동작"), lambda r: action_label(r.action)),
            Column(self.tr("대상"), lambda r: entity_label(r.entity)),
            Column(self.tr("ID"), entity_id_text),
            Column(self.tr("시설"), lambda r: facility_name(r.facility_id)),
            Column(self.tr("변경 내용"), change_summary),
        ]

    def data(self, index, role=Qt.DisplayRole):
        # the summary is cut off in narrow windows: the tooltip shows every field
        if role == Qt.ToolTipRole and index.isValid() and index.column() == self.COL_CHANGES:
            row = self.row_at(index.row())
            return change_summary(row, limit=100) if row else None
        return super().data(index, role)


class ChangeTableModel(RowTableModel):
    """The fields of one entry: field, old value, new value."""

    def __init__(self, parent=None):
        super().__init__([], parent)
        self.columns = [
            Column(self.tr("항목"), lambda p: p[0]),
            Column(self.tr("이전 값"), lambda p: p[1]),
            Column(self.tr("새 값"), lambda p: p[2]),
        ]
