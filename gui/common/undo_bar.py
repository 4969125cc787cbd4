"""A one-line, non-modal "done — undo" notice for one-click actions.

After a one-click action (입실, 노쇼 확정) the page says what it did and offers to take it
back: "✓ 홍*동 입실 처리했습니다  [되돌리기]". The line never opens a dialog and never
moves what is around it: it has a fixed height lower than a push button and goes into an
existing row of buttons (the pages put it in their title row, before the header buttons),
so showing and hiding it changes no other widget's position. It goes away by
itself after a while (the undo stays in the booking's detail panel for the rest of the
day), on its × button, or when the page offers the next one.

The bar only shows text and calls back; what undoing means is the page's business:
``offer(text, undo)`` shows the line with its button and calls ``undo()`` once when it is
pressed; ``say(text)`` shows a plain line (e.g. what the undo did); ``dismiss()`` hides it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QToolButton

HEIGHT = 26  # lower than a push button: fits in a row of them (a page title row, a date bar)
OFFER_MS = 45_000
SAY_MS = 8_000


class _ElidedLabel(QLabel):
    """A one-line label that ends in "…" when the row is too narrow (the full text is its
    tooltip)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.full = ""

    def set_full_text(self, text: str) -> None:
        self.full = text
        self.setToolTip(text)
        self._elide()

    def sizeHint(self):  # noqa: N802
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self.full) + 4)
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full, Qt.ElideRight, max(self.width(), 20)))


class UndoBar(QFrame):
    shown = Signal(bool)  # it came or went: a row that fits its buttons to its width refits

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setStyleSheet(
            "#undoBar { background: #eef7ee; border: 1px solid #b9dcb9; border-radius: 6px; }"
            "#undoBar QLabel { color: #1f5f2a; }"
            "#undoBar QPushButton { padding: 0px 8px; border: none; background: transparent;"
            " color: #2f6fde; font-weight: bold; text-decoration: underline; }"
            "#undoBar QPushButton:disabled { color: #8aa0c8; }")
        self.setFixedHeight(HEIGHT)
        # it asks for little (a narrow window's header need not make room for it) and takes
        # what the row has left, up to its whole text: add it with a large stretch
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 0, 2, 0)
        lay.setSpacing(4)
        self.label = _ElidedLabel()
        self.label.setTextFormat(Qt.PlainText)
        self.label.setMinimumWidth(60)
        lay.addWidget(self.label, 1)
        self.undo_button = QPushButton(self.tr("되돌리기"))
        self.undo_button.setCursor(Qt.PointingHandCursor)
        self.undo_button.setFixedHeight(HEIGHT - 4)
        self.undo_button.clicked.connect(self._undo)
        lay.addWidget(self.undo_button)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("닫기"))
        self.close_button.setFixedSize(HEIGHT - 6, HEIGHT - 6)
        self.close_button.clicked.connect(self.dismiss)
        lay.addWidget(self.close_button)
        self._undo_fn: Callable[[], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self.setVisible(False)

    def offer(self, text: str, undo: Callable[[], None], timeout_ms: int = OFFER_MS) -> None:
        """Say ``text`` (what was done) with a [되돌리기] button that calls ``undo`` once."""
        self._undo_fn = undo
        self._show("✓ " + text, timeout_ms)
        self.undo_button.setEnabled(True)
        self.undo_button.setVisible(True)
        self._fit()

    def say(self, text: str, timeout_ms: int = SAY_MS) -> None:
        """A plain line without the button, e.g. what an undo did."""
        self._undo_fn = None
        self._show(text, timeout_ms)
        self.undo_button.setVisible(False)
        self._fit()

    def dismiss(self) -> None:
        self._undo_fn = None
        self._timer.stop()
        if not self.isHidden():
            self.setVisible(False)
            self.shown.emit(False)

    def text(self) -> str:
        """What the line says, or "" when it is hidden."""
        return "" if self.isHidden() else self.label.full

    @property
    def offering(self) -> bool:
        """Whether the line is on show with its [되돌리기] button still to press."""
        return self._undo_fn is not None and not self.isHidden()

    def sizeHint(self):  # noqa: N802
        return self.minimumSizeHint()

    def _show(self, text: str, timeout_ms: int) -> None:
        self.label.set_full_text(text)
        came = self.isHidden()
        self.setVisible(True)
        self.updateGeometry()
        self._timer.start(timeout_ms)
        if came:
            self.shown.emit(True)

    def _fit(self) -> None:
        """No wider than its text and buttons: the row keeps the rest."""
        self.layout().invalidate()
        self.setMaximumWidth(self.layout().sizeHint().width())

    def _undo(self) -> None:
        fn, self._undo_fn = self._undo_fn, None
        self.undo_button.setEnabled(False)  # once: the page says what came of it
        if fn is not None:
            fn()
