"""What the booking dialogs share: the room, day, time, headcount and purpose fields, and
the way a service error is shown.

The dialogs check nothing themselves that the service checks (rules, capacity, overlap);
they only make the usual choices easy: rooms are the facility's bookable rooms, times are
the facility's step (``RulesRow.step_minutes``) over the day's opening hours, and the line
under the day says whether the facility is open (a public holiday or a closure day is
named). Start and end share one form row, so a message about either shows under both.
"""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form, inputs_of, invalid_property
from gui.common.icons import icon
from gui.facilities.facility_dialog import NO_SPIN_BUTTONS
from models.core.errors import DomainError, RuleViolation, ValidationError
from models.core.permissions import Perm
from models.core.time import SEOUL
from models.desk.schemas import DeskSetup
from models.rooms.enums import Purpose

KOREAN = QLocale(QLocale.Korean, QLocale.SouthKorea)
WEEKDAYS = "월화수목금토일"
OVERRIDE_MAX_HEADCOUNT = 99


def day_text(day: date) -> str:
    return f"{day:%Y-%m-%d} ({WEEKDAYS[day.weekday()]})"


def hhmm(value: time | datetime | str) -> str:
    if isinstance(value, str):
        return value[:5]
    return value.strftime("%H:%M")


def minutes_of(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def text_of(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration_text(minutes: int) -> str:
    h, m = divmod(max(minutes, 0), 60)
    if h and m:
        return f"{h}시간 {m}분"
    return f"{h}시간" if h else f"{m}분"


def narrow(widget: QWidget, width: int) -> QWidget:
    """At most ``width`` wide, yet expanding, so the form row (and the error message
    under the field) gets the full width instead of being squeezed to the field's."""
    widget.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    widget.setMaximumWidth(width)
    return widget


def add_row(form: Form, name: str, label: str, widget: QWidget, *aliases: str) -> QWidget:
    """``Form.add`` whose row also shows the errors of ``aliases`` (e.g. start and end)."""
    form.add(name, label, widget)
    for alias in aliases:
        form.rows[alias] = form.rows[name]
    return widget


def mark_field(form: Form, name: str, message: str) -> None:
    """Show ``message`` under one field without clearing the form's general message."""
    row = form.rows.get(name)
    if row is None:
        return
    row.error.setText(message)
    row.error.setVisible(True)
    for w in inputs_of(row.widget):
        w.setProperty(invalid_property(w), True)  # a check box keeps its box
        w.style().polish(w)
    form.fit_dialog()


def clear_field(form: Form, name: str) -> None:
    """Take the message of one field away again (the user changed what it was about)."""
    row = form.rows.get(name)
    if row is None or not row.error.isVisibleTo(form):
        return
    row.error.clear()
    row.error.setVisible(False)
    for w in inputs_of(row.widget):
        prop = invalid_property(w)
        if w.property(prop):
            w.setProperty(prop, False)
            w.style().polish(w)


# a broken rule that is about the time or the day is said at that field, not at the top
RULE_FIELDS = {"past": "start", "hours": "start", "step": "start", "closed": "day", "ahead": "day"}


class BookingDialogBase(QDialog):
    """A dialog with a heading, a hint, a ``Form`` and the booking fields it asks for.

    It reads nothing: ``setup`` (the facility's rules, hours and closure days, a
    ``DeskSetup``) and ``rooms`` (the bookable rooms) come from what the page already
    holds, and ``setup`` decides whether a day is open.
    """

    def __init__(self, ctx, parent=None, *, setup: DeskSetup, rooms=()):
        super().__init__(parent)
        self.ctx = ctx
        actor, fid = ctx.actor, setup.facility_id
        self.facility_id = fid
        self.today = ctx.services.rooms.today()
        self.setup = setup
        self.rules = setup.rules
        self.rooms = list(rooms)
        self.can_override = bool(actor and actor.can(Perm.BOOKING_OVERRIDE, fid))
        # a dialog for one booking offers no time that is over today (issue 11, item 11);
        # a series dialog does, its later dates may need them
        self.hide_past_times = False
        self.setWindowIcon(icon("calendar"))
        self.setMinimumWidth(560)
        self.lay = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageTitle")
        self.lay.addWidget(self.heading)
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.lay.addWidget(self.hint)
        self.form = Form()
        self.body = QHBoxLayout()  # the form, and a side panel where a dialog wants one
        self.body.addWidget(self.form, 1)
        self.lay.addLayout(self.body)

    def add_buttons(self, buttons: QWidget | QHBoxLayout) -> None:
        """Buttons at the bottom; extra height goes above them, not between the fields."""
        self.lay.addStretch(1)
        if isinstance(buttons, QWidget):
            self.lay.addWidget(buttons)
        else:
            self.lay.addLayout(buttons)

    def set_heading(self, title: str, hint: str) -> None:
        self.setWindowTitle(title)
        self.heading.setText(title)
        self.hint.setText(hint)

    # -- fields -----------------------------------------------------------------------
    def add_room_field(self, room_id: int | None) -> QComboBox:
        self.room = add_row(self.form, "room_id", self.tr("공간"), QComboBox())
        for r in self.rooms:
            self.room.addItem(icon("room"), self.tr("{0} · {1} · 정원 {2}명").format(
                r.name, r.kind.label, r.capacity), r.id)
        index = self.room.findData(room_id)
        self.room.setCurrentIndex(index if index >= 0 else (0 if self.rooms else -1))
        if not self.rooms:
            self.room.setPlaceholderText(self.tr("예약할 수 있는 공간이 없습니다"))
        self.room.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.room.currentIndexChanged.connect(self._room_changed)
        return self.room

    def add_day_field(self, day: date, editable: bool = True) -> QDateEdit:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        self.day_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.day_edit.setLocale(KOREAN)
        self.day_edit.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.day_edit.setCalendarPopup(editable)
        self.day_edit.setReadOnly(not editable)
        if not editable:
            self.day_edit.setStyleSheet(NO_SPIN_BUTTONS)
            self.day_edit.setFocusPolicy(Qt.NoFocus)
        narrow(self.day_edit, 170)
        self.day_edit.dateChanged.connect(self._day_changed)
        self.day_info = QLabel()
        self.day_info.setObjectName("pageHint")
        col.addWidget(self.day_edit)
        col.addWidget(self.day_info)
        add_row(self.form, "day", self.tr("날짜"), box)
        return self.day_edit

    def add_time_fields(self, start, end) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.start_edit, self.end_edit = QComboBox(), QComboBox()
        for combo in (self.start_edit, self.end_edit):
            combo.setMinimumWidth(90)
            combo.setMaxVisibleItems(16)
        self.duration = QLabel()
        self.duration.setObjectName("pageHint")
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("~"))
        row.addWidget(self.end_edit)
        row.addWidget(self.duration)
        row.addStretch(1)
        add_row(self.form, "start", self.tr("시간"), box, "end")
        self._fill_times(hhmm(start), hhmm(end))
        self.start_edit.currentIndexChanged.connect(self._start_changed)
        self.end_edit.currentIndexChanged.connect(self._show_duration)
        for combo in (self.start_edit, self.end_edit):
            combo.currentIndexChanged.connect(lambda *_a: self._slot_changed("start"))

    def add_headcount_field(self, value: int = 1) -> QSpinBox:
        self.headcount = add_row(self.form, "headcount", self.tr("인원"), QSpinBox())
        self.headcount.setStyleSheet(NO_SPIN_BUTTONS)
        self.headcount.setSuffix(self.tr(" 명"))
        narrow(self.headcount, 90)
        self._room_changed()
        self.headcount.setValue(value)
        return self.headcount

    def add_purpose_field(self, purpose: Purpose = Purpose.STUDY) -> QComboBox:
        self.purpose = add_row(self.form, "purpose", self.tr("이용 목적"), QComboBox())
        for value, label in Purpose.choices():
            self.purpose.addItem(label, value)
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(Purpose(purpose).value)))
        narrow(self.purpose, 180)
        return self.purpose

    def add_note_field(self) -> QLineEdit:
        self.note = add_row(self.form, "note", self.tr("메모"), QLineEdit())
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(self.tr("예: 스터디 모임 이름, 필요한 비품 (선택)"))
        return self.note

    def add_identity_field(self, walk_in: bool = False) -> QCheckBox:
        self.identity = add_row(self.form, "identity_confirmed", "", QCheckBox(
            self.tr("본인 확인(대리 예약 불가): 이용할 청년 본인이 직접 신청했습니다")))
        self.identity.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        if walk_in:
            self.identity.setChecked(True)
            self.identity.setEnabled(False)
            self.identity.setToolTip(self.tr("창구에 온 청년 본인에게 바로 내주는 예약입니다."))
        return self.identity

    # -- reactions ----------------------------------------------------------------------
    def current_room(self):
        rid = self.room.currentData() if hasattr(self, "room") else None
        return next((r for r in self.rooms if r.id == rid), None)

    def _room_changed(self, *_args) -> None:
        if not hasattr(self, "headcount"):
            return
        room = self.current_room()
        cap = room.capacity if room else 1
        # a manager may override the capacity rule, so only others are held to it here
        self.headcount.setRange(1, max(cap, OVERRIDE_MAX_HEADCOUNT) if self.can_override else cap)
        self.headcount.setToolTip(self.tr("정원 {0}명").format(cap))

    def chosen_day(self) -> date:
        return self.day_edit.date().toPython() if hasattr(self, "day_edit") else self.today

    def _span(self, day: date) -> tuple[int, int]:
        opens, closes = self.setup.time_range(day)
        return opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute

    def now_minutes(self) -> int | None:
        """The minute of the day it is now, when the chosen day is today (Seoul)."""
        now = self.ctx.services.rooms.clock().astimezone(SEOUL)
        return now.hour * 60 + now.minute if self.chosen_day() == now.date() else None

    def _fill_times(self, start: str, end: str) -> None:
        day = self.chosen_day()
        first, last = self._span(day)
        step = self.rules.step_minutes
        marks = set(range(first - first % step, last + 1, step))
        now = self.now_minutes() if self.hide_past_times else None
        if now is None:
            marks |= {minutes_of(start), minutes_of(end)}
        else:
            # from the step that is running now: a booking may start in it, never end in the past
            floor = now - now % step
            marks = {m for m in marks if m >= floor}
            if minutes_of(start) < floor:
                start = text_of(floor)
            if minutes_of(end) <= max(minutes_of(start), now):
                end = text_of(minutes_of(start) + step)
            marks |= {minutes_of(start), minutes_of(end)} & set(range(floor, last + 1))
        marks = sorted(marks)
        self.no_time_left = len(marks) < 2
        if self.no_time_left:
            for combo in (self.start_edit, self.end_edit):
                combo.blockSignals(True)
                combo.clear()
                combo.blockSignals(False)
            self._show_duration()
            mark_field(self.form, "start", self.tr("오늘은 예약할 수 있는 시간이 지났습니다. 다른 날을 고르세요."))
            return
        clear_field(self.form, "start")
        for combo, skip, value in ((self.start_edit, marks[-1], start), (self.end_edit, marks[0], end)):
            combo.blockSignals(True)
            combo.clear()
            for m in marks:
                if m != skip:
                    combo.addItem(text_of(m), text_of(m))
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self._show_duration()

    def _start_changed(self, *_args) -> None:
        start, end = self.start_edit.currentData(), self.end_edit.currentData()
        if start and end and minutes_of(end) <= minutes_of(start):
            later = self.end_edit.findData(text_of(minutes_of(start) + self.rules.step_minutes))
            if later >= 0:
                self.end_edit.setCurrentIndex(later)
        self._show_duration()

    def _show_duration(self, *_args) -> None:
        start, end = self.start_edit.currentData(), self.end_edit.currentData()
        if start and end and minutes_of(end) > minutes_of(start):
            self.duration.setText(f"({duration_text(minutes_of(end) - minutes_of(start))})")
        else:
            self.duration.setText("")

    def _slot_changed(self, field: str) -> None:
        """The user changed the time or the day: a message about it no longer holds."""
        clear_field(self.form, field)

    def _day_changed(self, *_args) -> None:
        self._slot_changed("day")
        info = self.setup.open_day(self.chosen_day())
        if info.is_open:
            text = self.tr("운영 {0}–{1}").format(hhmm(info.opens), hhmm(info.closes))
        else:
            text = self.tr("{0}: 예약할 수 없습니다").format(info.closed_reason)
        self.day_info.setText(text)
        if hasattr(self, "start_edit"):
            self._fill_times(self.start_edit.currentData() or "09:00", self.end_edit.currentData() or "10:00")

    # -- data and errors ----------------------------------------------------------------
    def slot_data(self) -> dict:
        data = {"room_id": self.room.currentData(), "start": self.start_edit.currentData(),
                "end": self.end_edit.currentData()}
        if hasattr(self, "day_edit"):
            data["day"] = self.chosen_day()
        if hasattr(self, "headcount"):
            data["headcount"] = self.headcount.value()
        if hasattr(self, "purpose"):
            data["purpose"] = self.purpose.currentData()
        return data

    def missing(self, data: dict) -> dict[str, str]:
        """What must be chosen before asking the service (a room, a youth)."""
        errors = {}
        if "room_id" in data and data["room_id"] is None:
            errors["room_id"] = self.tr("예약할 공간을 고르세요.")
        if "youth_id" in data and data["youth_id"] is None:
            errors["youth_id"] = self.tr("청년을 검색해서 목록에서 고르세요.")
        return errors

    def show_failure(self, exc: DomainError) -> None:
        """ValidationError under its fields; a broken rule or a clash at the top."""
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
            return
        field = RULE_FIELDS.get(exc.rule) if isinstance(exc, RuleViolation) else None
        if field is not None and field in self.form.rows:
            self.form.clear_errors()
            mark_field(self.form, field, exc.message)
            return
        self.form.show_message(exc.message)
        if isinstance(exc, RuleViolation) and exc.rule == "proxy":
            mark_field(self.form, "identity_confirmed", self.tr("본인 확인을 체크하세요."))


def finish_setup(dialog: BookingDialogBase) -> None:
    """Fill the day line once every field exists."""
    if hasattr(dialog, "day_edit"):
        dialog._day_changed()
