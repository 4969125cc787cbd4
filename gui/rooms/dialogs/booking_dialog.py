"""Book a room for a youth (공간 예약), or give free time to a walk-in (바로 이용).

The page opens it with the slot the user dragged or chose; the dialog asks for the youth
(``YouthPicker``), headcount, purpose, a note and the 본인 확인 tick (no proxy bookings;
preset for a walk-in, who stands at the desk). Saving runs ``services.rooms.book`` on
the worker:

- ``ValidationError``: the messages go under the fields;
- ``Conflict``: the message at the top names the other booking;
- ``RuleViolation``: the message at the top names the rule. A manager (BOOKING_OVERRIDE)
  then sees "규칙 예외로 예약" with a required reason; that retry sends ``override_reason``,
  which the service checks (5+ characters) and audits. Changing any field hides the area
  again, so an exception is only ever approved for the booking whose rule was shown.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.desk.dialog_base import BookingDialogBase, add_row, finish_setup
from gui.youth.picker import YouthPicker
from models.core.errors import Conflict, DomainError, RuleViolation, ValidationError


class BookingDialog(BookingDialogBase):
    saved = Signal(int)  # the booking id

    def __init__(self, ctx, *, room_id: int, day, start, end, walk_in: bool = False, parent=None,
                 setup, rooms=()):
        super().__init__(ctx, parent, setup=setup, rooms=rooms)
        self.walk_in = walk_in
        if walk_in:
            title = self.tr("바로 이용 (워크인)")
            hint = self.tr("창구에 온 청년에게 지금 비어 있는 시간을 내줍니다. 본인이 와 있으므로 "
                           "본인 확인은 된 것으로 봅니다.")
        else:
            title = self.tr("공간 예약")
            hint = self.tr("청년을 찾아 고르고 본인 확인을 체크하세요. 운영시간·정원·하루 이용 "
                           "시간·노쇼 제재 같은 규칙은 저장할 때 확인합니다.")
        self.set_heading(title, hint)
        self.add_room_field(room_id)
        self.add_day_field(day, editable=not walk_in)
        self.hide_past_times = True
        self.add_time_fields(start, end)
        self.youth_picker = add_row(self.form, "youth_id", self.tr("청년"), YouthPicker(ctx))
        self.add_headcount_field()
        self.add_purpose_field()
        self.add_note_field()
        self.add_identity_field(walk_in)
        self.override_box = self._build_override()
        self.lay.addWidget(self.override_box)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("save", "white"),
                                       self.tr("바로 이용 등록") if walk_in else self.tr("예약"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(lambda: self.submit())
        self.buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.Cancel)
        close.setText(self.tr("닫기"))
        self.buttons.rejected.connect(self.reject)
        self.add_buttons(self.buttons)
        self.save_button.setDefault(True)  # only once it is inside the dialog
        finish_setup(self)
        for signal in (self.room.currentIndexChanged, self.day_edit.dateChanged,
                       self.start_edit.currentIndexChanged, self.end_edit.currentIndexChanged,
                       self.headcount.valueChanged, self.youth_picker.youth_selected,
                       self.identity.toggled):
            signal.connect(self._inputs_changed)
        self.youth_picker.youth_search.setFocus()

    def _build_override(self) -> QFrame:
        box = QFrame()
        box.setObjectName("card")
        lay = QVBoxLayout(box)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("<b>규칙 예외로 예약</b>")))
        head.addStretch(1)
        lay.addLayout(head)
        self.override_text = QLabel(self.tr(
            "시설 관리자는 이 예약 한 건에 한해 위 규칙을 예외로 허용할 수 있습니다. 사유는 "
            "감사 기록에 남습니다."))
        self.override_text.setObjectName("pageHint")
        self.override_text.setWordWrap(True)
        lay.addWidget(self.override_text)
        self.override_form = Form()
        self.override_reason = self.override_form.add("override_reason", self.tr("예외 사유 *"), QLineEdit())
        self.override_reason.setMaxLength(500)
        self.override_reason.setPlaceholderText(self.tr("예: 취업 면접 준비로 센터장 승인 (5자 이상)"))
        lay.addWidget(self.override_form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.override_button = QPushButton(icon("warning"), self.tr("규칙 예외로 예약"))
        self.override_button.setProperty("danger", True)
        self.override_button.clicked.connect(lambda: self.submit(override=True))
        row.addWidget(self.override_button)
        lay.addLayout(row)
        box.setVisible(False)
        return box

    # -- saving -------------------------------------------------------------------------
    def data(self) -> dict:
        return self.slot_data() | {
            "youth_id": self.youth_picker.selected_youth_id, "note": self.note.text(),
            "identity_confirmed": self.identity.isChecked(), "walk_in": self.walk_in}

    def submit(self, override: bool = False) -> None:
        data = self.data()
        if self.missing(data):
            self.form.show_errors(self.missing(data))
            return
        reason = self.override_reason.text() if override else None
        if not override:  # a retry keeps the broken rule in sight
            self.form.clear_errors()
        self.override_form.clear_errors()
        self._busy(True)
        svc, actor, fid = self.ctx.services.rooms, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.book(actor, fid, data, override_reason=reason),
                     self._succeeded, lambda exc: self._failed(exc, override))

    def _busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.override_button.setEnabled(not busy)

    def _succeeded(self, booking_id: int) -> None:
        self._busy(False)
        self.saved.emit(booking_id)
        self.ctx.notify(Topic.BOOKING)
        self.accept()

    def _failed(self, exc: DomainError, override: bool) -> None:
        self._busy(False)
        if isinstance(exc, ValidationError) and "override_reason" in exc.errors:
            self.override_form.show_errors({"override_reason": exc.errors["override_reason"]})
            return
        if override and self.override_box.isVisible() and isinstance(exc, ValidationError):
            self.override_box.setVisible(False)
        self.show_failure(exc)
        if isinstance(exc, RuleViolation) and self.can_override:
            self.override_text.setText(self.tr(
                "‘{0}’ — 시설 관리자는 이 예약 한 건에 한해 이 규칙을 예외로 허용할 수 있습니다. "
                "사유는 감사 기록에 남습니다.").format(exc.message))
            self.override_box.setVisible(True)
            self.override_reason.setFocus()
        elif isinstance(exc, Conflict | ValidationError):
            self.override_box.setVisible(False)

    def _inputs_changed(self, *_args) -> None:
        if self.override_box.isVisible():
            self.override_box.setVisible(False)
            self.override_form.clear_errors()
            self.form.clear_errors()
