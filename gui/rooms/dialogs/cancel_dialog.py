"""Cancel a booking (예약 취소), or a series from one occurrence onward.

Who cancels is recorded as its own code: 청년 본인 ("youth": 본인 취소, or 당일 늦은 취소 when
less than the facility's ``late_cancel_minutes`` before the start — the dialog says so
before the user confirms) or 직원 ("staff": 직원 취소, reason required). Nothing is deleted.

With ``series=True`` the dialog cancels this occurrence and every later booked one through
``services.room_series.cancel_from``; the service records those as 직원 취소 with the reason, so
the who-cancels choice is not offered and the dialog says plainly what will go.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.desk.cancel_fields import CancelFields
from gui.desk.dialog_base import day_text
from models.core.errors import DomainError, ValidationError
from models.desk.schemas import RulesRow
from models.rooms.schemas import BookingRow


class CancelDialog(QDialog):
    done = Signal(object)  # the CancelCode, or the number cancelled for a series

    def __init__(self, ctx, booking: BookingRow, *, rules: RulesRow, series: bool = False,
                 parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.booking = booking
        self.series = series
        self.late_minutes = rules.late_cancel_minutes  # the page's rules: nothing is read here
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
        self.fields = CancelFields(self.form, starts_at=booking.starts_at, late_minutes=self.late_minutes,
                                   clock=ctx.services.clock, staff_example=self.tr("시설 점검, 냉방기 고장"),
                                   staff_only=series)
        self.by_youth, self.by_staff = self.fields.by_youth, self.fields.by_staff
        self.late_note, self.reason = self.fields.late_note, self.fields.reason
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

    @property
    def by(self) -> str:
        return self.fields.by

    def submit(self) -> None:
        reason, by = self.reason.text(), self.by
        self.form.clear_errors()
        if self.fields.missing_reason():
            return
        self.confirm_button.setEnabled(False)
        actor, bid = self.ctx.actor, self.booking.id
        if self.series:
            svc = self.ctx.services.room_series
            self.ctx.run(lambda: svc.cancel_from(actor, bid, reason), self._succeeded, self._failed)
        else:
            svc = self.ctx.services.rooms
            self.ctx.run(lambda: svc.cancel(actor, bid, by=by, reason=reason),
                         self._succeeded, self._failed)

    def _succeeded(self, result) -> None:
        self.confirm_button.setEnabled(True)
        self.done.emit(result)
        self.ctx.notify(Topic.BOOKING)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.confirm_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)
