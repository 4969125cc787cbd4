"""Side panels of the AI-interview booth screen, and printing the day sheet.

- ``RemindersPanel``: the booked youth of a day (tomorrow by default) to call or text, with
  a "알림 완료" tick per booking (``services.booths.set_reminded``, audited like any change).
  Names and phone numbers are masked for everyone, and loading the list records nothing.
  Roles allowed to see contacts get a "번호 보기" button per row (or double-click the row):
  it reads that one youth's full name and number on the write lane
  (``services.booths.reminder_contact``, one audit read per reveal) and shows them in the
  row until the list is read again.

The analysis-consultation requests wait on the 상담 page's 오늘 tab (``gui.counseling``): a
request closes when a counselor logs its AI 면접 결과 상담 session.

The panel loads on the read pool (``ctx.load``; ``refresh()`` returns at once; a newer
refresh wins over an older one still running, and a result for a closed panel is dropped),
show a hint when the list is empty, and show refusals in a red line at the top instead of a
dialog. After a change they call ``ctx.notify(Topic.BOOTH)`` once and show what the write
changed; the page that holds them decides when to call ``refresh()`` again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.common.table_model import Column, RowTableModel
from gui.context import Topic
from gui.desk.dialog_base import KOREAN, day_text
from models.booths.schemas import ReminderContact, ReminderRow
from models.core.errors import DomainError
from models.core.permissions import Perm

SEOUL = ZoneInfo("Asia/Seoul")


def _centered(widget: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return box


def _then_notify(panel: _ListPanel, show: Callable[[], None]) -> Callable[[object], None]:
    """The on_done of a panel's write: show what it changed, then say so once, also when
    the panel was closed meanwhile (the write happened all the same). The panel is the
    notice's ``origin``: it already shows the change, so the page holding it reloads the
    grid but need not read the panel again (for the reminders, an audited read of phone
    numbers)."""
    ctx = panel.ctx

    def done(_result) -> None:
        try:
            show()
        finally:
            ctx.notify(Topic.BOOTH, origin=panel)
    return done


class _ListPanel(QWidget):
    """A caption row, a note, an error line, and a table that turns into a hint when empty."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        columns, widths = self.make_columns()
        self._generation = 0
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(6, 4, 6, 4)
        self.lay.setSpacing(4)
        self.head = QHBoxLayout()
        self.caption = QLabel()
        self.caption.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.head.addWidget(self.caption)
        self.head.addStretch(1)
        # an icon (its name on hover): with the caption and the day picker it fits the strip
        # under the grid at 1063 px (issue 11, item 8)
        self.refresh_button = QPushButton(icon("refresh"), "")
        self.refresh_button.setToolTip(self.tr("새로 고침"))
        self.refresh_button.clicked.connect(self.refresh)
        self.lay.addLayout(self.head)
        self.note = QLabel()
        self.note.setObjectName("pageHint")
        self.note.setWordWrap(True)
        self.lay.addWidget(self.note)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.lay.addWidget(self.error)
        self.model = RowTableModel(columns, self)
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
        for col, width in enumerate(widths):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.lay.addWidget(self.stack, 1)

    def make_columns(self) -> tuple[list[Column], list[int]]:
        raise NotImplementedError

    def ready(self) -> bool:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        return actor is not None and fid is not None and actor.can(Perm.BOOKING_VIEW, fid)

    def load(self, fetch: Callable[[], list]) -> None:
        """Run ``fetch`` on the read pool and show its rows, unless a newer load started.

        The callback is a bound method, so the worker drops it if the panel was deleted
        (a closed window) before the load finished."""
        self._generation += 1
        generation = self._generation

        def work():
            try:
                return generation, fetch(), None
            except DomainError as exc:
                return generation, None, exc

        self.ctx.load(work, self._loaded)

    def _loaded(self, result: tuple) -> None:
        generation, rows, exc = result
        if generation != self._generation:
            return
        if exc is not None:
            self.fail(exc)
        else:
            self.show_rows(rows)

    def show_rows(self, rows: list) -> None:
        self.clear_error()
        self.model.set_rows(rows)
        self.stack.setCurrentWidget(self.table if rows else self.empty)

    def fail(self, exc: DomainError | str) -> None:
        self.error.setText(exc if isinstance(exc, str) else exc.message)
        self.error.setVisible(True)

    def clear_error(self) -> None:
        self.error.clear()
        self.error.setVisible(False)

    def show_empty(self, text: str) -> None:
        self.model.set_rows([])
        self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)


