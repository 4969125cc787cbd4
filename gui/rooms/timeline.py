"""The day timeline of room bookings: rows are rooms, columns are time over the opening
hours in the facility's booking step, a header with the hours and a "now" line when the
day is today. Study rooms come first, then meeting rooms, then counselling rooms.

Drag over free time in one row to select a span (``span_selected(room_id, start, end)``);
click a block for ``booking_clicked(booking_id)``. A closed day shows its reason over the
grid. The machinery is in ``gui.desk.lane_grid``.
"""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter

from gui.desk.blocks import Lane, day_text, minute_of, to_time
from gui.desk.lane_grid import DEFAULT_SPAN, GRID, NOW, LaneGrid
from models.facilities.enums import RoomKind
from models.rooms.schemas import BookingRow, DayView

ROOM_ORDER = {RoomKind.STUDY_ROOM: 0, RoomKind.MEETING_ROOM: 1, RoomKind.COUNSELING_ROOM: 2}


class DayTimeline(LaneGrid):
    """One day of a facility: a row per room, time left to right."""

    span_selected = Signal(int, object, object)  # room id, start time, end time
    header = 48  # the hour labels, and under them the now badge

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view: DayView | None = None
        self.setObjectName("dayTimeline")

    def set_view(self, view: DayView, now: datetime | None = None) -> None:
        """Show ``view``; ``now`` (Asia/Seoul) draws the now line when the day is today."""
        self.view = view
        closed = view.opens is None or view.closed_reason is not None
        opens = None if closed else minute_of(view.opens)
        closes = None if closed else minute_of(view.closes)
        by_room: dict[int, list[BookingRow]] = {r.id: [] for r in view.rooms}
        for b in view.bookings:
            by_room.setdefault(b.room_id, []).append(b)
        rooms = sorted(view.rooms, key=lambda r: (ROOM_ORDER.get(r.kind, 9), r.name))
        lanes = [Lane(r.id, r.name, f"{r.kind.label} · {r.capacity}인", view.day, opens, closes,
                      view.closed_reason, by_room[r.id]) for r in rooms]
        span = (opens, closes) if not closed else DEFAULT_SPAN
        if closed:
            overlay = self.tr("{0} 휴관 — {1}").format(
                day_text(view.day), view.closed_reason or self.tr("운영하지 않는 날"))
        elif not view.rooms:
            overlay = self.tr("예약할 수 있는 공간이 없습니다. 시설 관리에서 스터디룸·회의실을 추가하세요.")
        else:
            overlay = ""
        self.set_lanes(lanes, span, view.step_minutes, now, overlay)

    def lane_index(self, room_id: int) -> int:
        return next(i for i, lane in enumerate(self.lanes) if lane.key == room_id)

    def pos_for(self, room_id: int, at: time) -> QPoint:
        """Viewport point on the row of ``room_id`` at time ``at`` (send mouse events to
        ``viewport()``)."""
        return self.point_for(self.lane_index(room_id), minute_of(at))

    def block_pos(self, booking_id: int) -> QPoint:
        for i, lane in enumerate(self.lanes):
            for b in lane.bookings:
                if b.id == booking_id:
                    return self.block_rect(i, b).center().toPoint()
        raise KeyError(booking_id)

    def selected_span(self) -> tuple[int, time, time] | None:
        if self.selection is None:
            return None
        i, a, b = self.selection
        return self.lanes[i].key, to_time(a), to_time(b)

    def select_span(self, room_id: int, start: time, end: time) -> None:
        self.selection = (self.lane_index(room_id), minute_of(start), minute_of(end))
        self.viewport().update()

    def emit_span(self, lane: Lane, start: int, end: int) -> None:
        self.span_selected.emit(lane.key, to_time(start), to_time(end))

    def paint_header(self, p: QPainter) -> None:
        lo, hi = self.span
        p.setFont(self.f_small)
        p.setPen(QColor("#5b6781"))
        sx = self._scroll_along()
        right = self.viewport().width()
        fm = QFontMetrics(self.f_small)
        label_h, half = fm.height() + 4, fm.horizontalAdvance("00:00") / 2 + 4
        drawn = self.gutter  # the right end of the last label: a clamped one must not cover it
        for m in range(-(-lo // 60) * 60, hi + 1, 60):
            x = self._along(m) - sx
            left = min(max(x - half, self.gutter + 3), right - 2 * half - 3)
            if left < drawn or x < self.gutter - half or x > right + half:
                continue  # scrolled out of sight, or it would overlap its neighbour
            p.drawText(QRectF(left, 3, 2 * half, label_h), Qt.AlignCenter, f"{m // 60:02d}:00")
            drawn = left + 2 * half
        if self.lanes:
            m = self._now_minute(self.lanes[0])
            if m is not None and lo <= m <= hi:
                # under the hour labels, where the now line starts: it covered the hour
                # label and was clipped at the top (issue 11, item 8)
                x = self._along(m) - sx
                label = f"{int(m) // 60:02d}:{int(m) % 60:02d}"
                fm = QFontMetrics(self.f_small)
                w, h = fm.horizontalAdvance(label) + 14, fm.height() + 2
                left = min(max(x - w / 2, self.gutter + 1), right - w - 1)
                pill = QRectF(left, self.header - h - 2, w, h)
                p.setPen(Qt.NoPen)
                p.setBrush(QColor(NOW))
                p.drawRoundedRect(pill, h / 2, h / 2)
                p.setPen(QColor("white"))
                p.drawText(pill, Qt.AlignCenter, label)

    def paint_gutter(self, p: QPainter) -> None:
        sy = self._scroll_across()
        fm_b, fm_s = QFontMetrics(self.f_bold), QFontMetrics(self.f_small)
        for i, lane in enumerate(self.lanes):
            top = self.header + i * self._lane_px - sy
            r = QRectF(14, top, self.gutter - 20, self._lane_px)
            p.setPen(QColor("#1f2a44"))
            p.setFont(self.f_bold)
            block = fm_b.height() + fm_s.height()
            y0 = r.top() + (r.height() - block) / 2
            p.drawText(QRectF(r.left(), y0, r.width(), fm_b.height()), Qt.AlignLeft,
                       fm_b.elidedText(lane.title, Qt.ElideRight, int(r.width())))
            p.setFont(self.f_small)
            p.setPen(QColor("#7a859c"))
            p.drawText(QRectF(r.left(), y0 + fm_b.height(), r.width(), fm_s.height()), Qt.AlignLeft,
                       fm_s.elidedText(lane.subtitle, Qt.ElideRight, int(r.width())))
            p.setPen(QColor(GRID))
            p.drawLine(QPointF(0, top + self._lane_px - 0.5), QPointF(self.gutter, top + self._lane_px - 0.5))
