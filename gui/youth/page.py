"""청년 명부: search the city-wide youth registry, see one record, register and edit.

The list is a ``LazyRowModel`` over ``services.youth.search`` (newest first, paged in SQL)
because the registry holds thousands. Every read runs on the read pool through
``Page.load``: the first page and its count in one job and one transaction
(``search_page``), the next pages as the list
scrolls. Typing in the search box reloads it after a short pause (a single-shot
``QTimer``), so each keystroke does not hit the database; all list loads share one lane, so
an older search that answers late never replaces a newer one.

The detail panel also shows the youth's booking history at the current facility
(``gui.youth.history``: room no-shows and sanction, AI-interview booth sessions, and for
counseling staff one timeline with the counseling and group sessions); counseling staff
log a session for the selected youth from here with "상담 기록" (the 상담 page's dialog).

Contact data is masked everywhere. "연락처 보기" asks ``services.youth.contact`` on the
worker (the service records the read in the audit log) and shows the full phone and
e-mail in the detail panel until another youth is selected.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common import confirm
from gui.common.icons import icon
from gui.common.page import Page
from gui.common.table_model import LazyRowModel
from gui.context import Topic, settings
from gui.youth.history import YouthHistory
from gui.youth.table_model import COL_EMAIL, COL_FACILITY, WIDTHS, youth_columns
from models.core.errors import DomainError
from models.core.masking import format_phone
from models.core.permissions import Perm
from models.lifecycle.privacy import PrivacyService, can_destroy
from models.youth.schemas import YouthContact, YouthRow
from models.youth.service import COUNT_CAP, LIST_PAGE, age_on

STRETCHED = (COL_EMAIL, COL_FACILITY)


class _Lines(QWidget):
    """A strip of single lines, sized by its size hint: the card's layout otherwise shared
    out its height by height-for-width, which came out short and squeezed the buttons
    (issue 11, item 8)."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return False

SEARCH_DELAY_MS = 250
MAX_PAGES_TO_FIND = 10  # select_id() looks through at most this many pages of the list


