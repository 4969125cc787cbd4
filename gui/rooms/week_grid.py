"""The week of one room: seven day columns, time running down.

It shares the blocks, colours, drag and click behaviour of ``gui.desk.lane_grid.LaneGrid``;
only the orientation differs. A closed day (holiday, closure, regular day off) is shaded
and names its reason.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter

from gui.desk.blocks import WEEKDAYS, Lane, minute_of, to_time
from gui.desk.lane_grid import DEFAULT_SPAN, GRID, NOW, LaneGrid
from models.desk.schemas import OpenDay
from models.rooms.schemas import BookingRow, RoomLane


class WeekGrid(LaneGrid):
    """One room for seven days. Drag down a day column to select a span."""

    span_selected = Signal(int, object, object, object)  # room id, day, start, end
    horizontal = False
    gutter = 56  # hour labels
    header = 46  # day titles
    lane_size = 96  # minimum column width
    min_minute_px = 0.6
    pad = 10

    def __init__(self, parent=None):
        super().__init__(parent)
        self.room: RoomLane | None = None
        self.days: list[OpenDay] = []
        self.setObjectName("weekGrid")

    def set_week(self, room: RoomLane | None, days: list[OpenDay], step: int,
                 bookings: list[BookingRow], now: datetime | None = None) -> None:
        self.room, self.days = room, list(days)
        by_day: dict[date, list[BookingRow]] = {d.day: [] for d in days}
        for b in bookings:
            by_day.setdefault(b.starts_at.date(), []).append(b)
        lanes = []
        for d in days:
            closed = d.opens is None or d.closed_reason is not None
            lanes.append(Lane(d.day, f"{WEEKDAYS[d.day.weekday()]} {d.day:%m/%d}",
                              d.closed_reason or "", d.day,
                              None if closed else minute_of(d.opens),
                              None if closed else minute_of(d.closes), d.closed_reason,
                              by_day.get(d.day, [])))
        open_lanes = [ln for ln in lanes if ln.opens is not None]
        span = (min(ln.opens for ln in open_lanes), max(ln.closes for ln in open_lanes)) \
            if open_lanes else DEFAULT_SPAN
        overlay = "" if room else self.tr("예약할 수 있는 공간이 없습니다.")
        if room and not open_lanes:
            overlay = self.tr("이번 주는 운영하는 날이 없습니다.")
        self.set_lanes(lanes, span, step, now, overlay)

    @staticmethod
    def monday_of(day: date) -> date:
        return day - timedelta(days=day.weekday())

    def pos_for(self, day: date, at: time) -> QPoint:
        i = next(i for i, lane in enumerate(self.lanes) if lane.key == day)
        return self.point_for(i, minute_of(at))

    def block_pos(self, booking_id: int) -> QPoint:
        for i, lane in enumerate(self.lanes):
            for b in lane.bookings:
                if b.id == booking_id:
                    return self.block_rect(i, b).center().toPoint()
        raise KeyError(booking_id)

    def emit_span(self, lane: Lane, start: int, end: int) -> None:
        if self.room is not None:
            self.span_selected.emit(self.room.id, lane.key, to_time(start), to_time(end))

    def paint_header(self, p: QPainter) -> None:
        sx = self._scroll_across()
        fm_b, fm_s = QFontMetrics(self.f_bold), QFontMetrics(self.f_small)
        for i, lane in enumerate(self.lanes):
            left = self.gutter + i * self._lane_px - sx
            r = QRectF(left, 0, self._lane_px, self.header)
            today = self.now is not None and self.now.date() == lane.day
            if today:
                p.fillRect(r.adjusted(2, 3, -2, -3), QColor("#e4edff"))
            weekend = lane.day.weekday() >= 5 or lane.closed_reason
            p.setFont(self.f_bold)
            p.setPen(QColor(NOW if today else ("#a0536a" if weekend else "#1f2a44")))
            p.drawText(QRectF(r.left(), 5, r.width(), fm_b.height()), Qt.AlignHCenter, lane.title)
            if lane.closed_reason:
                p.setFont(self.f_small)
                p.setPen(QColor("#7a859c"))
                p.drawText(QRectF(r.left() + 2, 5 + fm_b.height(), r.width() - 4, fm_s.height()),
                           Qt.AlignHCenter, fm_s.elidedText(lane.closed_reason, Qt.ElideRight,
                                                            int(r.width() - 4)))
            p.setPen(QColor(GRID))
            p.drawLine(QPointF(r.right() - 0.5, 0), QPointF(r.right() - 0.5, self.header))

    def paint_gutter(self, p: QPainter) -> None:
        lo, hi = self.span
        sy = self._scroll_along()
        p.setFont(self.f_small)
        p.setPen(QColor("#5b6781"))
        for m in range(-(-lo // 60) * 60, hi + 1, 60):
            y = self._along(m) - sy
            p.drawText(QRectF(0, y - 8, self.gutter - 8, 16), Qt.AlignRight | Qt.AlignVCenter,
                       f"{m // 60:02d}:00")

    def paint_body(self, p: QPainter) -> None:
        super().paint_body(p)
        p.setFont(self.f_small)
        for i, lane in enumerate(self.lanes):
            if lane.opens is None and lane.closed_reason:
                r = self.rect_for(i, *self.span).adjusted(6, 0, -6, 0)
                p.setPen(QColor("#7a859c"))
                p.drawText(r, Qt.AlignCenter | Qt.TextWordWrap, lane.closed_reason)
