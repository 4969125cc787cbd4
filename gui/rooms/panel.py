"""The parts of the bookings page around the grid: the detail panel on the right and the
notices strip above the grid (no-show candidates, waitlist offers).

They only show DTOs and expose their buttons; ``gui.rooms.page`` decides what the
buttons do and when they are enabled.

The notices strip is always there, at one fixed height (two notice lines; more scroll
inside it), and says so when there is nothing to act on: a candidate appearing or going
never moves the grid below it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.desk.blocks import STATUS_COLORS, day_text
from models.desk.enums import BookingStatus
from models.rooms.schemas import BookingRow, DayView, WaitRow

MAX_NOTICES = 20  # per kind; the strip scrolls past its two visible lines
MAX_UPCOMING = 30
NOTICE_LINE = 26  # the height of one notice line
NOTICE_LINES = 2  # visible at once: the strip's fixed height


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHint")
    return label


def chip_style(status: BookingStatus) -> str:
    fill, accent, ink = STATUS_COLORS[status]
    return (f"background: {fill}; color: {ink}; border: 1px solid {accent}; border-radius: 9px;"
            " padding: 1px 9px; font-weight: bold;")


class BookingPanel(QFrame):
    """Right-hand panel: the day's summary, a selected span, or a selected booking."""

    upcoming_clicked = Signal(int)  # booking id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setFixedWidth(268)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(2, 2, 2, 2)
        self.stack = QStackedWidget()
        self.stack.setObjectName("panelStack")
        self.stack.setContentsMargins(14, 12, 12, 12)
        self.stack.setStyleSheet("#panelStack { background: transparent; }")
        # a low screen scrolls the panel instead of stretching the window
        scroll = QScrollArea()
        scroll.setWidget(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setStyleSheet("QScrollArea { background: transparent; }")
        scroll.viewport().setAutoFillBackground(False)
        outer.addWidget(scroll)
        self.stack.addWidget(self._build_summary())
        self.stack.addWidget(self._build_span())
        self.stack.addWidget(self._build_booking())
        self._switch(0)

    # -- building -----------------------------------------------------------------------
    def _heading(self, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName("pageTitle")
        label.setWordWrap(True)
        return label

    def _build_summary(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary_title = self._heading(self.tr("오늘 현황"))
        lay.addWidget(self.summary_title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        self.counts: dict[str, QLabel] = {}
        items = [(s.value, s.label, s) for s in BookingStatus] + [("waiting", self.tr("대기"), None)]
        for row, (key, label, status) in enumerate(items):
            dot = QLabel()
            dot.setFixedSize(12, 12)
            fill, accent, _ = STATUS_COLORS[status] if status else ("#fff4d6", "#d9a400", "")
            dot.setStyleSheet(f"background: {fill}; border: 2px solid {accent}; border-radius: 6px;")
            grid.addWidget(dot, row, 0)
            grid.addWidget(QLabel(label), row, 1)
            value = QLabel("0")
            value.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
            value.setStyleSheet("font-weight: bold;")
            grid.addWidget(value, row, 2)
            self.counts[key] = value
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        self.usage = QLabel()
        self.usage.setWordWrap(True)
        self.usage.setObjectName("pageHint")
        lay.addWidget(self.usage)
        lay.addSpacing(6)
        self.upcoming_title = QLabel()
        self.upcoming_title.setStyleSheet("font-weight: bold;")
        lay.addWidget(self.upcoming_title)
        self.upcoming = QListWidget()
        self.upcoming.setObjectName("upcoming")
        self.upcoming.setStyleSheet(
            "#upcoming { border: none; background: transparent; }"
            "#upcoming::item { padding: 4px 2px; border-bottom: 1px solid #eef1f6; }"
            "#upcoming::item:hover { background: #eef3ff; }")
        self.upcoming.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.upcoming.itemClicked.connect(lambda item: self.upcoming_clicked.emit(item.data(Qt.UserRole)))
        lay.addWidget(self.upcoming, 100)
        self.summary_hint = QLabel(self.tr(
            "빈 시간 끌기: 새 예약\n블록 누르기: 입실·노쇼·취소\nAlt+방향키: 이전·다음 · Ctrl+T: 오늘"))
        self.summary_hint.setWordWrap(True)
        self.summary_hint.setObjectName("pageHint")
        lay.addWidget(self.summary_hint)
        lay.addStretch(1)  # takes the room when there is no list
        return page

    def _build_span(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self._heading(self.tr("선택한 시간")))
        self.span_room = QLabel()
        self.span_room.setStyleSheet("font-weight: bold;")
        self.span_time = QLabel()
        lay.addWidget(self.span_room)
        lay.addWidget(self.span_time)
        lay.addSpacing(8)
        self.span_book = QPushButton(icon("add", "white"), self.tr("이 시간 예약…"))
        self.span_book.setProperty("primary", True)
        self.span_walk_in = QPushButton(icon("user_add"), self.tr("현장 배정…"))
        self.span_walk_in.setToolTip(self.tr("지금 데스크에 온 청년에게 이 시간을 바로 배정합니다 (오늘만)."))
        self.span_series = QPushButton(icon("refresh"), self.tr("매주 반복 예약…"))
        self.span_wait = QPushButton(icon("calendar"), self.tr("대기 등록…"))
        self.span_clear = QPushButton(icon("cancel"), self.tr("선택 해제"))
        for b in (self.span_book, self.span_walk_in, self.span_series, self.span_wait, self.span_clear):
            lay.addWidget(b)
        lay.addStretch(1)
        return page

    def _build_booking(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.b_name = self._heading()
        head.addWidget(self.b_name, 1)
        self.b_status = QLabel()
        head.addWidget(self.b_status, 0, Qt.AlignVCenter)
        lay.addLayout(head)
        self.b_warn = QLabel()
        self.b_warn.setWordWrap(True)
        self.b_warn.setStyleSheet("color: #b2451a; background: #fff1e8; border-radius: 4px; padding: 5px 7px;")
        lay.addWidget(self.b_warn)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.fields: dict[str, QLabel] = {}
        for row, (key, label) in enumerate([
                ("room", self.tr("공간")), ("time", self.tr("시간")), ("headcount", self.tr("인원")),
                ("purpose", self.tr("목적")), ("kind", self.tr("구분")), ("note", self.tr("메모")),
                ("cancel", self.tr("취소"))]):
            cap = _caption(label)
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addWidget(cap, row, 0, Qt.AlignTop)
            grid.addWidget(value, row, 1)
            self.fields[key] = value
            self.fields[key + "_caption"] = cap
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        lay.addSpacing(8)
        self.check_in_btn = QPushButton(icon("room", "white"), self.tr("입실"))
        self.check_in_btn.setProperty("primary", True)
        self.no_show_btn = QPushButton(icon("warning"), self.tr("노쇼 처리"))
        # 입실 취소 / 노쇼 취소, the rest of the day the action was made (page decides)
        self.undo_btn = QPushButton(icon("refresh"), self.tr("입실 취소"))
        self.cancel_btn = QPushButton(icon("cancel"), self.tr("취소…"))
        self.cancel_btn.setProperty("danger", True)
        self.series_cancel_btn = QPushButton(icon("cancel"), self.tr("이후 반복 취소…"))
        self.series_cancel_btn.setProperty("danger", True)
        self.series_change_btn = QPushButton(icon("edit"), self.tr("이후 반복 변경…"))
        self.wait_here_btn = QPushButton(icon("calendar"), self.tr("이 시간 대기 등록…"))
        self.close_btn = QPushButton(self.tr("닫기"))
        for b in (self.check_in_btn, self.no_show_btn, self.undo_btn, self.cancel_btn, self.series_change_btn,
                  self.series_cancel_btn, self.wait_here_btn, self.close_btn):
            lay.addWidget(b)
        lay.addStretch(1)
        return page

    # -- showing ------------------------------------------------------------------------
    def show_summary(self, view: DayView | None, title: str, now: datetime | None = None) -> None:
        self._switch(0)
        self.summary_title.setText(title)
        counts = dict.fromkeys(self.counts, 0)
        booked_minutes = 0
        if view is not None:
            for b in view.bookings:
                counts[b.status.value] += 1
                if b.status.active:
                    booked_minutes += b.minutes
            counts["waiting"] = len(view.waiting) + len(view.offers)
        for key, label in self.counts.items():
            label.setText(self.tr("{0}건").format(counts[key]))
        if view is not None and view.opens is not None and view.rooms and not view.closed_reason:
            total = (view.closes.hour * 60 + view.closes.minute - view.opens.hour * 60
                     - view.opens.minute) * len(view.rooms)
            share = round(100 * booked_minutes / total) if total > 0 else 0
            self.usage.setText(self.tr("운영 {0}–{1}\n공간 {2}곳 · 시간 기준 예약률 {3}%").format(
                f"{view.opens:%H:%M}", f"{view.closes:%H:%M}", len(view.rooms), share))
        elif view is not None and view.closed_reason:
            self.usage.setText(self.tr("휴관: {0}").format(view.closed_reason))
        else:
            self.usage.setText("")
        self._fill_upcoming(view, now)

    def _fill_upcoming(self, view: DayView | None, now: datetime | None) -> None:
        """Today: the bookings still to come in; another day: that day's bookings."""
        self.upcoming.clear()
        rows = [b for b in (view.bookings if view else ()) if b.status.active]
        today = now is not None and view is not None and view.day == now.date()
        if today:
            rows = [b for b in rows if b.status == BookingStatus.BOOKED and b.ends_at > now]
            self.upcoming_title.setText(self.tr("입실 전 예약 {0}건").format(len(rows)))
        else:
            self.upcoming_title.setText(self.tr("예약 {0}건").format(len(rows)))
        for b in rows[:MAX_UPCOMING]:
            mark = "⚠ " if b.no_show_candidate else ""
            item = QListWidgetItem(f"{b.starts_at:%H:%M}  {mark}{b.youth_masked} · {b.headcount}명  "
                                   f"{b.room_name}")
            item.setData(Qt.UserRole, b.id)
            item.setToolTip(f"{b.room_name} {b.time_text} · {b.purpose.label}")
            self.upcoming.addItem(item)
        if len(rows) > MAX_UPCOMING:
            more = QListWidgetItem(self.tr("… 외 {0}건").format(len(rows) - MAX_UPCOMING))
            more.setFlags(Qt.NoItemFlags)
            self.upcoming.addItem(more)
        self.upcoming_title.setVisible(bool(rows))
        self.upcoming.setVisible(bool(rows))

    def show_span(self, room_name: str, day_text: str, start, end) -> None:
        self._switch(1)
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        hours = f"{minutes // 60}시간" + (f" {minutes % 60}분" if minutes % 60 else "") \
            if minutes >= 60 else f"{minutes}분"
        self.span_room.setText(room_name)
        self.span_time.setText(f"{day_text} {start:%H:%M}–{end:%H:%M} ({hours})")

    def show_booking(self, b: BookingRow) -> None:
        self._switch(2)
        self.b_name.setText(b.youth_masked)
        self.b_status.setText(b.status.label)
        self.b_status.setStyleSheet(chip_style(b.status))
        self.b_warn.setVisible(b.no_show_candidate)
        self.b_warn.setText(self.tr("노쇼 후보: 시작 후 유예 시간이 지나도록 입실하지 않았습니다."))
        f = self.fields
        f["room"].setText(b.room_name)
        f["time"].setText(f"{day_text(b.starts_at.date())} {b.time_text}")
        f["headcount"].setText(self.tr("{0}명").format(b.headcount))
        f["purpose"].setText(b.purpose.label)
        kinds = []
        if b.walk_in:
            kinds.append(self.tr("현장 배정"))
        if b.series_id:
            kinds.append(self.tr("반복 예약"))
        if b.override_reason:
            kinds.append(self.tr("규칙 예외: {0}").format(b.override_reason))
        f["kind"].setText(", ".join(kinds) or self.tr("일반 예약"))
        self._optional("note", b.note)
        cancel = ""
        if b.cancel_code:
            cancel = b.cancel_code.label + (f" — {b.cancel_reason}" if b.cancel_reason else "")
        self._optional("cancel", cancel)

    def _optional(self, key: str, text: str) -> None:
        self.fields[key].setText(text)
        self.fields[key].setVisible(bool(text))
        self.fields[key + "_caption"].setVisible(bool(text))

    def _switch(self, index: int) -> None:
        # only the page on show counts for the size, so a short page does not scroll
        for i in range(self.stack.count()):
            policy = QSizePolicy.Preferred if i == index else QSizePolicy.Ignored
            self.stack.widget(i).setSizePolicy(policy, policy)
        self.stack.setCurrentIndex(index)
        self.stack.adjustSize()

    @property
    def mode(self) -> str:
        return ("summary", "span", "booking")[self.stack.currentIndex()]


class NoticeStrip(QFrame):
    """No-show candidates and waitlist offers, each with its one-click action.

    Always on show at one fixed height: on the left the counts, on the right a line per
    notice (two visible, more scroll), or a grey line saying what will appear here."""

    no_show = Signal(int)  # booking id
    accept = Signal(int)  # waitlist entry id
    decline = Signal(int)
    open_booking = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("noticeStrip")
        self.setStyleSheet(
            "#noticeStrip { background: #fffaf0; border: 1px solid #f1dcb5; border-radius: 8px; }"
            "#noticeStrip[empty=\"true\"] { background: #f7f8fb; border-color: #e3e7ef; }")
        self.setFixedHeight(NOTICE_LINES * NOTICE_LINE + 10)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 6, 4)
        row.setSpacing(12)
        self.counts = QLabel()
        self.counts.setFixedWidth(96)
        self.counts.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        row.addWidget(self.counts)
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setStyleSheet("QScrollArea { background: transparent; }")
        self.scroll.viewport().setAutoFillBackground(False)
        body = QWidget()
        body.setObjectName("noticeBody")
        body.setStyleSheet("#noticeBody { background: transparent; }")
        self.lay = QVBoxLayout(body)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.setSpacing(0)
        self.scroll.setWidget(body)
        row.addWidget(self.scroll, 1)
        self.empty = QLabel()
        self.empty.setObjectName("pageHint")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self.empty.setMinimumHeight(NOTICE_LINES * NOTICE_LINE)
        self.no_show_buttons: dict[int, QPushButton] = {}
        self.accept_buttons: dict[int, QPushButton] = {}
        self.decline_buttons: dict[int, QPushButton] = {}
        self.texts: list[str] = []
        self.count = 0
        self.set_notices([], [], False)

    @property
    def has_notices(self) -> bool:
        return self.count > 0

    def _clear(self) -> None:
        while self.lay.count():
            item = self.lay.takeAt(0)
            w = item.widget()
            if w is not None and w is not self.empty:
                w.deleteLater()
        self.no_show_buttons.clear()
        self.accept_buttons.clear()
        self.decline_buttons.clear()
        self.texts = []

    def _row(self, icon_name: str, color: str, text: str, buttons: list[QPushButton]) -> None:
        row = QWidget()
        row.setFixedHeight(NOTICE_LINE)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        mark = QLabel()
        mark.setPixmap(icon(icon_name, color).pixmap(16, 16))
        lay.addWidget(mark)
        label = QLabel(text)
        label.setTextFormat(Qt.RichText)
        lay.addWidget(label, 1)
        for b in buttons:
            b.setStyleSheet("padding: 1px 10px;")
            b.setFixedHeight(NOTICE_LINE - 3)
            lay.addWidget(b)
        self.lay.addWidget(row)
        self.texts.append(label.text())

    def _more(self, text: str) -> None:
        label = QLabel(text)
        label.setObjectName("pageHint")
        label.setFixedHeight(NOTICE_LINE)
        self.lay.addWidget(label)
        self.texts.append(text)

    def set_notices(self, candidates: list[BookingRow], offers: list[WaitRow], can_edit: bool,
                    grace_minutes: int | None = None) -> None:
        self._clear()
        self.count = len(candidates) + len(offers)
        self.counts.setText(self.tr("<b>노쇼 후보 {0}건</b><br><b>대기 제안 {1}건</b>").format(
            len(candidates), len(offers)))
        self.counts.setStyleSheet("color: #8a5a00;" if self.count else "color: #7a8497;")
        self.texts.append(self.tr("노쇼 후보 {0}건 · 대기 제안 {1}건").format(len(candidates), len(offers)))
        for b in candidates[:MAX_NOTICES]:
            btn = QPushButton(self.tr("노쇼 확정"))
            btn.setEnabled(can_edit)
            btn.clicked.connect(lambda _=False, i=b.id: self.no_show.emit(i))
            show = QPushButton(self.tr("보기"))
            show.clicked.connect(lambda _=False, i=b.id: self.open_booking.emit(i))
            self.no_show_buttons[b.id] = btn
            self._row("warning", "#e0662b", self.tr("노쇼 후보 <b>{0}</b> · {1} {2} ({3}명) — 시작 후 입실하지 "
                                                    "않았습니다").format(b.youth_masked, b.room_name,
                                                                     b.time_text, b.headcount), [show, btn])
        if len(candidates) > MAX_NOTICES:
            self._more(self.tr("… 외 {0}건은 시간표의 주황 점선 블록을 눌러 처리하세요.").format(
                len(candidates) - MAX_NOTICES))
        for w in offers[:MAX_NOTICES]:
            ok = QPushButton(self.tr("예약 확정"))
            ok.setProperty("primary", True)
            ok.setEnabled(can_edit)
            ok.clicked.connect(lambda _=False, i=w.id: self.accept.emit(i))
            nxt = QPushButton(self.tr("다음 대기자"))
            nxt.setEnabled(can_edit)
            nxt.clicked.connect(lambda _=False, i=w.id: self.decline.emit(i))
            self.accept_buttons[w.id] = ok
            self.decline_buttons[w.id] = nxt
            text = self.tr("대기자 <b>{0}</b>에게 {1}–{2} {3} 제안 ({4}명) — 본인 확인 후 확정하세요").format(
                w.youth_masked, f"{w.starts_at:%H:%M}", f"{w.ends_at:%H:%M}", w.room_name, w.headcount)
            self._row("calendar", "#2f6fde", text, [ok, nxt])
        if len(offers) > MAX_NOTICES:
            self._more(self.tr("… 외 대기 제안 {0}건").format(len(offers) - MAX_NOTICES))
        if not self.count:
            grace = self.tr("시작 {0}분이 지나도록").format(grace_minutes) if grace_minutes else \
                self.tr("시작 후 유예 시간이 지나도록")
            self.empty.setText(self.tr("처리할 알림이 없습니다. {0} 입실하지 않은 예약(노쇼 후보)과 빈 시간의 "
                                       "대기 제안이 여기에 나옵니다.").format(grace))
            self.lay.addWidget(self.empty)
            self.empty.setVisible(True)
        else:
            self.empty.setVisible(False)
        self.lay.addStretch(1)
        self.setProperty("empty", not self.count)
        self.style().unpolish(self)
        self.style().polish(self)
