"""The 오늘 and 내 사례 tabs of the 상담 page. They show what the page loaded and hand the
user's choices back to it (``CounselingPage`` opens the dialogs and runs the writes).

- ``TodayTab``: my follow-ups due today and overdue (overdue in red, "N일 지남"), the
  AI-booth consultation requests waiting (names masked), and the sessions I logged today.
- ``CaseloadTab``: the cases of this facility (mine; a manager also everyone's or the
  unassigned ones), filtered by stage, no-contact flag, closed or a name, with the
  selected youth's sessions beside them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.common.table_model import RowTableModel
from gui.counseling.sections import ListTable, Section
from gui.counseling.tables import (
    CASE_COUNSELOR_COLUMN,
    CASE_WIDTHS,
    CONSULT_COLUMNS,
    CONSULT_WIDTHS,
    FOLLOWUP_WIDTHS,
    HISTORY_COLUMNS,
    HISTORY_WIDTHS,
    TODAY_COLUMNS,
    TODAY_WIDTHS,
    CaseModel,
    FollowupModel,
    SessionModel,
)
from models.counseling.enums import CaseStage, CaseStatus

MOVE_KEYS = {Qt.Key_Up: -1, Qt.Key_Down: 1, Qt.Key_PageUp: -10, Qt.Key_PageDown: 10}
ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)


class TodayTab(QWidget):
    log_for_followup = Signal(object)  # FollowupRow
    log_for_consult = Signal(object)  # ConsultRow
    open_session = Signal(int)
    schedule = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        left = QSplitter(Qt.Vertical)
        left.setChildrenCollapsible(False)
        self.followups = Section(self.tr("예정 상담·후속조치 (오늘·지난 예정)"),
                                 ListTable(FollowupModel(self), FOLLOWUP_WIDTHS, stretch=2))
        self.followup_button = self.followups.button("counseling", self.tr("상담 기록"),
                                                     lambda: self._log(self.followups, self.log_for_followup), True)
        self.schedule_button = self.followups.button("calendar", self.tr("상담 예약…"), self.schedule.emit)
        self.followups.table.activated_row.connect(self.log_for_followup.emit)
        self.consults = Section(self.tr("AI 면접 분석 컨설팅 대기"),
                                ListTable(RowTableModel(CONSULT_COLUMNS, self), CONSULT_WIDTHS, stretch=4))
        self.consult_button = self.consults.button("counseling", self.tr("상담 기록"),
                                                   lambda: self._log(self.consults, self.log_for_consult))
        self.consults.table.activated_row.connect(self.log_for_consult.emit)
        left.addWidget(self.followups)
        left.addWidget(self.consults)
        left.setStretchFactor(0, 3)  # the day's list first; the requests are fewer
        left.setStretchFactor(1, 2)
        self.sessions = Section(self.tr("오늘 내 상담"),
                                ListTable(SessionModel(TODAY_COLUMNS, self), TODAY_WIDTHS, stretch=1))
        self.sessions.table.activated_row.connect(lambda r: self.open_session.emit(r.id))
        self.open_button = self.sessions.button("reveal", self.tr("보기"), self._open_current)
        split.setHandleWidth(12)
        split.addWidget(left)
        split.addWidget(self.sessions)
        split.setSizes([560, 440])
        lay.addWidget(split)

    def _log(self, section: Section, signal) -> None:
        row = section.table.current() or section.table.model().row_at(0)
        if row is not None:
            signal.emit(row)

    def _open_current(self) -> None:
        row = self.sessions.table.current() or self.sessions.table.model().row_at(0)
        if row is not None:
            self.open_session.emit(row.id)

    def show_data(self, sessions, followups, consults, can_consult: bool) -> None:
        due = sum(1 for f in followups if not f.overdue)
        late = len(followups) - due
        self.followups.show_rows(
            followups, self.tr("오늘까지 할 후속조치가 없습니다.\n상담을 기록할 때 후속조치 날짜(+3일, +7일…)를 "
                               "정하면 그날 여기에 올라옵니다."),
            self.tr("예정 상담·후속조치 · 오늘 {0}건 · 지난 {1}건").format(due, late) if followups else None)
        self.followup_button.setEnabled(bool(followups))
        self.consults.setVisible(can_consult)
        self.consults.show_rows(consults, self.tr(
            "기다리는 분석 컨설팅 요청이 없습니다.\nAI 면접 부스에서 입실한 역량검사 예약에 ‘분석 컨설팅 요청’을 하면 "
            "여기에 올라오고, ‘AI 면접 결과 상담’으로 기록하면 닫힙니다."))
        self.consult_button.setEnabled(bool(consults))
        self.sessions.show_rows(sessions, self.tr(
            "오늘 기록한 상담이 없습니다.\n‘내 사례’에서 청년을 고르고 Enter를 누르거나 위의 ‘상담 기록’으로 "
            "기록하세요. 예정 {0}건은 왼쪽 목록에 있습니다.").format(due) if due else self.tr(
            "오늘 기록한 상담이 없습니다.\n‘내 사례’에서 청년을 고르고 Enter를 누르거나 위의 ‘상담 기록’으로 "
            "기록하세요."), self.tr("오늘 내 상담 · 예정 {0}건 · 기록 {1}건").format(due, len(sessions))
            if sessions else None)
        self.open_button.setEnabled(bool(sessions))


class CaseloadTab(QWidget):
    log_for_case = Signal(object)  # CaseRow
    open_session = Signal(int)
    scope_changed = Signal()
    case_selected = Signal(object)  # CaseRow or None

    SCOPES = (("mine", "내 사례"), ("all", "전체 상담사"), ("unassigned", "미배정"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.all_rows = []
        self.stale_days = 30
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("이름으로 찾기 · Enter: 상담 기록"))
        self.search.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(180)
        self.search.setMaximumWidth(240)
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.search.installEventFilter(self)
        bar.addWidget(self.search)
        self.scope = QComboBox()
        for value, label in self.SCOPES:
            self.scope.addItem(self.tr(label), value)
        self.scope.currentIndexChanged.connect(lambda _i: self.scope_changed.emit())
        bar.addWidget(self.scope)
        self.stage = QComboBox()
        self.stage.addItem(self.tr("모든 단계"), None)
        for value, label in CaseStage.choices():
            self.stage.addItem(label, value)
        self.stage.currentIndexChanged.connect(lambda _i: self.apply_filter())
        bar.addWidget(self.stage)
        self.flagged = QCheckBox(self.tr("연락 공백만"))
        self.flagged.toggled.connect(lambda _on: self.apply_filter())
        bar.addWidget(self.flagged)
        self.closed = QCheckBox(self.tr("종결 포함"))
        self.closed.toggled.connect(lambda _on: self.scope_changed.emit())
        bar.addWidget(self.closed)
        self.count_label = QLabel()
        self.count_label.setObjectName("pageHint")
        self.count_label.setWordWrap(True)  # two lines on a narrow window rather than a wider one
        bar.addWidget(self.count_label, 1)
        lay.addLayout(bar)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        self.cases = Section(self.tr("사례"), ListTable(CaseModel(self), CASE_WIDTHS, stretch=0, sortable=True))
        self.table = self.cases.table
        self.table.activated_row.connect(self.log_for_case.emit)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        self.history = Section(self.tr("상담 이력"),
                               ListTable(SessionModel(HISTORY_COLUMNS, self), HISTORY_WIDTHS, stretch=3))
        self.history.table.activated_row.connect(lambda r: self.open_session.emit(r.id))
        self.history.show_rows([], self.tr("왼쪽에서 청년을 고르면 이 시설에서의 상담 이력이 보입니다."))
        self.plan_label = QLabel()  # the youth's activity plan in one line
        self.plan_label.setObjectName("pageHint")
        self.plan_label.setWordWrap(True)
        self.plan_label.setVisible(False)
        self.history.layout().insertWidget(1, self.plan_label)
        split.setHandleWidth(12)
        split.addWidget(self.cases)
        split.addWidget(self.history)
        split.setSizes([620, 480])
        lay.addWidget(split, 1)

    # -- keys: the search field moves the selection, Enter logs ------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.search and event.type() == QEvent.KeyPress:
            if event.key() in MOVE_KEYS:
                self.move(MOVE_KEYS[event.key()])
                return True
            if event.key() in ENTER_KEYS:
                row = self.current()
                if row is not None:
                    self.log_for_case.emit(row)
                return True
        return super().eventFilter(obj, event)

    def focus_search(self) -> None:
        QTimer.singleShot(0, self, lambda: self.search.setFocus(Qt.OtherFocusReason))

    def move(self, step: int) -> None:
        count = self.table.model().rowCount()
        if not count:
            return
        cur = self.table.currentIndex().row() if self.table.current() is not None else -1
        self.table.select_line(max(0, min(count - 1, cur + step)) if cur >= 0 else 0)

    def current(self):
        return self.table.current()

    # -- scope ------------------------------------------------------------------------------
    def set_manager(self, manager: bool) -> None:
        """Everyone's caseload is a manager's choice; a counselor sees theirs and the unassigned."""
        view = self.scope.view()
        view.setRowHidden(1, not manager)
        if not manager and self.scope.currentIndex() == 1:
            self.scope.setCurrentIndex(0)
        self.table.setColumnHidden(CASE_COUNSELOR_COLUMN, self.scope_value() == "mine")

    def scope_value(self) -> str:
        return self.scope.currentData()

    # -- rows -------------------------------------------------------------------------------
    def show_rows(self, rows, stale_days: int) -> None:
        self.all_rows = list(rows)
        self.stale_days = stale_days
        self.table.setColumnHidden(CASE_COUNSELOR_COLUMN, self.scope_value() == "mine")
        self.flagged.setToolTip(self.tr("마지막 상담 뒤로 {0}일 넘게 연락이 없는 사례 (시설 설정)").format(stale_days))
        self.apply_filter()

    def apply_filter(self) -> None:
        keep = self.current()
        query = self.search.text().strip()
        stage = self.stage.currentData()
        rows = [r for r in self.all_rows
                if (not query or query in r.youth_name)
                and (stage is None or (r.stage.value == stage and r.status is CaseStatus.OPEN))
                and (not self.flagged.isChecked() or r.flagged)]
        flagged = sum(1 for r in self.all_rows if r.flagged)
        if not self.all_rows:
            empty = {"mine": self.tr("맡은 사례가 없습니다.\n청년과 첫 상담을 기록하면 내 사례가 되고, ‘사례 맡기’로 "
                                     "명부의 청년을 직접 맡을 수도 있습니다."),
                     "all": self.tr("이 시설에 등록된 사례가 없습니다.\n상담을 처음 기록하면 사례가 열립니다."),
                     "unassigned": self.tr("담당 상담사가 없는 사례가 없습니다.")}[self.scope_value()]
        else:
            empty = self.tr("조건에 맞는 사례가 없습니다.\n찾는 이름이나 단계, ‘연락 공백만’ 선택을 바꿔 보세요.")
        self.cases.show_rows(rows, empty, self.tr("사례 {0}건").format(len(rows)) if rows else None)
        self.count_label.setText(self.tr("전체 {0}건 · 연락 공백 {1}건 ({2}일 이상)").format(
            len(self.all_rows), flagged, self.stale_days) if self.all_rows else "")
        line = self.table.model().index_where(lambda r: keep is not None and r.id == keep.id)
        if line < 0 and rows:
            line = 0
        if line >= 0:
            self.table.select_line(line)
        else:
            self.case_selected.emit(None)

    def _selected(self) -> None:
        self.case_selected.emit(self.current())

    def show_history(self, case, sessions, plan=None) -> None:
        from gui.counseling.plan_dialog import plan_text
        self.plan_label.setVisible(case is not None)
        if case is None:
            self.history.show_rows([], self.tr("왼쪽에서 청년을 고르면 이 시설에서의 상담 이력이 보입니다."))
            return
        self.plan_label.setText(plan_text(plan))
        self.history.caption_text = self.tr("{0} 님의 상담 이력").format(case.youth_name)
        self.history.show_rows(sessions, self.tr("{0} 님은 이 시설에서 기록한 상담이 아직 없습니다.").format(
            case.youth_name), self.tr("{0} 님의 상담 이력 {1}건").format(case.youth_name, len(sessions))
            if sessions else None)
