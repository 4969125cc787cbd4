"""접근 기록 점검 page (admin): the monthly access-log review of 안전성 확보조치 기준 §8.

A month picker (default: last month); per staff account the distinct youths whose
contacts and confidential notes they opened, company contacts, other reads, and their
printouts and downloads with how many gave no purpose (``AccessReviewService.month``). A
figure more than 3× that person's own median of the six months before (and at least 10)
is shown in red, and flagged staff come first. Selecting a person shows their 열람 and 출력
rows of the month, each output with its purpose (the audit rows hold no personal values).
점검 완료 records the review with the admin's note (required) in the audit log; the line
under the month says whether, when and by whom it was reviewed. Every read runs on the
worker.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.audit_log.table_model import entity_label
from gui.common.page import Page
from gui.common.table_model import Column, RowTableModel
from models.core.errors import DomainError, ValidationError
from models.lifecycle.access_review import (
    FLAG_MIN,
    FLAG_RATIO,
    HISTORY_MONTHS,
    MEASURE_LABELS,
    AccessReviewService,
    StaffMonth,
)

RED = QColor("#b3261e")
PALE_RED = QColor("#fdecea")
RIGHT = Qt.AlignRight | Qt.AlignVCenter
# what the audit page's labels do not name yet (READ/OUTPUT entities of later areas)
def target_text(r) -> str:
    label = entity_label(r.entity)
    return f"{label} #{r.entity_id}" if r.entity_id else label


def verdict_text(s: StaffMonth) -> str:
    if not s.flagged:
        return "정상"
    parts = []
    for m in s.flags:
        med = s.medians.get(m)
        base = f"중앙값 {med:g}" if med is not None else "이전 기록 없음"
        parts.append(f"{MEASURE_LABELS[m]} {s.value(m)} ({base})")
    return "이상: " + ", ".join(sorted(parts))


class StaffModel(RowTableModel):
    MEASURE_COLS = {2: "youth_contacts", 3: "notes", 4: "company_contacts", 6: "outputs"}

    def __init__(self, tr, parent=None):
        super().__init__([
            Column(tr("직원"), lambda s: s.display_name),
            Column(tr("계정"), lambda s: s.username),
            Column(tr("청년 연락처(명)"), lambda s: s.youth_contacts, RIGHT),
            Column(tr("상담 메모(명)"), lambda s: s.notes, RIGHT),
            Column(tr("기업 담당자"), lambda s: s.company_contacts, RIGHT),
            Column(tr("기타 열람"), lambda s: s.other_reads, RIGHT),
            Column(tr("출력·내려받기"), lambda s: s.outputs, RIGHT),
            Column(tr("목적 없음"), lambda s: s.without_purpose, RIGHT),
            Column(tr("판정 (지난 {0}개월 대비)").format(HISTORY_MONTHS), verdict_text),
        ], parent)

    def data(self, index, role=Qt.DisplayRole):
        if role in (Qt.ForegroundRole, Qt.BackgroundRole) and index.isValid():
            s = self.rows[index.row()]
            m = self.MEASURE_COLS.get(index.column())
            if (m and m in s.flags) or (index.column() == 8 and s.flagged):
                return QBrush(RED if role == Qt.ForegroundRole else PALE_RED)
            if index.column() == 7 and s.without_purpose and role == Qt.ForegroundRole:
                return QBrush(RED)  # outputs that gave no purpose: worth a question
        if role == Qt.ToolTipRole and index.isValid():
            s = self.rows[index.row()]
            m = self.MEASURE_COLS.get(index.column())
            if m:
                med = s.medians.get(m)
                return (f"지난 6개월 중앙값: {med:g}" if med is not None else "이전 달 기록 없음")
        return super().data(index, role)


class ReviewPage(Page):
    key = "access_review"
    title = "접근 기록 점검"
    icon_name = "audit"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.review = None
        self.refresh_button = self.action_button("refresh", self.tr("새로 고침"), self.refresh)
        self.header_actions.addWidget(self.refresh_button)
        self.hint_label.setText(self.tr(
            "직원별로 한 달 동안 연 청년 연락처·상담 메모(서로 다른 청년 수)와 출력·내려받기를 봅니다. 지난 6개월 "
            "중앙값의 {0}배를 넘고 {1}건 이상이면 빨간색으로 표시합니다. 점검을 마치면 메모와 함께 기록하세요.")
            .format(FLAG_RATIO, FLAG_MIN))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("점검할 달")))
        # ◀ month ▶, as the booking pages' date bar: the spin box's own arrows were too small
        self.prev_month_btn = QPushButton("◀")
        self.prev_month_btn.setToolTip(self.tr("이전 달"))
        self.next_month_btn = QPushButton("▶")
        self.next_month_btn.setToolTip(self.tr("다음 달"))
        for b in (self.prev_month_btn, self.next_month_btn):
            b.setFixedWidth(36)
        self.prev_month_btn.clicked.connect(lambda: self.move_month(-1))
        self.next_month_btn.clicked.connect(lambda: self.move_month(1))
        self.month_edit = QDateEdit()
        self.month_edit.setDisplayFormat("yyyy년 M월")
        self.month_edit.setVisible(False)  # holds the month; the label shows it
        self.month_label = QLabel()
        self.month_label.setAlignment(Qt.AlignCenter)
        self.month_label.setMinimumWidth(110)
        self.month_label.setStyleSheet("font-weight: bold;")
        last = (date.today().replace(day=1) - timedelta(days=1)).replace(day=1)
        self.month_edit.setDate(QDate(last.year, last.month, 1))
        self.month_edit.setMaximumDate(QDate(date.today().year, date.today().month, 1))
        self.month_edit.dateChanged.connect(lambda _d: self._month_changed())
        for w in (self.prev_month_btn, self.month_label, self.next_month_btn, self.month_edit):
            bar.addWidget(w)
        self._month_buttons()
        self.state_label = QLabel()
        bar.addSpacing(12)
        bar.addWidget(self.state_label, 1)
        self.outer.addLayout(bar)
        self.model = StaffModel(self.tr, self)
        self.view = self._table(self.model)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._drill())
        self.rows_model = RowTableModel([
            Column(self.tr("일시"), lambda r: f"{r.at:%Y-%m-%d %H:%M}"),
            Column(self.tr("구분"), lambda r: r.action_label),
            Column(self.tr("대상"), target_text),
            Column(self.tr("내용"), lambda r: r.what),
            Column(self.tr("출력 목적"), lambda r: r.purpose or ("(목적 없음)" if r.action == "output" else "")),
        ], self)
        self.rows_view = self._table(self.rows_model)
        self.rows_caption = QLabel(self.tr("직원을 고르면 그 달의 열람·출력 기록이 나옵니다."))
        self.rows_caption.setObjectName("pageHint")
        lower = QWidget()
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 6, 0, 0)
        low.addWidget(self.rows_caption)
        low.addWidget(self.rows_view, 1)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.view)
        split.addWidget(lower)
        self.outer.addWidget(split, 1)
        done = QHBoxLayout()
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("점검 메모 (필수): 확인한 내용, 후속 조치"))
        self.note_edit.setMaxLength(150)
        done.addWidget(self.note_edit, 1)
        self.done_button = QPushButton(self.tr("점검 완료"))
        self.done_button.setProperty("primary", True)
        self.done_button.clicked.connect(self.mark_reviewed)
        done.addWidget(self.done_button)
        self.outer.addLayout(done)
        self.note_error = QLabel()
        self.note_error.setObjectName("formError")
        self.note_error.setVisible(False)
        self.outer.addWidget(self.note_error)

    def _table(self, model) -> QTableView:
        v = QTableView()
        v.setModel(model)
        v.setSelectionBehavior(QAbstractItemView.SelectRows)
        v.setSelectionMode(QAbstractItemView.SingleSelection)
        v.setEditTriggers(QAbstractItemView.NoEditTriggers)
        v.setAlternatingRowColors(True)
        v.verticalHeader().setVisible(False)
        v.setWordWrap(False)
        v.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        v.horizontalHeader().setStretchLastSection(True)
        return v

    def service(self) -> AccessReviewService:
        return AccessReviewService.of(self.ctx.services)

    def move_month(self, step: int) -> None:
        self.month_edit.setDate(self.month_edit.date().addMonths(step))

    def _month_buttons(self) -> None:
        d = self.month_edit.date()
        self.month_label.setText(self.tr("{0}년 {1}월").format(d.year(), d.month()))
        self.next_month_btn.setEnabled(d < self.month_edit.maximumDate())
        self.prev_month_btn.setEnabled(d > self.month_edit.minimumDate())

    def _month_changed(self) -> None:
        self._month_buttons()
        self.refresh()

    def month(self) -> tuple[int, int]:
        d = self.month_edit.date()
        return d.year(), d.month()

    def refresh(self) -> None:
        service, actor, (y, m) = self.service(), self.ctx.actor, self.month()
        self.load(lambda: service.month(actor, y, m), self._show)

    def _show(self, review) -> None:
        self.review = review
        self.model.set_rows(list(review.staff))
        self.rows_model.set_rows([])
        done = review.reviewed
        if done:
            self.state_label.setText(self.tr("✓ {0} 점검 완료: {1:%Y-%m-%d %H:%M} {2} — {3}").format(
                review.label, done.at, done.username or "", done.note))
            self.state_label.setStyleSheet("")
        else:
            self.state_label.setText(self.tr("{0}: 아직 점검하지 않았습니다. (직원 {1}명, 이상 {2}명)").format(
                review.label, len(review.staff), review.flagged))
            self.state_label.setStyleSheet(f"color: {RED.name()};" if review.flagged else "")
        if not review.staff:
            self.rows_caption.setText(self.tr("이 달에는 개인정보 열람·출력 기록이 없습니다."))

    def selected(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _drill(self) -> None:
        staff = self.selected()
        if staff is None:
            return
        service, actor, (y, m) = self.service(), self.ctx.actor, self.month()
        self.rows_caption.setText(self.tr("{0}({1})의 {2}-{3:02d} 열람·출력 기록 (최근 500건)").format(
            staff.display_name, staff.username, y, m))
        self.load(lambda: service.rows(actor, y, m, staff.username, limit=500), self.rows_model.set_rows,
                  lane="rows")

    def mark_reviewed(self) -> None:
        service, actor, (y, m), note = self.service(), self.ctx.actor, self.month(), self.note_edit.text()
        self.note_error.setVisible(False)

        def failed(exc) -> None:
            if isinstance(exc, ValidationError):
                self.note_error.setText(" ".join(exc.errors.values()))
                self.note_error.setVisible(True)
            elif isinstance(exc, DomainError):
                self.show_error(exc)

        def done(_r) -> None:
            self.note_edit.clear()
            self.refresh()

        self.ctx.run(lambda: service.mark_reviewed(actor, y, m, note), done, failed)