class YouthPage(Page):
    key = "youth"
    title = "청년 명부"
    icon_name = "youth"
    listens_to = frozenset({Topic.YOUTH})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.title_label.setText(self.tr("청년 명부"))
        self.hint_label.setText(self.tr(
            "서울시 청년 취업 지원시설이 함께 쓰는 명부입니다. 목록의 연락처는 가려 보여 줍니다."))
        self.dialog = None
        self._query = ""
        self._contact: YouthContact | None = None
        self._select_next: int | None = None  # a record to select when the next load arrives
        self._seeking: tuple[int, int] | None = None  # (youth id, pages left) select_id looks for
        self._selecting = False
        self.today = ctx.services.youth.today()
        self.import_btn = self.action_button("import", self.tr("가져오기"), self.open_import)
        self.import_btn.setToolTip(self.tr("엑셀·CSV 파일의 청년을 한꺼번에 등록합니다 (미리 보기 뒤 저장)."))
        self.header_actions.addWidget(self.import_btn)
        self.import_dialog = None
        self.register_btn = QPushButton(icon("user_add", "white"), self.tr("청년 등록"))
        self.register_btn.setProperty("primary", True)
        self.register_btn.clicked.connect(self.open_register)
        self.header_actions.addWidget(self.register_btn)
        self._build_search()
        # the list and the detail share the height in a splitter the user can move (kept per
        # PC); at first the list gets three fifths, so a 1366×768 or 1063×666 window shows
        # a usable list instead of four rows over a half-empty panel (issue 11, item 8)
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])
        state = settings().value("youth/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: settings().setValue("youth/splitter", self.splitter.saveState()))
        self.outer.addWidget(self.splitter, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _: self.timer.start())
        self.search.returnPressed.connect(self.apply_search)

    # -- building -------------------------------------------------------------------
    def _build_search(self) -> None:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("이름 또는 전화번호 일부(숫자 3자리 이상)로 검색"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.search.setMaximumWidth(420)
        row.addWidget(self.search, 1)
        row.addStretch(0)
        self.count_label = QLabel()
        self.count_label.setObjectName("pageHint")
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.outer.addLayout(row)

    def _build_list(self) -> QWidget:
        self.model = LazyRowModel(youth_columns(lambda: self.today), self._load_more, self)
        self.model.PAGE = LIST_PAGE
        self.model.fetched.connect(self._more_arrived)
        self.model.fetch_failed.connect(self.show_error)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for col, width in enumerate(WIDTHS):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.Interactive)
        # the e-mail and the facility share what is left, so every column stays on screen
        # in a narrow window (they elide) and they widen in a wide one
        for col in STRETCHED:
            header.setSectionResizeMode(col, QHeaderView.Stretch)
        header.setMinimumSectionSize(48)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._row_changed(cur.row()))
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)
        return self.list_stack

    def _value(self, grid: QGridLayout, label: str, pos: int) -> QLabel:
        cell = QVBoxLayout()
        cell.setSpacing(2)
        caption = QLabel(label)
        caption.setObjectName("pageHint")
        value = QLabel()
        value.setTextInteractionFlags(Qt.TextSelectableByMouse)
        cell.addWidget(caption)
        cell.addWidget(value)
        grid.addLayout(cell, pos // 4, pos % 4)
        return value

    def _build_detail(self) -> QWidget:
        """A strip under the list: who, the masked data, and the contact and edit buttons."""
        card = QFrame()
        card.setObjectName("card")
        rows = QVBoxLayout(card)
        rows.setContentsMargins(16, 12, 16, 12)
        rows.setSpacing(10)
        top = _Lines()  # who and the data keep their height; the history below gives way
        lay = QHBoxLayout(top)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(24)
        rows.addWidget(top)
        who_box = QWidget()
        who_box.setFixedWidth(320)  # constant, so the data grid does not shift between records
        who = QVBoxLayout(who_box)
        who.setContentsMargins(0, 0, 0, 0)
        self.detail_name = QLabel()
        self.detail_name.setObjectName("pageTitle")
        who.addWidget(self.detail_name)
        self.contact_btn = QPushButton(icon("reveal"), self.tr("연락처 보기"))
        self.contact_btn.clicked.connect(self.reveal_contact)
        self.edit_btn = QPushButton(icon("edit"), self.tr("수정"))
        self.edit_btn.clicked.connect(self.edit_selected)
        buttons = QHBoxLayout()
        self.counsel_btn = QPushButton(icon("counseling"), self.tr("상담 기록"))
        self.counsel_btn.setToolTip(self.tr("이 청년과의 상담을 기록합니다 (상담 화면의 상담 기록과 같습니다)."))
        self.counsel_btn.clicked.connect(self.log_counseling)
        buttons.addWidget(self.contact_btn)
        buttons.addWidget(self.edit_btn)
        buttons.addWidget(self.counsel_btn)
        buttons.addStretch(1)
        who.addLayout(buttons)
        # the youth's own requests (PIPA §36–37): withdrawal at the desk, deletion by a manager
        privacy = QHBoxLayout()
        self.withdraw_btn = QPushButton(icon("cancel"), self.tr("동의 철회…"))
        self.withdraw_btn.setToolTip(self.tr("청년이 개인정보 수집·이용 동의를 철회했습니다: 더는 예약할 수 없고 "
                                             "파기 대상이 됩니다."))
        self.withdraw_btn.clicked.connect(self.withdraw_selected)
        self.erase_btn = QPushButton(icon("void"), self.tr("삭제(파기)…"))
        self.erase_btn.setProperty("danger", True)
        self.erase_btn.setToolTip(self.tr("본인의 삭제 요구로 이 청년의 개인정보를 되돌릴 수 없게 파기합니다."))
        self.erase_btn.clicked.connect(self.erase_selected)
        privacy.addWidget(self.withdraw_btn)
        privacy.addWidget(self.erase_btn)
        privacy.addStretch(1)
        who.addLayout(privacy)
        self.contact_note = QLabel()  # one line: a wrapped one came out squeezed (issue 11, item 8)
        self.contact_note.setObjectName("pageHint")
        who.addWidget(self.contact_note)
        who.addStretch(1)
        lay.addWidget(who_box)
        line = QFrame()
        line.setFrameShape(QFrame.VLine)
        line.setStyleSheet("color: #dde3ee;")
        lay.addWidget(line)
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(12)
        self.d_birth = self._value(grid, self.tr("생년월일"), 0)
        self.d_phone = self._value(grid, self.tr("휴대전화"), 1)
        self.d_email = self._value(grid, self.tr("이메일"), 2)
        self.d_district = self._value(grid, self.tr("거주지"), 3)
        self.d_channel = self._value(grid, self.tr("모집 경로"), 4)
        self.d_consent = self._value(grid, self.tr("동의일"), 5)
        self.d_retention = self._value(grid, self.tr("보유기한"), 6)
        self.d_facility = self._value(grid, self.tr("등록 시설"), 7)
        for col in range(4):
            grid.setColumnStretch(col, 1)
        lay.addLayout(grid, 1)
        rule = QFrame()
        rule.setFrameShape(QFrame.HLine)
        rule.setStyleSheet("color: #dde3ee;")
        rows.addWidget(rule)
        self.history = YouthHistory(self.ctx)  # no-show ledger and booth sessions at this facility
        # in a scroll area: it takes what the splitter leaves, never the buttons' height
        scroll = QScrollArea()
        scroll.setWidget(self.history)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        scroll.setMinimumHeight(56)
        rows.addWidget(scroll, 1)
        self._show_detail(None)
        top.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        return card

    # -- list -----------------------------------------------------------------------
    def _ready(self) -> bool:
        return self.ctx.actor is not None and self.ctx.actor.can(Perm.YOUTH_VIEW, self.ctx.facility_id)

    def _load_more(self, fn, on_done, on_error) -> None:
        """The list's next pages: on the read pool, with the loading line."""
        self.load(fn, on_done, lane="more", on_error=on_error)

    def refresh(self) -> None:
        self.reload(keep=True)

    def apply_search(self) -> None:
        self.timer.stop()
        query = self.search.text().strip()
        if query != self._query:
            self._query = query
            self.reload()

    def set_search(self, text: str) -> None:
        """Put ``text`` in the search box without the debounced search (the caller reloads)."""
        self.search.blockSignals(True)
        self.search.setText(text)
        self.search.blockSignals(False)
        self.timer.stop()
        self._query = text.strip()

    def reload(self, select_id: int | None = None, *, keep: bool = False) -> None:
        """Read the first page and the count on the read pool, then show them. When they
        arrive, select the pending record (``_select_next``), else ``select_id``, else with
        ``keep`` the record selected then."""
        self.clear_error()
        self.today = self.ctx.services.youth.today()
        actor, fid, query = self.ctx.actor, self.ctx.facility_id, self._query
        ready = self._ready()
        self.register_btn.setEnabled(ready and actor.can(Perm.YOUTH_EDIT, fid))
        self.import_btn.setEnabled(ready and actor.can(Perm.YOUTH_EDIT, fid))
        if not ready:
            self.show_error(self.tr("이 시설에서 청년 명부를 볼 권한이 없습니다. 위에서 시설을 바꿔 보세요."))
            # through the lane too, so that a load still on its way cannot show rows later
            self.load(lambda: None, lambda _none: self._show_list([], None, 0, query, None, keep=False))
            return
        svc, limit = self.ctx.services.youth, self.model.PAGE

        def fetch(offset: int, size: int) -> list[YouthRow]:
            return svc.search(actor, fid, query, limit=size, offset=offset)

        def read():  # the first page and its count in one transaction
            return svc.search_page(actor, fid, query, limit=limit)

        def failed(exc: DomainError) -> None:
            self._show_list([], None, 0, query, None, keep=False)
            self.show_error(exc)

        self.load(read, lambda data: self._show_list(data[0], fetch, data[1], query, select_id, keep=keep),
                  on_error=failed)

    def _show_list(self, rows: list[YouthRow], fetch, total: int, query: str,
                   select_id: int | None, *, keep: bool) -> None:
        target = self._select_next or select_id or (self.selected_id() if keep else None)
        self._select_next = None
        self._seeking = None
        self.model.reset(rows, fetch)
        shown = (self.tr("{0}명 이상").format(f"{COUNT_CAP:,}") if total > COUNT_CAP
                 else self.tr("{0}명").format(f"{total:,}"))
        self.count_label.setText(
            (self.tr("검색 결과 {0}") if query else self.tr("전체 {0}")).format(shown))
        if self.model.rowCount() == 0:
            if query:
                self.empty.setText(self.tr(
                    "‘{0}’에 맞는 청년이 없습니다.\n처음 오신 분이면 ‘청년 등록’으로 새로 등록하세요."
                ).format(query))
            else:
                self.empty.setText(self.tr(
                    "아직 등록된 청년이 없습니다.\n‘청년 등록’으로 첫 기록을 만드세요."))
            self.list_stack.setCurrentWidget(self.empty)
        else:
            self.list_stack.setCurrentWidget(self.table)
        if target is not None and self.select_id(target):
            return
        self._selecting = True  # the record may still come with a later page
        try:
            self.table.clearSelection()
            self._row_changed(-1)
        finally:
            self._selecting = False

    def select_id(self, youth_id: int) -> bool:
        """Select the record with this id. True when it is among the rows loaded; else the
        list fetches more pages (on the read pool, at most ``MAX_PAGES_TO_FIND``) and selects
        it when it arrives, unless the user chose another row meanwhile."""
        self._seeking = None
        if self._select_loaded(youth_id):
            return True
        if self.model.canFetchMore() or self.model.fetching:
            self._seeking = (youth_id, MAX_PAGES_TO_FIND)
            self.model.fetchMore()
        return False

    def _select_loaded(self, youth_id: int) -> bool:
        for row, item in enumerate(self.model.rows):
            if item.id == youth_id:
                self._selecting = True
                try:
                    self.table.selectRow(row)
                    self.table.setCurrentIndex(self.model.index(row, 0))
                    self.table.scrollTo(self.model.index(row, 0))
                finally:
                    self._selecting = False
                return True
        return False

    def _more_arrived(self, _count: int) -> None:
        if self._seeking is None:
            return
        youth_id, pages = self._seeking
        self._seeking = None
        if self._select_loaded(youth_id) or pages <= 1 or not self.model.canFetchMore():
            return
        self._seeking = (youth_id, pages - 1)
        self.model.fetchMore()

    def selected(self) -> YouthRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    # -- detail ---------------------------------------------------------------------
    def _row_changed(self, row: int) -> None:
        if not self._selecting:
            self._seeking = None  # the user chose: select_id no longer looks for its record
        item = self.model.row_at(row) if row >= 0 else None
        if item is None or self._contact is None or self._contact.youth_id != item.id:
            self._contact = None
        self._show_detail(item)
        self.history.show_youth(item.id if item else None)

    def log_counseling(self):
        """상담 기록 from the youth record: the counseling page's dialog, for this youth."""
        row = self.selected()
        if row is None:
            return None
        from gui.counseling.session_dialog import SessionDialog
        dialog = SessionDialog(self.ctx, self, youth_id=row.id, youth_name=row.name)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.counsel_dialog = dialog
        dialog.open()
        return dialog

    def _show_detail(self, item: YouthRow | None) -> None:
        fid, actor = self.ctx.facility_id, self.ctx.actor
        can_contact = actor is not None and actor.can(Perm.YOUTH_CONTACT, fid)
        can_edit = actor is not None and actor.can(Perm.YOUTH_EDIT, fid)
        # the buttons keep their place (disabled) so the list does not jump when selecting
        self.edit_btn.setVisible(can_edit)
        self.edit_btn.setEnabled(item is not None)
        self.counsel_btn.setVisible(actor is not None and actor.can(Perm.COUNSELING_WRITE, fid))
        self.counsel_btn.setEnabled(item is not None)
        self.withdraw_btn.setVisible(can_edit)
        self.withdraw_btn.setEnabled(item is not None)
        self.erase_btn.setVisible(can_destroy(actor, fid))
        self.erase_btn.setEnabled(item is not None)
        if item is None:
            self.detail_name.setText(self.tr("청년 정보"))
            for value in (self.d_birth, self.d_phone, self.d_email, self.d_district, self.d_channel,
                          self.d_consent, self.d_retention, self.d_facility):
                value.setText("—")
            self.contact_btn.setVisible(can_contact)
            self.contact_btn.setEnabled(False)
            self.contact_note.setText(self.tr("목록에서 청년을 선택하면 자세한 정보가 나옵니다."))
            return
        self.detail_name.setText(item.name)
        self.d_birth.setText(self.tr("{0} (만 {1}세)").format(
            item.birth_date.isoformat(), age_on(item.birth_date, self.today)))
        contact = self._contact
        if contact is not None:
            self.d_phone.setText(format_phone(contact.phone))
            self.d_email.setText(contact.email or self.tr("(없음)"))
        else:
            self.d_phone.setText(item.phone_masked)
            self.d_email.setText(item.email_masked or self.tr("(없음)"))
        self.d_district.setText(item.district)
        self.d_channel.setText(item.channel.label)
        self.d_consent.setText(item.consent_on.isoformat())
        until = item.retention_until
        if until < self.today:
            self.d_retention.setText(self.tr("{0} (지남 · 파기 대상)").format(until.isoformat()))
        else:
            self.d_retention.setText(self.tr("{0} ({1}년)").format(until.isoformat(), item.retention_years))
        self.d_facility.setText(item.registered_facility or self.tr("(알 수 없음)"))
        self.contact_btn.setVisible(can_contact and contact is None)
        self.contact_btn.setEnabled(True)
        if contact is not None:
            self.contact_note.setText(self.tr("연락처 전체 표시 중 · 이 열람은 기록되었습니다."))
        elif can_contact:
            self.contact_note.setText(self.tr("연락처 전체를 보면 열람 기록이 남습니다."))
        else:
            self.contact_note.setText(self.tr("목록에는 가린 연락처만 보입니다."))

    # -- the youth's requests (동의 철회, 삭제) ----------------------------------------------
    def withdraw_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        self.clear_error()
        from gui.lifecycle import withdrawal
        withdrawal.withdraw_consent(self, item.id, item.name, self.hint_label.setText)

    def erase_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        self.clear_error()
        if not confirm.ask(self, self.tr("삭제(파기)"), self.tr(
                "본인의 삭제 요구로 {0} 님의 기록 1건을 파기합니다.\n\n이름·전화번호·이메일·생년월일(출생연도만 남김)과 "
                "상담 기록의 내용을 덮어써서 지웁니다. 되돌릴 수 없고, 파기 대장에 기록됩니다.").format(item.name),
                self.tr("1건 파기")):
            return
        service, actor, fid, yid = PrivacyService.of(self.ctx.services), self.ctx.actor, self.ctx.facility_id, item.id

        def done(_result) -> None:
            self.hint_label.setText(self.tr("✓ 기록 1건을 파기했습니다. 파기 대장에 기록했습니다."))
            self.ctx.notify(Topic.YOUTH, origin=self)
            self.reload()

        self.ctx.run(lambda: service.delete_on_request(actor, fid, yid), done, self.show_error)

    def reveal_contact(self) -> None:
        """Show the full phone and e-mail of the selected youth (recorded as a read)."""
        item = self.selected()
        if item is None:
            return
        ctx = self.ctx
        actor, fid = ctx.actor, ctx.facility_id
        self.contact_btn.setEnabled(False)
        ctx.run(lambda: ctx.services.youth.contact(actor, fid, item.id),
                self._contact_arrived, self._contact_failed)

    def _contact_arrived(self, contact: YouthContact) -> None:
        current = self.selected()
        if current is None or current.id != contact.youth_id:
            return  # another youth was selected meanwhile: do not show this one's contact
        self._contact = contact
        self._show_detail(current)

    def _contact_failed(self, exc: DomainError) -> None:
        self.contact_btn.setEnabled(True)
        self.show_error(exc)

    # -- register and edit ----------------------------------------------------------
    def _open_dialog(self, youth_id: int | None):
        from gui.youth.dialog import YouthDialog
        self.clear_error()
        self.dialog = YouthDialog(self.ctx, youth_id, self)
        self.dialog.saved.connect(lambda yid: self._saved(yid, youth_id is None))
        self.dialog.open_existing.connect(self._open_existing)
        self.dialog.open()
        return self.dialog

    def open_register(self):
        """Open the registration dialog and return it."""
        return self._open_dialog(None)

    def edit_selected(self):
        """Open the edit dialog of the selected youth (it loads through input_for) and return it."""
        item = self.selected()
        if item is None or not self.ctx.actor.can(Perm.YOUTH_EDIT, self.ctx.facility_id):
            return None
        return self._open_dialog(item.id)

    def _saved(self, youth_id: int, created: bool) -> None:
        if created:
            self.set_search("")  # the newest record is first in the full list
        self._contact = None
        self._select_next = youth_id
        # every page showing youth reloads; this one selects the record (now, or when next shown)
        self.ctx.notify(Topic.YOUTH)

    def open_import(self):
        """가져오기: the import dialog of the shared importer for the registry; returns it."""
        from gui.imports.dialog import ImportDialog
        self.clear_error()
        dialog = ImportDialog(self.ctx, "youth", self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self.set_search(""))
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _open_existing(self, row: YouthRow) -> None:
        self.set_search(row.name)
        self.reload(row.id)
