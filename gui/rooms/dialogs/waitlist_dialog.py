"""Put a youth on the waitlist for a room and time that are full (대기 등록).

When a cancellation or a no-show frees the time, the first waiting youth whose request
fits is offered it as a notice in the day view (``services.room_waitlist``); if the time is
already free when the entry is added, the offer appears at once.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from gui.common.icons import icon
from gui.context import Topic
from gui.desk.dialog_base import BookingDialogBase, add_row, finish_setup
from gui.youth.picker import YouthPicker
from models.core.errors import DomainError


class WaitlistDialog(BookingDialogBase):
    saved = Signal(int)  # the waitlist entry id

    def __init__(self, ctx, *, room_id: int, day, start, end, parent=None, setup, rooms=()):
        super().__init__(ctx, parent, setup=setup, rooms=rooms)
        self.set_heading(self.tr("대기 등록"), self.tr(
            "이 시간이 비면 먼저 등록한 청년부터 차례로 제안합니다. 제안은 예약 화면에 알림으로 "
            "나타나고, 창구에서 청년에게 연락해 예약으로 바꿉니다."))
        self.add_room_field(room_id)
        self.add_day_field(day)
        self.hide_past_times = True
        self.add_time_fields(start, end)
        self.youth_picker = add_row(self.form, "youth_id", self.tr("청년"), YouthPicker(ctx))
        self.add_headcount_field()
        self.add_purpose_field()
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("add", "white"), self.tr("대기 등록"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.submit)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        close = buttons.addButton(QDialogButtonBox.Cancel)
        close.setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        self.add_buttons(buttons)
        self.save_button.setDefault(True)
        finish_setup(self)
        self.youth_picker.youth_search.setFocus()

    def data(self) -> dict:
        return self.slot_data() | {"youth_id": self.youth_picker.selected_youth_id}

    def submit(self) -> None:
        data = self.data()
        if self.missing(data):
            self.form.show_errors(self.missing(data))
            return
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        svc, actor, fid = self.ctx.services.room_waitlist, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.add(actor, fid, data), self._succeeded, self._failed)

    def _succeeded(self, entry_id: int) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(entry_id)
        self.ctx.notify(Topic.BOOKING)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        self.show_failure(exc)
