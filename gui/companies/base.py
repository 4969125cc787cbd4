"""What the 기업 page's dialogs share: a heading, a hint, a ``Form`` and OK / 취소, one
service call on the write lane, the refusal shown next to its field (nothing written), and
``Topic.COMPANIES`` announced after a write. Also the typed-date field and the list
combo boxes of the enums.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.common.write_dialog import SubmitsWork
from gui.context import Topic
from gui.youth.dialog import NoSuchDate, parse_date
from models.core.errors import Conflict, DomainError, ValidationError
from models.core.validation import NO_SUCH_DATE

# a hire queues retention follow-ups and a retention check closes one: the 상담 page's queue
# (it listens to Topic.YOUTH for now) and the youth record's timeline read again
WITH_FOLLOWUPS = (Topic.COMPANIES, Topic.COUNSELING, Topic.YOUTH)
DATE_FORMAT = "날짜는 YYYY-MM-DD 형식으로 입력하세요(예: 2026-12-01)."


def date_edit(value: date | None = None, placeholder: str = "YYYY-MM-DD") -> QLineEdit:
    edit = QLineEdit(value.isoformat() if value else "")
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(10)
    edit.setFixedWidth(130)
    return edit


def read_date(edit: QLineEdit, field: str, errors: dict[str, str], required: str | None = None) -> date | None:
    """The typed date, or None; a bad one is put in ``errors`` under ``field``."""
    try:
        value = parse_date(edit.text())
    except NoSuchDate:
        errors[field] = NO_SUCH_DATE
        return None
    except ValueError:
        errors[field] = DATE_FORMAT
        return None
    if value is None and required:
        errors[field] = required
    return value


def enum_combo(enum, blank: str | None = None, values=None) -> QComboBox:
    """A combo box of a LabeledEnum's members (their Korean label; data: the value), with
    a first blank choice when ``blank`` is given."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for member in values or list(enum):
        combo.addItem(member.label, member.value)
    return combo


def set_combo(combo: QComboBox, value) -> None:
    value = getattr(value, "value", value)
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class WriteDialog(SubmitsWork, QDialog):
    """``work()`` returns the write to run (or raises ``ValidationError`` for what it found
    itself); ``done_ok`` carries its result after ``Topic.COMPANIES`` was announced."""

    done_ok = Signal(object)
    topics: tuple[Topic, ...] = (Topic.COMPANIES,)  # what a write of this dialog changes

    def __init__(self, ctx, parent, title: str, hint: str, icon_name: str, width: int = 520):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setWindowIcon(icon(icon_name))
        self.setMinimumWidth(width)
        self.lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.lay.addWidget(heading)
        self.hint = QLabel(hint)
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.lay.addWidget(self.hint)
        self.form = Form()
        self.lay.addWidget(self.form)

    def finish(self, ok_text: str) -> None:
        self.lay.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.ok = QPushButton(icon("save", "white"), ok_text)
        self.ok.setProperty("primary", True)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        self.buttons.addButton(self.ok, QDialogButtonBox.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        cancel.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        self.lay.addWidget(self.buttons)

    def show_failure(self, exc: DomainError) -> None:
        """A refusal next to its field; a conflict or anything else at the top."""
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        elif isinstance(exc, Conflict) and exc.field and exc.field in self.form.rows:
            self.form.show_errors({exc.field: exc.message})
        else:
            self.form.show_message(exc.message)
