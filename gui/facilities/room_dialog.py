"""Add or edit a room or booth of a facility: name, kind, capacity, in use or not.

A room is never deleted (bookings will point at it); it is taken out of use instead.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.facilities.facility_dialog import NO_SPIN_BUTTONS, enum_combo, select_data
from models.core.errors import ValidationError
from models.facilities.enums import RoomKind
from models.facilities.schemas import FacilityRow, RoomRow

# a sensible capacity for each kind, filled in until the user sets one
DEFAULT_CAPACITY = {RoomKind.STUDY_ROOM: 6, RoomKind.MEETING_ROOM: 12, RoomKind.AI_BOOTH: 1,
                    RoomKind.COUNSELING_ROOM: 2}


class RoomDialog(QDialog):
    """``RoomDialog(ctx, facility)`` adds a room; with ``room`` it edits that one."""

    saved = Signal(int)  # id of the room written

    def __init__(self, ctx, facility: FacilityRow, room: RoomRow | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.facility = facility
        self.room = room
        self.setWindowIcon(icon("room"))
        self.setWindowTitle(self.tr("공간 추가") if room is None else self.tr("공간 수정"))
        self.setMinimumWidth(440)
        lay = QVBoxLayout(self)
        where = QLabel(self.tr("시설: {0} ({1})").format(facility.name, facility.code))
        where.setObjectName("pageHint")
        lay.addWidget(where)
        self.form = Form()
        lay.addWidget(self.form)
        self.name = self.form.add("name", self.tr("공간 이름 *"), QLineEdit())
        self.name.setPlaceholderText(self.tr("예: 스터디룸 A, AI 면접 부스 1"))
        self.kind = self.form.add("kind", self.tr("유형 *"), enum_combo(RoomKind, self.tr("선택하세요")))
        self.capacity = self.form.add("capacity", self.tr("정원 *"), QSpinBox())
        self.capacity.setRange(1, 500)
        self.capacity.setStyleSheet(NO_SPIN_BUTTONS)
        self.capacity.setFixedWidth(100)
        self.capacity.setSuffix(self.tr(" 명"))
        self.is_active = self.form.add("is_active", "", QCheckBox(self.tr("사용 중 (예약을 받습니다)")))
        self.is_active.setChecked(True)
        self.buttons = QDialogButtonBox()
        self.ok = QPushButton(icon("save", "white"), self.tr("저장"))
        self.ok.setProperty("primary", True)
        self.buttons.addButton(self.ok, QDialogButtonBox.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.ok.setDefault(True)  # once inside the dialog, so that Enter presses it
        self._auto_capacity: int | None = None
        if room is not None:
            self.name.setText(room.name)
            select_data(self.kind, room.kind.value)
            self.capacity.setValue(room.capacity)
            self.is_active.setChecked(room.is_active)
        else:
            self.capacity.setValue(DEFAULT_CAPACITY[RoomKind.STUDY_ROOM])
            self._auto_capacity = self.capacity.value()
            self.kind.currentIndexChanged.connect(self._kind_changed)

    def _kind_changed(self, _index: int) -> None:
        """Suggest the usual capacity of the kind while the user has not typed one."""
        kind = self.kind.currentData()
        if kind is None or self.capacity.value() != self._auto_capacity:
            return
        self.capacity.setValue(DEFAULT_CAPACITY[RoomKind(kind)])
        self._auto_capacity = self.capacity.value()

    def data(self) -> dict:
        return {"name": self.name.text(), "kind": self.kind.currentData(),
                "capacity": self.capacity.value(), "is_active": self.is_active.isChecked()}

    def submit(self) -> None:
        fac, actor, data = self.ctx.services.facilities, self.ctx.actor, self.data()
        if self.room is None:
            fid = self.facility.id

            def work():
                return fac.add_room(actor, fid, data)
        else:
            rid = self.room.id

            def work():
                fac.update_room(actor, rid, data)
                return rid
        self.ok.setEnabled(False)
        self.form.clear_errors()
        self.ctx.run(work, self._succeeded, self._failed)

    def _succeeded(self, room_id: int) -> None:
        self.ok.setEnabled(True)
        self.saved.emit(room_id)
        self.accept()
        self.ctx.notify(Topic.ROOM)

    def _failed(self, exc) -> None:
        self.ok.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)
