"""The grid both booking views are made of: lanes along a time axis.

``LaneGrid`` holds lanes (a room in the day view, a day in the week view) that run along
a time axis, paints the bookings as blocks (``gui.desk.blocks``), the closed
hours, the past of today and a "now" line, and handles the mouse: dragging over free time
in one lane selects a span snapped to the booking step and stops at the next active
booking; a click on a block emits ``booking_clicked``. ``DayTimeline`` lays the lanes out
as rows (time runs left to right); ``WeekGrid`` lays them out as columns.

The widgets only paint what they were given (DTOs from the services); they never touch
the database, so painting stays fast however busy the facility is. The header and the
gutter stay put while the body scrolls.
"""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from gui.desk.blocks import (
    BlockStyle,
    Lane,
    block_label,
    minute_of,
    paint_block,
    to_time,
    tooltip_html,
)
from models.desk.enums import BookingStatus
from models.rooms.schemas import BookingRow

NOW = "#e53935"
GRID = "#eef1f6"
GRID_HOUR = "#d9dfea"
CLOSED_FILL = "#f2f4f8"
DEFAULT_SPAN = (9 * 60, 18 * 60)  # drawn behind the overlay of a closed day
DRAG_SLOP = 4


class HoverTips:
    """What the scroll-area grids share: the tooltip of what is under the mouse
    (``tooltip_at``), and no hover highlight once the mouse has left. Put it first among
    the bases, before the Qt class."""

    _hover = None

    def tooltip_at(self, pos: QPointF) -> str | None:
        raise NotImplementedError

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hover = None
        self.viewport().update()
        super().leaveEvent(event)

    def viewportEvent(self, event) -> bool:  # noqa: N802
        if event.type() == QEvent.ToolTip:
            text = self.tooltip_at(QPointF(event.pos()))
            if text is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            return True
        return super().viewportEvent(event)


