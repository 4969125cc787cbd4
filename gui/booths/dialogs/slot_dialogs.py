"""The small dialogs of the booth page: cancel a booth booking, block a slot, add an
extra slot.

- ``BoothCancelDialog``: who cancels (청년 본인, or 직원 with a required reason) like the
  room ``CancelDialog``, whose constructor needs a room ``BookingRow`` (headcount, room
  service), so it cannot take a booth booking as it is. A youth's cancellation less than
  the facility's ``late_cancel_minutes`` before the start is recorded as 당일 늦은 취소;
  the dialog says so before the user confirms.
- ``SlotBlockDialog``: a reason for ``services.booth_slots.block`` (maintenance, …).
- ``ExtraSlotDialog``: booth, day, start and end for ``services.booth_slots.add_extra``.

None of them reads to open: the cancel dialog gets the facility's rules and the extra-slot
dialog the booths from what the page holds. Each writes on the write lane, shows errors in
the dialog, and on success emits its signal and ``ctx.notify(Topic.BOOTH)``, once (the page
does not announce it again). Open them with ``.open()``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QLocale, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.desk.blocks import day_text
from gui.desk.cancel_fields import CancelFields
from gui.desk.dialog_base import add_row, narrow
from gui.facilities.facility_dialog import NO_SPIN_BUTTONS
from models.booths.schemas import BoothBookingRow, SlotRow
from models.core.errors import DomainError, ValidationError
from models.desk.schemas import RulesRow

KOREAN = QLocale(QLocale.Korean, QLocale.SouthKorea)
BLOCK_REASONS = ("장비 점검", "네트워크 장애", "직원 교육", "시설 행사")


class _Dialog(QDialog):
    """Heading, a one-line summary card, a ``Form`` and the action buttons."""

    def __init__(self, ctx, title: str, summary: str, action: str, icon_name: str, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setWindowIcon(icon(icon_name))
        self.setMinimumWidth(480)
        self.lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.lay.addWidget(heading)
        if summary:
            what = QLabel(summary)
            what.setObjectName("card")
            what.setContentsMargins(10, 8, 10, 8)
            self.lay.addWidget(what)
        self.form = Form()
        self.lay.addWidget(self.form)
        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton(icon(icon_name, "white"), action)
        self.confirm_button.setProperty("primary", True)
        self.confirm_button.clicked.connect(self.submit)
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.Cancel)
        close.setText(self.tr("닫기"))
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.lay.addStretch(1)
        self.lay.addWidget(self.buttons)
        self.confirm_button.setDefault(True)

    def submit(self) -> None:
        raise NotImplementedError

    def run(self, work, signal, *args) -> None:
        self.form.clear_errors()
        self.confirm_button.setEnabled(False)

        def done(result):
            self.confirm_button.setEnabled(True)
            signal.emit(*(args or (result,)))
            self.ctx.notify(Topic.BOOTH)
            self.accept()

        self.ctx.run(work, done, self._failed)

    def _failed(self, exc: DomainError) -> None:
        self.confirm_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)


class BoothCancelDialog(_Dialog):
    done = Signal(object)  # the CancelCode

    def __init__(self, ctx, booking: BoothBookingRow, *, rules: RulesRow, parent=None):
        summary = f"{day_text(booking.starts_at.date())} {booking.time_text} · {booking.room_name} · " \
                  f"{booking.youth_masked} ({booking.session_type.label})"
        super().__init__(ctx, "예약 취소", summary, "예약 취소", "cancel", parent)
        self.setWindowTitle(self.tr("예약 취소"))
        self.booking = booking
        self.late_minutes = rules.late_cancel_minutes
        self.fields = CancelFields(self.form, starts_at=booking.starts_at, late_minutes=self.late_minutes,
                                   clock=ctx.services.clock, staff_example=self.tr("부스 장비 고장"))
        self.by_youth, self.by_staff = self.fields.by_youth, self.fields.by_staff
        self.late_note, self.reason = self.fields.late_note, self.fields.reason
        self.finish()

    @property
    def by(self) -> str:
        return self.fields.by

    def submit(self) -> None:
        reason, by = self.reason.text(), self.by
        if self.fields.missing_reason():
            return
        svc, actor, bid = self.ctx.services.booths, self.ctx.actor, self.booking.id
        self.run(lambda: svc.cancel(actor, bid, by, reason), self.done)


class SlotBlockDialog(_Dialog):
    done = Signal(int)  # the slot id

    def __init__(self, ctx, slot: SlotRow, parent=None):
        summary = f"{day_text(slot.starts_at.date())} {slot.time_text} · {slot.room_name}"
        super().__init__(ctx, "회차 차단", summary, "차단", "lock", parent)
        self.setWindowTitle(self.tr("회차 차단"))
        self.slot = slot
        hint = QLabel(self.tr("차단한 회차는 예약할 수 없고, 그리드에 회색 빗금과 사유로 보입니다. "
                              "'차단 해제'로 되돌릴 수 있습니다."))
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        self.lay.insertWidget(2, hint)
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        self.reason = QLineEdit()
        self.reason.setMaxLength(100)
        self.reason.setPlaceholderText(self.tr("예: 장비 점검"))
        col.addWidget(self.reason)
        quick = QHBoxLayout()
        self.quick_buttons = []
        for text in BLOCK_REASONS:
            b = QPushButton(text)
            b.setStyleSheet("padding: 1px 8px;")
            b.clicked.connect(lambda _=False, t=text: self.reason.setText(t))
            quick.addWidget(b)
            self.quick_buttons.append(b)
        quick.addStretch(1)
        col.addLayout(quick)
        add_row(self.form, "reason", self.tr("사유 *"), box)
        self.form.rows["reason"].widget = self.reason
        self.finish()
        self.reason.setFocus()

    def submit(self) -> None:
        svc, actor, sid, reason = self.ctx.services.booth_slots, self.ctx.actor, self.slot.id, self.reason.text()
        self.run(lambda: svc.block(actor, sid, reason), self.done, sid)


class ExtraSlotDialog(_Dialog):
    saved = Signal(int)  # the new slot id

    def __init__(self, ctx, booths: list[tuple[int, str]], *, room_id: int | None, day: date,
                 start: time, end: time, parent=None):
        super().__init__(ctx, "추가 회차", "", "회차 추가", "add", parent)
        self.setWindowTitle(self.tr("추가 회차"))
        self.facility_id = ctx.facility_id  # the booths' facility, should the toolbar switch
        hint = QLabel(self.tr("템플릿 밖에 회차 하나를 더 엽니다(예: 기업 화상면접 일정). 같은 부스의 다른 "
                              "회차와 겹치거나 운영시간 밖이면 저장되지 않습니다."))
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        self.lay.insertWidget(1, hint)
        self.booth = add_row(self.form, "room_id", self.tr("부스"), QComboBox())
        for rid, name in booths:
            self.booth.addItem(icon("room"), name, rid)
        self.booth.setCurrentIndex(max(0, self.booth.findData(room_id)))
        if not booths:
            self.booth.setPlaceholderText(self.tr("이 시설에는 AI 면접 부스가 없습니다"))
        narrow(self.booth, 240)
        self.day = add_row(self.form, "day", self.tr("날짜"), QDateEdit(QDate(day.year, day.month, day.day)))
        self.day.setLocale(KOREAN)
        self.day.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.day.setCalendarPopup(True)
        narrow(self.day, 170)
        times = QWidget()
        row = QHBoxLayout(times)
        row.setContentsMargins(0, 0, 0, 0)
        self.start, self.end = QTimeEdit(QTime(start.hour, start.minute)), QTimeEdit(QTime(end.hour, end.minute))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
            edit.setMinimumWidth(80)
            edit.setStyleSheet(NO_SPIN_BUTTONS)  # typed, or arrow keys and wheel
        row.addWidget(self.start)
        row.addWidget(QLabel("~"))
        row.addWidget(self.end)
        row.addStretch(1)
        add_row(self.form, "start", self.tr("시간"), times, "end")
        self.finish()

    def data(self) -> dict:
        return {"room_id": self.booth.currentData(), "day": self.day.date().toPython(),
                "start": self.start.time().toString("HH:mm"), "end": self.end.time().toString("HH:mm")}

    def submit(self) -> None:
        data = self.data()
        if data["room_id"] is None:
            self.form.show_errors({"room_id": self.tr("부스를 고르세요.")})
            return
        svc, actor, fid = self.ctx.services.booth_slots, self.ctx.actor, self.facility_id
        self.run(lambda: svc.add_extra(actor, fid, data), self.saved)


def after_last(slots: list[SlotRow], room_id: int | None, day: date, minutes: int = 50) -> tuple[time, time]:
    """A sensible default for an extra slot: right after the booth's last slot that day."""
    ends = [s.ends_at for s in slots if s.room_id == room_id and s.starts_at.date() == day]
    start = (max(ends) + timedelta(minutes=10)).time() if ends else time(17, 0)
    end = (datetime.combine(day, start) + timedelta(minutes=minutes)).time()
    return start, end if end > start else time(23, 50)
