"""구인 공고: the openings of the company chosen in 기업 목록, or of the whole facility, by
status; open one, change it, set its status (모집중, 마감, 채용완료, 취소), and show its
매칭 보드. The page runs the reads and the writes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from gui.companies.tables import OPENING_COLUMNS, OPENING_WIDTHS, Rows
from gui.counseling.sections import ListTable, Section
from models.companies.enums import OpeningStatus


class OpeningsTab(QWidget):
    filter_changed = Signal()
    open_job = Signal()
    edit_opening = Signal(object)  # OpeningRow
    set_status = Signal(object, object)  # OpeningRow, OpeningStatus
    show_board = Signal(object)  # OpeningRow

    def __init__(self, parent=None):
        super().__init__(parent)
        self.company = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.scope = QComboBox()
        self.scope.addItem(self.tr("선택한 기업의 공고"), "company")
        self.scope.addItem(self.tr("시설 전체 공고"), "all")
        self.scope.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
        bar.addWidget(self.scope)
        self.status = QComboBox()
        self.status.addItem(self.tr("모든 상태"), None)
        for st in OpeningStatus:
            self.status.addItem(st.label, st.value)
        self.status.currentIndexChanged.connect(lambda _i: self.filter_changed.emit())
        bar.addWidget(self.status)
        self.company_label = QLabel()
        self.company_label.setObjectName("pageHint")
        bar.addWidget(self.company_label, 1)
        lay.addLayout(bar)
        self.list = Section(self.tr("구인 공고"), ListTable(Rows(OPENING_COLUMNS, self), OPENING_WIDTHS, stretch=1))
        self.table = self.list.table
        self.table.activated_row.connect(self.show_board.emit)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._buttons())
        self.new_button = self.list.button("add", self.tr("공고 등록"), self.open_job.emit, True)
        self.edit_button = self.list.button("edit", self.tr("수정"), lambda: self._emit(self.edit_opening))
        self.status_button = self.list.button("case_close", self.tr("상태 변경"), lambda: None)
        self.menu = QMenu(self.status_button)
        for st in OpeningStatus:
            action = self.menu.addAction(st.label)
            action.setData(st.value)
        self.menu.triggered.connect(self._status_chosen)
        self.status_button.setMenu(self.menu)
        self.board_button = self.list.button("filter", self.tr("매칭 보드"), lambda: self._emit(self.show_board))
        lay.addWidget(self.list, 1)
        self.can_edit = False

    def scope_value(self) -> str:
        return self.scope.currentData()

    def status_value(self):
        return self.status.currentData()

    def set_company(self, company) -> None:
        self.company = company

    def show_rows(self, rows, can_edit: bool) -> None:
        self.can_edit = can_edit
        keep = self.table.current()
        if self.scope_value() == "company":
            self.company_label.setText(self.tr("기업: {0}").format(self.company.name) if self.company else
                                       self.tr("기업 목록에서 기업을 고르세요."))
            empty = (self.tr("{0}의 공고가 없습니다.\n‘공고 등록’으로 이 기업의 구인 공고를 올리세요.").format(
                self.company.name) if self.company else self.tr(
                "기업 목록 탭에서 기업을 고르면 그 기업의 공고가 여기에 나옵니다.\n‘시설 전체 공고’로 바꾸면 모든 공고를 봅니다."))
        else:
            self.company_label.setText("")
            empty = self.tr("조건에 맞는 공고가 없습니다.\n상태 선택을 바꾸거나 기업 목록에서 기업을 고른 뒤 공고를 등록하세요.")
        self.list.show_rows(rows, empty)
        line = self.table.model().index_where(lambda o: keep is not None and o.id == keep.id)
        self.table.select_line(line if line >= 0 else 0)
        self._buttons()

    def current(self):
        return self.table.current()

    def _buttons(self) -> None:
        o = self.current()
        self.new_button.setVisible(self.can_edit)
        self.new_button.setEnabled(self.company is not None)
        self.new_button.setToolTip("" if self.company else self.tr("기업 목록에서 공고를 올릴 기업을 먼저 고르세요."))
        for b in (self.edit_button, self.status_button):
            b.setVisible(self.can_edit)
            b.setEnabled(o is not None)
        self.board_button.setEnabled(o is not None)
        if o is not None:
            for action in self.menu.actions():
                action.setEnabled(action.data() != o.status.value)

    def _emit(self, signal) -> None:
        o = self.current()
        if o is not None:
            signal.emit(o)

    def _status_chosen(self, action) -> None:
        o = self.current()
        if o is not None:
            self.set_status.emit(o, OpeningStatus(action.data()))
