"""Columns of the facility list and the room list, the facility filter/sort proxy, and
the table views that show them.

Headers go through the ``tr`` of the page that shows them. Each facility column has a sort
key beside it, so numbers and dates sort as numbers and dates, not as text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QTableView

from gui.common.table_model import ROW_ROLE, Column, RowTableModel
from models.facilities.schemas import FacilityRow

RIGHT = Qt.AlignRight | Qt.AlignVCenter
CENTER = Qt.AlignCenter


def _inactive(row) -> bool:
    return not row.is_active


def _area(f: FacilityRow) -> str:
    return "" if f.area_m2 is None else f"{f.area_m2:,.2f}"


def _size(f: FacilityRow, seats: str, courses: str) -> str:
    parts = []
    if f.seats is not None:
        parts.append(seats.format(f"{f.seats:,}"))
    if f.course_count is not None:
        parts.append(courses.format(f"{f.course_count:,}"))
    return " · ".join(parts)


def facility_columns(tr: Callable[[str], str]) -> list[Column]:
    """Column definitions of the facility list, in display order (see FACILITY_SORT_KEYS).

    What tells facilities apart comes first, so that on a 1280-pixel screen the columns that
    scroll out of view are the figures (operator, opening date, area, seats and courses);
    the page repeats those of the selected facility above its rooms. The 사용 column is
    hidden while only active facilities are listed.
    """
    active, inactive = tr("사용"), tr("비활성")
    seats, courses = tr("{0}석"), tr("{0}과정")
    return [
        Column(tr("코드"), lambda f: f.code, muted=_inactive),
        Column(tr("시설명"), lambda f: f.name, muted=_inactive),
        Column(tr("유형"), lambda f: f.kind.label, muted=_inactive),
        Column(tr("권역"), lambda f: f.region.label, muted=_inactive),
        Column(tr("자치구"), lambda f: f.district, muted=_inactive),
        Column(tr("상태"), lambda f: f.status.label, muted=_inactive),
        Column(tr("사용"), lambda f: active if f.is_active else inactive, CENTER, muted=_inactive),
        Column(tr("주간 운영시간"), lambda f: f.hours_text, muted=_inactive),
        Column(tr("운영 주체"), lambda f: f.operator.label, muted=_inactive),
        Column(tr("개소일"), lambda f: f.opened_on.isoformat() if f.opened_on else "",
               CENTER, muted=_inactive),
        Column(tr("면적(㎡)"), _area, RIGHT, muted=_inactive),
        Column(tr("좌석·과정"), lambda f: _size(f, seats, courses), RIGHT, muted=_inactive),
    ]


def facility_summary(f: FacilityRow, tr: Callable[[str], str]) -> str:
    """One line with everything about a facility, shown above its rooms."""
    parts = [f.code, f.kind.label, f"{f.region.label} {f.district}", f.operator.label,
             f.status.label]
    if f.opened_on:
        parts.append(tr("개소 {0}").format(f.opened_on.isoformat()))
    if f.area_m2 is not None:
        parts.append(tr("{0}㎡").format(_area(f)))
    size = _size(f, tr("{0}석"), tr("{0}과정"))
    if size:
        parts.append(size)
    parts.append(tr("운영시간 {0}").format(f.hours_text))
    if not f.is_active:
        parts.append(tr("비활성"))
    return " · ".join(parts)


COL_ACTIVE = 6  # shown only when inactive facilities are listed too


def _nullable(value):
    """Sort empty values last."""
    return (value is None, value if value is not None else 0)


FACILITY_SORT_KEYS: list[Callable[[FacilityRow], object]] = [
    lambda f: f.code,
    lambda f: f.name,
    lambda f: f.kind.label,
    lambda f: f.region.label,
    lambda f: f.district,
    lambda f: f.status.label,
    lambda f: not f.is_active,
    lambda f: f.hours_text,
    lambda f: f.operator.label,
    lambda f: _nullable(f.opened_on),
    lambda f: _nullable(f.area_m2),
    lambda f: (_nullable(f.seats), _nullable(f.course_count)),
]


class FacilityTableModel(RowTableModel):
    """The facility list; a row's tooltip gives the full hours and the note."""

    def __init__(self, tr: Callable[[str], str], parent=None):
        super().__init__(facility_columns(tr), parent)
        self.tr_ = tr

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if role == Qt.ToolTipRole and index.isValid():
            f = self.row_at(index.row())
            if f is None:
                return None
            lines = [f"{f.name} ({f.code})", self.tr_("운영시간: {0}").format(f.hours_text)]
            if not f.is_active:
                lines.append(self.tr_("비활성 시설입니다."))
            if f.note:
                lines.append(f.note)
            return "\n".join(lines)
        return super().data(index, role)


def room_columns(tr: Callable[[str], str]) -> list[Column]:
    active, inactive = tr("사용"), tr("사용 안 함")
    return [
        Column(tr("공간 이름"), lambda r: r.name, muted=_inactive),
        Column(tr("유형"), lambda r: r.kind.label, muted=_inactive),
        Column(tr("정원(명)"), lambda r: f"{r.capacity:,}", RIGHT, muted=_inactive),
        Column(tr("사용 여부"), lambda r: active if r.is_active else inactive, muted=_inactive),
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
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+; invalidateFilter is deprecated
            self.beginFilterChange()
            self.text = text
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
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


# -- the views of these models ---------------------------------------------------------
def make_table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setStyleSheet("QTableView::item { padding: 0 4px; }")
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(30)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setMinimumSectionSize(40)
    header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
    return view


def fit_columns(view: QTableView) -> None:
    """Size each column to its content and header text; the last one takes what is left.

    Qt's own ResizeToContents reserves room for a sort arrow in every header, about 20
    pixels a column, which pushes useful columns off a 1280-pixel screen.
    """
    header = view.horizontalHeader()
    font = QFont(header.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    model = view.model()
    for col in range(model.columnCount()):
        if view.isColumnHidden(col):
            continue
        title = str(model.headerData(col, Qt.Horizontal) or "")
        header.resizeSection(col, max(view.sizeHintForColumn(col), metrics.horizontalAdvance(title) + 22))
