"""Recurring bookings: create a weekly series (반복 예약), and change a series from one
occurrence onward (이후 회차 변경).

``SeriesDialog`` never saves blind. "회차 확인" asks ``services.room_series.plan`` and lists every
occurrence with ✓ or the problem (a clash names the other booking, a broken rule names the
rule). With no problem "저장" saves; with problems the user chooses "충돌 회차 빼고 저장"
(``skip_conflicts=True``) or "반복 예약 취소" (closes, nothing saved). Changing any field
after the check throws the plan away, so what is saved is what was listed.

``SeriesChangeDialog`` moves this and every later booked occurrence to a new time, room
or headcount with ``services.room_series.change_from``: all or nothing, and a ``Conflict`` lists
the days that cannot change.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from gui.common.icons import icon
from gui.context import Topic
from gui.desk.dialog_base import (
    WEEKDAYS,
    BookingDialogBase,
    add_row,
    day_text,
    finish_setup,
    narrow,
)
from gui.facilities.facility_dialog import NO_SPIN_BUTTONS
from gui.youth.picker import YouthPicker
from models.core.errors import Conflict, DomainError
from models.rooms.schemas import BookingRow, Occurrence, SeriesResult

PROBLEM = QColor("#c62828")


def occurrence_text(o: Occurrence) -> str:
    when = f"{day_text(o.day)} {o.starts_at:%H:%M}–{o.ends_at:%H:%M}"
    return f"✓  {when}" if o.ok else f"✗  {when} — {o.problem}"


class SeriesDialog(BookingDialogBase):
    saved = Signal(object)  # SeriesResult

    def __init__(self, ctx, *, room_id: int, day, start, end, parent=None, setup, rooms=()):
        super().__init__(ctx, parent, setup=setup, rooms=rooms)
        self.set_heading(self.tr("반복 예약"), self.tr(
            "같은 요일·같은 시간으로 여러 주를 한 번에 예약합니다. '회차 확인'으로 모든 회차를 "
            "먼저 확인한 뒤 저장하세요."))
        self.plan: list[Occurrence] | None = None
        self.add_room_field(room_id)
        self.add_day_field(day)
        self.add_time_fields(start, end)
        self.weeks = add_row(self.form, "weeks", self.tr("반복"), QSpinBox())
        self.weeks.setRange(2, 26)
        self.weeks.setValue(8)
        self.weeks.setStyleSheet(NO_SPIN_BUTTONS)
        narrow(self.weeks, 90)
        self.weeks.setSuffix(self.tr(" 주"))
        self.youth_picker = add_row(self.form, "youth_id", self.tr("청년(대표자)"), YouthPicker(ctx))
        self.add_headcount_field()
        self.add_purpose_field()
        self.add_note_field()
        self.add_identity_field()
        self.setMinimumWidth(960)
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("<b>회차</b>")))
        self.summary = QLabel(self.tr("아직 회차를 확인하지 않았습니다."))
        self.summary.setObjectName("pageHint")
        self.summary.setWordWrap(True)
        side.addWidget(self.summary)
        self.occurrence_list = QListWidget()
        self.occurrence_list.setMinimumWidth(380)
        self.occurrence_list.setAlternatingRowColors(True)
        self.occurrence_list.setWordWrap(True)
        side.addWidget(self.occurrence_list, 1)
        self.body.addLayout(side, 1)
        self._build_buttons()
        finish_setup(self)
        self._weekday_hint()
        for signal in (self.room.currentIndexChanged, self.day_edit.dateChanged,
                       self.start_edit.currentIndexChanged, self.end_edit.currentIndexChanged,
                       self.weeks.valueChanged, self.headcount.valueChanged,
                       self.purpose.currentIndexChanged, self.note.textChanged,
                       self.youth_picker.youth_selected, self.identity.toggled):
            signal.connect(self._inputs_changed)
        self._show_plan(None)

    def _build_buttons(self) -> None:
        row = QHBoxLayout()
        self.plan_button = QPushButton(icon("calendar"), self.tr("회차 확인"))
        self.plan_button.clicked.connect(self.check)
        row.addWidget(self.plan_button)
        row.addStretch(1)
        self.cancel_series_button = QPushButton(icon("cancel"), self.tr("반복 예약 취소"))
        self.cancel_series_button.clicked.connect(self.reject)
        self.skip_button = QPushButton(icon("save"), self.tr("충돌 회차 빼고 저장"))
        self.skip_button.setProperty("primary", True)
        self.skip_button.clicked.connect(lambda: self.save(skip_conflicts=True))
        self.save_button = QPushButton(icon("save", "white"), self.tr("저장"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(lambda: self.save(skip_conflicts=False))
        self.close_button = QPushButton(self.tr("닫기"))
        self.close_button.clicked.connect(self.reject)
        for b in (self.cancel_series_button, self.skip_button, self.save_button, self.close_button):
            row.addWidget(b)
        self.add_buttons(row)

    # -- data ---------------------------------------------------------------------------
    def data(self) -> dict:
        return self.slot_data() | {
            "youth_id": self.youth_picker.selected_youth_id, "note": self.note.text(),
            "identity_confirmed": self.identity.isChecked(), "weeks": self.weeks.value()}

    def _weekday_hint(self) -> None:
        day = self.chosen_day()
        last = day + timedelta(weeks=self.weeks.value() - 1)
        self.weeks.setToolTip(self.tr("매주 {0}요일, {1}까지").format(WEEKDAYS[day.weekday()], last))

    def _inputs_changed(self, *_args) -> None:
        self._weekday_hint()
        if self.plan is not None:
            self._show_plan(None)
            self.summary.setText(self.tr("내용이 바뀌었습니다. '회차 확인'을 다시 누르세요."))

    # -- planning -----------------------------------------------------------------------
    def check(self) -> None:
        data = self.data()
        if self.missing(data):
            self.form.show_errors(self.missing(data))
            return
        self.form.clear_errors()
        self.plan_button.setEnabled(False)
        svc, actor, fid = self.ctx.services.room_series, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.plan(actor, fid, data), self._planned, self._failed)

    def _planned(self, plan: list[Occurrence]) -> None:
        self.plan_button.setEnabled(True)
        self._show_plan(plan)

    def _show_plan(self, plan: list[Occurrence] | None) -> None:
        self.plan = plan
        self.occurrence_list.clear()
        bad = [o for o in plan or [] if not o.ok]
        for o in plan or []:
            item = QListWidgetItem(occurrence_text(o))
            item.setData(Qt.UserRole, o)
            if not o.ok:
                item.setForeground(QBrush(PROBLEM))
            self.occurrence_list.addItem(item)
        self.save_button.setVisible(plan is not None and not bad)
        self.skip_button.setVisible(bool(bad))
        self.skip_button.setEnabled(len(bad) < len(plan or []))
        self.cancel_series_button.setVisible(bool(bad))
        if plan is None:
            self.summary.setText(self.tr("아직 회차를 확인하지 않았습니다."))
        elif not bad:
            self.summary.setText(self.tr("{0}회 모두 예약할 수 있습니다.").format(len(plan)))
        elif len(bad) == len(plan):
            self.summary.setText(self.tr("{0}회 모두 예약할 수 없습니다. 시간이나 공간을 바꾸거나 "
                                         "반복 예약을 취소하세요.").format(len(plan)))
        else:
            self.summary.setText(self.tr(
                "{0}회 중 {1}회는 예약할 수 없습니다. 그 회차를 빼고 {2}회만 저장하거나, 반복 예약을 "
                "취소하세요.").format(len(plan), len(bad), len(plan) - len(bad)))

    # -- saving -------------------------------------------------------------------------
    def save(self, skip_conflicts: bool) -> None:
        data = self.data()
        self.form.clear_errors()
        for b in (self.save_button, self.skip_button, self.plan_button):
            b.setEnabled(False)
        svc, actor, fid = self.ctx.services.room_series, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.create(actor, fid, data, skip_conflicts=skip_conflicts),
                     self._saved, self._failed)

    def _saved(self, result: SeriesResult) -> None:
        self.saved.emit(result)
        self.ctx.notify(Topic.BOOKING)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        for b in (self.save_button, self.skip_button, self.plan_button):
            b.setEnabled(True)
        self.show_failure(exc)


class SeriesChangeDialog(BookingDialogBase):
    done = Signal(object)  # how many occurrences changed

    def __init__(self, ctx, booking: BookingRow, parent=None, *, setup, rooms=()):
        super().__init__(ctx, parent, setup=setup, rooms=rooms)
        self.booking = booking
        day = booking.starts_at.date()
        self.set_heading(self.tr("반복 예약 변경"), self.tr(
            "{0} 회차와 그 이후의 모든 회차를 새 시간·공간·인원으로 바꿉니다. 날짜(요일)는 그대로이고, "
            "한 회차라도 바꿀 수 없으면 아무것도 바꾸지 않습니다.").format(day_text(day)))
        self.add_room_field(booking.room_id)
        self.add_time_fields(booking.starts_at, booking.ends_at)
        self.add_headcount_field(booking.headcount)
        who = QLabel(self.tr("{0} · {1}").format(booking.youth_masked, booking.purpose.label))
        add_row(self.form, "youth_id", self.tr("청년"), who)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("save", "white"), self.tr("이후 회차 모두 변경"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.submit)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        close = buttons.addButton(QDialogButtonBox.Cancel)
        close.setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        self.add_buttons(buttons)
        self.save_button.setDefault(True)

    def chosen_day(self):
        return self.booking.starts_at.date()

    def data(self) -> dict:
        b = self.booking
        return self.slot_data() | {
            "day": b.starts_at.date(), "youth_id": b.youth_id, "purpose": b.purpose.value,
            "note": b.note, "identity_confirmed": True}

    def submit(self) -> None:
        data = self.data()
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        svc, actor, bid = self.ctx.services.room_series, self.ctx.actor, self.booking.id
        self.ctx.run(lambda: svc.change_from(actor, bid, data), self._succeeded, self._failed)

    def _succeeded(self, count: int) -> None:
        self.save_button.setEnabled(True)
        self.done.emit(count)
        self.ctx.notify(Topic.BOOKING)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, Conflict) and ": " in exc.message:
            # one line per day that cannot change
            head, _, days = exc.message.partition(": ")
            self.form.show_message(head + ":\n" + days.replace(" / ", "\n"))
        else:
            self.show_failure(exc)
