"""Cancel a booking (예약 취소), or a series from one occurrence onward.

Who cancels is recorded as its own code: 청년 본인 ("youth": 본인 취소, or 당일 늦은 취소 when
less than the facility's ``late_cancel_minutes`` before the start — the dialog says so
before the user confirms) or 직원 ("staff": 직원 취소, reason required). Nothing is deleted.

With ``series=True`` the dialog cancels this occurrence and every later booked one through
``services.series.cancel_from``; the service records those as 직원 취소 with the reason, so
the who-cancels choice is not offered and the dialog says plainly what will go.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gui.dialogs.bookings.common import day_text
from gui.icons import icon
from gui.widgets.form import Form
from models.booking_schemas import BookingRow
from models.errors import DomainError, ValidationError


class CancelDialog(QDialog):
    done = Signal(object)  # the CancelCode, or the number cancelled for a series

    def __init__(self, ctx, booking: BookingRow, *, series: bool = False, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.booking = booking
        self.series = series
        rules = ctx.services.booking_rules.get(ctx.actor, booking.facility_id)
        self.late_minutes = rules.late_cancel_minutes
        title = self.tr("반복 예약 취소(이후 회차)") if series else self.tr("예약 취소")
        self.setWindowTitle(title)
        self.setWindowIcon(icon("cancel"))
        self.setMinimumWidth(500)
        lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        what = QLabel(self.tr("{0} {1} · {2} · {3} ({4}명)").format(
            day_text(booking.starts_at.date()), booking.time_text, booking.room_name,
            booking.youth_masked, booking.headcount))
        what.setObjectName("card")
        what.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(what)
        self.series_text = QLabel(self.tr(
            "이 회차({0})와 그 이후의 모든 반복 회차가 함께 취소됩니다. 이전 회차는 그대로 둡니다. "
            "직원 취소로 기록되며 사유를 꼭 적어야 합니다.").format(f"{booking.starts_at:%m/%d}"))
        self.series_text.setObjectName("formError")
        self.series_text.setWordWrap(True)
        self.series_text.setVisible(series)
        lay.addWidget(self.series_text)
        self.form = Form()
        lay.addWidget(self.form)
        self.who = QWidget()
        row = QHBoxLayout(self.who)
        row.setContentsMargins(0, 0, 0, 0)
        self.by_youth = QRadioButton(self.tr("청년 본인"))
        self.by_staff = QRadioButton(self.tr("직원(시설 사정)"))
        self.by_group = QButtonGroup(self)
        for button in (self.by_youth, self.by_staff):
            self.by_group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.form.add("by", self.tr("취소하는 사람"), self.who)
        self.by_youth.setChecked(True)
        if series:
            self.by_staff.setChecked(True)
            self.form.layout_.setRowVisible(self.form.rows["by"], False)
        self.late_note = QLabel()
        self.late_note.setObjectName("pageHint")
        self.late_note.setWordWrap(True)
        self.form.layout_.addRow("", self.late_note)
        self.reason = self.form.add("reason", self.tr("사유"), QLineEdit())
        self.reason.setMaxLength(200)
        self.by_group.buttonToggled.connect(self._update)
        buttons = QDialogButtonBox()
        self.confirm_button = QPushButton(icon("cancel", "white"), self.tr(
            "이후 회차 모두 취소") if series else self.tr("예약 취소"))
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.clicked.connect(self.submit)
        buttons.addButton(self.confirm_button, QDialogButtonBox.ActionRole)
        close = buttons.addButton(QDialogButtonBox.Cancel)
        close.setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        lay.addStretch(1)
        lay.addWidget(buttons)
        self._update()

    @property
    def by(self) -> str:
        return "staff" if self.series or self.by_staff.isChecked() else "youth"

    def is_late(self) -> bool:
        now = self.ctx.services.clock()
        return now > self.booking.starts_at - timedelta(minutes=self.late_minutes)

    def _update(self, *_args) -> None:
        staff = self.by == "staff"
        self.reason.setPlaceholderText(self.tr("필수: 예) 시설 점검, 냉방기 고장") if staff
                                       else self.tr("선택: 예) 면접 일정과 겹침"))
        label = self.form.layout_.labelForField(self.form.rows["reason"])
        if label is not None:
            label.setText(self.tr("사유 *") if staff else self.tr("사유"))
        if self.series:
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

    def submit(self) -> None:
        reason, by = self.reason.text(), self.by
        self.form.clear_errors()
        if self.by == "staff" and not reason.strip():
            self.form.show_errors({"reason": self.tr("직원 취소는 사유를 적어야 합니다.")})
            return
        self.confirm_button.setEnabled(False)
        actor, bid = self.ctx.actor, self.booking.id
        if self.series:
            svc = self.ctx.services.series
            self.ctx.run(lambda: svc.cancel_from(actor, bid, reason), self._succeeded, self._failed)
        else:
            svc = self.ctx.services.bookings
            self.ctx.run(lambda: svc.cancel(actor, bid, by=by, reason=reason),
                         self._succeeded, self._failed)

    def _succeeded(self, result) -> None:
        self.confirm_button.setEnabled(True)
        self.done.emit(result)
        self.ctx.notify("booking")
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.confirm_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)
