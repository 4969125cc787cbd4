"""Columns of the facility list and the room list, and the facility filter/sort proxy.

Headers go through the ``tr`` of the page that shows them. Each facility column has a sort
key beside it, so numbers and dates sort as numbers and dates, not as text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from gui.table_models.base import ROW_ROLE, Column
from models.schemas import FacilityRow

RIGHT = Qt.AlignRight | Qt.AlignVCenter
CENTER = Qt.AlignCenter


def _inactive(row) -> bool:
    return not row.is_active


def _area(f: FacilityRow) -> str:
    return "" if f.area_m2 is None else f"{f.area_m2:,.2f}"


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def facility_columns(tr: Callable[[str], str]) -> list[Column]:
    """Column definitions of the facility list, in display order (see FACILITY_SORT_KEYS)."""
    active, inactive = tr("사용"), tr("비활성")
    return [
        Column(tr("코드"), lambda f: f.code, muted=_inactive),
        Column(tr("시설명"), lambda f: f.name, muted=_inactive),
        Column(tr("유형"), lambda f: f.kind.label, muted=_inactive),
        Column(tr("권역"), lambda f: f.region.label, muted=_inactive),
        Column(tr("자치구"), lambda f: f.district, muted=_inactive),
        Column(tr("운영 주체"), lambda f: f.operator.label, muted=_inactive),
        Column(tr("개소일"), lambda f: f.opened_on.isoformat() if f.opened_on else "",
               CENTER, muted=_inactive),
        Column(tr("면적(㎡)"), _area, RIGHT, muted=_inactive),
        Column(tr("좌석"), lambda f: _count(f.seats), RIGHT, muted=_inactive),
        Column(tr("과정"), lambda f: _count(f.course_count), RIGHT, muted=_inactive),
        Column(tr("상태"), lambda f: f.status.label, muted=_inactive),
        Column(tr("사용"), lambda f: active if f.is_active else inactive, CENTER, muted=_inactive),
        Column(tr("주간 운영시간"), lambda f: f.hours_text, muted=_inactive),
    ]


def _nullable(value):
    """Sort empty values last."""
    return (value is None, value if value is not None else 0)


FACILITY_SORT_KEYS: list[Callable[[FacilityRow], object]] = [
    lambda f: f.code,
    lambda f: f.name,
    lambda f: f.kind.label,
    lambda f: f.region.label,
    lambda f: f.district,
    lambda f: f.operator.label,
    lambda f: _nullable(f.opened_on),
    lambda f: _nullable(f.area_m2),
    lambda f: _nullable(f.seats),
    lambda f: _nullable(f.course_count),
    lambda f: f.status.label,
    lambda f: not f.is_active,
    lambda f: f.hours_text,
]


def room_columns(tr: Callable[[str], str]) -> list[Column]:
    active, inactive = tr("사용"), tr("사용 안 함")
    return [
        Column(tr("공간 이름"), lambda r: r.name, muted=_inactive),
        Column(tr("유형"), lambda r: r.kind.label, muted=_inactive),
        Column(tr("정원(명)"), lambda r: f"{r.capacity:,}", RIGHT, muted=_inactive),
        Column(tr("사용 여부"), lambda r: active if r.is_active else inactive, CENTER,
               muted=_inactive),
    ]


def facility_matches(f: FacilityRow, text: str) -> bool:
    """The text filter: a fragment of the code, name, district, region or kind."""
    needle = text.strip().casefold()
    if not needle:
        return True
    haystack = (f.code, f.name, f.district, f.region.label, f.kind.label)
    return any(needle in part.casefold() for part in haystack)


class FacilityProxy(QSortFilterProxyModel):
    """Filters facilities by a text fragment and sorts by typed keys."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""

    def set_text(self, text: str) -> None:
        self.text = text
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        row = self.sourceModel().row_at(source_row)
        return row is not None and facility_matches(row, self.text)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802
        key = FACILITY_SORT_KEYS[left.column()]
        a, b = left.data(ROW_ROLE), right.data(ROW_ROLE)
        return key(a) < key(b)

    def row_at(self, proxy_row: int) -> FacilityRow | None:
        src = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().row_at(src.row()) if src.isValid() else None

