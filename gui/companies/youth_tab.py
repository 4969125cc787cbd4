"""청년별 매칭 and 고용유지 확인.

``YouthTab``: find a youth (the registry's picker), see their referrals at this facility
(``companies.youth_referrals``: company, opening, stage, channel, dates, 정체) and the
matching part of their timeline (``companies.timeline``: every stage change, newest
first); move one or see its history.

``RetentionTab``: the retention checks due (1, 3 and 6 months after a hire), mine or, for
a manager, everyone's; each is recorded as 재직 중 or 퇴사 with the date
(``RetentionDialog``: ``companies.record_retention``), which also takes its follow-up out
of the counselor's queue on the 상담 page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.companies.base import WITH_FOLLOWUPS, WriteDialog, date_edit, read_date
from gui.companies.tables import (
    REFERRAL_COLUMNS,
    REFERRAL_WIDTHS,
    RETENTION_WIDTHS,
    Rows,
    retention_columns,
)
from gui.counseling.sections import ListTable, Section
from gui.youth.picker import YouthPicker
from models.companies.enums import RetentionOutcome
from models.companies.schemas import RetentionRow
from models.core.errors import ValidationError


class YouthTab(QWidget):
    youth_chosen = Signal(int)
    move_card = Signal(object)  # ReferralRow
    history = Signal(object)  # ReferralRow

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.youth_id: int | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        split.setHandleWidth(12)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 4, 0, 0)
        caption = QLabel(self.tr("청년 찾기"))
        caption.setStyleSheet("font-weight: bold; font-size: 14px;")
        ll.addWidget(caption)
        self.picker = YouthPicker(ctx)
        self.picker.new_youth_button.setVisible(False)  # registering is the 청년 명부's
        self.picker.youth_selected.connect(self._chosen)
        ll.addWidget(self.picker)
        ll.addStretch(1)
        split.addWidget(left)
        right = QSplitter(Qt.Vertical)
        right.setChildrenCollapsible(False)
        self.referrals = Section(self.tr("추천 기록"),
                                 ListTable(Rows(REFERRAL_COLUMNS, self, red=lambda r: r.stale, red_columns={7}),
                                           REFERRAL_WIDTHS, stretch=1))
        self.table = self.referrals.table
        self.table.activated_row.connect(self.move_card.emit)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._buttons())
        self.move_button = self.referrals.button("transfer", self.tr("단계 변경·종료…"), lambda: self._emit(self.move_card))
        self.history_button = self.referrals.button("info", self.tr("이력"), lambda: self._emit(self.history))
        right.addWidget(self.referrals)
        tl = QWidget()
        tv = QVBoxLayout(tl)
        tv.setContentsMargins(0, 4, 0, 0)
        tcap = QLabel(self.tr("매칭 타임라인 (단계 변경, 최근 것부터)"))
        tcap.setStyleSheet("font-weight: bold; font-size: 14px;")
        tv.addWidget(tcap)
        self.timeline = QListWidget()
        self.timeline.setSelectionMode(QListWidget.NoSelection)
        self.timeline.setFocusPolicy(Qt.NoFocus)
        tv.addWidget(self.timeline, 1)
        right.addWidget(tl)
        right.setSizes([330, 220])
        split.addWidget(right)
        split.setSizes([360, 740])
        lay.addWidget(split)
        self.can_edit = False
        self.show_data(None, [], [])

    def _chosen(self, youth_id: int) -> None:
        self.youth_id = youth_id
        self.youth_chosen.emit(youth_id)

    def show_data(self, name: str | None, referrals, timeline, can_edit: bool = False) -> None:
        self.can_edit = can_edit
        if name is None:
            self.referrals.show_rows([], self.tr("왼쪽에서 청년을 찾아 고르면 이 시설에서의 추천 기록과 단계가 나옵니다."))
        else:
            self.referrals.caption_text = self.tr("{0} 님의 추천 기록").format(name)
            self.referrals.show_rows(referrals, self.tr(
                "{0} 님은 이 시설에서 추천된 적이 없습니다.\n‘매칭 보드’에서 공고를 고르고 ‘청년 추천’으로 추천하세요.").format(name))
        self.timeline.clear()
        for item in timeline:
            self.timeline.addItem(f"{item.at:%Y-%m-%d %H:%M} · {item.title}" + (f" · {item.detail}" if item.detail else ""))
        if name is not None and not timeline:
            self.timeline.addItem(self.tr("단계 변경 기록이 없습니다."))
        self.table.select_line(0)
        self._buttons()

    def timeline_texts(self) -> list[str]:
        return [self.timeline.item(i).text() for i in range(self.timeline.count())]

    def _buttons(self) -> None:
        r = self.table.current()
        self.move_button.setVisible(self.can_edit)
        self.move_button.setEnabled(r is not None and bool(r.next_stages))
        self.history_button.setEnabled(r is not None)

    def _emit(self, signal) -> None:
        r = self.table.current()
        if r is not None:
            signal.emit(r)


class RetentionTab(QWidget):
    scope_changed = Signal()
    record = Signal(object)  # RetentionRow

    def __init__(self, today, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.everyone = QCheckBox(self.tr("전체 상담사"))
        self.everyone.toggled.connect(lambda _on: self.scope_changed.emit())
        bar.addWidget(self.everyone)
        self.ahead = QCheckBox(self.tr("앞으로 30일 포함"))
        self.ahead.toggled.connect(lambda _on: self.scope_changed.emit())
        bar.addWidget(self.ahead)
        note = QLabel(self.tr("입사 1·3·6개월 뒤 고용유지 확인입니다. 같은 날 상담 페이지의 후속조치에도 올라가며, 여기서 "
                              "결과를 기록하면 후속조치에서도 빠집니다."))
        note.setObjectName("pageHint")
        note.setWordWrap(True)
        bar.addWidget(note, 1)
        lay.addLayout(bar)
        self.list = Section(self.tr("고용유지 확인"),
                            ListTable(Rows(retention_columns(today), self, red=lambda c: c.due_on < today,
                                           red_columns={4}), RETENTION_WIDTHS, stretch=1))
        self.table = self.list.table
        self.table.activated_row.connect(self.record.emit)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._buttons())
        self.record_button = self.list.button("check", self.tr("결과 기록…"), self._record, True)
        lay.addWidget(self.list, 1)
        self.can_edit = False

    def set_manager(self, manager: bool) -> None:
        self.everyone.setVisible(manager)
        if not manager and self.everyone.isChecked():
            self.everyone.setChecked(False)

    def show_rows(self, rows, can_edit: bool) -> None:
        self.can_edit = can_edit
        empty = (self.tr("앞으로 30일 안에 할 고용유지 확인이 없습니다.") if self.ahead.isChecked() else
                 self.tr("오늘까지 할 고용유지 확인이 없습니다. ‘앞으로 30일 포함’으로 다가오는 확인을 봅니다."))
        self.list.show_rows(rows, empty + self.tr("\n청년이 입사하면 1·3·6개월 뒤 확인이 여기에 올라옵니다."))
        self.table.select_line(0)
        self._buttons()

    def _buttons(self) -> None:
        self.record_button.setVisible(self.can_edit)
        self.record_button.setEnabled(self.table.current() is not None)

    def _record(self) -> None:
        c = self.table.current()
        if c is not None:
            self.record.emit(c)


class RetentionDialog(WriteDialog):
    topics = WITH_FOLLOWUPS

    def __init__(self, ctx, check: RetentionRow, parent=None):
        super().__init__(ctx, parent, "고용유지 확인",
                         f"{check.youth_name} · {check.company_name} · 입사 {check.months}개월 확인 "
                         f"({check.due_on:%Y-%m-%d} 예정)", "check", width=460)
        self.check = check
        box = QWidget()
        bl = QHBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.employed = QRadioButton(RetentionOutcome.EMPLOYED.label)
        self.left = QRadioButton(RetentionOutcome.LEFT.label)
        for b in (self.employed, self.left):
            self.group.addButton(b)
            bl.addWidget(b)
        bl.addStretch(1)
        self.employed.setChecked(True)
        self.form.add("outcome", self.tr("결과"), box)
        self.left_on = self.form.add("left_on", self.tr("퇴사일"), date_edit())
        self.left.toggled.connect(self.left_on.setEnabled)
        self.left_on.setEnabled(False)
        self.finish(self.tr("기록"))

    def work(self):
        outcome = RetentionOutcome.LEFT if self.left.isChecked() else RetentionOutcome.EMPLOYED
        errors: dict[str, str] = {}
        left_on = read_date(self.left_on, "left_on", errors) if outcome is RetentionOutcome.LEFT else None
        if errors:
            raise ValidationError(errors)
        svc, actor, cid = self.ctx.services.companies, self.ctx.actor, self.check.id
        return lambda: svc.record_retention(actor, cid, outcome, left_on)