class LaneGrid(HoverTips, QAbstractScrollArea):
    """Lanes of bookings along a time axis. Subclasses decide the orientation."""

    booking_clicked = Signal(int)
    horizontal = True
    gutter = 128  # room names (day) or hour labels (week)
    header = 34
    lane_size = 58  # row height (day) or minimum column width (week)
    lane_max = 86  # rows grow up to this to fill the height (day view)
    min_minute_px = 0.75
    pad = 18  # free room before the first and after the last time line

    def __init__(self, parent=None):
        super().__init__(parent)
        self.lanes: list[Lane] = []
        self.span = DEFAULT_SPAN
        self.step = 30
        self.now: datetime | None = None
        self.show_cancelled = False
        self.editable = True
        self.selected_id: int | None = None
        self.selection: tuple[int, int, int] | None = None  # lane index, start, end (minutes)
        self.overlay_text = ""
        self._px = 1.0  # pixels per minute
        self._lane_px = float(self.lane_size)
        self._press = None
        self._hover: tuple[int, int] | None = None  # lane index, step start
        self.viewport().setMouseTracking(True)
        self.setFrameShape(QAbstractScrollArea.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.setMinimumSize(320, 200)
        self.block_style = BlockStyle(self.font())
        self.f_small, self.f_bold = self.block_style.small, self.block_style.bold

    # -- data ---------------------------------------------------------------------------
    def set_lanes(self, lanes: list[Lane], span: tuple[int, int], step: int,
                  now: datetime | None, overlay: str = "") -> None:
        self.lanes, self.span, self.step, self.now = lanes, span, max(5, step), now
        self.overlay_text = overlay
        self.selection = None
        self._press = None
        self._hover = None
        self._relayout()
        self.viewport().update()

    @property
    def dragging(self) -> bool:
        return self._press is not None

    def set_show_cancelled(self, show: bool) -> None:
        self.show_cancelled = show
        self.viewport().update()

    def set_selected(self, booking_id: int | None) -> None:
        self.selected_id = booking_id
        self.viewport().update()

    def clear_selection(self) -> None:
        self.selection = None
        self.viewport().update()

    def visible_bookings(self, lane: Lane) -> list[BookingRow]:
        shown = [b for b in lane.bookings
                 if self.show_cancelled or b.status != BookingStatus.CANCELLED]
        # history first, so the booking holding the room is painted on top of it
        return sorted(shown, key=lambda b: b.status.active)

    def block_texts(self) -> list[str]:
        """What each painted block says, for tests and accessibility."""
        return [block_label(b) for lane in self.lanes for b in self.visible_bookings(lane)]

    # -- geometry (content coordinates; the viewport shows them shifted by the scroll) -----
    @property
    def minutes(self) -> int:
        return max(self.step, self.span[1] - self.span[0])

    def _relayout(self) -> None:
        vp = self.viewport().size()
        along = (vp.width() if self.horizontal else vp.height()) - self.gutter_size() - 2 * self.pad
        across = (vp.height() if self.horizontal else vp.width()) - self.header_size()
        self._px = max(self.min_minute_px, along / self.minutes) if along > 0 else self.min_minute_px
        n = max(1, len(self.lanes))
        fill = across / n
        self._lane_px = (min(float(self.lane_max), max(float(self.lane_size), fill)) if self.horizontal
                         else max(float(self.lane_size), fill))
        total_along = int(self.gutter_size() + self.minutes * self._px + 2 * self.pad)
        total_across = int(self.header_size() + n * self._lane_px)
        w, h = (total_along, total_across) if self.horizontal else (total_across, total_along)
        self.horizontalScrollBar().setRange(0, max(0, w - vp.width()))
        self.horizontalScrollBar().setPageStep(vp.width())
        self.verticalScrollBar().setRange(0, max(0, h - vp.height()))
        self.verticalScrollBar().setPageStep(vp.height())

    def gutter_size(self) -> int:
        return self.gutter if self.horizontal else self.header

    def header_size(self) -> int:
        return self.header if self.horizontal else self.gutter

    def _scroll(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _along(self, minute: float) -> float:
        return self.gutter_size() + self.pad + (minute - self.span[0]) * self._px

    def rect_for(self, lane: int, start: float, end: float, inset: float = 0) -> QRectF:
        """Viewport rectangle of minutes ``start``–``end`` in lane ``lane``."""
        a0, a1 = self._along(start), self._along(end)
        c0 = self.header_size() + lane * self._lane_px + inset
        c1 = c0 + self._lane_px - 2 * inset
        r = QRectF(QPointF(a0, c0), QPointF(a1, c1)) if self.horizontal else QRectF(
            QPointF(c0, a0), QPointF(c1, a1))
        return r.translated(-self._scroll())

    def block_rect(self, lane: int, b: BookingRow) -> QRectF:
        r = self.rect_for(lane, minute_of(b.starts_at), minute_of(b.ends_at), 5)
        return r.adjusted(1, 0, -1, 0) if self.horizontal else r.adjusted(0, 1, 0, -1)

    def point_for(self, lane: int, minute: int) -> QPoint:
        """Viewport point in the middle of lane ``lane`` at ``minute`` (for drags in tests);
        the pixel is the first one at or after the minute, so it snaps to that minute."""
        r = self.rect_for(lane, minute, minute)
        if self.horizontal:
            return QPoint(math.ceil(r.left() + 0.01), round(r.center().y()))
        return QPoint(round(r.center().x()), math.ceil(r.top() + 0.01))

    def hit(self, pos: QPointF) -> tuple[int, float] | None:
        """(lane index, minute) under a viewport point, or None outside the body."""
        p = pos + self._scroll()
        along, across = (p.x(), p.y()) if self.horizontal else (p.y(), p.x())
        if along < self.gutter_size() + self._scroll_along() or across < self.header_size() + self._scroll_across():
            return None
        lane = int((across - self.header_size()) // self._lane_px)
        if not 0 <= lane < len(self.lanes):
            return None
        minute = self.span[0] + (along - self.gutter_size() - self.pad) / self._px
        if not self.span[0] <= minute < self.span[1]:
            return None
        return lane, minute

    def _scroll_along(self) -> float:
        s = self._scroll()
        return s.x() if self.horizontal else s.y()

    def _scroll_across(self) -> float:
        s = self._scroll()
        return s.y() if self.horizontal else s.x()

    def booking_at(self, pos: QPointF, active_only: bool = False) -> BookingRow | None:
        found = self.hit(pos)
        if found is None:
            return None
        lane = found[0]
        for b in reversed(self.visible_bookings(self.lanes[lane])):
            if (b.status.active or not active_only) and self.block_rect(lane, b).contains(pos):
                return b
        return None

    # -- painting -----------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        self.viewport().update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.Antialiasing)
        vp = QRectF(self.viewport().rect())
        p.fillRect(vp, QColor("white"))
        g, h = self.gutter_size(), self.header_size()
        body = QRectF(g, h, vp.width() - g, vp.height() - h) if self.horizontal else QRectF(
            h, g, vp.width() - h, vp.height() - g)
        p.save()
        p.setClipRect(body)
        self.paint_body(p)
        p.restore()
        p.save()
        p.setClipRect(QRectF(g if self.horizontal else h, 0, vp.width(), body.top()))
        self.paint_header(p)
        p.restore()
        p.save()
        p.setClipRect(QRectF(0, body.top(), body.left(), vp.height()))
        self.paint_gutter(p)
        p.restore()
        p.fillRect(QRectF(0, 0, body.left(), body.top()), QColor("#f7f9fc"))
        p.setPen(QColor(GRID_HOUR))
        p.drawLine(QPointF(0, body.top() - 0.5), QPointF(vp.width(), body.top() - 0.5))
        p.drawLine(QPointF(body.left() - 0.5, 0), QPointF(body.left() - 0.5, vp.height()))
        self.paint_overlay(p, body)
        p.end()

    def paint_body(self, p: QPainter) -> None:
        lo, hi = self.span
        margin = self.pad / self._px
        for i, lane in enumerate(self.lanes):
            full = self.rect_for(i, lo, hi)
            p.fillRect(self.rect_for(i, lo - margin, hi + margin), QColor("#fbfcfe" if i % 2 else "white"))
            if lane.opens is None:
                self._fill_closed(p, full)
            else:
                if lane.opens > lo:
                    self._fill_closed(p, self.rect_for(i, lo, lane.opens))
                if lane.closes < hi:
                    self._fill_closed(p, self.rect_for(i, lane.closes, hi))
            now = self._now_minute(lane)
            if now is not None and now > lo:
                p.fillRect(self.rect_for(i, lo, min(now, hi)), QColor(31, 42, 68, 10))
        self._paint_grid_lines(p)
        if self._hover and self.editable and self._press is None:
            i, m = self._hover
            p.fillRect(self.rect_for(i, m, m + self.step, 5), QColor(47, 111, 222, 22))
        # the now line runs under the blocks (it crossed their text, issue 11 item 8) and
        # shows on a block as a notch at each of its edges
        self._paint_now(p)
        for i, lane in enumerate(self.lanes):
            for b in self.visible_bookings(lane):
                self.paint_block(p, self.block_rect(i, b), b)
            self._paint_now_notches(p, i, lane)
        if self.selection:
            self._paint_selection(p)

    def _fill_closed(self, p: QPainter, r: QRectF) -> None:
        p.fillRect(r, QColor(CLOSED_FILL))
        p.fillRect(r, QBrush(QColor("#e3e7ef"), Qt.BDiagPattern))

    def _paint_grid_lines(self, p: QPainter) -> None:
        lo, hi = self.span
        n = len(self.lanes)
        first = -(-lo // self.step) * self.step
        for m in range(first, hi + 1, self.step):
            p.setPen(QPen(QColor(GRID_HOUR if m % 60 == 0 else GRID), 1))
            a = self._along(m) - self._scroll_along() + 0.5
            c1 = self.header_size() + n * self._lane_px - self._scroll_across()
            c0 = self.header_size() - self._scroll_across()
            if self.horizontal:
                p.drawLine(QPointF(a, c0), QPointF(a, c1))
            else:
                p.drawLine(QPointF(c0, a), QPointF(c1, a))
        p.setPen(QPen(QColor(GRID), 1))
        for i in range(1, n + 1):
            c = self.header_size() + i * self._lane_px - self._scroll_across() - 0.5
            a0, a1 = self._along(lo) - self._scroll_along(), self._along(hi) - self._scroll_along()
            if self.horizontal:
                p.drawLine(QPointF(a0, c), QPointF(a1, c))
            else:
                p.drawLine(QPointF(c, a0), QPointF(c, a1))

    def paint_block(self, p: QPainter, r: QRectF, b: BookingRow) -> None:
        paint_block(p, r, b, self.block_style, horizontal=self.horizontal,
                    selected=b.id == self.selected_id)

    def _paint_selection(self, p: QPainter) -> None:
        i, a, b = self.selection
        r = self.rect_for(i, a, b, 5)
        p.setBrush(QColor(47, 111, 222, 40))
        p.setPen(QPen(QColor("#2f6fde"), 1.5, Qt.DashLine))
        p.drawRoundedRect(r, 6, 6)
        p.setPen(QColor("#1b3c86"))
        p.setFont(self.f_bold)
        label = f"{to_time(a):%H:%M}–{to_time(b):%H:%M}"
        if QFontMetrics(self.f_bold).horizontalAdvance(label) < r.width() - 8:
            p.drawText(r, Qt.AlignCenter, label)

    def _now_minute(self, lane: Lane) -> float | None:
        if self.now is None or self.now.date() != lane.day:
            return None
        return self.now.hour * 60 + self.now.minute + self.now.second / 60

    def _paint_now(self, p: QPainter) -> None:
        for i, lane in enumerate(self.lanes):
            m = self._now_minute(lane)
            if m is None or not self.span[0] <= m <= self.span[1]:
                continue
            r = self.rect_for(i, m, m)
            p.setPen(QPen(QColor(NOW), 2))
            if self.horizontal:
                p.drawLine(QPointF(r.left(), r.top()), QPointF(r.left(), r.bottom()))
            else:
                p.drawLine(QPointF(r.left(), r.top()), QPointF(r.right(), r.top()))

    def _paint_now_notches(self, p: QPainter, i: int, lane: Lane) -> None:
        m = self._now_minute(lane)
        if m is None or not self.span[0] <= m <= self.span[1]:
            return
        p.setPen(QPen(QColor(NOW), 2))
        for b in self.visible_bookings(lane):
            if not minute_of(b.starts_at) < m < minute_of(b.ends_at):
                continue
            r, a = self.block_rect(i, b), self.rect_for(i, m, m)
            if self.horizontal:
                x = a.left()
                p.drawLine(QPointF(x, r.top()), QPointF(x, r.top() + 5))
                p.drawLine(QPointF(x, r.bottom() - 5), QPointF(x, r.bottom()))
            else:
                y = a.top()
                p.drawLine(QPointF(r.left(), y), QPointF(r.left() + 5, y))
                p.drawLine(QPointF(r.right() - 5, y), QPointF(r.right(), y))

    def paint_header(self, p: QPainter) -> None:
        """Time labels (day view) or day titles (week view)."""

    def paint_gutter(self, p: QPainter) -> None:
        """Room names (day view) or time labels (week view)."""

    def paint_overlay(self, p: QPainter, body: QRectF) -> None:
        text = self.overlay_text
        if not text:
            return
        p.setFont(self.f_bold)
        fm = QFontMetrics(self.f_bold)
        box = QRectF(0, 0, min(body.width() - 40, fm.horizontalAdvance(text) + 48), fm.height() * 2 + 24)
        box.moveCenter(body.center())
        p.setPen(QPen(QColor("#c8d1e1"), 1))
        p.setBrush(QColor(255, 255, 255, 235))
        p.drawRoundedRect(box, 10, 10)
        p.setPen(QColor("#44506a"))
        p.drawText(box, Qt.AlignCenter | Qt.TextWordWrap, text)

    # -- mouse --------------------------------------------------------------------------
    def _snap(self, minute: float) -> int:
        return int(minute // self.step * self.step)

    def _limits(self, lane: Lane, anchor: int) -> tuple[int, int] | None:
        """The free stretch around the step at ``anchor``, or None when it is taken."""
        if lane.opens is None or not lane.opens <= anchor < lane.closes:
            return None
        lo, hi = lane.opens, lane.closes
        for s, e in lane.active_spans():
            if s < anchor + self.step and e > anchor:
                return None
            if e <= anchor:
                lo = max(lo, e)
            elif s >= anchor + self.step:
                hi = min(hi, s)
        return lo, hi

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position()
        found = self.hit(pos)
        self._press = None
        if found is None:
            return
        lane_i, minute = found
        block = self.booking_at(pos, active_only=True)
        if block is not None:
            self._press = ("block", pos, block.id)
            return
        history = self.booking_at(pos)
        anchor = self._snap(minute)
        limits = self._limits(self.lanes[lane_i], anchor) if self.editable else None
        self._press = ("free", pos, history.id if history else None, lane_i, anchor, limits)
        if limits is not None:
            self.selection = (lane_i, anchor, anchor + self.step)
            self.viewport().update()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        press = self._press
        if press is None:
            self._update_hover(pos)
            return
        if press[0] != "free" or press[5] is None:
            return
        _, _, _, lane_i, anchor, (lo, hi) = press
        p = pos + self._scroll()
        along = p.x() if self.horizontal else p.y()
        minute = self.span[0] + (along - self.gutter_size() - self.pad) / self._px
        cell = self._snap(minute)
        start = max(lo, min(anchor, cell))
        end = min(hi, max(anchor, cell) + self.step)
        self.selection = (lane_i, start, end)
        self.viewport().update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        press, self._press = self._press, None
        if press is None or event.button() != Qt.LeftButton:
            return
        moved = (event.position() - press[1]).manhattanLength() > DRAG_SLOP
        if press[0] == "block":
            if not moved:
                self.booking_clicked.emit(press[2])
            return
        history_id, limits = press[2], press[5]
        if history_id is not None and not moved:
            self.selection = None
            self.viewport().update()
            self.booking_clicked.emit(history_id)
            return
        if limits is None or self.selection is None:
            return
        lane_i, start, end = self.selection
        self.emit_span(self.lanes[lane_i], start, end)

    def emit_span(self, lane: Lane, start: int, end: int) -> None:
        raise NotImplementedError

    def _update_hover(self, pos: QPointF) -> None:
        found = self.hit(pos)
        block = self.booking_at(pos) if found else None
        self.viewport().setCursor(Qt.PointingHandCursor if block else Qt.ArrowCursor)
        hover = None
        if found and block is None:
            cell = self._snap(found[1])
            if self._limits(self.lanes[found[0]], cell) is not None:
                hover = (found[0], cell)
        if hover != self._hover:
            self._hover = hover
            self.viewport().update()

    def tooltip_at(self, pos: QPointF) -> str | None:
        b = self.booking_at(pos)
        return None if b is None else tooltip_html(b)
