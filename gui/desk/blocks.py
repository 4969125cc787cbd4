"""How one booking looks in the grids: colours by status, the rounded block with its text,
and the tooltip. Shared by the day timeline, the week grid and the side panel's chips.

- booked: blue; checked in: green; no-show: orange; cancelled: grey and hatched;
- a no-show candidate (booked, not checked in after the grace period) keeps its blue but
  gets a dashed orange outline and a warning icon;
- a block too narrow for "김*수 · 2명" shows the name, its end time ("~13:30", or the whole
  span when it fits) and its status with the headcount, each on a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from gui.common.icons import icon
from models.desk.enums import BookingStatus
from models.rooms.schemas import BookingRow

# fill, accent (left bar and border), text
STATUS_COLORS = {
    BookingStatus.BOOKED: ("#e4edff", "#2f6fde", "#1b3c86"),
    BookingStatus.CHECKED_IN: ("#dcf3e5", "#2e9d5b", "#155a35"),
    BookingStatus.NO_SHOW: ("#ffe8db", "#e0662b", "#8a3511"),
    BookingStatus.CANCELLED: ("#f0f2f6", "#aab3c3", "#6f7a90"),
}
WARN = "#e0662b"
SELECTED = "#1f2a44"


WEEKDAYS = "월화수목금토일"


def day_text(day: date, weekday: bool = True) -> str:
    """"11월 3일 (화)"."""
    text = f"{day.month}월 {day.day}일"
    return f"{text} ({WEEKDAYS[day.weekday()]})" if weekday else text


def minute_of(value: datetime | time) -> int:
    return value.hour * 60 + value.minute


def to_time(minute: int) -> time:
    minute = max(0, min(minute, 24 * 60 - 1))
    return time(minute // 60, minute % 60)


@dataclass
class Lane:
    """One room (day view) or one day (week view) along the time axis."""

    key: object  # room id or date
    title: str
    subtitle: str
    day: date
    opens: int | None  # minutes after midnight; None: closed
    closes: int | None
    closed_reason: str | None = None
    bookings: list[BookingRow] = field(default_factory=list)

    def active_spans(self) -> list[tuple[int, int]]:
        return sorted((minute_of(b.starts_at), minute_of(b.ends_at))
                      for b in self.bookings if b.status.active)


class BlockStyle:
    """The fonts and the icon a grid paints its blocks with (made once per widget)."""

    def __init__(self, base: QFont):
        self.small = QFont(base)
        self.small.setPointSizeF(max(7.5, base.pointSizeF() * 0.85))
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.warn = icon("warning", WARN).pixmap(14, 14)


def block_label(b: BookingRow) -> str:
    """The first line of a block: "김*수 · 2명"."""
    return f"{b.youth_masked} · {b.headcount}명"


def block_lines(b: BookingRow, width: float, bold: QFont) -> list[tuple[str, bool]]:
    """The lines a block shows at ``width`` pixels: (text, bold)."""
    tags = [b.purpose.label]
    if b.series_id:
        tags.append("반복")
    if b.walk_in:
        tags.append("현장")
    label = block_label(b)
    if b.status == BookingStatus.CANCELLED:
        label = f"{b.youth_masked} · {b.status.label}"
    elif b.status != BookingStatus.BOOKED:
        tags.insert(0, b.status.label)
    if QFontMetrics(bold).horizontalAdvance(label) <= width:
        return [(label, True), (b.time_text, False), (" · ".join(tags), False)]
    # narrow block (an hour at 1366 px): the name alone, then when it ends (where it starts
    # is its left edge on the hour grid), then the status and the headcount; it lost the
    # end time and the status before (issue 11, item 8)
    small = QFont(bold)
    small.setBold(False)
    small.setPointSizeF(max(7.5, bold.pointSizeF() * 0.85))
    fm = QFontMetrics(small)
    status = b.status.label
    counted = f"{status} · {b.headcount}명"
    return [(b.youth_masked, True),
            (b.time_text if fm.horizontalAdvance(b.time_text) <= width else f"~{b.ends_at:%H:%M}", False),
            (counted if fm.horizontalAdvance(counted) <= width else status, False)]


def paint_block(p: QPainter, r: QRectF, b: BookingRow, style: BlockStyle, *, horizontal: bool,
                selected: bool) -> None:
    fill, accent, ink = STATUS_COLORS[b.status]
    p.setPen(Qt.NoPen)
    p.setBrush(QColor(fill))
    p.drawRoundedRect(r, 6, 6)
    if b.status == BookingStatus.CANCELLED:
        p.setBrush(QBrush(QColor("#d3d8e2"), Qt.BDiagPattern))
        p.drawRoundedRect(r, 6, 6)
    bar = QRectF(r.left(), r.top(), 4, r.height()) if horizontal else QRectF(
        r.left(), r.top(), r.width(), 4)
    p.setBrush(QColor(accent))
    p.drawRoundedRect(bar, 2, 2)
    p.setBrush(Qt.NoBrush)
    if b.no_show_candidate:
        p.setPen(QPen(QColor(WARN), 2, Qt.DashLine))
        p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 6, 6)
    if selected:
        p.setPen(QPen(QColor(SELECTED), 2))
        p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 6, 6)
    text = r.adjusted(9, 5, -3, -4) if horizontal else r.adjusted(7, 8, -4, -3)
    if b.no_show_candidate and text.width() > 40:
        p.drawPixmap(QPointF(text.right() - 14, text.top()), style.warn)
        text.setRight(text.right() - 16)
    if text.width() < 14 or text.height() < 10:
        return
    y = text.top()
    p.setPen(QColor(ink))
    for line, is_bold in block_lines(b, text.width(), style.bold):
        font = style.bold if is_bold else style.small
        fm = QFontMetrics(font)
        if y + fm.height() > text.bottom() + 3:
            break
        p.setFont(font)
        p.drawText(QRectF(text.left(), y, text.width(), fm.height()), Qt.AlignLeft | Qt.AlignTop,
                   fm.elidedText(line, Qt.ElideRight, int(text.width())))
        y += fm.height() + (1 if is_bold else 0)


def tooltip_html(b: BookingRow) -> str:
    """Room, time, masked name, purpose and status (no other personal data)."""
    lines = [f"<b>{b.room_name}</b> · {b.starts_at:%m/%d} {b.time_text}",
             f"{b.youth_masked} · {b.headcount}명 · {b.purpose.label}",
             f"상태: {b.status.label}"]
    if b.no_show_candidate:
        lines.append("<span style='color:#c0501f'>노쇼 후보: 아직 입실하지 않았습니다</span>")
    if b.cancel_code:
        lines.append(f"취소 구분: {b.cancel_code.label}"
                     + (f" ({b.cancel_reason})" if b.cancel_reason else ""))
    tags = [t for t, on in (("현장 배정", b.walk_in), ("반복 예약", b.series_id),
                            ("규칙 예외", b.override_reason)) if on]
    if tags:
        lines.append(" · ".join(tags))
    return "<br>".join(lines)