class RemindersPanel(_ListPanel):
    """Tomorrow's booked youth, masked, with "번호 보기" per row for contact roles and a
    "알림 완료" tick per booking."""

    COL_NAME, COL_PHONE, COL_REVEAL, COL_DONE = 2, 3, 4, 6

    def make_columns(self):
        return [
            Column(self.tr("시간"), lambda r: f"{r.starts_at:%H:%M}"),
            Column(self.tr("부스"), lambda r: r.room_name),
            Column(self.tr("이름"), lambda r: r.youth_name),
            Column(self.tr("휴대전화"), lambda r: r.phone),
            Column("", lambda r: ""),
            Column(self.tr("체험 종류"), lambda r: r.session_type.label),
            Column(self.tr("알림 완료"), lambda r: "", Qt.AlignCenter),
        ], [60, 120, 80, 130, 90, 120, 80]

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.caption.setText(self.tr("알림 목록"))
        self.day_edit = QDateEdit()
        self.day_edit.setLocale(KOREAN)
        self.day_edit.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setMinimumWidth(140)
        self.day_edit.dateChanged.connect(lambda _d: self.refresh())
        self.head.addWidget(self.day_edit)
        self.head.addWidget(self.refresh_button)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(5, QHeaderView.Stretch)
        self.table.doubleClicked.connect(lambda index: self.reveal_row(index.row()))
        self.boxes: dict[int, QCheckBox] = {}
        self.reveal_buttons: dict[int, QPushButton] = {}
        self.revealed: set[int] = set()  # booking ids shown in full since the last load
        self.rows: list[ReminderRow] = []
        tomorrow = ctx.services.booths.today() + timedelta(days=1)
        self.day_edit.blockSignals(True)  # nothing loads before the first refresh()
        self.day_edit.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.day_edit.blockSignals(False)

    def day(self) -> date:
        return self.day_edit.date().toPython()

    def set_day(self, day: date) -> None:
        """Show ``day`` (the date picker; loads unless it is already that day)."""
        if self.day_edit.date().toPython() != day:
            self.day_edit.setDate(QDate(day.year, day.month, day.day))

    def can_reveal(self) -> bool:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        return bool(actor and fid is not None and actor.can(Perm.YOUTH_CONTACT, fid))

    def refresh(self) -> None:
        self.clear_error()
        if not self.ready():
            self.note.setText("")
            self.caption.setText(self.tr("알림 목록"))
            self.show_empty(self.tr("이 시설의 예약을 볼 권한이 없습니다."))
            return
        actor, fid, day = self.ctx.actor, self.ctx.facility_id, self.day()
        # one line, so the list keeps its rows in the strip under the grid (issue 11, item 8);
        # the whole of it on hover
        if self.can_reveal():
            self.note.setText(self.tr("번호 보기(더블클릭)는 열람이 기록됩니다."))
            self.note.setToolTip(self.tr(
                "이름과 번호는 가려서 보여 줍니다. 연락할 때 ‘번호 보기’(또는 행 더블클릭)로 전체 번호를 "
                "보며, 볼 때마다 열람 기록이 남습니다. 알린 뒤 ‘알림 완료’를 체크하세요."))
        else:
            self.note.setText(self.tr("이름과 번호는 가려서 보여 줍니다."))
            self.note.setToolTip(self.tr("전체 번호는 연락처 권한이 있는 직원만 봅니다."))
        svc = self.ctx.services.booths
        self.load(lambda: svc.reminders(actor, fid, day))

    def show_rows(self, rows: list[ReminderRow]) -> None:
        super().show_rows(rows)
        self.rows = list(rows)
        self.revealed = set()
        self.empty.setText(self.tr("{0}에 예약한 청년이 없습니다.\n위에서 다른 날을 고를 수 있습니다.")
                           .format(day_text(self.day())))
        can_edit = self.ctx.actor.can(Perm.BOOKING_EDIT, self.ctx.facility_id)
        reveal = self.can_reveal()
        self.table.setColumnHidden(self.COL_REVEAL, not reveal)
        self.boxes, self.reveal_buttons = {}, {}
        for i, r in enumerate(rows):
            box = QCheckBox()
            box.setChecked(r.reminded)
            box.setEnabled(can_edit)
            box.setToolTip(self.tr("알림 완료") if can_edit else self.tr("안내데스크와 시설 관리자가 체크합니다."))
            box.toggled.connect(lambda on, bid=r.booking_id: self._toggled(bid, on))
            self.table.setIndexWidget(self.model.index(i, self.COL_DONE), _centered(box))
            self.boxes[r.booking_id] = box
            if reveal:
                button = QPushButton(icon("reveal"), self.tr("번호 보기"))
                button.setToolTip(self.tr("이 청년의 전체 이름과 번호를 봅니다. 열람은 기록됩니다."))
                button.setStyleSheet("padding: 1px 8px;")
                button.clicked.connect(lambda _c=False, bid=r.booking_id: self.reveal(bid))
                self.table.setIndexWidget(self.model.index(i, self.COL_REVEAL), _centered(button))
                self.reveal_buttons[r.booking_id] = button
        self._count()

    # -- the full number, on request ----------------------------------------------------
    def reveal_row(self, row: int) -> None:
        r = self.model.row_at(row)
        if r is not None:
            self.reveal(r.booking_id)

    def reveal(self, booking_id: int) -> None:
        """Read one youth's full name and number (an audited read, on the write lane) and
        show them in that row. Roles without contact permission are not offered it; the
        service refuses them all the same."""
        if not self.can_reveal() or booking_id in self.revealed:
            return
        self.clear_error()
        button = self.reveal_buttons.get(booking_id)
        if button is not None:
            button.setEnabled(False)
        svc, actor = self.ctx.services.booths, self.ctx.actor
        self.ctx.run(lambda: svc.reminder_contact(actor, booking_id), self._revealed,
                     lambda exc: self._reveal_failed(booking_id, exc))

    def _revealed(self, contact: ReminderContact) -> None:
        # the list may have been read again meanwhile: find the row again
        i = next((n for n, r in enumerate(self.model.rows) if r.booking_id == contact.booking_id), None)
        if i is None:
            return
        self.model.rows[i] = replace(self.model.rows[i], youth_name=contact.youth_name, phone=contact.phone)
        self.rows = list(self.model.rows)
        self.model.dataChanged.emit(self.model.index(i, self.COL_NAME), self.model.index(i, self.COL_PHONE))
        self.revealed.add(contact.booking_id)
        button = self.reveal_buttons.get(contact.booking_id)
        if button is not None:
            button.setText(self.tr("표시됨"))
            button.setToolTip(self.tr("목록을 다시 불러오면 다시 가려집니다."))
            button.setEnabled(False)

    def _reveal_failed(self, booking_id: int, exc: DomainError) -> None:
        button = self.reveal_buttons.get(booking_id)
        if button is not None:
            button.setEnabled(True)
        self.fail(exc)

    def _count(self) -> None:
        done = sum(box.isChecked() for box in self.boxes.values())
        self.caption.setText(self.tr("알림 목록 · {0}명 중 {1}명 완료").format(len(self.rows), done)
                             if self.rows else self.tr("알림 목록"))

    def _toggled(self, booking_id: int, on: bool) -> None:
        self.clear_error()
        self.boxes[booking_id].setEnabled(False)
        svc, actor = self.ctx.services.booths, self.ctx.actor
        self.ctx.run(lambda: svc.set_reminded(actor, booking_id, on),
                     _then_notify(self, lambda: self._tick_saved(booking_id)),
                     lambda exc: self._tick_failed(booking_id, on, exc))

    def _tick_saved(self, booking_id: int) -> None:
        # the list may have been reloaded meanwhile: look the box up again
        box = self.boxes.get(booking_id)
        if box is not None:
            box.setEnabled(True)
        self._count()

    def _tick_failed(self, booking_id: int, on: bool, exc: DomainError) -> None:
        box = self.boxes.get(booking_id)
        if box is not None:
            box.blockSignals(True)
            box.setChecked(not on)
            box.blockSignals(False)
            box.setEnabled(True)
        self.fail(exc)
