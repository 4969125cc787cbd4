"""The columns of the 오늘 입실 list: one ``ArrivalRow`` a line, the status in its colour."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gui.common.table_model import Column, RowTableModel
from gui.desk.blocks import STATUS_COLORS
from models.desk.arrivals import ArrivalRow

CENTER = Qt.AlignCenter
COLUMNS = [
    Column("시간", lambda r: r.time_text),
    Column("구분", lambda r: r.kind_label),
    Column("장소", lambda r: r.place_name),
    Column("이름", lambda r: r.youth_name),
    Column("휴대전화", lambda r: r.phone_masked),
    Column("상태", lambda r: r.status.label, CENTER),
    Column("입실", lambda r: "", CENTER),
    Column("내용", lambda r: r.detail),
]
STATUS_COLUMN, BUTTON_COLUMN, DETAIL_COLUMN = 5, 6, 7
WIDTHS = [110, 90, 150, 100, 130, 64, 96, 130]


class ArrivalsModel(RowTableModel):
    """Holds the rows the search lets through (the page keeps them all)."""

    def __init__(self, parent=None):
        super().__init__(COLUMNS, parent)

    def row_at(self, row: int) -> ArrivalRow | None:
        return super().row_at(row)

    def index_of(self, booking: tuple[str, int] | None) -> int:
        """The line of the booking (kind, id), or -1."""
        return next((i for i, r in enumerate(self.rows) if (r.kind, r.booking_id) == booking), -1)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if role == Qt.ForegroundRole and index.isValid() and index.column() == STATUS_COLUMN:
            row = self.row_at(index.row())
            if row is not None:
                return QBrush(QColor(STATUS_COLORS[row.status][2]))
        if role == Qt.BackgroundRole and index.isValid() and index.column() == STATUS_COLUMN:
            row = self.row_at(index.row())
            if row is not None:
                return QBrush(QColor(STATUS_COLORS[row.status][0]))
        return super().data(index, role)
