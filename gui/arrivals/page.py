"""오늘 입실: the desk's list of today's arrivals, study rooms and AI-interview booths
together, to find the youth standing at the desk and check them in.

One read per refresh (``services.arrivals.today``, on the read pool through ``Page.load``)
brings the day's bookings that are booked or checked in, in time order, with masked phones
and the check-in already decided by the service (``ArrivalRow.check_in_open`` and
``check_in_note``). The search field has the keyboard focus whenever the page shows; typing
filters the rows already loaded (``ArrivalRow.matches``: part of the name, or the phone's
last four digits), with no database round trip per key. Up/Down move the selection; Enter
checks in the selected row, or the only one left, through ``services.rooms.check_in`` or
``services.booths.check_in`` on the write lane, then announces ``Topic.BOOKING`` or
``Topic.BOOTH`` so the room and booth pages reload, clears the search and says so in the
hint line. A row that cannot be checked in yet (or any more, or already is) says why in the
banner and nothing is written.

The page reloads on booking, booth, youth, room and facility changes, and on a 60-second
tick (the check-in window opens 30 minutes before the start). Only those who may edit
bookings (front desk, managers) get the 입실 buttons and Enter; a counselor sees the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.arrivals.table_model import BUTTON_COLUMN, DETAIL_COLUMN, WIDTHS, ArrivalsModel
from gui.common.icons import icon
from gui.common.page import Page
from gui.context import Topic
from gui.desk.blocks import day_text
from models.core.permissions import Perm
from models.desk.arrivals import ArrivalRow, Arrivals
from models.desk.enums import BookingStatus

TICK_MS = 60_000
ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)
MOVE_KEYS = {Qt.Key_Up: -1, Qt.Key_Down: 1, Qt.Key_PageUp: -10, Qt.Key_PageDown: 10}


class ArrivalsPage(Page):
    key = "arrivals"
    title = "오늘 입실"
    icon_name = "arrivals"
    listens_to = frozenset({Topic.BOOKING, Topic.BOOTH, Topic.YOUTH, Topic.FACILITY, Topic.ROOM})

    HINT_EDIT = ("오늘의 스터디룸·AI 면접 예약입니다. 이름이나 휴대전화 뒷자리 4자리를 입력하고 "
                 "Enter를 누르면 입실 처리합니다. ↑↓로 고를 수 있습니다.")
    HINT_VIEW = ("오늘의 스터디룸·AI 면접 예약입니다. 이름이나 휴대전화 뒷자리 4자리로 찾습니다. "
                 "입실 처리는 안내데스크와 시설 관리자가 합니다.")

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.title_label.setText(self.tr("오늘 입실"))
        self.hint_label.setText(self.tr(self.HINT_EDIT))
        self.arrivals: Arrivals | None = None
        self.all_rows: list[ArrivalRow] = []
        self.can_edit = False
        self._writing: set[tuple[str, int]] = set()  # check-ins on their way
        self._build_search()
        self.outer.addWidget(self._build_list(), 1)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    # -- building -----------------------------------------------------------------------
    def _build_search(self) -> None:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("이름 또는 전화 뒷자리 4자리"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.LeadingPosition)
        self.search.setFixedWidth(380)  # the counts beside it grow as you type; the field stays
        self.search.textChanged.connect(lambda _text: self._typed())
        self.search.returnPressed.connect(self.enter)
        self.search.installEventFilter(self)
        row.addWidget(self.search)
        self.count_label = QLabel()
        self.count_label.setObjectName("pageHint")
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.day_label = QLabel()
        self.day_label.setObjectName("pageHint")
        row.addWidget(self.day_label)
        self.outer.addLayout(row)

    def _build_list(self) -> QWidget:
        self.model = ArrivalsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for col, width in enumerate(WIDTHS):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(DETAIL_COLUMN, QHeaderView.Stretch)  # 내용 takes what is left
        header.setStretchLastSection(False)
        self.table.installEventFilter(self)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setWordWrap(True)
        card = QFrame()
        card.setObjectName("card")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.empty_label)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(card)
        return self.stack

    # -- keys ---------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.KeyPress:
            key = event.key()
            if obj is self.search and key in MOVE_KEYS:
                self.move_selection(MOVE_KEYS[key])
                return True
            if obj is self.search and key == Qt.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if obj is self.table and key in ENTER_KEYS:
                self.enter()
                return True
        return super().eventFilter(obj, event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_search)

    def _focus_search(self) -> None:
        if self.isVisible():
            self.search.setFocus(Qt.OtherFocusReason)

    # -- loading ------------------------------------------------------------------------
    def refresh(self) -> None:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        ready = actor is not None and fid is not None and actor.can(Perm.BOOKING_VIEW, fid)
        self.can_edit = ready and actor.can(Perm.BOOKING_EDIT, fid)
        if not self.hint_label.text().startswith("✓"):
            self.hint_label.setText(self.tr(self.HINT_EDIT if self.can_edit else self.HINT_VIEW))
        self.table.setColumnHidden(BUTTON_COLUMN, not self.can_edit)
        if not ready:
            self._show(None)
            self.show_error(self.tr("이 시설의 예약을 볼 권한이 없습니다. 위에서 시설을 바꿔 보세요."))
            return
        service = self.ctx.services.arrivals
        self.load(lambda: service.today(actor, fid), self._loaded)

    def _loaded(self, arrivals: Arrivals) -> None:
        if arrivals.facility_id != self.ctx.facility_id:  # switched meanwhile: the next load shows it
            return
        self._show(arrivals)

    def _show(self, arrivals: Arrivals | None) -> None:
        self.arrivals = arrivals
        self.all_rows = list(arrivals.rows) if arrivals else []
        self.day_label.setText(day_text(arrivals.day) if arrivals else "")
        self.apply_filter()

    def _tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def _on_facility(self) -> None:
        self._show(None)  # never check in from the other facility's list
        # a check-in still on its way keeps its button off until it ends (done / failed
        # discard it); only another facility's list starts clean
        self._writing.clear()
        self.hint_label.clear()
        self.clear_error()
        super()._on_facility()

    # -- the search -----------------------------------------------------------------------
    @property
    def query(self) -> str:
        return self.search.text().strip()

    def apply_filter(self) -> None:
        """Show the loaded rows the search text names (no database read)."""
        keep = self.current_booking()
        query = self.query
        rows = [r for r in self.all_rows if r.matches(query)]
        self.model.set_rows(rows)
        self._make_buttons()
        line = self.model.index_of(keep)
        if line < 0 and len(rows) == 1 and query:
            line = 0  # the only match: Enter checks it in
        if line >= 0:
            self.select_line(line)
        self._show_counts(len(rows))
        self._show_empty(rows)

    def _typed(self) -> None:
        self.clear_error()  # the last refusal was about what was typed before
        self.apply_filter()

    def _show_counts(self, shown: int) -> None:
        a = self.arrivals
        if a is None:
            self.count_label.clear()
            return
        text = self.tr("오늘 예약 {0}건 · 입실 {1} · 남은 {2}").format(a.total, a.checked_in, a.waiting)
        if self.query:
            text += self.tr(" · 찾은 예약 {0}건").format(shown)
        self.count_label.setText(text)

    def _show_empty(self, rows: list[ArrivalRow]) -> None:
        if rows:
            self.stack.setCurrentWidget(self.table)
            return
        if self.arrivals is None:
            text = ""
        elif not self.all_rows:
            text = self.tr("오늘 예약이 없습니다.\n스터디룸은 ‘예약 (스터디룸·회의실)’ 화면에서, AI 면접은 "
                           "‘AI 면접 부스’ 화면에서 예약을 받습니다. 예약 없이 온 청년은 그 화면의 ‘현장 배정’으로 "
                           "받을 수 있습니다.")
        else:
            text = self.tr("‘{0}’에 맞는 예약이 없습니다.\n이름 일부나 휴대전화 뒷자리 4자리로 찾습니다. 오늘 "
                           "예약하지 않은 청년이면 예약 화면의 ‘현장 배정’으로 받으세요.").format(self.query)
        self.empty_label.setText(text)
        self.stack.setCurrentIndex(1)

    # -- selection ----------------------------------------------------------------------
    def current_row(self) -> ArrivalRow | None:
        index = self.table.selectionModel().currentIndex()
        selected = self.table.selectionModel().isRowSelected(index.row(), index.parent()) if index.isValid() else False
        return self.model.row_at(index.row()) if selected else None

    def current_booking(self) -> tuple[str, int] | None:
        row = self.current_row()
        return (row.kind, row.booking_id) if row else None

    def select_line(self, line: int) -> None:
        index = self.model.index(line, 0)
        self.table.selectionModel().setCurrentIndex(
            index, self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows)
        self.table.scrollTo(index)

    def move_selection(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        index = self.table.selectionModel().currentIndex()
        if self.current_row() is None:
            line = 0 if step > 0 else count - 1
        else:
            line = max(0, min(count - 1, index.row() + step))
        self.select_line(line)

    # -- checking in ----------------------------------------------------------------------
    def _make_buttons(self) -> None:
        if not self.can_edit:
            return
        for line, row in enumerate(self.model.rows):
            if row.status != BookingStatus.BOOKED:
                continue
            button = QPushButton(icon("check", "white" if row.check_in_open else None), self.tr("입실"))
            button.setProperty("primary", row.check_in_open)
            button.setEnabled(row.check_in_open and (row.kind, row.booking_id) not in self._writing)
            button.setToolTip(row.check_in_note)
            button.setFocusPolicy(Qt.NoFocus)  # the keyboard stays in the search field
            button.setObjectName(f"checkIn-{row.kind}-{row.booking_id}")
            button.clicked.connect(lambda _checked=False, r=row: self.check_in_row(r))
            cell = QWidget()
            lay = QHBoxLayout(cell)
            lay.setContentsMargins(6, 3, 6, 3)
            lay.addWidget(button)
            self.table.setIndexWidget(self.model.index(line, BUTTON_COLUMN), cell)

    def button_for(self, row: ArrivalRow) -> QPushButton | None:
        """The 입실 button of ``row`` as shown (None: no button on that line)."""
        line = self.model.index_of((row.kind, row.booking_id))
        cell = self.table.indexWidget(self.model.index(line, BUTTON_COLUMN)) if line >= 0 else None
        return cell.findChild(QPushButton) if cell is not None else None

    def enter(self) -> None:
        """Enter: check in the selected row, or the only one the search left."""
        row = self.current_row()
        if row is None and self.model.rowCount() == 1:
            row = self.model.row_at(0)
        if row is None:
            if self.model.rowCount() > 1:
                self.show_error(self.tr("맞는 예약이 여러 건입니다. ↑↓로 고른 뒤 Enter를 누르세요."))
            return
        self.check_in_row(row)

    def check_in_row(self, row: ArrivalRow | None) -> None:
        if row is None:
            return
        if not self.can_edit:
            self.show_error(self.tr("입실 처리는 안내데스크와 시설 관리자가 합니다."))
            return
        key = (row.kind, row.booking_id)
        if key in self._writing:
            return
        if not row.check_in_open:
            self.show_error(self.tr("{0} 님({1} {2}): {3}").format(
                row.youth_name, row.time_text, row.place_name, row.check_in_note))
            self.refresh()  # read when the list was loaded: the window may have opened since
            return
        self.clear_error()
        self._writing.add(key)
        button = self.button_for(row)
        if button is not None:
            button.setEnabled(False)
        services, actor = self.ctx.services, self.ctx.actor
        service, topic = (services.rooms, Topic.BOOKING) if row.kind == "room" else (services.booths, Topic.BOOTH)

        def done(_result) -> None:
            self._writing.discard(key)
            self.hint_label.setText(self.tr("✓ {0} 님 입실 처리했습니다").format(row.youth_name))
            self.search.clear()
            self.table.clearSelection()
            self.ctx.notify(topic, origin=self)
            self.refresh()
            self._focus_search()

        def failed(exc) -> None:
            self._writing.discard(key)
            self.show_error(exc)
            self.refresh()  # someone else may have checked them in meanwhile

        self.ctx.run(lambda: service.check_in(actor, row.booking_id), done, failed)
