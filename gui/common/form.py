"""A form whose rows show their Korean error message right under the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

INPUTS = (QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit, QCheckBox)


def inputs_of(widget: QWidget) -> list[QWidget]:
    """The widgets to mark invalid for a row: the row's own input, or the inputs inside a
    row that groups several (a start and an end time, a search box and its list), so that
    labels such as "~" in between are not boxed in red."""
    if isinstance(widget, INPUTS):
        return [widget]
    # not the line edit inside a spin box or an editable combo: its owner is marked
    found = [w for w in widget.findChildren(QWidget)
             if isinstance(w, INPUTS) and not isinstance(w.parentWidget(), INPUTS)]
    return found or [widget]


def invalid_property(widget: QWidget) -> str:
    """The property the style sheet marks an invalid input by. A check box gets its own:
    the border and background of ``*[invalid="true"]`` make Qt draw the whole check box
    from the style sheet, and it lost its box after a failed save (issue 11, item 9)."""
    return "invalidCheck" if isinstance(widget, QCheckBox) else "invalid"


class FieldRow(QWidget):
    def __init__(self, widget: QWidget, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        self.widget = widget
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignLeft | Qt.AlignTop)  # a wrapped label given spare height
        self.error.setVisible(False)
        lay.addWidget(widget)
        if hasattr(widget, "place_error"):  # a compound field shows it at its own spot
            widget.place_error(self.error)
        else:
            lay.addWidget(self.error)
        if widget.sizePolicy().verticalPolicy() not in (QSizePolicy.Expanding, QSizePolicy.MinimumExpanding):
            # spare height in a tall form must not open a gap between a field and its message
            self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)


class Form(QWidget):
    """``add(name, label, widget)``; ``show_errors({name: message})`` marks the fields."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # the form-wide message sits above the form layout, not in a spanning row of it:
        # QFormLayout shares out a wrapped row's height wrongly and squeezed the fields
        # under a lockout message (issue 11, item 9)
        outer = QVBoxLayout(self)
        self.layout_ = QFormLayout()
        self.layout_.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        self.layout_.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        outer.setSpacing(self.layout_.verticalSpacing())
        self.rows: dict[str, FieldRow] = {}
        self.general = QLabel()
        self.general.setObjectName("formError")
        self.general.setWordWrap(True)
        self.general.setVisible(False)
        outer.addWidget(self.general)
        outer.addLayout(self.layout_)

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        row = FieldRow(widget)
        self.rows[name] = row
        self.layout_.addRow(label, row)
        return widget

    def error_text(self, name: str) -> str:
        row = self.rows.get(name)
        if row is None:
            return self.general.text() if name == "__all__" else ""
        return row.error.text() if row.error.isVisibleTo(self) else ""

    def clear_errors(self) -> None:
        for row in self.rows.values():
            row.error.clear()
            row.error.setVisible(False)
            for w in inputs_of(row.widget):
                prop = invalid_property(w)
                if w.property(prop):
                    w.setProperty(prop, False)
                    w.style().polish(w)
        self.general.clear()
        self.general.setVisible(False)

    def show_errors(self, errors: dict[str, str]) -> None:
        self.clear_errors()
        first = None
        for name, message in errors.items():
            row = self.rows.get(name)
            if row is None:
                self.general.setText(message)
                self.general.setVisible(True)
                continue
            row.error.setText(message)
            row.error.setVisible(True)
            marked = inputs_of(row.widget)
            for w in marked:
                w.setProperty(invalid_property(w), True)
                w.style().polish(w)
            first = first or marked[0]
        if first is not None:
            first.setFocus()
        self.fit_dialog()

    def show_message(self, message: str) -> None:
        self.clear_errors()
        self.general.setText(message)
        self.general.setVisible(True)
        self.fit_dialog()

    def show_message_of(self, exc) -> None:
        """A known error (``DomainError``) as the form's message, e.g. from a load."""
        self.show_message(exc.message)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        # Qt sizes a new dialog from minimum sizes that ignore wrapped text, and on a small
        # screen that squeezes the fields; once laid out, make room for everything
        QTimer.singleShot(0, self, self.fit_dialog)  # dropped if the form is gone by then
        if not getattr(self, "_focused", False):
            self._focused = True
            QTimer.singleShot(0, self, self.focus_first)

    def first_input(self) -> QWidget | None:
        """The first field a user can type in or choose from, in the form's order."""
        for row in self.rows.values():
            for w in inputs_of(row.widget):
                if w.isVisibleTo(self) and w.isEnabled() and w.focusPolicy() & Qt.TabFocus:
                    return w
        return None

    def focus_first(self) -> None:
        """A dialog opens with the keyboard in its first field (issue 11): not on a button,
        where Enter would press 취소, and not nowhere, where typing goes astray. A field the
        dialog chose itself (the password when the name is filled in) keeps the focus."""
        win = self.window()
        if not isinstance(win, QDialog):
            return  # a form inside a page leaves the focus alone
        current = win.focusWidget()
        if current is not None and not isinstance(current, QAbstractButton):
            return
        first = self.first_input()
        if first is not None:
            first.setFocus(Qt.OtherFocusReason)

    def fit_dialog(self, *, shrink: bool = False) -> None:
        """Grow the dialog this form sits in when messages made it taller (or, with
        ``shrink``, fit it to what it now shows, after a notice went away).

        Qt does not resize a shown top-level widget for wrapped labels (height-for-width), so
        a new error line would otherwise be squeezed over its field. Only dialogs change, and
        only in height; a page inside the main window is left alone."""
        win = self.window()
        lay = win.layout() if isinstance(win, QDialog) else None
        if lay is None or not win.isVisible():
            return
        lay.activate()
        # height-for-width alone comes out short for two-column forms
        need = lay.totalSizeHint().height()
        if lay.hasHeightForWidth():
            need = max(need, lay.totalHeightForWidth(win.width()))
        if need > win.height() or shrink and need < win.height():
            win.resize(win.width(), need)
