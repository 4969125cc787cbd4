"""The week of AI-interview booth slots: seven day columns, one sub-column per booth,
time running down.

Unlike rooms, booths are booked in fixed slots, so the grid paints the published slots
(``SlotRow`` DTOs from ``services.booth_slots.week``) as blocks coloured by
``SlotRow.display`` and a click selects one slot; nothing is dragged. It borrows the
room grids' colours, fonts and warning mark (``gui.desk.blocks`` /
``lane_grid``) so both screens read alike:

- free: light, "예약 가능" (a slot that is over is greyed out);
- booked: blue, masked name and session type; attended: green; no-show: red;
- blocked: grey and hatched, with the reason;
- a no-show candidate (booked, not checked in after the grace period) gets a dashed
  orange outline and a warning mark.

A day without slots (weekend, closure) shrinks to a narrow column, so the open days get
the width; the time labels in the gutter are the slots' own start times. The widget
only paints what it was given and never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QAbstractScrollArea

from gui.booths.slot_blocks import (
    HATCH,
    PALETTE,
    PAST_FREE,
    SELECTED,
    TODAY_FILL,
    short_booth,
    slot_lines,
    slot_tooltip,
)
from gui.desk.blocks import WARN, WEEKDAYS, BlockStyle, minute_of
from gui.desk.lane_grid import GRID, GRID_HOUR, NOW, HoverTips
from models.booths.schemas import SlotRow


@dataclass
class DayCol:
    day: date
    left: float  # content x
    width: float
    has_slots: bool


class SlotGrid(HoverTips, QAbstractScrollArea):
    """All booths of a facility for one week. Click a slot to select it."""

    slot_clicked = Signal(int)  # slot id
    gutter = 46  # slot start times
    header = 44  # day titles, then booth names
    collapsed = 40  # a day without slots
    min_booth = 50
    min_px = 0.62  # pixels per minute
    max_px = 1.5
    pad = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("slotGrid")
        self.monday: date | None = None
        self.booths: list[tuple[int, str]] = []
        self.slots: list[SlotRow] = []
        self.now: datetime | None = None
        self.selected_id: int | None = None
        self.selected_day: date | None = None
        self.cols: list[DayCol] = []
        self.span = (9 * 60, 18 * 60)
        self._booth_px = float(self.min_booth)
        self._px = 1.0
        self._hover: int | None = None
        self._press: int | None = None
        self.viewport().setMouseTracking(True)
        self.setFrameShape(QAbstractScrollArea.NoFrame)
        self.setMinimumSize(320, 180)
        self.block_style = BlockStyle(self.font())
        self.f_small, self.f_bold = self.block_style.small, self.block_style.bold

    # -- data ---------------------------------------------------------------------------
    def set_week(self, monday: date, booths: list[tuple[int, str]], slots: list[SlotRow],
                 now: datetime | None, selected_day: date | None = None) -> None:
        self.monday, self.booths, self.slots, self.now = monday, booths, slots, now
        self.selected_day = selected_day
        if slots:
            lo = min(minute_of(s.starts_at) for s in slots)
            hi = max(minute_of(s.ends_at) if s.ends_at.date() == s.starts_at.date() else 24 * 60
                     for s in slots)
            self.span = (lo // 60 * 60, -(-hi // 60) * 60)
        else:
            self.span = (9 * 60, 18 * 60)
        self._hover = self._press = None
        self._relayout()
        self.viewport().update()

    def set_selected(self, slot_id: int | None, day: date | None = None) -> None:
        self.selected_id = slot_id
        if day is not None:
            self.selected_day = day
        self.viewport().update()

    def slot(self, slot_id: int) -> SlotRow | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def block_texts(self, slot_id: int) -> list[str]:
        """The lines the block of ``slot_id`` shows (for tests and accessibility)."""
        s = self.slot(slot_id)
        return [t for t, _ in slot_lines(s, self._past(s)) if t] if s else []

    def candidate_ids(self) -> list[int]:
        """Slots painted with the no-show warning mark."""
        return [s.id for s in self.slots if s.no_show_candidate]

    # -- geometry -----------------------------------------------------------------------
    def _days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)] if self.monday else []

    def _relayout(self) -> None:
        vp = self.viewport().size()
        days = self._days()
        with_slots = {s.starts_at.date() for s in self.slots}
        n = max(1, len(self.booths))
        open_days = [d for d in days if d in with_slots]
        closed = len(days) - len(open_days)
        room = vp.width() - self.gutter - closed * self.collapsed
        self._booth_px = max(float(self.min_booth), room / max(1, len(open_days) * n)) if open_days \
            else 0.0
        closed_w = self.collapsed if open_days else max(float(self.collapsed), (vp.width() - self.gutter) / 7)
        x = float(self.gutter)
        self.cols = []
        for d in days:
            w = self._booth_px * n if d in with_slots else closed_w
            self.cols.append(DayCol(d, x, w, d in with_slots))
            x += w
        minutes = max(60, self.span[1] - self.span[0])
        along = vp.height() - self.header - 2 * self.pad
        self._px = min(self.max_px, max(self.min_px, along / minutes))
        total_h = int(self.header + minutes * self._px + 2 * self.pad)
        self.horizontalScrollBar().setRange(0, max(0, int(x) - vp.width()))
        self.horizontalScrollBar().setPageStep(vp.width())
        self.verticalScrollBar().setRange(0, max(0, total_h - vp.height()))
        self.verticalScrollBar().setPageStep(vp.height())

    def _scroll(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def _y(self, minute: float) -> float:
        return self.header + self.pad + (minute - self.span[0]) * self._px - self._scroll().y()

    def _col(self, day: date) -> DayCol | None:
        return next((c for c in self.cols if c.day == day), None)

    def slot_rect(self, s: SlotRow) -> QRectF:
        """Viewport rectangle of a slot's block (empty when its day or booth is not shown)."""
        col = self._col(s.starts_at.date())
        index = next((i for i, (rid, _) in enumerate(self.booths) if rid == s.room_id), None)
        if col is None or index is None or not col.has_slots:
            return QRectF()
        left = col.left + index * self._booth_px - self._scroll().x()
        end = minute_of(s.ends_at) if s.ends_at.date() == s.starts_at.date() else 24 * 60
        return QRectF(left + 2, self._y(minute_of(s.starts_at)) + 1, self._booth_px - 4,
                      (end - minute_of(s.starts_at)) * self._px - 2)

    def slot_pos(self, slot_id: int) -> QPoint:
        """The middle of a slot's block, in viewport coordinates (for clicks in tests)."""
        s = self.slot(slot_id)
        if s is None:
            raise KeyError(slot_id)
        return self.slot_rect(s).center().toPoint()

    def slot_at(self, pos: QPointF) -> SlotRow | None:
        if pos.y() < self.header or pos.x() < self.gutter:
            return None
        return next((s for s in self.slots if self.slot_rect(s).contains(pos)), None)

    def _past(self, s: SlotRow) -> bool:
        return self.now is not None and s.ends_at <= self.now

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
        body = QRectF(self.gutter, self.header, vp.width() - self.gutter, vp.height() - self.header)
        p.save()
        p.setClipRect(body)
        self._paint_body(p, body)
        p.restore()
        p.save()
        p.setClipRect(QRectF(self.gutter, 0, vp.width(), self.header))
        self._paint_header(p)
        p.restore()
        p.save()
        p.setClipRect(QRectF(0, self.header, self.gutter, vp.height()))
        self._paint_gutter(p)
        p.restore()
        p.fillRect(QRectF(0, 0, self.gutter, self.header), QColor("#f7f9fc"))
        p.setPen(QColor(GRID_HOUR))
        p.drawLine(QPointF(0, self.header - 0.5), QPointF(vp.width(), self.header - 0.5))
        p.drawLine(QPointF(self.gutter - 0.5, 0), QPointF(self.gutter - 0.5, vp.height()))
        p.end()

    def _paint_body(self, p: QPainter, body: QRectF) -> None:
        sx = self._scroll().x()
        top, bottom = self._y(self.span[0]) - self.pad, self._y(self.span[1]) + self.pad
        for c in self.cols:
            r = QRectF(c.left - sx, top, c.width, bottom - top)
            if not c.has_slots:
                p.fillRect(r, QColor("#f4f6fa"))
                p.fillRect(r, QBrush(QColor("#e6e9f0"), Qt.BDiagPattern))
            elif self.now is not None and c.day == self.now.date():
                p.fillRect(r, QColor(TODAY_FILL))
        for m in range(self.span[0], self.span[1] + 1, 60):
            p.setPen(QPen(QColor(GRID_HOUR), 1))
            y = round(self._y(m)) + 0.5
            p.drawLine(QPointF(body.left(), y), QPointF(self.cols[-1].left + self.cols[-1].width - sx
                                                         if self.cols else body.right(), y))
        for c in self.cols:
            x = c.left - sx
            if c.has_slots:
                p.setPen(QPen(QColor(GRID), 1))
                for i in range(1, len(self.booths)):
                    bx = round(x + i * self._booth_px) + 0.5
                    p.drawLine(QPointF(bx, top), QPointF(bx, bottom))
            p.setPen(QPen(QColor("#c3cbdb"), 1))
            p.drawLine(QPointF(round(x + c.width) - 0.5, 0), QPointF(round(x + c.width) - 0.5, bottom))
        # the now line runs under the slots (it crossed their text, issue 11 item 8); on a
        # slot it shows as a notch at each side
        self._paint_now(p)
        for s in self.slots:
            self._paint_slot(p, s)
        self._paint_now_notches(p)

    def _paint_slot(self, p: QPainter, s: SlotRow) -> None:
        r = self.slot_rect(s)
        if r.isEmpty():
            return
        past = self._past(s)
        fill, accent, ink = PAST_FREE if (past and s.display == "free") else PALETTE[s.display]
        hover = self._hover == s.id
        p.setPen(QPen(QColor(accent), 1) if s.display in ("free", "blocked") else Qt.NoPen)
        p.setBrush(QColor("#e4edff") if hover and s.display == "free" and not past else QColor(fill))
        p.drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        if s.display == "blocked":
            p.setBrush(QBrush(QColor(HATCH), Qt.BDiagPattern))
            p.drawRoundedRect(r, 5, 5)
        elif s.display != "free":
            p.setPen(Qt.NoPen)
            p.setBrush(QColor(accent))
            p.drawRoundedRect(QRectF(r.left(), r.top(), r.width(), 3), 1.5, 1.5)
        p.setBrush(Qt.NoBrush)
        if s.no_show_candidate:
            p.setPen(QPen(QColor(WARN), 2, Qt.DashLine))
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 5, 5)
        if s.id == self.selected_id:
            p.setPen(QPen(QColor(SELECTED), 2))
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 5, 5)
        elif hover and not (past and s.display == "free"):
            p.setPen(QPen(QColor(accent if s.display != "free" else "#2f6fde"), 1.5))
            p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 5, 5)
        text = r.adjusted(5, 4, -2, -1)
        if s.no_show_candidate:
            self._paint_badge(p, r)
        if text.width() < 14 or text.height() < 10:
            return
        y = text.top()
        p.setPen(QColor(ink))
        for i, (line, bold) in enumerate(slot_lines(s, past)):
            font = self.f_bold if bold else self.f_small
            fm = QFontMetrics(font)
            if y + fm.height() > text.bottom() + 2:
                break
            width = text.width() - (12 if i == 0 and s.no_show_candidate else 0)
            if not line or (i and fm.horizontalAdvance(line) > width):
                continue
            p.setFont(font)
            p.drawText(QRectF(text.left(), y, width, fm.height()), Qt.AlignLeft | Qt.AlignTop,
                       fm.elidedText(line, Qt.ElideRight, int(width)))
            y += fm.height() + 1

    def _paint_badge(self, p: QPainter, r: QRectF) -> None:
        """The no-show candidate's mark: an orange "!" in the block's top-right corner."""
        c = QPointF(r.right() - 7, r.top() + 9)
        p.setPen(QPen(QColor("white"), 1.5))
        p.setBrush(QColor(WARN))
        p.drawEllipse(c, 6.5, 6.5)
        p.setFont(self.f_bold)
        p.drawText(QRectF(c.x() - 6, c.y() - 7, 12, 14), Qt.AlignCenter, "!")

    def _paint_now(self, p: QPainter) -> None:
        if self.now is None:
            return
        col = self._col(self.now.date())
        m = self.now.hour * 60 + self.now.minute + self.now.second / 60
        if col is None or not self.span[0] <= m <= self.span[1]:
            return
        x = col.left - self._scroll().x()
        y = self._y(m)
        p.setPen(QPen(QColor(NOW), 2))
        p.drawLine(QPointF(x, y), QPointF(x + col.width, y))
        p.setBrush(QColor(NOW))
        p.drawEllipse(QPointF(x + 3, y), 3.5, 3.5)

    def _paint_now_notches(self, p: QPainter) -> None:
        if self.now is None or self._col(self.now.date()) is None:
            return
        m = self.now.hour * 60 + self.now.minute + self.now.second / 60
        if not self.span[0] <= m <= self.span[1]:
            return
        y = self._y(m)
        p.setPen(QPen(QColor(NOW), 2))
        for s in self.slots:
            if s.starts_at <= self.now < s.ends_at:
                r = self.slot_rect(s)
                if not r.isEmpty():
                    p.drawLine(QPointF(r.left(), y), QPointF(r.left() + 5, y))
                    p.drawLine(QPointF(r.right() - 5, y), QPointF(r.right(), y))

    def _paint_header(self, p: QPainter) -> None:
        sx = self._scroll().x()
        fm_b, fm_s = QFontMetrics(self.f_bold), QFontMetrics(self.f_small)
        for c in self.cols:
            r = QRectF(c.left - sx, 0, c.width, self.header)
            today = self.now is not None and self.now.date() == c.day
            chosen = self.selected_day == c.day
            if chosen:
                p.fillRect(r.adjusted(2, 3, -2, -2), QColor("#e4edff"))
            title = f"{WEEKDAYS[c.day.weekday()]} {c.day:%m/%d}"
            if today and c.width > fm_b.horizontalAdvance(title + " · 오늘") + 8:
                title += " · 오늘"
            if fm_b.horizontalAdvance(title) > c.width - 4:
                title = WEEKDAYS[c.day.weekday()]  # a narrow day: the weekday, the date under it
            p.setFont(self.f_bold)
            p.setPen(QColor(NOW if today else ("#1f2a44" if c.has_slots else "#8a93a6")))
            p.drawText(QRectF(r.left() + 2, 4, r.width() - 4, fm_b.height()), Qt.AlignHCenter,
                       fm_b.elidedText(title, Qt.ElideRight, int(r.width() - 4)))
            p.setFont(self.f_small)
            p.setPen(QColor("#5b6781"))
            y = 6 + fm_b.height()
            if c.has_slots:
                for i, (_rid, name) in enumerate(self.booths):
                    br = QRectF(r.left() + i * self._booth_px + 2, y, self._booth_px - 4, fm_s.height())
                    p.drawText(br, Qt.AlignHCenter, fm_s.elidedText(short_booth(name), Qt.ElideRight,
                                                                    int(br.width())))
            else:
                p.setPen(QColor("#8a93a6"))
                text = f"{c.day:%m/%d}" if title == WEEKDAYS[c.day.weekday()] else "회차 없음"
                p.drawText(QRectF(r.left(), y, r.width(), fm_s.height()), Qt.AlignHCenter,
                           fm_s.elidedText(text, Qt.ElideRight, int(r.width() - 2)))
            p.setPen(QColor("#c3cbdb"))
            p.drawLine(QPointF(r.right() - 0.5, 0), QPointF(r.right() - 0.5, self.header))

    def _paint_gutter(self, p: QPainter) -> None:
        p.setFont(self.f_small)
        p.setPen(QColor("#5b6781"))
        fm = QFontMetrics(self.f_small)
        last = -1e9
        for m in sorted({minute_of(s.starts_at) for s in self.slots} or set(range(*self.span, 60))):
            y = self._y(m)
            if y - last < fm.height():
                continue
            p.drawText(QRectF(0, y - 1, self.gutter - 8, fm.height()), Qt.AlignRight | Qt.AlignTop,
                       f"{m // 60:02d}:{m % 60:02d}")
            last = y

    # -- mouse --------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.LeftButton:
            return super().mousePressEvent(event)
        s = self.slot_at(event.position())
        self._press = s.id if s else None

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        press, self._press = self._press, None
        if press is None or event.button() != Qt.LeftButton:
            return
        s = self.slot_at(event.position())
        if s is not None and s.id == press:
            self.slot_clicked.emit(s.id)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        s = self.slot_at(event.position())
        hover = s.id if s else None
        self.viewport().setCursor(Qt.PointingHandCursor if s else Qt.ArrowCursor)
        if hover != self._hover:
            self._hover = hover
            self.viewport().update()

    def tooltip_at(self, pos: QPointF) -> str | None:
        s = self.slot_at(pos)
        return None if s is None else slot_tooltip(s, self._past(s))
