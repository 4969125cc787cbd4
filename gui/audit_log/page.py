"""감사 기록 page (admin): browse and filter the append-only audit log.

The log grows with every change and every read of personal data, so the table is a
``LazyRowModel``: filtering, ordering (newest first) and paging happen in SQL through
``services.audit``, on the read pool (``Page.load``): the filter choices in one job, the
count and the first page in the next, further pages as the list scrolls. Selecting an
entry shows each field's old and new value below. The values are stored masked, so
nothing here reveals personal data.

The line above the filters says whether the log is intact: ``services.audit.verify`` walks
the whole hash chain, the guarding triggers and the head file on the read pool (lane
"chain") when the page is first shown and when 다시 검사 is pressed — not on every change,
because the city's log has millions of rows. It names the first broken row.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.accounts.table_model import seoul_text
from gui.audit_log.table_model import (
    TIME_FORMAT,
    AuditTableModel,
    ChangeTableModel,
    action_label,
    change_pairs,
    entity_id_text,
    entity_label,
)
from gui.common.icons import icon
from gui.common.page import Page
from models.audit_log.schemas import AuditRow, ChainCheck
from models.audit_log.service import COUNT_CAP, AuditFilter
from models.core.enums import AuditAction
from models.core.errors import DomainError


def _table(model, stretch_col: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(28)
    head = view.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.Interactive)
    head.setSectionResizeMode(stretch_col, QHeaderView.Stretch)
    return view


def _fill(box: QComboBox, all_text: str, items: list[tuple[str, object]]) -> None:
    """Refill a filter combo, keeping the chosen value when it is still there."""
    keep = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(all_text, None)
    for text, value in items:
        box.addItem(text, value)
    box.setCurrentIndex(max(0, box.findData(keep)) if keep is not None else 0)
    box.blockSignals(False)


CHAIN_STYLE = (
    "QLabel { border-radius: 4px; padding: 6px 8px; }"
    'QLabel[state="checking"] { color: #5b6781; background: #f1f3f8; }'
    'QLabel[state="ok"] { color: #1b5e20; background: #e8f5e9; }'
    'QLabel[state="broken"] { color: #b71c1c; background: #fdecea; font-weight: bold; }'
)


class AuditPage(Page):
    key = "audit"
    title = "감사 기록"
    icon_name = "audit"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.hint_label.setText(self.tr(
            "누가 언제 무엇을 추가·변경·삭제했는지, 누가 개인정보를 열람했는지 기록합니다. "
            "기록은 고치거나 지울 수 없습니다. 개인정보 값은 가려진 채로 저장됩니다."))
        self.filter = AuditFilter()
        self.facility_names: dict[int, str] = {}
        self.chain: ChainCheck | None = None
        self._build_chain_line()
        self._build_filters()
        self._build_tables()

    # -- building ---------------------------------------------------------------------
    def _combo(self, lay: QHBoxLayout, label: str, width: int) -> QComboBox:
        lay.addWidget(QLabel(label))
        box = QComboBox()
        box.setMinimumWidth(width)
        lay.addWidget(box)
        return box

    def _build_chain_line(self) -> None:
        line = QHBoxLayout()
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.chain_label.setStyleSheet(CHAIN_STYLE)
        self.chain_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        line.addWidget(self.chain_label, 1)
        self.chain_button = QPushButton(icon("refresh"), self.tr("다시 검사"))
        self.chain_button.setToolTip(self.tr("감사 기록 전체의 해시 체인과 보호 트리거를 다시 검사합니다."))
        self.chain_button.clicked.connect(self.verify_chain)
        line.addWidget(self.chain_button, 0, Qt.AlignTop)
        self.outer.addLayout(line)
        self._set_chain_state("checking", self.tr("감사 기록을 검사하는 중…"))

    def _build_filters(self) -> None:
        first = QHBoxLayout()
        self.entity_box = self._combo(first, self.tr("대상"), 120)
        self.action_box = self._combo(first, self.tr("동작"), 110)
        _fill(self.action_box, self.tr("전체"), [(label, value)
                                                for value, label in AuditAction.choices()])
        self.user_box = self._combo(first, self.tr("사용자"), 120)
        self.facility_box = self._combo(first, self.tr("시설"), 220)
        first.addStretch(1)
        second = QHBoxLayout()
        self.period_check = QCheckBox(self.tr("기간"))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        today = self.ctx.services.audit.today()
        start = today - timedelta(days=30)
        for edit, day in ((self.date_from, start), (self.date_to, today)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.setEnabled(False)
            self.period_check.toggled.connect(edit.setEnabled)
        second.addWidget(self.period_check)
        second.addWidget(self.date_from)
        second.addWidget(QLabel("~"))
        second.addWidget(self.date_to)
        second.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("pageHint")
        second.addWidget(self.count_label)
        self.reset_button = QPushButton(icon("cancel"), self.tr("조건 초기화"))
        self.reset_button.clicked.connect(self.reset_filters)
        second.addWidget(self.reset_button)
        self.apply_button = QPushButton(icon("filter", "white"), self.tr("적용"))
        self.apply_button.setProperty("primary", True)
        self.apply_button.clicked.connect(self.apply)
        second.addWidget(self.apply_button)
        self.outer.addLayout(first)
        self.outer.addLayout(second)

    def _build_tables(self) -> None:
        self.model = AuditTableModel(self._load_more, self._facility_name, self)
        self.model.fetch_failed.connect(self.show_error)
        self.view = _table(self.model, AuditTableModel.COL_CHANGES)
        for col, width in ((AuditTableModel.COL_AT, 150), (AuditTableModel.COL_USER, 95),
                           (AuditTableModel.COL_ACTION, 75), (AuditTableModel.COL_ENTITY, 75),
                           (AuditTableModel.COL_ID, 50), (AuditTableModel.COL_FACILITY, 200)):
            self.view.setColumnWidth(col, width)
        self.view.selectionModel().selectionChanged.connect(self._entry_selected)
        self.empty_label = QLabel(self.tr("조건에 맞는 기록이 없습니다. 조건을 바꾸거나 초기화해 보세요."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setVisible(False)

        self.detail_title = QLabel()
        self.detail_title.setStyleSheet("font-weight: bold;")
        self.detail_title.setWordWrap(True)
        self.detail_note = QLabel()
        self.detail_note.setObjectName("pageHint")
        self.detail_note.setWordWrap(True)
        self.changes = ChangeTableModel(self)
        self.change_view = _table(self.changes, 2)
        self.change_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.change_view.setColumnWidth(0, 140)

        top = QWidget()
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.view)
        top_lay.addWidget(self.empty_label)
        self.detail = QWidget()
        detail_lay = QVBoxLayout(self.detail)
        detail_lay.setContentsMargins(0, 6, 0, 0)
        detail_lay.addWidget(self.detail_title)
        detail_lay.addWidget(self.detail_note)
        detail_lay.addWidget(self.change_view, 1)
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self.outer.addWidget(split, 1)
        self._show_detail(None)

    # -- reading ----------------------------------------------------------------------
    def _on_changed(self, what: str) -> None:
        """Every change of any area adds audit rows, so every change makes this stale."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _facility_name(self, facility_id: int | None) -> str:
        if facility_id is None:
            return ""
        return self.facility_names.get(facility_id, f"#{facility_id}")

    def _load_more(self, fn, on_done, on_error) -> None:
        """The list's next pages: on the read pool, with the loading line."""
        self.load(fn, on_done, lane="more", on_error=on_error)

    def refresh(self) -> None:
        """Reload the filter choices (new users and entities appear), then the entries; the
        first time, verify the log too."""
        if self.chain is None and "chain" not in self._loading:
            self.verify_chain()
        audit, facilities, actor = self.ctx.services.audit, self.ctx.services.facilities, self.ctx.actor

        def read():
            # every facility, the inactive ones too: old entries name them
            return audit.entities(actor), audit.usernames(actor), facilities.list_all()

        self.load(read, self._show_choices, lane="choices")

    # -- the chain ----------------------------------------------------------------------
    def verify_chain(self) -> None:
        """Verify the whole log on the read pool; the label says what was found."""
        audit, actor = self.ctx.services.audit, self.ctx.actor
        self.chain_button.setEnabled(False)
        self._set_chain_state("checking", self.tr("감사 기록을 검사하는 중…"))

        def failed(exc: DomainError) -> None:
            self.chain_button.setEnabled(True)
            self._set_chain_state("broken", self.tr("감사 기록을 검사하지 못했습니다: {0}").format(exc.message))

        self.load(lambda: audit.verify(actor), self._show_chain, lane="chain", on_error=failed)

    def _show_chain(self, chain: ChainCheck) -> None:
        self.chain = chain
        self.chain_button.setEnabled(True)
        notes = "".join("\n" + self.tr("참고: {0}").format(n) for n in chain.notes)
        if chain.ok:
            self._set_chain_state("ok", self.tr(
                "✓ 감사 기록이 온전합니다: {0:,}건, 해시 체인과 보호 트리거 이상 없음 (마지막 순번 {1:,})"
            ).format(chain.rows, chain.last_seq) + notes)
            return
        lines = [self.tr("⚠ 감사 기록이 바뀌었거나 지워졌을 수 있습니다. 시스템 관리자에게 알리세요.")]
        if chain.broken_id is not None:
            seq = "-" if chain.broken_seq is None else f"{chain.broken_seq:,}"
            lines.append(self.tr("첫 번째로 맞지 않는 행: id {0} (순번 {1}) — {2} 그 앞의 {3:,}건은 온전합니다.")
                         .format(chain.broken_id, seq, chain.broken_reason, chain.rows))
        lines += chain.problems
        self._set_chain_state("broken", "\n".join(lines) + notes)

    def _set_chain_state(self, state: str, text: str) -> None:
        self.chain_label.setProperty("state", state)
        self.chain_label.setText(text)
        self.chain_label.style().unpolish(self.chain_label)
        self.chain_label.style().polish(self.chain_label)

    def _show_choices(self, data) -> None:
        entities, users, facilities = data
        self.facility_names = {f.id: f.name for f in facilities}
        _fill(self.entity_box, self.tr("전체"), [(entity_label(e), e) for e in entities])
        _fill(self.user_box, self.tr("전체"), [(u, u) for u in users])
        _fill(self.facility_box, self.tr("전체 시설"), [(f.name, f.id) for f in facilities])
        self.apply()

    def current_filter(self) -> AuditFilter:
        period = self.period_check.isChecked()
        return AuditFilter(
            entity=self.entity_box.currentData(), action=self.action_box.currentData(),
            username=self.user_box.currentData(),
            date_from=self.date_from.date().toPython() if period else None,
            date_to=self.date_to.date().toPython() if period else None,
            facility_id=self.facility_box.currentData())

    def apply(self) -> None:
        """Run the query with the chosen conditions."""
        self.clear_error()
        self.filter = self.current_filter()
        if self.filter.date_from and self.filter.date_to and self.filter.date_from > self.filter.date_to:
            self.show_error(self.tr("기간의 시작일이 종료일보다 늦습니다."))
            return
        audit, actor, f, limit = self.ctx.services.audit, self.ctx.actor, self.filter, self.model.PAGE

        def fetch(before_id: int, size: int) -> list[AuditRow]:
            """The next page: the entries below the last one shown (keyset)."""
            return audit.list(actor, f, limit=size, before_id=before_id)

        def read():
            return audit.count(actor, f), audit.list(actor, f, limit=limit)

        def failed(exc: DomainError) -> None:
            self.show_error(exc)
            self._show_entries(0, [], None)

        self.load(read, lambda data: self._show_entries(data[0], data[1], fetch), on_error=failed)

    def _show_entries(self, total: int, rows: list[AuditRow], fetch) -> None:
        self.model.reset(rows, fetch, key=lambda row: row.id)
        self.count_label.setText(self.tr("{0:,}건 이상").format(COUNT_CAP) if total > COUNT_CAP
                                 else self.tr("{0:,}건").format(total))
        self.empty_label.setVisible(total == 0)
        self.view.setVisible(total > 0)
        self.detail.setVisible(total > 0)
        self._show_detail(None)

    def reset_filters(self) -> None:
        for box in (self.entity_box, self.action_box, self.user_box, self.facility_box):
            box.setCurrentIndex(0)
        self.period_check.setChecked(False)
        self.apply()

    # -- detail -----------------------------------------------------------------------
    def selected_entry(self) -> AuditRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _entry_selected(self, *_args) -> None:
        self._show_detail(self.selected_entry())

    def _show_detail(self, row: AuditRow | None) -> None:
        if row is None:
            self.detail_title.setText(self.tr("기록을 고르면 바뀐 항목의 이전 값과 새 값이 여기에 나옵니다."))
            self.detail_note.setVisible(False)
            self.changes.set_rows([])
            self.change_view.setVisible(False)
            return
        ident = entity_id_text(row)
        where = entity_label(row.entity) + (f" #{ident}" if ident else "")
        parts = [seoul_text(row.at, TIME_FORMAT), row.username or self.tr("(시스템)"),
                 action_label(row.action), where]
        if row.facility_id is not None:
            parts.append(self._facility_name(row.facility_id))
        self.detail_title.setText(" · ".join(parts))
        self.detail_note.setText(self.tr("메모: {0}").format(row.detail) if row.detail else "")
        self.detail_note.setVisible(bool(row.detail))
        pairs = change_pairs(row)
        self.changes.set_rows(pairs)
        self.change_view.setVisible(bool(pairs))
