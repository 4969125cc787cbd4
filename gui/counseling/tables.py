"""The lists of the 상담 page: columns declared once, one DTO a line, sortable in place.

The rows come from the counseling and booth services as they are (``CaseRow``,
``FollowupRow``, ``SessionRow``, ``ConsultRow``, ``GroupRow``); what is red (a case past
the facility's no-contact days, an overdue follow-up) is what the DTO says
(``CaseRow.flagged``, ``FollowupRow.days_overdue``), never worked out here. Sorting a
column sorts the loaded rows (a caseload is a few hundred lines), with no database read.
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gui.common.table_model import Column, RowTableModel
from gui.desk.dialog_base import WEEKDAYS

RED = "#c62828"
MUTED = "#9aa3b5"
CENTER = Qt.AlignCenter
RIGHT = Qt.AlignRight | Qt.AlignVCenter


def short_day(d: date | None) -> str:
    return f"{d:%m-%d} ({WEEKDAYS[d.weekday()]})" if d else "—"


def when(dt) -> str:
    return f"{dt:%Y-%m-%d %H:%M}" if dt else "—"


def overdue_text(days: int) -> str:
    return f"{days}일 지남" if days > 0 else "오늘"


def first_line(text: str, limit: int = 60) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


SHORT_MODES = {"in_person": "대면", "phone": "전화", "video": "화상", "online": "온라인·메신저"}


def mode_text(mode) -> str:
    """The mode as lists show it (대면, 전화, 화상, 온라인·메신저)."""
    return SHORT_MODES.get(mode.value, mode.label)


def topics_text(topics) -> str:
    return ", ".join(t.label for t in topics) or "—"


class SortableModel(RowTableModel):
    """A ``RowTableModel`` whose columns sort the rows it holds; ``keys[i]`` is column i's
    sort key (None: the shown text)."""

    def __init__(self, columns, keys=(), parent=None):
        super().__init__(columns, parent)
        self.keys = list(keys) + [None] * (len(columns) - len(keys))
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None  # kept when new rows come

    def set_rows(self, rows) -> None:
        rows = list(rows)
        if self.sorted_by is not None:
            rows.sort(key=self._key(self.sorted_by[0]), reverse=self.sorted_by[1] == Qt.DescendingOrder)
        super().set_rows(rows)

    def _key(self, column: int):
        return self.keys[column] or (lambda r, c=self.columns[column]: str(c.value(r) or ""))

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        self.rows.sort(key=self._key(column), reverse=order == Qt.DescendingOrder)
        self.layoutChanged.emit()

    def index_where(self, test) -> int:
        return next((i for i, r in enumerate(self.rows) if test(r)), -1)


# -- the caseload ---------------------------------------------------------------------------
CASE_COLUMNS = [
    Column("이름", lambda r: r.youth_name),
    Column("단계", lambda r: r.stage_label, CENTER),
    Column("담당 상담사", lambda r: r.counselor_name or "미배정"),
    Column("마지막 상담", lambda r: r.last_contact_at and f"{r.last_contact_at:%Y-%m-%d}" or "없음", CENTER),
    Column("경과일", lambda r: f"{r.days_since_contact}일", RIGHT),
    Column("다음 후속조치", lambda r: short_day(r.next_followup_on), CENTER),
    Column("상태", lambda r: "종결 · " + r.outcome.label if r.outcome else ("연락 공백" if r.flagged else "진행")),
]
CASE_KEYS = [
    lambda r: r.youth_name,
    lambda r: (r.status.value, ["initial", "deep", "matching"].index(r.stage.value)),
    lambda r: r.counselor_name or "",
    lambda r: r.last_contact_at.timestamp() if r.last_contact_at else 0.0,
    lambda r: r.days_since_contact,
    lambda r: r.next_followup_on or date.max,
    lambda r: (not r.flagged, r.status.value),
]
CASE_WIDTHS = [110, 80, 100, 100, 70, 110, 110]
CASE_COUNSELOR_COLUMN, CASE_DAYS_COLUMN, CASE_STATE_COLUMN = 2, 4, 6


class CaseModel(SortableModel):
    def __init__(self, parent=None):
        super().__init__(CASE_COLUMNS, CASE_KEYS, parent)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ForegroundRole:
            if row.flagged and index.column() in (CASE_DAYS_COLUMN, CASE_STATE_COLUMN):
                return QBrush(QColor(RED))
            if row.outcome is not None:
                return QBrush(QColor(MUTED))
        if row is not None and role == Qt.FontRole and row.flagged and index.column() == CASE_STATE_COLUMN:
            font = QFont()
            font.setBold(True)
            return font
        if row is not None and role == Qt.ToolTipRole and row.flagged:
            return f"마지막 상담 뒤로 {row.days_since_contact}일 동안 연락이 없었습니다."
        return super().data(index, role)


# -- follow-ups ----------------------------------------------------------------------------
def planned_day(r) -> str:
    """A follow-up's day, with a planned session's time: "11-23 (월) 14:00"."""
    return short_day(r.due_on) + (f" {r.start_time:%H:%M}" if r.start_time else "")


def _queue_key(r):
    """By day, then time; a planned session without a time last in its day."""
    return (r.due_on, r.start_time is None, r.start_time or time.min, r.id)


FOLLOWUP_COLUMNS = [
    Column("예정일", planned_day, CENTER),
    Column("지남", lambda r: overdue_text(r.days_overdue), CENTER),
    Column("이름", lambda r: r.youth_name),
    Column("방식", lambda r: mode_text(r.mode) if r.mode else "—", CENTER),
    Column("담당", lambda r: r.counselor_name),
]
FOLLOWUP_KEYS = [_queue_key, lambda r: r.days_overdue, lambda r: r.youth_name,
                 lambda r: r.mode.value if r.mode else "~", lambda r: r.counselor_name]
FOLLOWUP_WIDTHS = [124, 70, 90, 70, 80]


class FollowupModel(SortableModel):
    def __init__(self, parent=None):
        super().__init__(FOLLOWUP_COLUMNS, FOLLOWUP_KEYS, parent)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ForegroundRole and row.overdue and index.column() in (0, 1):
            return QBrush(QColor(RED))
        return super().data(index, role)


# -- sessions (today's, and a youth's history) -------------------------------------------
def _session_state(r) -> str:
    if r.voided:
        return "무효"
    return "잠김" if r.locked else "수정 가능"


TODAY_COLUMNS = [
    Column("시각", lambda r: f"{r.held_at:%H:%M}", CENTER),
    Column("이름", lambda r: r.youth_name),
    Column("유형", lambda r: r.kind.label),
    Column("방식", lambda r: mode_text(r.mode)),
    Column("시간", lambda r: f"{r.duration_minutes}분", RIGHT),
    Column("상태", _session_state, CENTER),
]
TODAY_WIDTHS = [56, 80, 130, 110, 56, 76]

HISTORY_COLUMNS = [
    Column("일시", lambda r: f"{r.held_at:%y-%m-%d %H:%M}"),
    Column("유형", lambda r: r.kind.label),
    Column("방식", lambda r: mode_text(r.mode)),
    Column("요약", lambda r: ("[무효] " if r.voided else "") + first_line(r.summary)),
]
HISTORY_WIDTHS = [112, 112, 76, 200]
HISTORY_SUMMARY_COLUMN = 3


class SessionModel(SortableModel):
    """Sessions; a voided one is grey and struck through."""

    def __init__(self, columns, parent=None):
        super().__init__(columns, (), parent)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ToolTipRole:
            return f"{row.held_at:%Y-%m-%d %H:%M} · {row.counselor_name} · {first_line(row.summary, 120)}"
        if row is not None and row.voided:
            if role == Qt.ForegroundRole:
                return QBrush(QColor(MUTED))
            if role == Qt.FontRole:
                font = QFont()
                font.setStrikeOut(True)
                return font
        return super().data(index, role)


# -- AI-booth consultation requests -----------------------------------------------------------
CONSULT_COLUMNS = [
    Column("청년", lambda r: r.youth_masked),
    Column("체험 일시", lambda r: f"{r.session_at:%m-%d %H:%M}", CENTER),
    Column("체험", lambda r: r.session_type.label),
    Column("요청", lambda r: f"{r.requested_at:%m-%d %H:%M}", CENTER),
    Column("메모", lambda r: r.note or ""),
]
CONSULT_WIDTHS = [70, 90, 90, 90, 160]


# -- group sessions ---------------------------------------------------------------------------
GROUP_COLUMNS = [
    Column("일시", lambda r: f"{r.held_at:%Y-%m-%d %H:%M}"),
    Column("구분", lambda r: r.kind.label),
    Column("제목", lambda r: ("[무효] " if r.voided else "") + r.title),
    Column("멘토·강사", lambda r: r.presenter or "—"),
    Column("방식", lambda r: mode_text(r.mode)),
    Column("참여", lambda r: f"{r.participants:,}명" + (f" / 정원 {r.capacity}" if r.capacity else ""), RIGHT),
]
GROUP_KEYS = [lambda r: r.held_at, None, None, None, None, lambda r: r.participants]
GROUP_WIDTHS = [130, 110, 260, 110, 130, 120]


class GroupModel(SortableModel):
    def __init__(self, parent=None):
        super().__init__(GROUP_COLUMNS, GROUP_KEYS, parent)


# -- counts -------------------------------------------------------------------------------
COUNT_COLUMNS = [
    Column("구분", lambda r: r[0]),
    Column("항목", lambda r: r[1]),
    Column("건수", lambda r: f"{r[2]:,}", RIGHT),
    Column("참여 인원", lambda r: f"{r[3]:,}" if r[3] else "", RIGHT),
]
COUNT_WIDTHS = [110, 200, 80, 90]
