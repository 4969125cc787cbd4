"""기업 목록: the facility's companies by name fragment (or 사업자등록번호 digits), and the
chosen company's details, contact persons (masked) and openings.

The tab only shows what the page loaded and says what the user chose; the page runs the
reads (``companies.companies`` after a short pause in typing, on one lane so an older
search never replaces a newer one) and the writes. ``연락처 보기`` asks the page to
reveal one contact (``reveal_contact``, an audit read on the write lane); the full
number and e-mail show under the contacts until another company or contact is chosen.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.companies.tables import (
    COMPANY_COLUMNS,
    COMPANY_OPENING_COLUMNS,
    COMPANY_OPENING_WIDTHS,
    COMPANY_WIDTHS,
    CONTACT_COLUMNS,
    CONTACT_WIDTHS,
    Rows,
)
from gui.counseling.sections import ListTable, Section
from models.companies.schemas import CompanyRow, ContactView

SEARCH_DELAY_MS = 250
FIELDS = (("biz_no", "사업자등록번호"), ("representative", "대표자"), ("industry", "업종"), ("size", "규모"),
          ("certified", "인증"), ("address", "주소"), ("website", "홈페이지"), ("found", "발굴"),
          ("owner", "담당 상담사"), ("notes", "메모"))


def field_values(c: CompanyRow) -> dict[str, str]:
    return {
        "biz_no": c.biz_no, "representative": c.representative or "—",
        "industry": f"{c.industry.value} {c.industry.label}" if c.industry else "—",
        "size": c.size.label if c.size else "—",
        "certified": (f"서울형 강소기업 ({c.certified_year}년)" if c.certified_year else "서울형 강소기업")
        if c.certified else "—",
        "address": " ".join(p for p in (c.district, c.address) if p) or "—", "website": c.website or "—",
        "found": f"{c.found_on:%Y-%m-%d} · {c.found_via.label if c.found_via else '경로 미기록'}",
        "owner": c.owner_name or "없음", "notes": c.notes or "—"}


class RegistryTab(QWidget):
    search_changed = Signal(str)
    company_selected = Signal(object)  # CompanyRow or None
    reveal_contact = Signal(object)  # ContactRow
    add_contact = Signal()
    edit_contact = Signal(object)  # ContactRow
    open_job = Signal()
    opening_chosen = Signal(object)  # OpeningRow: show its board
    edit_company = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.current_company: CompanyRow | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("기업명 일부 또는 사업자등록번호로 찾기"))
        self.search.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.search.setClearButtonEnabled(True)
        self.search.setFixedWidth(300)
        bar.addWidget(self.search)
        self.count_label = QLabel()
        self.count_label.setObjectName("pageHint")
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.search_now)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        split.setHandleWidth(12)
        self.list = Section(self.tr("구인기업"), ListTable(Rows(COMPANY_COLUMNS, self), COMPANY_WIDTHS))
        self.table = self.list.table
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        self.table.activated_row.connect(lambda _r: self.edit_company.emit())
        split.addWidget(self.list)
        split.addWidget(self._build_detail())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 410])
        lay.addWidget(split, 1)

    def _build_detail(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        v = QVBoxLayout(body)
        v.setContentsMargins(4, 4, 4, 4)
        self.detail_title = QLabel()
        self.detail_title.setStyleSheet("font-weight: bold; font-size: 16px;")
        self.detail_title.setWordWrap(True)
        v.addWidget(self.detail_title)
        self.detail_hint = QLabel(self.tr("왼쪽 목록에서 기업을 고르면 담당자와 구인 공고가 여기에 나옵니다."))
        self.detail_hint.setObjectName("pageHint")
        self.detail_hint.setWordWrap(True)
        v.addWidget(self.detail_hint)
        self.fields_box = QWidget()
        grid = QGridLayout(self.fields_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(3)
        self.values: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(FIELDS):
            name = QLabel(self.tr(label))
            name.setObjectName("pageHint")
            name.setAlignment(Qt.AlignRight | Qt.AlignTop)
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        v.addWidget(self.fields_box)
        self.contacts = Section(self.tr("담당자"), ListTable(Rows(CONTACT_COLUMNS, self), CONTACT_WIDTHS, stretch=3))
        self.contacts.setMinimumHeight(130)
        self.contacts.setMaximumHeight(190)
        self.contacts.table.selectionModel().currentRowChanged.connect(lambda *_a: self._contact_selected())
        self.contacts.table.activated_row.connect(self.reveal_contact.emit)
        self.reveal_button = self.contacts.button("reveal", self.tr("연락처 보기"), self._reveal)
        self.add_contact_button = self.contacts.button("add", self.tr("추가"), self.add_contact.emit)
        self.edit_contact_button = self.contacts.button("edit", self.tr("수정"), self._edit_contact)
        v.addWidget(self.contacts)
        self.revealed = QLabel()
        self.revealed.setObjectName("card")
        self.revealed.setStyleSheet("padding: 6px;")
        self.revealed.setWordWrap(True)
        self.revealed.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.revealed.setVisible(False)
        v.addWidget(self.revealed)
        self.openings = Section(self.tr("구인 공고"),
                                ListTable(Rows(COMPANY_OPENING_COLUMNS, self), COMPANY_OPENING_WIDTHS, stretch=0))
        self.openings.setMinimumHeight(150)
        self.openings.setMaximumHeight(260)
        self.openings.table.activated_row.connect(self.opening_chosen.emit)
        self.open_job_button = self.openings.button("add", self.tr("공고 등록"), self.open_job.emit)
        self.board_button = self.openings.button("filter", self.tr("매칭 보드"), self._board)
        v.addWidget(self.openings)
        v.addStretch(1)
        self.show_company(None, [])
        return scroll

    # -- searching ------------------------------------------------------------------------
    def query(self) -> str:
        return self.search.text().strip()

    def search_now(self) -> None:
        self.timer.stop()
        self.search_changed.emit(self.query())

    def show_rows(self, rows: list[CompanyRow], query: str, limit: int) -> None:
        keep = self.current_company.id if self.current_company else None
        if query:
            empty = self.tr("'{0}'(으)로 찾은 기업이 없습니다.\n새 기업이면 위의 ‘기업 등록’을 누르세요.").format(query)
        else:
            empty = self.tr("이 시설에 등록된 구인기업이 없습니다.\n위의 ‘기업 등록’으로 발굴한 기업을 등록하세요.")
        more = len(rows) >= limit
        self.list.show_rows(rows, empty, self.tr("구인기업 {0}{1}곳").format(
            len(rows), "+" if more else "") if rows else None)
        self.count_label.setText(self.tr("처음 {0}곳만 보입니다. 이름을 더 입력해 좁히세요.").format(limit)
                                 if more else "")
        line = self.table.model().index_where(lambda c: c.id == keep)
        self.table.select_line(line if line >= 0 else 0)
        if not rows:
            self._selected()

    def select_company(self, company_id: int) -> bool:
        line = self.table.model().index_where(lambda c: c.id == company_id)
        if line >= 0:
            self.table.select_line(line)
        return line >= 0

    def _selected(self) -> None:
        self.company_selected.emit(self.table.current())

    # -- the detail -----------------------------------------------------------------------
    def show_company(self, company: CompanyRow | None, openings, can_edit: bool = False) -> None:
        self.current_company = company
        self.hide_revealed()
        self.fields_box.setVisible(company is not None)
        self.contacts.setVisible(company is not None)
        self.openings.setVisible(company is not None)
        self.detail_hint.setVisible(company is None)
        if company is None:
            self.detail_title.setText(self.tr("기업 정보"))
            return
        self.detail_title.setText(company.name)
        for key, text in field_values(company).items():
            self.values[key].setText(text)
        self.contacts.show_rows(list(company.contacts), self.tr("등록된 담당자가 없습니다. ‘추가’로 채용 담당자를 "
                                                                "등록하세요."))
        self.openings.show_rows(list(openings), self.tr("구인 공고가 없습니다. ‘공고 등록’으로 첫 공고를 올리세요."))
        for b in (self.add_contact_button, self.edit_contact_button, self.open_job_button):
            b.setVisible(can_edit)
        self._contact_selected()
        self.board_button.setEnabled(bool(openings))

    def current_contact(self):
        return self.contacts.table.current()

    def _contact_selected(self) -> None:
        has = self.current_contact() is not None
        self.reveal_button.setEnabled(has)
        self.edit_contact_button.setEnabled(has)
        if self.revealed.property("contact_id") != (self.current_contact().id if has else None):
            self.hide_revealed()

    def _reveal(self) -> None:
        c = self.current_contact()
        if c is not None:
            self.reveal_contact.emit(c)

    def _edit_contact(self) -> None:
        c = self.current_contact()
        if c is not None:
            self.edit_contact.emit(c)

    def _board(self) -> None:
        o = self.openings.table.current() or self.openings.table.model().row_at(0)
        if o is not None:
            self.opening_chosen.emit(o)

    def show_revealed(self, view: ContactView) -> None:
        parts = [f"<b>{html.escape(view.name)}</b>" + (f" ({html.escape(view.role)})" if view.role else ""),
                 html.escape(view.phone) or self.tr("전화번호 없음"), html.escape(view.email) or self.tr("이메일 없음")]
        self.revealed.setText(" · ".join(parts) + self.tr("<br><span style='color:#6b7489'>열람 기록이 남았습니다. "
                                                          "다른 담당자를 고르면 다시 가려집니다.</span>"))
        self.revealed.setProperty("contact_id", view.id)
        self.revealed.setVisible(True)

    def hide_revealed(self) -> None:
        self.revealed.clear()
        self.revealed.setProperty("contact_id", None)
        self.revealed.setVisible(False)
