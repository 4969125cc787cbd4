"""Table models for every list: columns declared once, rows are DTOs.

``RowTableModel`` holds a full list (small lists: facilities, staff). ``LazyRowModel``
fetches pages from a service on the read pool as the view scrolls (big lists: youth,
audit); sorting and filtering happen in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
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
    """Rows a page at a time, read off the GUI thread.

    The page reads the first page itself (with its count, in one ``Page.load``) and hands
    it to ``reset(rows, fetch)``. ``fetch(offset, limit)`` must be safe to call on the read
    pool (it closes over the actor, facility and query of that load). When the view
    scrolls to the end, ``fetchMore`` asks for the next page through ``load(fn, on_done,
    on_error)`` (``ctx.load`` or a page's ``load``) and appends it when it arrives; while
    one page is on its way no second one is asked for, and a page that a ``reset``
    overtook is dropped. ``fetched(count)`` follows each appended page; a known error goes
    to ``fetch_failed`` and stops fetching until the next ``reset``.
    """

    PAGE = 200

    fetched = Signal(int)  # rows appended by the page that just arrived
    fetch_failed = Signal(object)  # a DomainError while fetching more

    def __init__(self, columns: Sequence[Column], load: Callable | None = None, parent=None):
        super().__init__(columns, parent)
        self.load = load
        self.fetch: Callable[[int, int], list] | None = None
        self.key: Callable[[Any], Any] | None = None
        self._exhausted = True
        self._pending = False
        self._gen = 0  # a reset makes pages still on their way stale

    @property
    def fetching(self) -> bool:
        """A next page has been asked for and has not arrived yet."""
        return self._pending

    def reset(self, rows: Sequence, fetch: Callable[[int, int], list] | None = None, *,
              key: Callable[[Any], Any] | None = None) -> None:
        """Show ``rows`` as the first page; ``fetch`` reads the next ones (None: no more).
        With ``key`` the next page is asked for by keyset: ``fetch(key(last row), limit)``
        instead of ``fetch(offset, limit)`` (a deep page costs what the first one does)."""
        self._gen += 1
        self._pending = False
        self.fetch = fetch
        self.key = key
        self.beginResetModel()
        self.rows = list(rows)
        self._exhausted = fetch is None or len(self.rows) < self.PAGE
        self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self._exhausted and not self._pending

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent) or self.load is None or self.fetch is None:
            return
        self._pending = True
        gen, fetch, limit = self._gen, self.fetch, self.PAGE
        # read on the GUI thread, where the rows live
        offset = self.key(self.rows[-1]) if self.key and self.rows else len(self.rows)

        def arrived(more) -> None:
            if gen != self._gen or not shiboken6.isValid(self):
                return  # reset meanwhile, or the list was closed
            self._pending = False
            more = list(more)
            self._exhausted = len(more) < limit
            if more:
                self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
                self.rows.extend(more)
                self.endInsertRows()
            self.fetched.emit(len(more))

        def failed(exc) -> None:
            if gen != self._gen or not shiboken6.isValid(self):
                return
            self._pending = False
            self._exhausted = True  # do not ask again at every scroll; the next reset does
            self.fetch_failed.emit(exc)

        self.load(lambda: fetch(offset, limit), arrived, failed)
