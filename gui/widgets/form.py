"""A form whose rows show their Korean error message right under the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget


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
        self.error.setVisible(False)
        lay.addWidget(widget)
        lay.addWidget(self.error)


class Form(QWidget):
    """``add(name, label, widget)``; ``show_errors({name: message})`` marks the fields."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        self.layout_.setFieldGrowthPolicy(QFormLayout.ExpandingFieldsGrow)
        self.rows: dict[str, FieldRow] = {}
        self.general = QLabel()
        self.general.setObjectName("formError")
        self.general.setWordWrap(True)
        self.general.setVisible(False)
        self.layout_.addRow(self.general)

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
            row.widget.setProperty("invalid", False)
            row.widget.style().polish(row.widget)
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
            row.widget.setProperty("invalid", True)
            row.widget.style().polish(row.widget)
            first = first or row.widget
        if first is not None:
            first.setFocus()
        self.fit_dialog()

    def show_message(self, message: str) -> None:
        self.clear_errors()
        self.general.setText(message)
        self.general.setVisible(True)
        self.fit_dialog()

    def fit_dialog(self) -> None:
        """Grow the dialog this form sits in when messages made it taller.

        Qt does not resize a shown top-level widget for wrapped labels (height-for-width), so
        a new error line would otherwise be squeezed over its field. Only dialogs grow, and
        only in height; a page inside the main window is left alone."""
        win = self.window()
        lay = win.layout() if isinstance(win, QDialog) else None
        if lay is None or not win.isVisible():
            return
        lay.activate()
        need = (lay.totalHeightForWidth(win.width()) if lay.hasHeightForWidth()
                else lay.totalSizeHint().height())
        if need > win.height():
            win.resize(win.width(), need)
