"""예약 (스터디룸·회의실): the front desk's room-booking screen.

The day view is one ``services.rooms.day_view`` call (rooms, bookings, waitlist offers,
no-show candidates: SQL does the work); the week view of one room adds ``week_view`` and
the facility's closure days. Widgets only paint those DTOs.

Dragging over free time selects a span and opens the booking dialog at once — as a
walk-in (바로 이용) when the span on today's grid has already begun, since only someone
standing at the desk can use a room right now. The selected span stays in the right-hand
panel with the other choices (현장 배정, 매주 반복, 대기 등록). Clicking a block shows the
booking there with the actions its status and the user's permissions allow. Writes run on
the worker; every change announces ``ctx.notify(Topic.BOOKING)`` and each page reloads.
Domain errors appear in the page banner, never in a modal box.

After 입실 or 노쇼 확정 the title row says what was done with a [되돌리기] button
(``gui.common.undo_bar.UndoBar``, in the title row, so nothing moves); for the rest of
that day the booking's panel offers 입실 취소 / 노쇼 취소 when the service says this user
may (``BookingRow.undo_until``). The notices strip above the grid is always there at one
height, so the grid never moves when a candidate comes or goes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
)

from gui.common.date_nav import add_date_nav
from gui.common.page import Page
from gui.common.undo_bar import UndoBar
from gui.context import Topic
from gui.desk.blocks import day_text
from gui.rooms.actions import RoomActions
from gui.rooms.outputs import RoomOutputs
from gui.rooms.panel import BookingPanel, NoticeStrip
from gui.rooms.timeline import ROOM_ORDER, DayTimeline
from gui.rooms.week_grid import WeekGrid
from models.core.permissions import Perm
from models.core.time import SEOUL
from models.desk.actions import CHECK_IN_MESSAGE
from models.desk.enums import BookingStatus
from models.rooms.schemas import BookingRow, DayView

SCROLLBARS = """
QScrollBar:vertical { width: 10px; background: transparent; margin: 2px; }
QScrollBar:horizontal { height: 10px; background: transparent; margin: 2px; }
QScrollBar::handle { background: #c8d1e1; border-radius: 3px; min-height: 24px; min-width: 24px; }
QScrollBar::handle:hover { background: #a9b5cb; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; }
QScrollBar::add-page, QScrollBar::sub-page { background: transparent; }
QPushButton[primary="true"]:disabled { background: #b7c9ea; border-color: #b7c9ea; color: #f4f7fd; }
"""
TICK_MS = 60_000  # the now line and no-show candidates move on by themselves


class RoomsPage(RoomActions, RoomOutputs, Page):
    key = "bookings"
    title = "예약 (스터디룸·회의실)"
    icon_name = "calendar"
    listens_to = frozenset({Topic.BOOKING, Topic.ROOM, Topic.YOUTH, Topic.FACILITY})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.title_label.setText(self.tr("예약 (스터디룸·회의실)"))
        self.hint_label.setText(self.tr("빈 시간을 끌어 예약하고, 예약 블록을 눌러 입실·노쇼·취소를 처리합니다."))
        self.day: date = ctx.services.rooms.today()
        self.mode = "day"
        self.view: DayView | None = None
        self.week_rows: list[BookingRow] = []
        self.span: tuple[int, date, time, time] | None = None
        self.selected: BookingRow | None = None
        self.dialog = None
        self.can_edit = False
        self._select_next: int | None = None
        # the line after a one-click action: in the title row, right of centre, before the
        # header buttons; it is lower than they are, so showing it moves nothing
        self.undo_bar = UndoBar()
        self.header_actions.addWidget(self.undo_bar, 100)  # the room left, up to its text
        # a narrow window: the header's buttons make room for it (as icons) and get it back
        self.undo_bar.shown.connect(lambda _on: self.fit_header())
        self.header_actions.addSpacing(8)
        self._build_actions()
        self._build_bar()
        self.notices = NoticeStrip()
        self.notices.no_show.connect(self.mark_no_show)
        self.notices.accept.connect(self.accept_offer)
        self.notices.decline.connect(self.decline_offer)
        self.notices.open_booking.connect(self.select_booking)
        self.outer.addWidget(self.notices)
        self._build_body()
        self._build_shortcuts()
        self.grids.setStyleSheet(SCROLLBARS)
        self.panel.setStyleSheet(SCROLLBARS)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    # -- building -----------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.new_btn = self.action_button("add", self.tr("새 예약"), self.open_booking, primary=True)
        self.series_btn = self.action_button("refresh", self.tr("반복 예약"), self.open_series)
        self.wait_btn = self.action_button("calendar", self.tr("대기 등록"), self.open_waitlist)
        self.rules_btn = self.action_button("filter", self.tr("예약 규칙"), self.open_rules)
        for b in (self.new_btn, self.series_btn, self.wait_btn):
            self.header_actions.addWidget(b)
        self._build_output_actions()
        self.header_actions.addWidget(self.rules_btn)

    def _build_bar(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        add_date_nav(self, bar, unit=self.tr(""), today_text=self.tr("오늘"),
                     today_attr="today_btn", label_attr="day_label")
        bar.addStretch(1)
        self.show_cancelled = QCheckBox(self.tr("취소 표시"))
        self.show_cancelled.toggled.connect(self._toggle_cancelled)
        bar.addWidget(self.show_cancelled)
        bar.addSpacing(12)
        self.day_btn = QPushButton(self.tr("일"))
        self.week_btn = QPushButton(self.tr("주"))
        self.mode_group = QButtonGroup(self)
        for b in (self.day_btn, self.week_btn):
            b.setCheckable(True)
            b.setFixedWidth(44)
            b.setStyleSheet("QPushButton:checked { background: #2f6fde; color: white; border-color: #2f6fde; }")
            self.mode_group.addButton(b)
            bar.addWidget(b)
        self.day_btn.setChecked(True)
        self.day_btn.setToolTip(self.tr("모든 공간의 하루"))
        self.week_btn.setToolTip(self.tr("한 공간의 일주일"))
        self.day_btn.clicked.connect(lambda: self.set_mode("day"))
        self.week_btn.clicked.connect(lambda: self.set_mode("week"))
        self.room_box = QComboBox()
        self.room_box.setMinimumWidth(150)
        self.room_box.setSizeAdjustPolicy(QComboBox.AdjustToContents)  # filled when the day loads
        self.room_box.setVisible(False)
        self.room_box.currentIndexChanged.connect(lambda _: self.mode == "week" and self.refresh())
        bar.addWidget(self.room_box)
        self.outer.addLayout(bar)

    def _build_body(self) -> None:
        body = QHBoxLayout()
        body.setSpacing(12)
        self.timeline = DayTimeline()
        self.timeline.span_selected.connect(lambda r, s, e: self.on_span(r, self.day, s, e))
        self.timeline.booking_clicked.connect(self.select_booking)
        self.week = WeekGrid()
        self.week.span_selected.connect(self.on_span)
        self.week.booking_clicked.connect(self.select_booking)
        self.grids = QStackedWidget()
        self.grids.setObjectName("card")
        self.grids.addWidget(self.timeline)
        self.grids.addWidget(self.week)
        body.addWidget(self.grids, 1)
        self.panel = BookingPanel()
        p = self.panel
        p.span_book.clicked.connect(lambda: self.open_booking(walk_in=False))
        p.span_walk_in.clicked.connect(lambda: self.open_booking(walk_in=True))
        p.span_series.clicked.connect(lambda: self.open_series())
        p.span_wait.clicked.connect(lambda: self.open_waitlist())
        p.span_clear.clicked.connect(self.clear_span)
        p.check_in_btn.clicked.connect(lambda: self.check_in_selected())
        p.no_show_btn.clicked.connect(lambda: self.selected and self.mark_no_show(self.selected.id))
        p.undo_btn.clicked.connect(lambda: self.undo_selected())
        p.cancel_btn.clicked.connect(lambda: self.open_cancel())
        p.series_cancel_btn.clicked.connect(lambda: self.open_cancel(series=True))
        p.series_change_btn.clicked.connect(lambda: self.open_series_change())
        p.wait_here_btn.clicked.connect(lambda: self.open_waitlist())
        p.close_btn.clicked.connect(lambda: self.select_booking(None))
        p.upcoming_clicked.connect(self.select_booking)
        body.addWidget(self.panel)
        self.outer.addLayout(body, 1)

    def _build_shortcuts(self) -> None:
        for keys, slot in (("Alt+Left", lambda: self.move_by(-1)), ("Alt+Right", lambda: self.move_by(1)),
                           ("Ctrl+T", self.go_today), ("Home", self.go_today)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.WindowShortcut)  # a hidden page's shortcuts do not fire
            sc.activated.connect(slot)

    # -- loading ------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.ctx.services.rooms.clock().astimezone(SEOUL)

    def refresh(self) -> None:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        ready = actor is not None and fid is not None and actor.can(Perm.BOOKING_VIEW, fid)
        self.can_edit = ready and actor.can(Perm.BOOKING_EDIT, fid)
        for b in (self.new_btn, self.series_btn, self.wait_btn):
            b.setVisible(self.can_edit)
        self.rules_btn.setVisible(ready and actor.can(Perm.BOOKING_RULES, fid))
        self._sync_outputs(ready)
        self.timeline.editable = self.week.editable = self.can_edit
        self._sync_date_widgets()
        if not ready:
            self.show_error(self.tr("이 시설의 예약을 볼 권한이 없습니다. 위에서 시설을 바꿔 보세요."))
            return
        svc, day, mode = self.ctx.services.rooms, self.day, self.mode
        chosen_room = self.room_box.currentData()

        def read():  # on the read pool: the day view, and the week of one room in week mode
            view = svc.day_view(actor, fid, day)
            week = None
            if mode == "week" and view.rooms:
                ids = {r.id for r in view.rooms}
                first = min(view.rooms, key=lambda r: (ROOM_ORDER.get(r.kind, 9), r.name)).id
                week = svc.week(actor, fid, chosen_room if chosen_room in ids else first,
                                WeekGrid.monday_of(day))
            return view, week

        self.load(read, self._show_loaded)

    def _show_loaded(self, data) -> None:
        self.view, week = data
        now = self.now()
        self.timeline.set_view(self.view, now)
        self._sync_rooms()
        if self.mode == "week":
            self._show_week(week, now)
        self._show_notices()
        span = self.span
        if span and span[1] == self.day and self.mode == "day":
            try:
                self.timeline.select_span(span[0], span[2], span[3])
            except StopIteration:
                self.span = None
        target, self._select_next = self._select_next, None
        target = target or (self.selected.id if self.selected else None)
        if not self.select_booking(target) and self.span is not None:
            self._show_span()

    def _show_week(self, week, now: datetime) -> None:
        """Show one room's week as the service judged it (open days, closures, bookings)."""
        rooms = {r.id: r for r in self.view.rooms}
        room = rooms.get(week.room_id) if week else None
        if room is not None:
            index = self.room_box.findData(room.id)
            if index >= 0 and index != self.room_box.currentIndex():
                self.room_box.blockSignals(True)
                self.room_box.setCurrentIndex(index)
                self.room_box.blockSignals(False)
        rows = list(week.bookings) if week else []
        monday = WeekGrid.monday_of(self.day)
        days = list(week.days) if week else [self.view.setup.open_day(monday + timedelta(days=i))
                                             for i in range(7)]
        self.week_rows = rows
        self.week.set_week(room, days, self.view.step_minutes, rows, now)

    def _sync_rooms(self) -> None:
        box = self.room_box
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        for lane in self.timeline.lanes:  # the grid's order: study rooms first
            box.addItem(lane.title, lane.key)
        index = box.findData(current)
        box.setCurrentIndex(index if index >= 0 else 0)
        box.blockSignals(False)

    def _sync_date_widgets(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(self.day))
        self.date_edit.blockSignals(False)
        today = self.ctx.services.rooms.today()
        diff = (self.day - today).days
        if self.mode == "week":
            monday = WeekGrid.monday_of(self.day)
            text = self.tr("{0} – {1} 주").format(f"{monday:%m/%d}", f"{monday + timedelta(days=6):%m/%d}")
            if WeekGrid.monday_of(today) == monday:
                text += self.tr(" · 이번 주")
        else:
            rel = {0: self.tr("오늘"), 1: self.tr("내일"), -1: self.tr("어제")}.get(diff) or (
                self.tr("{0}일 후").format(diff) if diff > 0 else self.tr("{0}일 전").format(-diff))
            text = f"{day_text(self.day)} · {rel}"
        self.day_label.setText(text)
        self.today_btn.setEnabled(diff != 0)

    def _tick(self) -> None:
        busy = (self.dialog is not None and self.dialog.isVisible()) or self.timeline.dragging \
            or self.week.dragging
        if self.isVisible() and not busy:
            self.refresh()

    def _on_facility(self) -> None:
        self.span, self.selected = None, None  # they belonged to the other facility
        self.undo_bar.dismiss()
        self.view = None  # nor may a dialog use its setup until the new view has loaded
        super()._on_facility()

    def apply_row(self, row: BookingRow) -> None:
        """Show one booking as a write returned it, without reading the day again."""
        if self.view is None:
            return
        swap = lambda rows: tuple(row if b.id == row.id else b for b in rows)  # noqa: E731
        self.view = replace(self.view, bookings=swap(self.view.bookings))
        self.week_rows = list(swap(self.week_rows))
        now = self.now()
        self.timeline.set_view(self.view, now)
        if self.mode == "week":
            self.week.set_week(self.week.room, self.week.days, self.view.step_minutes,
                               self.week_rows, now)
        self._show_notices()
        self.select_booking(row.id)

    def _show_notices(self) -> None:
        self.notices.set_notices(self.view.no_show_candidates, list(self.view.offers), self.can_edit,
                                 self.view.setup.rules.grace_minutes)

    # -- navigation ---------------------------------------------------------------------
    def go_to(self, day: date) -> None:
        if day == self.day:
            return
        self.day = day
        self.clear_error()
        self.selected = None
        self.refresh()

    def move_by(self, steps: int) -> None:
        self.go_to(self.day + timedelta(days=steps * (7 if self.mode == "week" else 1)))

    def go_today(self) -> None:
        self.go_to(self.ctx.services.rooms.today())

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        (self.day_btn if mode == "day" else self.week_btn).setChecked(True)
        self.room_box.setVisible(mode == "week")
        self.grids.setCurrentWidget(self.timeline if mode == "day" else self.week)
        self.refresh()

    def _toggle_cancelled(self, on: bool) -> None:
        self.timeline.set_show_cancelled(on)
        self.week.set_show_cancelled(on)

    # -- selection ----------------------------------------------------------------------
    def _rows(self) -> list[BookingRow]:
        rows = list(self.view.bookings) if self.view else []
        return rows + self.week_rows if self.mode == "week" else rows

    def select_booking(self, booking_id: int | None) -> bool:
        """Show booking ``booking_id`` in the panel (None: the day's summary)."""
        found = next((b for b in self._rows() if b.id == booking_id), None) if booking_id else None
        self.selected = found
        self.timeline.set_selected(found.id if found else None)
        self.week.set_selected(found.id if found else None)
        if found is None:
            title = self.tr("오늘 현황") if self.day == self.ctx.services.rooms.today() else \
                self.tr("{0} 현황").format(day_text(self.day, weekday=False))
            self.panel.show_summary(self.view, title, self.now())
            return False
        self.span = None
        self.timeline.clear_selection()
        self.week.clear_selection()
        self.panel.show_booking(found)
        self._enable_actions(found)
        return True

    def _enable_actions(self, b: BookingRow) -> None:
        p, now, edit = self.panel, self.now(), self.can_edit
        booked = b.status == BookingStatus.BOOKED
        window = b.check_in_open  # decided by the service when the view was read
        for btn in (p.check_in_btn, p.no_show_btn, p.cancel_btn, p.series_cancel_btn,
                    p.series_change_btn, p.wait_here_btn):
            btn.setVisible(edit)
        p.check_in_btn.setEnabled(edit and booked and window)
        p.check_in_btn.setToolTip("" if window or not booked else self.tr(CHECK_IN_MESSAGE))
        p.no_show_btn.setVisible(edit and b.no_show_candidate)
        p.no_show_btn.setEnabled(edit and b.no_show_candidate)
        p.cancel_btn.setEnabled(edit and booked)
        for btn in (p.series_cancel_btn, p.series_change_btn):
            btn.setVisible(edit and b.series_id is not None)
            btn.setEnabled(edit and booked)
        p.wait_here_btn.setEnabled(edit and b.status.active and b.ends_at > now)
        undo = edit and b.undo_until is not None  # the service's decision, for this user
        p.undo_btn.setVisible(undo)
        p.undo_btn.setEnabled(undo)
        if undo:
            checked_in = b.status == BookingStatus.CHECKED_IN
            p.undo_btn.setText(self.tr("입실 취소") if checked_in else self.tr("노쇼 취소"))
            p.undo_btn.setToolTip(self.tr("처리한 날 자정 전까지 되돌릴 수 있습니다 (처리한 직원 또는 시설 관리자)."))

    def on_span(self, room_id: int, day: date, start: time, end: time) -> None:
        """A span was dragged: keep it in the panel and open the booking dialog."""
        self.span = (room_id, day, start, end)
        self.selected = None
        self.timeline.set_selected(None)
        self.week.set_selected(None)
        self._show_span()
        if self.can_edit:
            now = self.now()
            started = day == now.date() and start <= now.time() < end
            self.open_booking(walk_in=started)

    def _show_span(self) -> None:
        room_id, day, start, end = self.span
        name = next((r.name for r in self.view.rooms if r.id == room_id), "") if self.view else ""
        self.panel.show_span(name, day_text(day), start, end)
        today = day == self.ctx.services.rooms.today()
        for b in (self.panel.span_book, self.panel.span_walk_in, self.panel.span_series,
                  self.panel.span_wait):
            b.setEnabled(self.can_edit)
        self.panel.span_walk_in.setEnabled(self.can_edit and today)

    def clear_span(self) -> None:
        self.span = None
        self.timeline.clear_selection()
        self.week.clear_selection()
        self.select_booking(None)

    def slot(self) -> tuple[int, date, time, time] | None:
        """The selected span, or the earliest free hour (from the next step when the day is
        today) in the room on show (week) or in any room (day)."""
        if self.span:
            return self.span
        if self.view is None:  # the first load has not arrived yet
            return None
        lanes = self.timeline.lanes
        if self.mode == "week":
            lanes = [ln for ln in lanes if ln.key == self.room_box.currentData()] or lanes
        if not lanes:
            self.show_error(self.tr("예약할 수 있는 공간이 없습니다."))
            return None
        step, now = self.view.step_minutes, self.now()
        opens, closes = self.view.opens or time(9), self.view.closes or time(18)
        first, last = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
        if self.day == now.date():
            first = max(first, -(-(now.hour * 60 + now.minute) // step) * step)
        length = max(step, 60)
        for start in range(first, last - step + 1, step):
            end = min(last, start + length)
            for lane in lanes:
                if all(e <= start or s >= end for s, e in lane.active_spans()):
                    return lane.key, self.day, time(start // 60, start % 60), time(end // 60, end % 60)
        start = min(first, last - step)
        end = min(last, start + length)
        return lanes[0].key, self.day, time(start // 60, start % 60), time(end // 60, end % 60)
