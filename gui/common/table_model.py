"""Table models for every list: columns declared once, rows are DTOs.

``RowTableModel`` holds a full list (small lists: facilities, staff). ``LazyRowModel``
fetches pages from a service as the view scrolls (big lists: youth, audit); sorting and
filtering happen in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

ROW_ROLE = Qt.UserRole + 1


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    align: Qt.AlignmentFlag = Qt.AlignLeft | Qt.AlignVCenter
    muted: Callable[[Any], bool] | None = None


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list = []

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        item = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.DisplayRole:
            value = col.value(item)
            return "" if value is None else str(value)
        if role == Qt.TextAlignmentRole:
            return int(col.align)
        if role == Qt.ForegroundRole and col.muted and col.muted(item):
            return QBrush(QColor("#9aa3b5"))
        if role == ROW_ROLE:
            return item
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.columns[section].header
        return None


class LazyRowModel(RowTableModel):
    """Rows come from ``fetch(offset, limit)`` a page at a time."""

    PAGE = 200

    def __init__(self, columns: Sequence[Column], fetch: Callable[[int, int], list], parent=None):
        super().__init__(columns, parent)
        self.fetch = fetch
        self._exhausted = False

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = list(self.fetch(0, self.PAGE))
        self._exhausted = len(self.rows) < self.PAGE
        self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        more = list(self.fetch(len(self.rows), self.PAGE))
        self._exhausted = len(more) < self.PAGE
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()
