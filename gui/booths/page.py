"""AI 면접 부스: the desk's screen for the AI-interview booths.

The week grid (``gui.booths.slot_grid.SlotGrid``) shows every published slot of every
booth of the facility, from ONE ``services.booth_slots.week`` call per refresh: days as
columns, one sub-column per booth, time running down. At 1280×800 that leaves the grid
the full width (fifteen booth columns on a Mon–Fri week, with days without slots
narrowed), and the detail panel and the reminders tab share a strip under it. The
analysis-consultation requests made here wait on the 상담 page's 오늘 tab, where a
counselor answers one by logging an AI 면접 결과 상담 session.

Nothing is read on the GUI thread. ``refresh()`` hands one job to the read pool
(``Page.load``, which shows "불러오는 중…" while it runs and drops a result a newer
refresh has overtaken): the week's slots, and with them what the dialogs need and the
page already holds (``BoothHeld``: the facility's ``DeskSetup`` — rules, opening hours,
closure days —, its booths and the weekly limit), each read again only after a change
that can touch it; and the booking of the slot to select, when it is not held yet. The
60-second tick reads the week only.

Clicking a free slot selects it and opens the booking dialog at once (a walk-in when the
slot has already begun today); clicking a booking shows it in the detail panel with the
actions its status and the user's permissions allow. Its booking is read on the read pool
(``services.booths.get``, lane "detail") and kept until something changes. The rows carry
the service's decisions (``check_in_open``). Writes run on the write lane; each announces
``ctx.notify(Topic.BOOTH)`` once (the dialogs themselves, or ``_write``) and the page
reloads and selects the slot that changed. Domain errors appear in the page banner,
never in a modal box.

After 입실 or 노쇼 확정 the title row says what was done with a [되돌리기] button
(``gui.common.undo_bar.UndoBar``, in the title row, so the grid does not move); for the
rest of that day the booking's detail panel offers 입실 취소 / 노쇼 취소 when the service
says this user may (``BoothBookingRow.undo_until``).

The panels of the other tab strip (``gui.booths.panels``) load themselves on the read
pool; the page asks them to after a change, on a facility switch and on a tab switch,
but not on the minute tick or when the week is turned. Tomorrow's reminders come masked;
a full number is read (and recorded) only when the user asks for it in the panel.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.booths.actions import BoothActions
from gui.booths.outputs import BoothOutputs
from gui.booths.slot_detail import SlotDetail, SlotLegend
from gui.booths.slot_grid import SlotGrid
from gui.common.date_nav import add_date_nav
from gui.common.icons import icon
from gui.common.page import Page
from gui.common.undo_bar import UndoBar
from gui.context import Topic, settings
from gui.desk.blocks import day_text
from gui.rooms.page import SCROLLBARS
from models.booths.schemas import BoothBookingRow, SlotRow
from models.core.errors import DomainError
from models.core.permissions import Perm
from models.core.time import SEOUL
from models.desk.schemas import DeskSetup

TICK_MS = 60_000  # the now line and the no-show candidates move on by themselves


@dataclass(frozen=True)
class BoothHeld:
    """What the page holds for its dialogs, read with the week: the facility's desk setup
    (rules, opening hours, closure days), all its booths (also those without slots this
    week) and the weekly booking limit of one youth."""

    setup: DeskSetup
    booths: tuple[tuple[int, str], ...]
    weekly_limit: int


# which held piece a change topic can make stale (read again with the next week)
HELD_BY_TOPIC = {Topic.BOOKING: {"setup"}, Topic.FACILITY: {"setup", "booths"},
                 Topic.ROOM: {"booths"}, Topic.BOOTH: {"weekly_limit"}}
HELD_PIECES = frozenset({"setup", "booths", "weekly_limit"})


@dataclass(frozen=True)
class WeekLoad:
    """The result of one refresh job."""

    facility_id: int
    monday: date
    rows: list[SlotRow]
    held: BoothHeld
    booking: BoothBookingRow | None  # the booking of the slot to select, when it was read


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class BoothsPage(BoothActions, BoothOutputs, Page):
    key = "booths"
    title = "AI 면접 부스"
    icon_name = "booth"
    # BOOKING: the desk's rules and closure days, which the held setup carries
    listens_to = frozenset({Topic.BOOTH, Topic.ROOM, Topic.YOUTH, Topic.FACILITY, Topic.BOOKING})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.title_label.setText(self.tr("AI 면접 부스"))
        self.hint_label.setText(self.tr(
            "빈 회차를 눌러 예약하고, 예약을 눌러 입실·노쇼·취소·결과를 처리합니다. 한 청년은 한 주에 정해진 "
            "횟수까지 예약할 수 있습니다."))
        self.day: date = ctx.services.booths.today()
        self.rows: list[SlotRow] = []
        self.by_id: dict[int, SlotRow] = {}
        self.booths: list[tuple[int, str]] = []
        self.selected: SlotRow | None = None
        self.booking: BoothBookingRow | None = None
        self._details: dict[int, BoothBookingRow] = {}
        self._select_next: int | None = None
        self.held: BoothHeld | None = None  # None until the first load of this facility
        self._stale_held: set[str] = set(HELD_PIECES)
        self._changes = 0  # counts the changes heard, so a load can tell it predates one
        self._panels_stale = True
        self.dialog = None
        self.can_edit = self.can_manage = False
        # the line after a one-click action: in the title row, right of centre, before the
        # header buttons; it is lower than they are, so showing it moves nothing
        self.undo_bar = UndoBar()
        self.header_actions.addWidget(self.undo_bar, 100)  # the room left, up to its text
        # a narrow window: the header's buttons make room for it (as icons) and get it back
        self.undo_bar.shown.connect(lambda _on: self.fit_header())
        self.header_actions.addSpacing(8)
        self._build_actions()
        self._build_bar()
        self._build_body()
        self._build_shortcuts()
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    # -- building -----------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.publish_btn = self.action_button("calendar", self.tr("회차 공개"), self.open_publish, primary=True)
        self.publish_btn.setToolTip(self.tr("부스별 주간 템플릿을 정하고 기간을 골라 회차를 만듭니다."))
        self.extra_btn = self.action_button("add", self.tr("추가 회차"), self.open_extra)
        for w in (self.publish_btn, self.extra_btn):
            self.header_actions.addWidget(w)
        self._build_output_actions()

    def _build_bar(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        add_date_nav(self, bar, unit=self.tr(" 주"), today_text=self.tr("이번 주"),
                     today_attr="this_week_btn", label_attr="week_label")
        bar.addStretch(1)
        self.legend = SlotLegend()
        bar.addWidget(self.legend)
        self.outer.addLayout(bar)

    def _build_body(self) -> None:
        from gui.booths.panels import RemindersPanel
        card = QFrame()
        card.setObjectName("card")
        lay = QVBoxLayout(card)
        lay.setContentsMargins(1, 1, 1, 1)
        lay.setSpacing(0)
        self.grid = SlotGrid()
        self.grid.slot_clicked.connect(lambda i: self.select_slot(i, clicked=True))
        self.grid.setStyleSheet(SCROLLBARS)  # also greys out a disabled primary button
        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.grid_stack = QStackedWidget()
        self.grid_stack.addWidget(self.grid)
        self.grid_stack.addWidget(self.empty_label)
        lay.addWidget(self.grid_stack, 1)

        self.detail = SlotDetail()
        self.detail.setStyleSheet(SCROLLBARS)
        d = self.detail
        d.book_btn.clicked.connect(lambda: self.open_booking())
        d.walk_in_btn.clicked.connect(lambda: self.open_booking(walk_in=True))
        d.check_in_btn.clicked.connect(lambda: self.check_in_selected())
        d.no_show_btn.clicked.connect(lambda: self.mark_no_show())
        d.undo_btn.clicked.connect(lambda: self.undo_selected())
        d.cancel_btn.clicked.connect(lambda: self.open_cancel())
        d.result_btn.clicked.connect(lambda: self.open_result())
        d.consult_btn.clicked.connect(lambda: self.open_consult())
        d.block_btn.clicked.connect(lambda: self.open_block())
        d.unblock_btn.clicked.connect(lambda: self.unblock_selected())
        d.close_btn.clicked.connect(lambda: self.select_slot(None))
        d.no_show_clicked.connect(self.mark_no_show)
        d.show_slot_clicked.connect(self.select_slot)
        self.tabs = QTabWidget()
        self.reminders = RemindersPanel(self.ctx)
        self.tabs.addTab(self.reminders, icon("phone"), self.tr("내일 알림"))
        self.tabs.currentChanged.connect(lambda _i: self._refresh_tab(force=True))
        bottom = QWidget()
        row = QHBoxLayout(bottom)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.detail)
        row.addWidget(self.tabs, 1)
        bottom.setMinimumHeight(196)  # the tab's caption, note and two rows or its empty line
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(card)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([440, 200])
        state = settings().value("booths/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self.splitter.splitterMoved.connect(
            lambda *_: settings().setValue("booths/splitter", self.splitter.saveState()))
        self.outer.addWidget(self.splitter, 1)

    def _build_shortcuts(self) -> None:
        for keys, slot in (("Alt+Left", lambda: self.move_by(-1)), ("Alt+Right", lambda: self.move_by(1)),
                           ("Ctrl+T", self.go_today)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WindowShortcut)  # a hidden page's shortcuts do not fire
            sc.activated.connect(slot)

    # -- loading ------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.ctx.services.booths.clock().astimezone(SEOUL)

    def refresh(self) -> None:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        ready = actor is not None and fid is not None and actor.can(Perm.BOOKING_VIEW, fid)
        self.can_edit = ready and actor.can(Perm.BOOKING_EDIT, fid)
        self.can_manage = ready and actor.can(Perm.BOOKING_RULES, fid)
        self.publish_btn.setVisible(self.can_manage)
        self.extra_btn.setVisible(self.can_edit)
        self._sync_outputs(ready)
        self._sync_date_widgets()
        if not ready:
            self.show_error(self.tr("이 시설의 예약을 볼 권한이 없습니다. 위에서 시설을 바꿔 보세요."))
            return
        self._refresh_tab()
        services, monday, held = self.ctx.services, monday_of(self.day), self.held
        stale = set(HELD_PIECES) if held is None else set(self._stale_held)
        changes = self._changes
        target = self._select_next or (self.selected.id if self.selected else None)
        details = dict(self._details)

        def read() -> WeekLoad:  # on the read pool
            rows = services.booth_slots.week(actor, fid, monday)
            pieces = {}
            if "setup" in stale:
                pieces["setup"] = services.booking_rules.setup(actor, fid)
            if "booths" in stale:
                pieces["booths"] = tuple(services.booth_slots.booths(actor, fid))
            if "weekly_limit" in stale:
                pieces["weekly_limit"] = services.booths.weekly_limit(actor, fid)
            now_held = replace(held, **pieces) if held is not None else BoothHeld(**pieces)
            row = next((r for r in rows if r.id == target), None)
            booking = None
            if row is not None and row.booking_id and row.booking_id not in details:
                try:
                    booking = services.booths.get(actor, row.booking_id)
                except DomainError:
                    booking = None  # select_slot reads it again and shows the refusal
            return WeekLoad(fid, monday, rows, now_held, booking)

        self.load(read, lambda data: self._show_week(data, changes))

    def _show_week(self, data: WeekLoad, changes: int) -> None:
        if data.facility_id != self.ctx.facility_id:  # switched while hidden: the next show reloads
            return
        self.held = data.held
        if changes == self._changes:  # nothing changed while this ran: what it read is current
            self._stale_held.clear()
            if data.booking is not None:
                self._details[data.booking.id] = data.booking
        rows = data.rows
        self.rows, self.by_id = rows, {r.id: r for r in rows}
        self.booths = sorted({(r.room_id, r.room_name) for r in rows}, key=lambda b: (b[1], b[0]))
        self.grid.set_week(data.monday, self.booths, rows, self.now(), self.day)
        self._show_empty(rows)
        self._outputs_loaded()
        target, self._select_next = self._select_next, None
        target = target or (self.selected.id if self.selected else None)
        self.select_slot(target)

    def _show_empty(self, rows: list[SlotRow]) -> None:
        if rows:
            self.grid_stack.setCurrentWidget(self.grid)
            return
        if not self.held.booths:
            text = self.tr("이 시설에는 AI 면접 부스가 없습니다.\n시설 관리에서 종류가 ‘AI 면접 부스’인 공간을 "
                           "추가하면 여기에서 회차를 공개하고 예약할 수 있습니다.")
        elif self.can_manage:
            text = self.tr("이번 주에는 공개된 회차가 없습니다.\n위의 ‘회차 공개’에서 부스별 주간 템플릿(요일·시간·"
                           "회차 길이)을 정하고 기간을 골라 회차를 만드세요.")
        else:
            text = self.tr("이번 주에는 공개된 회차가 없습니다.\n회차 공개는 시설 관리자가 합니다. "
                           "예약을 받으려면 관리자에게 회차 공개를 요청하세요.")
        self.empty_label.setText(text)
        self.grid_stack.setCurrentWidget(self.empty_label)

    def _refresh_tab(self, force: bool = False) -> None:
        """Reload the panel on show after a change, not on every tick or week turned:
        reading tomorrow's phone numbers is recorded in the audit log each time."""
        panel = self.tabs.currentWidget()
        if panel is not None and self.isVisible() and (force or self._panels_stale):
            self._panels_stale = False
            panel.refresh()

    def _sync_date_widgets(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(self.day))
        self.date_edit.blockSignals(False)
        monday, this = monday_of(self.day), monday_of(self.ctx.services.booths.today())
        text = self.tr("{0} – {1}").format(day_text(monday, weekday=False),
                                           day_text(monday + timedelta(days=6), weekday=False))
        weeks = (monday - this).days // 7
        rel = {0: self.tr("이번 주"), 1: self.tr("다음 주"), -1: self.tr("지난주")}.get(weeks) or (
            self.tr("{0}주 후").format(weeks) if weeks > 0 else self.tr("{0}주 전").format(-weeks))
        self.week_label.setText(f"{text} · {rel}")
        self.this_week_btn.setEnabled(weeks != 0)

    def _tick(self) -> None:
        busy = self.dialog is not None and self.dialog.isVisible()
        if self.isVisible() and not busy:
            self.refresh()

    def _on_changed(self, changes) -> None:
        if changes & self.listens_to:
            self._details.clear()  # a booking may have changed: read it again when shown
            origin = getattr(changes, "origin", None)
            # a panel announcing its own write already shows it
            if not any(self.tabs.widget(i) is origin for i in range(self.tabs.count())):
                self._panels_stale = True
            self._stale_held |= set().union(*(HELD_BY_TOPIC.get(t, set()) for t in changes))
            self._changes += 1
        super()._on_changed(changes)

    def _on_facility(self) -> None:
        self.selected, self.booking = None, None  # they belonged to the other facility
        self.undo_bar.dismiss()
        self.held = None  # nor may a dialog use the other facility's setup or booths
        self.by_id = {}  # the grid shows the old week until the new one has loaded
        self._stale_held = set(HELD_PIECES)
        self._changes += 1
        self._details.clear()
        self._panels_stale = True
        super()._on_facility()

    # -- navigation ---------------------------------------------------------------------
    def go_to(self, day: date) -> None:
        if day == self.day:
            return
        week_changed = monday_of(day) != monday_of(self.day)
        self.day = day
        self.clear_error()
        if week_changed:
            self.selected = None
            self.refresh()
        else:
            self._sync_date_widgets()
            self.grid.set_selected(self.selected.id if self.selected else None, day)

    def move_by(self, weeks: int) -> None:
        self.go_to(self.day + timedelta(days=7 * weeks))

    def go_today(self) -> None:
        self.go_to(self.ctx.services.booths.today())

    # -- selection ----------------------------------------------------------------------
    def select_slot(self, slot_id: int | None, clicked: bool = False) -> bool:
        """Show slot ``slot_id`` in the detail panel (None: the week's summary). A click on
        a free slot also opens the booking dialog (a walk-in once the slot has begun)."""
        s = self.by_id.get(slot_id) if slot_id else None
        self.selected, self.booking = s, None
        if s is None:
            self.grid.set_selected(None)
            self._show_summary()
            return False
        if s.starts_at.date() != self.day:
            self.day = s.starts_at.date()
            self._sync_date_widgets()
        self.grid.set_selected(s.id, self.day)
        if s.booking_id:
            known = self._details.get(s.booking_id)
            if known is not None:
                self._show_booking(s, known)
            else:  # read on the read pool; a newer selection overtakes this one
                self.detail.show_pending(s, self.tr("불러오는 중…"))
                svc, actor, bid = self.ctx.services.booths, self.ctx.actor, s.booking_id
                self.load(lambda: svc.get(actor, bid), lambda b: self._booking_loaded(s, b),
                          lane="detail", on_error=lambda exc: self._booking_failed(s, exc))
            return True
        self.detail.show_slot(s, self._slot_note(s), past=s.ends_at <= self.now())
        self._enable_actions(s)
        now = self.now()
        if clicked and self.can_edit and s.display == "free" and s.ends_at > now:
            self.open_booking(walk_in=s.starts_at <= now)
        return True

    def _show_booking(self, s: SlotRow, b: BoothBookingRow) -> None:
        self.booking = b
        self.detail.show_booking(s, b)
        self._enable_actions(s)

    def _on_show(self, s: SlotRow) -> bool:
        """Whether the booking of ``s`` is still the one the detail panel waits for."""
        return self.selected is not None and self.selected.booking_id == s.booking_id

    def _booking_loaded(self, s: SlotRow, b: BoothBookingRow) -> None:
        self._details[b.id] = b
        if self._on_show(s):
            self._show_booking(self.selected, b)

    def _booking_failed(self, s: SlotRow, exc: DomainError) -> None:
        if not self._on_show(s):
            return
        self.show_error(exc)
        self.selected = None
        self.grid.set_selected(None)
        self._show_summary()

    def _show_summary(self) -> None:
        monday = monday_of(self.day)
        title = self.tr("{0} 주 현황").format(f"{monday:%m/%d}–{monday + timedelta(days=6):%m/%d}")
        if self.can_edit:
            hint = self.tr("빈 회차를 누르면 예약, 예약을 누르면 입실·노쇼·취소·결과 기록을 할 수 있습니다. "
                           "Alt+←/→: 이전·다음 주")
        else:
            hint = self.tr("예약과 입실 처리는 안내데스크와 시설 관리자가 합니다. 회차를 누르면 내용을 볼 수 "
                           "있습니다.")
        self.detail.show_summary(title, self.rows, self.can_edit, hint)
