"""The facility's booking rules and closure days (예약 규칙·휴관일).

Left: the rules of ``RulesInput`` with Korean labels and units. The number fields accept
more than the service does, so a bad value (e.g. a 25-minute step) gets the service's
message right under the field. "기본값으로" fills in the café defaults of Seoul's youth job
centre. Saving runs ``services.booking_rules.update`` on the worker.

Right: the facility's own closure days from today on (add: date + reason; remove: asks
first), and the coming Korean public holidays, which close the facility on their own and
are shown for information only.

Only a manager or admin (BOOKING_RULES) may change anything; others see the values.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
)

from gui.common import confirm
from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.desk.dialog_base import KOREAN, day_text, narrow
from gui.facilities.facility_dialog import NO_SPIN_BUTTONS
from models.core.errors import DomainError, ValidationError
from models.core.permissions import Perm
from models.desk.schemas import RulesInput

FIELDS = (  # name, label, hint
    ("step_minutes", "예약 단위(분)", "10·15·20·30·60분 중 하나"),
    ("grace_minutes", "노쇼 유예(분)", "시작 후 이 시간까지 입실하지 않으면 노쇼 후보"),
    ("max_minutes_per_day", "하루 최대 이용(분)", "청년 1명이 하루에 쓸 수 있는 시간(모든 공간 합계)"),
    ("max_days_ahead", "사전 예약 가능(일)", "오늘부터 며칠 뒤까지 예약을 받을지"),
    ("no_show_limit", "노쇼 제재 기준(회)", "아래 기간 안에 이 횟수만큼 노쇼하면 제재"),
    ("no_show_window_days", "노쇼 집계 기간(일)", "노쇼 횟수를 세는 기간"),
    ("sanction_days", "제재 기간(일)", "새 예약을 받지 않는 기간"),
    ("late_cancel_minutes", "늦은 취소 기준(분)", "시작 전 이 시간 안에 본인이 취소하면 '당일 늦은 취소'"),
)


def upcoming_holidays(today: date, days: int = 365) -> list[tuple[date, str]]:
    """Korean public holidays from ``today`` for ``days`` days (the holidays package)."""
    end = today + timedelta(days=days)
    names = holidays.country_holidays("KR", years=range(today.year, end.year + 1), language="ko")
    return sorted((d, n) for d, n in names.items() if today <= d <= end)


class RulesDialog(QDialog):
    saved = Signal()

    def __init__(self, ctx, parent=None, *, rules=None):
        """``rules``: the facility's rules as the page holds them; without them the dialog
        reads them (on the read pool) and keeps its save button off until they arrive."""
        super().__init__(parent)
        self.ctx = ctx
        self.facility_id = fid = ctx.facility_id
        self.today = ctx.services.booking_rules.today()
        self.can_edit = bool(ctx.actor and ctx.actor.can(Perm.BOOKING_RULES, fid))
        title = self.tr("예약 규칙·휴관일")
        self.setWindowTitle(title)
        self.setWindowIcon(icon("calendar"))
        self.setMinimumWidth(780)
        lay = QVBoxLayout(self)
        heading = QLabel(title + (f" — {ctx.facility.name}" if ctx.facility else ""))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        hint = QLabel(self.tr(
            "예약은 운영시간 안에서, 휴관일·공휴일이 아닌 날에만 받습니다. 시설 관리자는 한 건씩 규칙 "
            "예외를 승인할 수 있고, 사유는 감사 기록에 남습니다.") if self.can_edit else self.tr(
            "예약 규칙과 휴관일은 시설 관리자만 바꿀 수 있습니다. 여기서는 볼 수만 있습니다."))
        hint.setObjectName("pageHint")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        body = QHBoxLayout()
        body.addWidget(self._build_rules(), 5)
        right = QVBoxLayout()
        right.addWidget(self._build_closures())
        right.addWidget(self._build_holidays())
        body.addLayout(right, 4)
        lay.addLayout(body)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(icon("save", "white"), self.tr("규칙 저장"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.submit)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        close = buttons.addButton(QDialogButtonBox.Close)
        close.setText(self.tr("닫기"))
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.save_button.setDefault(True)
        for w in (*self.fields.values(), self.defaults_button, self.save_button, self.closure_day,
                  self.closure_reason, self.add_closure_button, self.remove_closure_button):
            w.setEnabled(self.can_edit and w.isEnabled())
        if rules is not None:
            self.load(rules)
        else:
            self.save_button.setEnabled(False)
            svc, actor = ctx.services.booking_rules, ctx.actor
            ctx.load(lambda: svc.get(actor, fid), self._rules_loaded, self.form.show_message_of)
        self.reload_closures()
        for w in (self.defaults_button, self.save_button, self.closure_form,
                  self.add_closure_button, self.remove_closure_button):
            w.setVisible(self.can_edit)

    # -- building -----------------------------------------------------------------------
    def _build_rules(self) -> QGroupBox:
        box = QGroupBox(self.tr("예약 규칙"))
        lay = QVBoxLayout(box)
        self.form = Form()
        self.fields: dict[str, QSpinBox] = {}
        for name, label, tip in FIELDS:
            spin = QSpinBox()
            spin.setRange(0, 9999)  # the service says what is allowed, under the field
            spin.setStyleSheet(NO_SPIN_BUTTONS)
            narrow(spin, 90)
            spin.setToolTip(self.tr(tip))
            spin.setAlignment(Qt.AlignRight)
            self.fields[name] = self.form.add(name, self.tr(label), spin)
            setattr(self, name, spin)
        lay.addWidget(self.form)
        self.summary = QLabel()
        self.summary.setObjectName("pageHint")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        for spin in self.fields.values():
            spin.valueChanged.connect(self._describe)
        row = QHBoxLayout()
        self.defaults_button = QPushButton(icon("refresh"), self.tr("기본값으로"))
        self.defaults_button.setToolTip(self.tr("서울시 청년일자리센터 기준값"))
        self.defaults_button.clicked.connect(lambda: self.load(RulesInput()))
        row.addWidget(self.defaults_button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(1)
        return box

    def _build_closures(self) -> QGroupBox:
        box = QGroupBox(self.tr("시설 휴관일"))
        lay = QVBoxLayout(box)
        self.closure_stack = QStackedWidget()
        self.closure_list = QListWidget()
        self.closure_list.currentItemChanged.connect(lambda *_: self._closure_selected())
        self.empty_text = self.tr("앞으로 잡힌 휴관일이 없습니다.") + (
            "\n" + self.tr("시설 점검일 등을 아래에서 추가하세요.") if self.can_edit else "")
        self.closure_empty = QLabel(self.empty_text)
        self.closure_empty.setObjectName("emptyState")
        self.closure_empty.setAlignment(Qt.AlignCenter)
        self.closure_empty.setWordWrap(True)
        self.closure_stack.addWidget(self.closure_empty)
        self.closure_stack.addWidget(self.closure_list)
        self.closure_stack.setMinimumHeight(110)
        lay.addWidget(self.closure_stack)
        self.closure_form = Form()
        add_row = QHBoxLayout()
        self.closure_day = QDateEdit(QDate(self.today.year, self.today.month, self.today.day))
        self.closure_day.setLocale(KOREAN)
        self.closure_day.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.closure_day.setCalendarPopup(True)
        self.closure_day.setMinimumDate(QDate(self.today.year, self.today.month, self.today.day))
        narrow(self.closure_day, 150)
        self.closure_form.add("day", self.tr("날짜"), self.closure_day)
        self.closure_reason = self.closure_form.add("reason", self.tr("사유"), QLineEdit())
        self.closure_reason.setMaxLength(100)
        self.closure_reason.setPlaceholderText(self.tr("예: 시설 점검, 개관 기념 휴관"))
        lay.addWidget(self.closure_form)
        self.add_closure_button = QPushButton(icon("add"), self.tr("휴관일 추가"))
        self.add_closure_button.clicked.connect(self.add_closure)
        self.remove_closure_button = QPushButton(icon("deactivate"), self.tr("선택한 휴관일 삭제"))
        self.remove_closure_button.setProperty("danger", True)
        self.remove_closure_button.setEnabled(False)
        self.remove_closure_button.clicked.connect(self.remove_closure)
        add_row.addStretch(1)
        add_row.addWidget(self.remove_closure_button)
        add_row.addWidget(self.add_closure_button)
        lay.addLayout(add_row)
        return box

    def _build_holidays(self) -> QGroupBox:
        box = QGroupBox(self.tr("공휴일 (자동으로 예약을 받지 않음)"))
        lay = QVBoxLayout(box)
        self.holiday_list = QListWidget()
        self.holiday_list.setSelectionMode(QListWidget.NoSelection)
        self.holiday_list.setFocusPolicy(Qt.NoFocus)
        for day, name in upcoming_holidays(self.today):
            self.holiday_list.addItem(f"{day_text(day)}  {name}")
        if not self.holiday_list.count():
            self.holiday_list.addItem(self.tr("앞으로 1년 안에 공휴일이 없습니다."))
        self.holiday_list.setMinimumHeight(110)
        lay.addWidget(self.holiday_list)
        return box

    # -- rules ------------------------------------------------------------------------
    def _rules_loaded(self, rules) -> None:
        self.load(rules)
        self.save_button.setEnabled(self.can_edit)

    def load(self, rules) -> None:
        for name, spin in self.fields.items():
            spin.setValue(getattr(rules, name))
        self.form.clear_errors()
        self._describe()

    def data(self) -> dict:
        return {name: spin.value() for name, spin in self.fields.items()}

    def _describe(self, *_args) -> None:
        d = self.data()
        self.summary.setText(self.tr(
            "지금 설정: {0}분 단위 예약, 시작 {1}분 뒤 노쇼 후보, 하루 최대 {2}분, {3}일 뒤까지 예약, "
            "{4}일 안에 노쇼 {5}회면 {6}일 동안 예약 제한, 시작 {7}분 전부터 본인 취소는 늦은 취소."
        ).format(d["step_minutes"], d["grace_minutes"], d["max_minutes_per_day"], d["max_days_ahead"],
                 d["no_show_window_days"], d["no_show_limit"], d["sanction_days"],
                 d["late_cancel_minutes"]))

    def submit(self) -> None:
        data = self.data()
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        svc, actor, fid = self.ctx.services.booking_rules, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.update(actor, fid, data), self._saved, self._failed)

    def _saved(self, _result) -> None:
        self.save_button.setEnabled(True)
        self.saved.emit()
        self.ctx.notify(Topic.BOOKING)
        self.accept()

    def _failed(self, exc: DomainError) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.form.show_errors(exc.errors)
        else:
            self.form.show_message(exc.message)

    # -- closures -----------------------------------------------------------------------
    def reload_closures(self) -> None:
        """Read the closure days on the read pool; the list says it is loading meanwhile."""
        svc, actor, fid = self.ctx.services.booking_rules, self.ctx.actor, self.facility_id
        self.closures_loading = True
        if not self.closure_list.count():
            self.closure_empty.setText(self.tr("불러오는 중…"))
        self.ctx.load(lambda: svc.closures(actor, fid), self._show_closures,
                      self.closure_form.show_message_of)

    def _show_closures(self, rows) -> None:
        self.closures_loading = False
        self.closure_empty.setText(self.empty_text)
        self.closure_list.clear()
        for cid, day, reason in rows:
            if day < self.today:
                continue
            item = QListWidgetItem(f"{day_text(day)}  {reason or self.tr('시설 휴관')}")
            item.setData(Qt.UserRole, cid)
            item.setData(Qt.UserRole + 1, day)
            self.closure_list.addItem(item)
        self.closure_stack.setCurrentWidget(self.closure_list if self.closure_list.count()
                                            else self.closure_empty)
        self._closure_selected()

    def _closure_selected(self) -> None:
        self.remove_closure_button.setEnabled(self.can_edit and self.closure_list.currentItem() is not None)

    def add_closure(self) -> None:
        day, reason = self.closure_day.date().toPython(), self.closure_reason.text()
        self.closure_form.clear_errors()
        self.add_closure_button.setEnabled(False)
        svc, actor, fid = self.ctx.services.booking_rules, self.ctx.actor, self.facility_id
        self.ctx.run(lambda: svc.add_closure(actor, fid, day, reason),
                     self._closure_added, self._closure_failed)

    def _closure_added(self, _cid: int) -> None:
        self.add_closure_button.setEnabled(True)
        self.closure_reason.clear()
        self.reload_closures()
        self.ctx.notify(Topic.BOOKING)

    def _closure_failed(self, exc: DomainError) -> None:
        self.add_closure_button.setEnabled(True)
        self.remove_closure_button.setEnabled(self.closure_list.currentItem() is not None)
        if isinstance(exc, ValidationError):
            self.closure_form.show_errors(exc.errors)
        else:
            self.closure_form.show_message(exc.message)

    def remove_closure(self) -> None:
        item = self.closure_list.currentItem()
        if item is None:
            return
        day = item.data(Qt.UserRole + 1)
        if not confirm.ask(self, self.tr("휴관일 삭제"), self.tr(
                "{0} 휴관일을 지우면 그날도 예약을 받습니다. 지울까요?").format(day_text(day)),
                self.tr("삭제")):
            return
        cid = item.data(Qt.UserRole)
        self.remove_closure_button.setEnabled(False)
        svc, actor = self.ctx.services.booking_rules, self.ctx.actor
        self.ctx.run(lambda: svc.remove_closure(actor, cid), self._closure_removed, self._closure_failed)

    def _closure_removed(self, _result) -> None:
        self.reload_closures()
        self.ctx.notify(Topic.BOOKING)
