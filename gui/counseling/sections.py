"""A titled list of the 상담 page: a caption with its count and buttons, a table, and a hint
in its place when the list is empty."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon

ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)


class ListTable(QTableView):
    """A read-only table of rows; Enter (or a double click) on a row emits ``activated_row``."""

    activated_row = Signal(object)

    def __init__(self, model, widths, stretch: int | None = None, sortable: bool = False, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(30)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for col, width in enumerate(widths):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(stretch is None)
        if stretch is not None:
            header.setSectionResizeMode(stretch, QHeaderView.Stretch)
        if sortable:
            header.setSortIndicator(-1, Qt.AscendingOrder)  # the service's order until a click
            self.setSortingEnabled(True)
        self.doubleClicked.connect(lambda index: self._activate(index.row()))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in ENTER_KEYS and self.currentIndex().isValid():
            self._activate(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def _activate(self, line: int) -> None:
        row = self.model().row_at(line)
        if row is not None:
            self.activated_row.emit(row)

    def current(self):
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.model().row_at(index.row())

    def select_line(self, line: int) -> None:
        if not 0 <= line < self.model().rowCount():
            return
        index = self.model().index(line, 0)
        flags = self.selectionModel().SelectionFlag
        self.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.scrollTo(index)


class HeadButton(QPushButton):
    """A button of a section's caption row. Its minimum is its icon: where the row is too
    narrow, ``Section.fit_head`` shows it as an icon with its text in the tooltip, so two
    sections side by side never widen a 1063 px window."""

    def __init__(self, *args):
        super().__init__(*args)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)  # may shrink to the icon

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(self.iconSize().width() + 26, hint.height()) if not self.icon().isNull() else hint


class Section(QWidget):
    """Caption, count, buttons on the right; the table, or the empty-state hint. Where the
    caption row does not fit, its buttons show as icons from the right (``fit_head``)."""

    def __init__(self, caption: str, table: ListTable, parent=None):
        super().__init__(parent)
        self.caption_text = caption
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.setSpacing(4)
        self.head = QHBoxLayout()
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.head.addWidget(self.caption)
        self.head.addStretch(1)
        lay.addLayout(self.head)
        self.table = table
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        card = QFrame()
        card.setObjectName("card")
        cl = QVBoxLayout(card)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.empty)
        self.stack = QStackedWidget()
        self.stack.addWidget(table)
        self.stack.addWidget(card)
        lay.addWidget(self.stack, 1)

    def button(self, icon_name: str, text: str, slot, primary: bool = False) -> QPushButton:
        b = HeadButton(icon(icon_name, "white" if primary else None), text)
        b.setProperty("primary", primary)
        b.setStyleSheet("padding: 4px 10px;")
        b.clicked.connect(lambda _c=False: slot())
        self.head.addWidget(b)
        return b

    def _head_buttons(self) -> list[QPushButton]:
        items = (self.head.itemAt(i).widget() for i in range(self.head.count()))
        return [w for w in items if isinstance(w, HeadButton) and not w.isHidden()]

    def fit_head(self) -> None:
        """Every button with its text where the row has room; else as few as will do, from
        the right, as icons with the text in their tooltip. Run on a resize and when the
        row's buttons change (a button shown or hidden after a refresh)."""
        buttons = self._head_buttons()
        shape = (self.width(), self.caption.text(),
                 tuple((id(b), b.property("fullText") or b.text()) for b in buttons))
        if shape == getattr(self, "_fitted", None):
            return
        for b in buttons:
            text = b.property("fullText")
            if text:
                b.setText(text)
                b.setProperty("fullText", None)
                if b.property("tipFromText"):
                    b.setToolTip("")
                    b.setProperty("tipFromText", None)
        for b in reversed(buttons):
            self.head.invalidate()
            if self.head.sizeHint().width() <= self.width():
                break
            b.setProperty("fullText", b.text())
            if not b.toolTip():
                b.setToolTip(b.text())
                b.setProperty("tipFromText", True)
            b.setText("")
        self._fitted = shape

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_head()

    def event(self, event) -> bool:
        if event.type() == QEvent.LayoutRequest:  # a button of the row shown, hidden or renamed
            QTimer.singleShot(0, self, self.fit_head)
        return super().event(event)

    def show_rows(self, rows, empty_text: str, count_text: str | None = None) -> None:
        self.table.model().set_rows(rows)
        self.caption.setText(count_text or (f"{self.caption_text} {len(rows)}건" if rows else self.caption_text))
        if rows:
            self.stack.setCurrentIndex(0)
        else:
            self.empty.setText(empty_text)
            self.stack.setCurrentIndex(1)
