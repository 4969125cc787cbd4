"""Who cancels, and why: the part the room and booth cancel dialogs share.

Two radios (청년 본인 / 직원(시설 사정)), a note that says which code the cancellation will
be recorded as before the user confirms (본인 취소, 당일 늦은 취소 once the start is less
than the facility's ``late_cancel_minutes`` away, or 직원 취소), and the reason, required
for staff. ``staff_only`` hides the choice (a series is always cancelled by staff).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from gui.common.form import Form


class CancelFields(QObject):
    def __init__(self, form: Form, *, starts_at: datetime, late_minutes: int,
                 clock: Callable[[], datetime], staff_example: str, staff_only: bool = False):
        super().__init__(form)
        self.form = form
        self.starts_at = starts_at
        self.late_minutes = late_minutes
        self.clock = clock
        self.staff_example = staff_example
        self.staff_only = staff_only
        who = QWidget()
        row = QHBoxLayout(who)
        row.setContentsMargins(0, 0, 0, 0)
        self.by_youth = QRadioButton(self.tr("청년 본인"))
        self.by_staff = QRadioButton(self.tr("직원(시설 사정)"))
        self.group = QButtonGroup(self)
        for button in (self.by_youth, self.by_staff):
            self.group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        form.add("by", self.tr("취소하는 사람"), who)
        (self.by_staff if staff_only else self.by_youth).setChecked(True)
        if staff_only:
            form.layout_.setRowVisible(form.rows["by"], False)
        self.late_note = QLabel()
        self.late_note.setObjectName("pageHint")
        self.late_note.setWordWrap(True)
        self.late_note.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)  # the row's full width
        form.layout_.addRow("", self.late_note)
        self.reason = form.add("reason", self.tr("사유"), QLineEdit())
        self.reason.setMaxLength(200)
        self.group.buttonToggled.connect(self.update)
        self.update()

    @property
    def by(self) -> str:
        return "staff" if self.staff_only or self.by_staff.isChecked() else "youth"

    def is_late(self) -> bool:
        return self.clock() > self.starts_at - timedelta(minutes=self.late_minutes)

    def update(self, *_args) -> None:
        staff = self.by == "staff"
        self.reason.setPlaceholderText(self.tr("필수: 예) {0}").format(self.staff_example) if staff
                                       else self.tr("선택: 예) 면접 일정과 겹침"))
        label = self.form.layout_.labelForField(self.form.rows["reason"])
        if label is not None:
            label.setText(self.tr("사유 *") if staff else self.tr("사유"))
        if self.staff_only:
            text = ""
        elif staff:
            text = self.tr("직원 취소로 기록됩니다. 청년의 노쇼·늦은 취소 기록에는 들어가지 않습니다.")
        elif self.is_late():
            text = self.tr("⚠ 시작 {0}분 전이 지나 '당일 늦은 취소'로 기록됩니다.").format(self.late_minutes)
        else:
            text = self.tr("'본인 취소'로 기록됩니다. 시작 {0}분 전부터는 '당일 늦은 취소'가 됩니다."
                           ).format(self.late_minutes)
        self.late_note.setText(text)
        self.late_note.setVisible(bool(text))
        self.form.fit_dialog()

    def missing_reason(self) -> bool:
        """True (and the error shown next to the field) when staff cancels without a reason."""
        if self.by == "staff" and not self.reason.text().strip():
            self.form.show_errors({"reason": self.tr("직원 취소는 사유를 적어야 합니다.")})
            return True
        return False
