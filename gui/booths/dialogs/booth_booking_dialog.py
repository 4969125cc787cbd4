"""Book an AI-interview booth slot (AI 면접 부스 예약), or fill a freed one with a walk-in
(현장 배정).

The page opens it with the slot that was clicked and what it already holds: the facility's
``DeskSetup`` and the weekly limit (the dialog reads nothing to open). The slot itself is
fixed (booths are booked in published slots), so the dialog only asks for the youth
(``YouthPicker``) and the session type. Saving runs ``services.booths.book`` (``walk_in`` for a walk-in) on the
worker:

- ``ValidationError``: the messages go under the fields;
- ``Conflict`` (taken, blocked, another desk was faster): the message at the top;
- ``RuleViolation`` (one booking per youth per week, the no-show sanction, a slot that
  has begun): the message at the top. A manager (BOOKING_OVERRIDE) then sees the
  override area of the room-booking dialog with its required reason; the retry sends
  ``override_reason``, which the service checks (5+ characters) and audits.

The override area and its behaviour are the room ``BookingDialog``'s own
(``_build_override``, ``_failed``, ``_busy``, ``_inputs_changed`` are taken from that
class, not copied), and the frame (heading, form, error display) is
``BookingDialogBase``: a booth booking behaves exactly like a room booking there.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QWidget,
)

from gui.common.icons import icon
from gui.context import Topic
from gui.desk.blocks import day_text
from gui.desk.dialog_base import BookingDialogBase, add_row
from gui.rooms.dialogs.booking_dialog import BookingDialog
from gui.youth.picker import YouthPicker
from models.booths.enums import SessionType
from models.booths.schemas import SlotRow
from models.core.errors import DomainError, RuleViolation
from models.desk.schemas import DeskSetup


class BoothBookingDialog(BookingDialogBase):
    saved = Signal(int)  # the booth booking id

    # the room booking dialog's override area and error handling, reused as they are
    _build_override = BookingDialog._build_override
    _room_failed = BookingDialog._failed
    _busy = BookingDialog._busy
    _inputs_changed = BookingDialog._inputs_changed

    def __init__(self, ctx, slot: SlotRow, *, setup: DeskSetup, weekly_limit: int,
                 walk_in: bool = False, parent=None):
        super().__init__(ctx, parent=parent, setup=setup)
        self.slot = slot
        self.walk_in = walk_in
        self.setWindowIcon(icon("calendar"))
        limit = weekly_limit
        if walk_in:
            title = self.tr("현장 배정 (AI 면접 부스)")
            hint = self.tr("비어 있는 회차를 지금 창구에 온 청년에게 배정합니다. 한 주 {0}회 한도와 "
                           "노쇼 제재는 그대로 적용됩니다.").format(limit)
        else:
            title = self.tr("AI 면접 부스 예약")
            hint = self.tr("청년을 찾아 고르고 체험 종류를 정하세요. 한 청년은 한 주에 {0}회까지 예약할 수 "
                           "있고, 노쇼가 쌓이면 예약이 제한됩니다.").format(limit)
        self.set_heading(title, hint)
        what = QLabel(self.tr("{0} {1} · {2}").format(day_text(slot.starts_at.date()), slot.time_text,
                                                      slot.room_name))
        what.setStyleSheet("font-weight: bold;")
        add_row(self.form, "slot_id", self.tr("회차"), what)
        self.slot_label = what
        self.youth_picker = add_row(self.form, "youth_id", self.tr("청년"), YouthPicker(ctx))
        add_row(self.form, "session_type", self.tr("체험 종류"), self._build_sessions())
        self.override_box = self._build_override()
        self.override_reason.setPlaceholderText(self.tr("예: 기업 화상면접 일정으로 센터장 승인 (5자 이상)"))
        self.lay.addWidget(self.override_box)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("save", "white"),
                                       self.tr("현장 배정") if walk_in else self.tr("예약"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(lambda: self.submit())
        self.buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        close = self.buttons.addButton(QDialogButtonBox.Cancel)
        close.setText(self.tr("닫기"))
        self.buttons.rejected.connect(self.reject)
        self.add_buttons(self.buttons)
        self.save_button.setDefault(True)
        self.youth_picker.youth_selected.connect(self._inputs_changed)
        self.session_group.buttonToggled.connect(self._inputs_changed)
        self.youth_picker.youth_search.setFocus()

    def _build_sessions(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.session_group = QButtonGroup(self)
        self.session_buttons: dict[SessionType, QRadioButton] = {}
        for st in SessionType:
            b = QRadioButton(st.label)
            self.session_group.addButton(b)
            self.session_buttons[st] = b
            row.addWidget(b)
        row.addStretch(1)
        self.session_buttons[SessionType.AI_INTERVIEW].setChecked(True)
        return box

    @property
    def session_type(self) -> SessionType | None:
        return next((st for st, b in self.session_buttons.items() if b.isChecked()), None)

    # -- saving -------------------------------------------------------------------------
    def data(self) -> dict:
        return {"youth_id": self.youth_picker.selected_youth_id, "session_type": self.session_type}

    def submit(self, override: bool = False) -> None:
        data = self.data()
        missing = self.missing(data)
        if data["session_type"] is None:
            missing["session_type"] = self.tr("체험 종류를 고르세요.")
        if missing:
            self.form.show_errors(missing)
            return
        reason = self.override_reason.text() if override else None
        if not override:  # a retry keeps the broken rule in sight
            self.form.clear_errors()
        self.override_form.clear_errors()
        self._busy(True)
        svc, actor, slot_id = self.ctx.services.booths, self.ctx.actor, self.slot.id
        youth_id, st = data["youth_id"], data["session_type"]
        if self.walk_in and reason is None:
            work = lambda: svc.walk_in(actor, slot_id, youth_id, st)  # noqa: E731
        else:
            work = lambda: svc.book(actor, slot_id, youth_id, st, override_reason=reason,  # noqa: E731
                                    walk_in=self.walk_in)
        self.ctx.run(work, self._succeeded, lambda exc: self._failed(exc, override))

    def _failed(self, exc: DomainError, override: bool) -> None:
        self._room_failed(exc, override)
        if isinstance(exc, RuleViolation) and exc.rule == "past":
            self.override_box.setVisible(False)  # no exception makes a slot that has begun bookable

    def _succeeded(self, booking_id: int) -> None:
        self._busy(False)
        self.saved.emit(booking_id)
        self.ctx.notify(Topic.BOOTH)
        self.accept()
