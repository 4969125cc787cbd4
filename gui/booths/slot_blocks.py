"""How one booth slot looks: colours by ``SlotRow.display``, the text of its block, its
tooltip, and the small swatches, chips and marks the legend and the detail panel share
with the grid (like ``gui.desk.blocks`` for room bookings, whose colours and
warning colour it borrows).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from gui.desk.blocks import STATUS_COLORS, WARN, day_text
from models.booths.enums import SessionType
from models.booths.schemas import DISPLAY_LABELS, PAST_FREE_LABEL, SlotRow
from models.desk.enums import BookingStatus

ORDER = ("free", "booked", "attended", "no_show", "blocked")  # legend and counts

# fill, accent (top bar and border), text — by SlotRow.display
PALETTE = {
    "free": ("#f8fafe", "#d3ddef", "#7088b8"),
    "booked": STATUS_COLORS[BookingStatus.BOOKED],
    "attended": STATUS_COLORS[BookingStatus.CHECKED_IN],
    "no_show": ("#fde6e6", "#d93838", "#8e1c1c"),
    "blocked": ("#eef0f4", "#aab3c3", "#5f6b82"),
}
PAST_FREE = ("#f6f7f9", "#e1e5ec", "#a3acbd")
HATCH = "#d3d8e2"
SELECTED = "#1f2a44"
TODAY_FILL = "#f3f7ff"


def short_session(st: SessionType | None) -> str:
    """"AI 역량검사" -> "역량검사", "화상면접(기업)" -> "화상면접" (narrow blocks)."""
    return st.label.removeprefix("AI ").split("(")[0] if st else ""


def short_booth(name: str) -> str:
    """"AI 면접 부스 1" -> "부스 1": the words that tell the booths apart."""
    words = name.split()
    return " ".join(words[-2:]) if len(words) > 2 else name


def slot_lines(s: SlotRow, past: bool) -> list[tuple[str, bool]]:
    """What a block says, most important first: (text, bold). Only the first line is
    shortened with "…"; a later line that does not fit is left out."""
    if s.display == "free":
        return [(PAST_FREE_LABEL if past else DISPLAY_LABELS["free"], False), (s.time_text, False)]
    if s.display == "blocked":
        return [("차단", True), (s.block_reason or "", False), (s.time_text, False)]
    second = short_session(s.session_type) if s.display == "booked" else DISPLAY_LABELS[s.display]
    return [(s.youth_masked or "", True), (second, False), (s.time_text, False)]


def slot_tooltip(s: SlotRow, past: bool = False) -> str:
    state = PAST_FREE_LABEL if past and s.display == "free" else DISPLAY_LABELS[s.display]
    lines = [f"<b>{s.room_name}</b> · {day_text(s.starts_at.date())} {s.time_text}",
             f"상태: {state}"]
    if s.youth_masked:
        lines.append(f"{s.youth_masked} · {s.session_type.label if s.session_type else ''}")
    if s.reminded:
        lines.append("전날 알림 완료")
    if s.no_show_candidate:
        lines.append(f"<span style='color:{WARN}'>노쇼 후보: 아직 입실하지 않았습니다</span>")
    if s.block_reason:
        lines.append(f"차단 사유: {s.block_reason}")
    if s.source.value == "extra":
        lines.append("추가 회차")
    return "<br>".join(lines)


def chip_style(display: str) -> str:
    fill, accent, ink = PALETTE[display]
    return (f"background: {fill}; color: {ink}; border: 1px solid {accent}; border-radius: 9px;"
            " padding: 1px 9px; font-weight: bold;")


def swatch(display: str, size: int = 12) -> QLabel:
    fill, accent, _ = PALETTE[display]
    dot = QLabel()
    dot.setFixedSize(size, size)
    extra = "border-style: dashed;" if display == "free" else ""
    if display == "blocked":
        fill = f"qlineargradient(x1:0, y1:1, x2:1, y2:0, stop:0 {fill}, stop:0.45 {fill}, " \
               f"stop:0.5 {HATCH}, stop:0.55 {fill}, stop:1 {fill})"
    dot.setStyleSheet(f"background: {fill}; border: 2px solid {accent}; border-radius: 3px; {extra}")
    return dot


def badge() -> QLabel:
    """The grid's no-show candidate mark: an orange "!" disc."""
    mark = QLabel("!")
    mark.setFixedSize(14, 14)
    mark.setAlignment(Qt.AlignCenter)
    mark.setStyleSheet(f"background: {WARN}; color: white; border-radius: 7px; font-weight: bold;"
                       " font-size: 10px;")
    return mark
