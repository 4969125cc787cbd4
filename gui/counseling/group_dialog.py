"""집단 프로그램 기록 (``GroupDialog``) and 집단 프로그램 보기 (``GroupDetailDialog``): one group session (현직자 멘토링, 취업특강, 그룹상담, 취업 라이브 특강)
with its title, mentor or lecturer, time, mode and capacity, and who attended.

Attendees are found in the registry with the ``YouthPicker`` (each youth picked joins the
list) or registered on the spot with the registry's own ``YouthDialog`` ("현장 참석자
등록": the new record joins the list marked 현장). A large online lecture may give a
headcount only. One ``services.counseling.log_group`` call on the write lane saves it all;
a refusal (a future time, more attendees than the capacity, a missing title) is shown
next to its field and nothing is written.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.counseling import TIMELINE_TOPICS
from gui.counseling.session_dialog import plain_button, qdate
from gui.desk.dialog_base import KOREAN, narrow
from gui.facilities.facility_dialog import NO_SPIN_BUTTONS
from gui.youth.picker import YouthPicker, youth_text
from models.core.errors import DomainError, ValidationError
from models.core.time import SEOUL
from models.counseling.enums import GroupKind, Mode


class GroupDialog(QDialog):
    saved = Signal(int)  # the group session id

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.facility_id = ctx.facility_id
        self.attendees: dict[int, str] = {}  # youth id -> the line shown
        self.walk_ins: set[int] = set()
        self.setWindowTitle(self.tr("집단 프로그램 기록"))
        self.setWindowIcon(icon("group"))
        self.setMinimumWidth(680)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("집단 프로그램 기록"))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        hint = QLabel(self.tr("멘토링·특강·그룹상담을 한 건으로 기록합니다. 참석한 청년을 찾아 더하거나 현장에서 "
                              "등록하고, 이름 없이 인원만 셀 수도 있습니다(온라인 특강)."))
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.form = Form()
        self.form.layout_.setVerticalSpacing(6)
        lay.addWidget(self.form)
        self.kind = QComboBox()
        for value, label in GroupKind.choices():
            self.kind.addItem(label, value)
        narrow(self.kind, 200)
        self.form.add("kind", self.tr("구분"), self.kind)
        self.title = self.form.add("title", self.tr("제목"), QLineEdit())
        self.title.setMaxLength(120)
        self.title.setPlaceholderText(self.tr("예: IT 현직자와 함께하는 직무 멘토링"))
        self.presenter = self.form.add("presenter", self.tr("멘토·강사"), QLineEdit())
        self.presenter.setMaxLength(60)
        self.presenter.setPlaceholderText(self.tr("예: 김멘토 (선택)"))
        narrow(self.presenter, 260)
        now = ctx.services.counseling.clock().astimezone(SEOUL).replace(second=0, microsecond=0)
        self.held = QDateTimeEdit(QDateTime(qdate(now.date()), QTime(now.hour, now.minute)))
        self.held.setLocale(KOREAN)
        self.held.setDisplayFormat("yyyy-MM-dd (ddd) HH:mm")
        self.held.setCalendarPopup(True)
        narrow(self.held, 210)
        self.form.add("held_at", self.tr("일시"), self.held)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.duration = QSpinBox()
        self.duration.setRange(0, 999)
        self.duration.setValue(60)
        self.duration.setSuffix(self.tr(" 분"))
        self.duration.setFixedWidth(90)
        row.addWidget(self.duration)
        row.addSpacing(16)
        row.addWidget(QLabel(self.tr("방식")))
        self.mode = QComboBox()
        for value, label in Mode.choices():
            self.mode.addItem(label, value)
        row.addWidget(self.mode)
        row.addSpacing(16)
        row.addWidget(QLabel(self.tr("정원")))
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText(self.tr("없음"))
        self.capacity.setSuffix(self.tr(" 명"))
        self.capacity.setFixedWidth(100)
        row.addWidget(self.capacity)
        row.addStretch(1)
        self.form.add("duration_minutes", self.tr("시간"), box)
        for alias in ("mode", "capacity"):
            self.form.rows[alias] = self.form.rows["duration_minutes"]
        self._build_attendees()
        self.headcount = QSpinBox()
        self.headcount.setRange(0, 1_000_000)
        self.headcount.setSuffix(self.tr(" 명"))
        self.headcount.setFixedWidth(120)
        self.headcount.setToolTip(self.tr("이름을 받지 않은 참여자 수 (예: 온라인 라이브 특강 시청자)"))
        self.form.add("headcount", self.tr("그 밖의 인원"), self.headcount)
        for spin in (self.duration, self.capacity, self.headcount):
            spin.setStyleSheet(NO_SPIN_BUTTONS)
        lay.addStretch(1)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("save", "white"), self.tr("저장"))
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        buttons.addButton(self.save_button, QDialogButtonBox.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        cancel.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _build_attendees(self) -> None:
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        self.picker = YouthPicker(self.ctx, box)
        self.picker.new_youth_button.setVisible(False)  # 현장 참석자 등록 below marks walk-ins
        self.picker.youth_selected.connect(self._picked)
        self.picker.stack.setFixedHeight(92)
        col.addWidget(self.picker)
        row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-weight: bold;")
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.walk_in_button = plain_button(self.tr("현장 참석자 등록…"), self.register_walk_in)
        self.walk_in_button.setIcon(icon("user_add"))
        row.addWidget(self.walk_in_button)
        self.remove_button = plain_button(self.tr("목록에서 빼기"), self.remove_selected)
        row.addWidget(self.remove_button)
        col.addLayout(row)
        self.attendee_list = QListWidget()
        self.attendee_list.setFixedHeight(110)
        self.attendee_list.setAlternatingRowColors(True)
        col.addWidget(self.attendee_list)
        self.form.add("attendee_ids", self.tr("참석자"), box)
        self._show_count()

    # -- attendees --------------------------------------------------------------------------
    def _picked(self, youth_id: int) -> None:
        row = self.picker.selected_row
        self.add_attendee(youth_id, youth_text(row) if row else f"#{youth_id}")
        self.picker.youth_search.clear()

    def add_attendee(self, youth_id: int, text: str) -> None:
        if youth_id in self.attendees:
            return
        self.attendees[youth_id] = text
        item = QListWidgetItem(text + (self.tr("  (현장 등록)") if youth_id in self.walk_ins else ""))
        item.setData(Qt.UserRole, youth_id)
        self.attendee_list.addItem(item)
        self._show_count()

    def register_walk_in(self):
        """The registry's dialog; the youth it saves joins the list as a walk-in."""
        dialog = self.picker.register_new()
        dialog.saved.connect(self.walk_ins.add)
        return dialog

    def remove_selected(self) -> None:
        item = self.attendee_list.currentItem()
        if item is None:
            return
        yid = item.data(Qt.UserRole)
        self.attendees.pop(yid, None)
        self.walk_ins.discard(yid)
        self.attendee_list.takeItem(self.attendee_list.row(item))
        self._show_count()

    def _show_count(self) -> None:
        n = len(self.attendees)
        self.count_label.setText(self.tr("참석자 {0}명 (현장 등록 {1}명)").format(n, len(self.walk_ins & set(self.attendees)))
                                 if n else self.tr("참석자를 검색해 더하세요"))
        self.remove_button.setEnabled(bool(n))

    # -- saving -----------------------------------------------------------------------------
    def data(self) -> dict:
        held: datetime = self.held.dateTime().toPython()
        ids = list(self.attendees)
        return {"kind": self.kind.currentData(), "title": self.title.text(), "presenter": self.presenter.text(),
                "held_at": held, "duration_minutes": self.duration.value(), "mode": self.mode.currentData(),
                "capacity": self.capacity.value() or None, "headcount": self.headcount.value(),
                "attendee_ids": [i for i in ids if i not in self.walk_ins],
                "walk_in_ids": [i for i in ids if i in self.walk_ins]}

    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.form.clear_errors()
        data = self.data()
        svc, actor, fid = self.ctx.services.counseling, self.ctx.actor, self.facility_id
        self.save_button.setEnabled(False)
        self.ctx.run(lambda: svc.log_group(actor, fid, data), self._succeeded, self._failed)

    def _succeeded(self, group_id: int) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit(group_id)
        self.ctx.notify(*TIMELINE_TOPICS)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            errors = {("attendee_ids" if k == "walk_in_ids" else k): v for k, v in exc.errors.items()}
            self.form.show_errors(errors)
        else:
            self.form.show_message(exc.message)


