"""The small dialog the 일일 명단 출력 and 내보내기 buttons open: what will be saved, and for
which day or month.

It names the file it will make (a line that follows the choices), has a day picker (day
sheets, default today) or a month picker (exports, default this month), a picker of one
booth or room (with 전체 where the sheet can cover them all), the format where there is a
choice (.xlsx, .csv, .ics) and, for day sheets, an optional 출력 목적 that goes into the
audit log. 저장… hands the choice to ``on_save(choice)``, which asks for the path and starts
the output; it returns False when the user cancelled the path question, and the dialog
stays open. Enter submits, Esc cancels, and the keyboard starts in the first field.

The dialog reads nothing: the page hands it the booths or rooms it holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from gui.common.date_nav import KOREAN
from gui.common.form import Form
from gui.common.icons import icon
from models.core.text import PURPOSE_MAX
from models.core.text import WEEKDAYS_KO as WEEKDAYS

FIRST, LAST = QDate(2000, 1, 1), QDate(2100, 12, 31)  # the months the exports accept


def short_day(day: date) -> str:
    """'12/03(목)'."""
    return f"{day:%m/%d}({WEEKDAYS[day.weekday()]})"


def month_text(year: int, month: int) -> str:
    """'2026년 11월'."""
    return f"{year}년 {month}월"


@dataclass(frozen=True)
class Items:
    """The booth or room picker: its label, the (id, name) pairs, the one to select first,
    and the text of the entry for all of them (id None), or None when one must be picked."""

    label: str
    choices: Sequence[tuple[int, str]]
    selected: int | None = None
    all_text: str | None = None


@dataclass(frozen=True)
class OutputChoice:
    day: date | None = None  # day sheets
    year: int | None = None  # exports
    month: int | None = None
    item_id: int | None = None  # the booth or room; None: all of them
    item_name: str = ""
    format: tuple[str, str] | None = None  # (label, extension) of the chosen format
    purpose: str = ""


class OutputDialog(QDialog):
    def __init__(self, title: str, *, describe: Callable[[OutputChoice], str],
                 on_save: Callable[[OutputChoice], bool], day: date | None = None,
                 month: date | None = None, items: Items | None = None,
                 formats: Sequence[tuple[str, str]] = (), purpose: bool = False, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowIcon(icon("export"))
        self.setMinimumWidth(440)
        self.describe, self.on_save = describe, on_save
        lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        self.summary = QLabel()
        self.summary.setObjectName("card")
        self.summary.setContentsMargins(10, 8, 10, 8)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.form = Form()
        lay.addWidget(self.form)
        self.day_edit = self.month_edit = self.item_box = self.format_box = self.purpose_edit = None
        if day is not None:
            self.day_edit = self._date_edit("yyyy-MM-dd (ddd)", day, popup=True)
            self.form.add("day", self.tr("날짜"), self.day_edit)
        if month is not None:
            self.month_edit = self._date_edit("yyyy년 M월", month.replace(day=1), popup=False)
            self.month_edit.setCurrentSection(QDateEdit.MonthSection)
            self.month_edit.installEventFilter(self)
            self.form.add("month", self.tr("달"), self.month_edit)
        if items is not None:
            self.item_box = QComboBox()
            if items.all_text is not None:
                self.item_box.addItem(items.all_text, None)
            for rid, name in items.choices:
                self.item_box.addItem(icon("room"), name, rid)
            self.item_box.setCurrentIndex(max(0, self.item_box.findData(items.selected)))
            self.form.add("item", items.label, self.item_box)
        if formats:
            self.format_box = QComboBox()
            for label, ext in formats:
                self.format_box.addItem(f"{label} (.{ext})", (label, ext))
            self.form.add("format", self.tr("형식"), self.format_box)
        if purpose:
            self.purpose_edit = QLineEdit()
            self.purpose_edit.setMaxLength(PURPOSE_MAX)
            self.purpose_edit.setPlaceholderText(self.tr("예: 입실 확인 (선택, 감사 기록에 남습니다)"))
            self.form.add("purpose", self.tr("출력 목적"), self.purpose_edit)
        for w in (self.day_edit, self.month_edit):
            if w is not None:
                w.dateChanged.connect(lambda _d: self._update())
        for w in (self.item_box, self.format_box):
            if w is not None:
                w.currentIndexChanged.connect(lambda _i: self._update())
        lay.addStretch(1)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("export", "white"), self.tr("저장…"))
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.submit)
        buttons.addButton(self.save_button, QDialogButtonBox.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        cancel.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._update()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.month_edit and event.type() == QEvent.FocusIn:
            # once the spin box has selected its first section (the year): ↑/↓ move a month
            QTimer.singleShot(0, self, self._select_month_section)
        return super().eventFilter(watched, event)

    def _select_month_section(self) -> None:
        if self.month_edit is not None and self.month_edit.hasFocus():
            self.month_edit.setSelectedSection(QDateEdit.MonthSection)

    def _date_edit(self, fmt: str, value: date, *, popup: bool) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setLocale(KOREAN)
        edit.setDisplayFormat(fmt)
        edit.setCalendarPopup(popup)
        edit.setDateRange(FIRST, LAST)
        return edit

    def choice(self) -> OutputChoice:
        month = self.month_edit.date().toPython() if self.month_edit is not None else None
        return OutputChoice(
            day=self.day_edit.date().toPython() if self.day_edit is not None else None,
            year=month.year if month else None, month=month.month if month else None,
            item_id=self.item_box.currentData() if self.item_box is not None else None,
            item_name=self.item_box.currentText() if self.item_box is not None else "",
            format=self.format_box.currentData() if self.format_box is not None else None,
            purpose=self.purpose_edit.text().strip() if self.purpose_edit is not None else "")

    def _update(self) -> None:
        self.summary.setText(self.describe(self.choice()))

    def submit(self) -> None:
        """저장…: the page asks for the path; the dialog closes once the output is started."""
        self.save_button.setEnabled(False)
        try:
            started = self.on_save(self.choice())
        finally:
            self.save_button.setEnabled(True)
        if started:
            self.accept()
