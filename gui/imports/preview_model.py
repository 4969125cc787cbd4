"""The preview table of the import dialog: one line per row of the file, its state (신규,
중복, 오류), what the import will do with it, the mapped cells (phone and e-mail masked) and
its errors in Korean."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gui.common.table_model import Column, RowTableModel
from models.imports.engine import Action, Preview, PreviewRow

ERROR_COLOR, DUP_COLOR = QColor("#b42318"), QColor("#9a5b00")
SHOWN = 3  # the first mapped fields shown as columns (name, birth date, phone)


def state_of(row: PreviewRow) -> str:
    if row.errors:
        return "오류"
    return "중복" if row.matches else "신규"


class PreviewModel(RowTableModel):
    """Rows are ``PreviewRow``; ``actions`` (row index -> Action) is the dialog's, shared."""

    def __init__(self, parent=None):
        super().__init__([], parent)
        self.preview: Preview | None = None
        self.actions: dict[int, Action] = {}

    def show_preview(self, pv: Preview | None, actions: dict[int, Action], rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.preview, self.actions = pv, actions
        self.columns = self._columns(pv) if pv is not None else []
        self.rows = list(rows)
        self.endResetModel()

    def _columns(self, pv: Preview) -> list[Column]:
        shown = [f for f in pv.target.fields if f.key in pv.mapping][:SHOWN]
        cols = [Column("행", lambda r: r.line, Qt.AlignRight | Qt.AlignVCenter),
                Column("상태", state_of), Column("처리", self._action)]
        cols += [Column(f.label, lambda r, k=f.key: pv.shown(r, k)) for f in shown]
        cols += [Column("등록된 기록", lambda r: r.matches[0].summary + (f" 외 {len(r.matches) - 1}건" if len(r.matches) > 1 else "")
                        if r.matches else ""),
                 Column("오류", lambda r: " · ".join(f"{pv.label_of(k)}: {m}" for k, m in r.errors.items()))]
        return cols

    def _action(self, row: PreviewRow) -> str:
        if row.errors:
            return "—"
        return self.actions.get(row.index, Action.NEW).label

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ForegroundRole and index.column() in (1, len(self.columns) - 1):
            if row.errors:
                return QBrush(ERROR_COLOR)
            if row.matches:
                return QBrush(DUP_COLOR)
        if role == Qt.ToolTipRole:
            text = super().data(index, Qt.DisplayRole)
            if index.column() == 2 and row.merge_refusal:
                return row.merge_refusal
            return text or None
        return super().data(index, role)

    def action_changed(self, row_number: int) -> None:
        self.dataChanged.emit(self.index(row_number, 2), self.index(row_number, 2))