class GroupDetailDialog(QDialog):
    """One group session with its attendees (names in full, for the staff who ran it),
    "참석자 추가" (the picker: a youth who came but was not recorded) and 무효 처리."""

    changed = Signal()

    def __init__(self, ctx, group_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.row = None
        self.setWindowTitle(self.tr("집단 프로그램"))
        self.setWindowIcon(icon("group"))
        self.setMinimumSize(560, 540)
        lay = QVBoxLayout(self)
        self.heading = QLabel(self.tr("집단 프로그램"))
        self.heading.setObjectName("pageTitle")
        lay.addWidget(self.heading)
        self.facts = QLabel(self.tr("불러오는 중…"))
        self.facts.setWordWrap(True)
        lay.addWidget(self.facts)
        self.list_caption = QLabel(self.tr("참석자"))
        self.list_caption.setStyleSheet("font-weight: bold;")
        lay.addWidget(self.list_caption)
        self.attendee_list = QListWidget()
        self.attendee_list.setAlternatingRowColors(True)
        lay.addWidget(self.attendee_list, 1)
        self.form = Form()
        lay.addWidget(self.form)
        self.picker = YouthPicker(ctx, self)
        self.picker.new_youth_button.setVisible(False)
        self.picker.stack.setFixedHeight(92)
        self.picker.youth_selected.connect(self.add_attendee)
        self.form.add("youth_id", self.tr("참석자 추가"), self.picker)
        row = QHBoxLayout()
        self.void_button = plain_button(self.tr("무효 처리…"), self.void)
        self.void_button.setIcon(icon("void"))
        self.void_button.setProperty("danger", True)
        row.addWidget(self.void_button)
        row.addStretch(1)
        close = QPushButton(self.tr("닫기"))
        close.clicked.connect(self.reject)
        row.addWidget(close)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        svc, actor, gid = self.ctx.services.counseling, self.ctx.actor, self.group_id
        self.ctx.load(lambda: svc.group(actor, gid), self.show_row, self.form.show_message_of)

    def show_row(self, g) -> None:
        self.row = g
        self.heading.setText(("[무효] " if g.voided else "") + g.title)
        capacity = self.tr(" · 정원 {0}명").format(g.capacity) if g.capacity else ""
        extra = self.tr(" · 그 밖의 인원 {0:,}명").format(g.headcount) if g.headcount else ""
        self.facts.setText(self.tr("{0} · {1:%Y-%m-%d %H:%M} · {2}분 · {3}\n멘토·강사: {4}\n참여 {5:,}명{6}{7}").format(
            g.kind.label, g.held_at, g.duration_minutes, g.mode.label, g.presenter or "—", g.participants,
            capacity, extra) + (self.tr("\n무효 사유: {0}").format(g.void_reason) if g.voided else ""))
        self.attendee_list.clear()
        walk = sum(1 for a in g.attendees if a.walk_in)
        self.list_caption.setText(self.tr("참석자 {0}명 (현장 등록 {1}명)").format(len(g.attendees), walk))
        for a in g.attendees:
            self.attendee_list.addItem(a.youth_name + (self.tr("  (현장 등록)") if a.walk_in else ""))
        if not g.attendees:
            self.attendee_list.addItem(self.tr("이름으로 기록한 참석자가 없습니다."))
        self.picker.setEnabled(not g.voided)
        self.void_button.setVisible(not g.voided)

    def add_attendee(self, youth_id: int) -> None:
        svc, actor, gid = self.ctx.services.counseling, self.ctx.actor, self.group_id

        def done(_r) -> None:
            self.picker.youth_search.clear()
            self._changed()

        self.form.clear_errors()
        self.ctx.run(lambda: svc.add_attendee(actor, gid, youth_id), done, self._failed)

    def void(self):
        from gui.counseling.detail import ReasonDialog
        dialog = ReasonDialog(self.ctx, self, addendum=False)
        dialog.setWindowTitle(self.tr("집단 프로그램 무효 처리"))
        svc, actor, gid = self.ctx.services.counseling, self.ctx.actor, self.group_id
        dialog.work = lambda _b, reason, _t: svc.void_group(actor, gid, reason)
        dialog.done_ok.connect(self._changed)
        self.reason_dialog = dialog
        dialog.open()
        return dialog

    def _changed(self) -> None:
        self.ctx.notify(*TIMELINE_TOPICS)
        self.changed.emit()
        self.reload()

    def _failed(self, exc: DomainError) -> None:
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_errors({"youth_id": exc.message})
