"""The parts of the booth page around the slot grid: the detail panel under the grid and
the colour legend.

The panel shows the week's summary (counts by state, and the no-show candidates with
their one-click "노쇼" button), a selected free or blocked slot, or a selected booking
(time, booth, masked name, session type, status, reminder, result, consultation). It
only shows DTOs and exposes its buttons; ``gui.booths.page`` decides what they do
and when they are shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gui.booths.slot_blocks import ORDER, badge, chip_style, short_booth, swatch
from gui.common.icons import icon
from gui.desk.blocks import day_text
from models.booths.schemas import DISPLAY_LABELS, PAST_FREE_LABEL, BoothBookingRow, SlotRow

MAX_CANDIDATES = 3


class SlotLegend(QWidget):
    """One line: a swatch per state, and the no-show candidate mark. Where the date bar has
    no room for the words (a 1063 px window) it shows the swatches alone and says the words
    on hover, instead of widening the window (issue 11, item 8)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(5)
        self.texts: list[str] = []
        self.labels: list[QLabel] = []
        self.gaps = []
        for display in ORDER:
            lay.addWidget(swatch(display))
            lay.addWidget(self._text(DISPLAY_LABELS[display]))
            lay.addSpacing(10)
            self.gaps.append(lay.itemAt(lay.count() - 1))
        lay.addWidget(badge())
        lay.addWidget(self._text(self.tr("노쇼 후보")))
        self._full = lay.sizeHint().width()
        self.compact = False
        self.setToolTip(" · ".join(self.texts[:-1]) + self.tr(" · 노쇼 후보: 시작 후 유예 시간이 지나도록 "
                                                              "입실하지 않은 예약"))

    def _text(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("pageHint")
        self.texts.append(text)
        self.labels.append(label)
        return label

    def minimumSizeHint(self):  # noqa: N802
        hint = super().minimumSizeHint()
        hint.setWidth((len(ORDER) + 1) * 17)  # the swatches alone
        return hint

    def sizeHint(self):  # noqa: N802
        hint = super().sizeHint()
        hint.setWidth(self._full)
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        compact = self.width() < self._full
        if compact != self.compact:
            self.compact = compact
            for label in self.labels:
                label.setVisible(not compact)
            for gap in self.gaps:
                gap.changeSize(4 if compact else 10, 0)
            self.layout().invalidate()


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHint")
    return label


class SlotDetail(QFrame):
    """Below the grid: the week's summary, a selected slot, or a selected booking."""

    no_show_clicked = Signal(int)  # booking id (a candidate's one-click no-show)
    show_slot_clicked = Signal(int)  # slot id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setMinimumWidth(396)  # with the tabs beside it, fits a 1063 px window
        self.setMaximumWidth(480)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 12, 10)
        outer.setSpacing(6)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setStyleSheet("font-size: 15px;")
        head.addWidget(self.title, 1)
        self.chip = QLabel()
        head.addWidget(self.chip, 0, Qt.AlignVCenter)
        self.close_btn = QToolButton()
        self.close_btn.setIcon(icon("cancel"))
        self.close_btn.setAutoRaise(True)
        self.close_btn.setToolTip(self.tr("선택 해제"))
        head.addWidget(self.close_btn, 0, Qt.AlignVCenter)
        outer.addLayout(head)
        self.warn = QLabel()
        self.warn.setWordWrap(True)
        self.warn.setStyleSheet("color: #b2451a; background: #fff1e8; border-radius: 4px; padding: 4px 7px;")
        outer.addWidget(self.warn)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_summary())
        self.stack.addWidget(self._build_fields())
        outer.addWidget(self.stack, 1)
        outer.addLayout(self._build_buttons())
        self.mode = "summary"
        self._switch(0)

    # -- building -----------------------------------------------------------------------
    def _build_summary(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(6)
        counts = QHBoxLayout()
        counts.setSpacing(5)
        self.counts: dict[str, QLabel] = {}
        for display in ORDER:
            counts.addWidget(swatch(display))
            value = QLabel()
            counts.addWidget(value)
            counts.addSpacing(8)
            self.counts[display] = value
        counts.addStretch(1)
        lay.addLayout(counts)
        self.candidates = QVBoxLayout()
        self.candidates.setSpacing(2)
        lay.addLayout(self.candidates)
        self.no_show_buttons: dict[int, QPushButton] = {}
        self.summary_hint = QLabel()
        self.summary_hint.setObjectName("pageHint")
        self.summary_hint.setWordWrap(True)
        lay.addWidget(self.summary_hint)
        lay.addStretch(1)
        return page

    def _build_fields(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(5)
        self.fields: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        layout = [("time", self.tr("회차"), 0, 0, 3), ("session", self.tr("체험 종류"), 1, 0, 1),
                  ("kind", self.tr("구분"), 1, 2, 1), ("reminded", self.tr("전날 알림"), 2, 0, 1),
                  ("consult", self.tr("분석 컨설팅"), 2, 2, 1), ("result", self.tr("결과"), 3, 0, 3)]
        for key, label, row, col, span in layout:
            cap = _caption(label)
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addWidget(cap, row, col, Qt.AlignTop)
            grid.addWidget(value, row, col + 1, 1, span)
            self.fields[key], self.captions[key] = value, cap
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(4, 1)
        return page

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)

        def button(name: str, text: str, primary=False, danger=False) -> QPushButton:
            b = QPushButton(icon(name, "white" if primary else None), text)
            if primary:
                b.setProperty("primary", True)
            if danger:
                b.setProperty("danger", True)
            row.addWidget(b)
            return b

        self.book_btn = button("add", self.tr("예약…"), primary=True)
        self.walk_in_btn = button("user_add", self.tr("현장 배정…"))
        self.walk_in_btn.setToolTip(self.tr("지금 창구에 온 청년에게 이 회차를 바로 배정합니다."))
        self.check_in_btn = button("room", self.tr("입실"), primary=True)
        self.no_show_btn = button("warning", self.tr("노쇼 처리"))
        # 입실 취소 / 노쇼 취소, the rest of the day the action was made (the page decides)
        self.undo_btn = button("refresh", self.tr("입실 취소"))
        self.result_btn = button("edit", self.tr("결과 기록…"))
        self.consult_btn = button("info", self.tr("분석 컨설팅 요청…"))
        self.cancel_btn = button("cancel", self.tr("취소…"), danger=True)
        self.block_btn = button("lock", self.tr("회차 차단…"))
        self.unblock_btn = button("refresh", self.tr("차단 해제"))
        row.addStretch(1)
        self.action_buttons = [self.book_btn, self.walk_in_btn, self.check_in_btn, self.no_show_btn,
                               self.undo_btn, self.result_btn, self.consult_btn, self.cancel_btn, self.block_btn,
                               self.unblock_btn]
        return row

    # -- showing ------------------------------------------------------------------------
    def _switch(self, index: int) -> None:
        for i in range(self.stack.count()):
            policy = QSizePolicy.Preferred if i == index else QSizePolicy.Ignored
            self.stack.widget(i).setSizePolicy(policy, policy)
        self.stack.setCurrentIndex(index)
        self.close_btn.setVisible(index == 1)

    def hide_actions(self) -> None:
        for b in self.action_buttons:
            b.setVisible(False)

    def show_summary(self, title: str, slots: list[SlotRow], can_edit: bool, hint: str) -> None:
        self.mode = "summary"
        self._switch(0)
        self.hide_actions()
        self.title.setText(title)
        self.chip.setVisible(False)
        self.warn.setVisible(False)
        for display, label in self.counts.items():
            n = sum(1 for s in slots if s.display == display)
            label.setText(f"{DISPLAY_LABELS[display]} {n}")
        while self.candidates.count():
            item = self.candidates.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.no_show_buttons.clear()
        candidates = [s for s in slots if s.no_show_candidate]
        for s in candidates[:MAX_CANDIDATES]:
            self.candidates.addWidget(self._candidate_row(s, can_edit))
        if len(candidates) > MAX_CANDIDATES:
            more = _caption(self.tr("… 외 {0}건은 주황 점선 회차를 눌러 처리하세요.").format(
                len(candidates) - MAX_CANDIDATES))
            self.candidates.addWidget(more)
        self.summary_hint.setText(hint)
        self.summary_hint.setVisible(not candidates)  # the candidates need the room

    def _candidate_row(self, s: SlotRow, can_edit: bool) -> QWidget:
        row = QFrame()
        row.setObjectName("candidate")
        row.setStyleSheet("#candidate { background: #fff6ee; border-radius: 4px; }")
        row.setFixedHeight(28)
        lay = QHBoxLayout(row)
        lay.setContentsMargins(6, 1, 4, 1)
        lay.addWidget(badge())
        text = QLabel(self.tr("노쇼 후보 <b>{0}</b> · {1} {2} {3}").format(
            s.youth_masked, short_booth(s.room_name), f"{s.starts_at:%m/%d}", s.time_text))
        lay.addWidget(text, 1)
        show = QPushButton(self.tr("보기"))
        show.clicked.connect(lambda _=False, i=s.id: self.show_slot_clicked.emit(i))
        btn = QPushButton(self.tr("노쇼"))
        btn.setEnabled(can_edit)
        btn.setToolTip(self.tr("입실하지 않은 예약을 노쇼로 확정합니다."))
        btn.clicked.connect(lambda _=False, i=s.booking_id: self.no_show_clicked.emit(i))
        for b in (show, btn):
            b.setStyleSheet("padding: 1px 10px;")
            lay.addWidget(b)
        self.no_show_buttons[s.booking_id] = btn
        return row

    def _head(self, s: SlotRow, past: bool = False) -> None:
        self._switch(1)
        self.hide_actions()
        # a free slot that is over is not bookable: it says so, as the grid and the day sheet do
        self.chip.setText(PAST_FREE_LABEL if past and s.display == "free" else DISPLAY_LABELS[s.display])
        self.chip.setStyleSheet(chip_style(s.display))
        self.chip.setVisible(True)
        f = self.fields
        f["time"].setText(f"{day_text(s.starts_at.date())} {s.time_text} · {s.room_name}")

    def _show_rows(self, keys: tuple[str, ...]) -> None:
        for key in self.fields:
            self.fields[key].setVisible(key in keys)
            self.captions[key].setVisible(key in keys)

    def show_slot(self, s: SlotRow, note: str, *, past: bool = False) -> None:
        """A free or blocked slot; ``note`` says what can be done with it; ``past``: it is
        over."""
        self.mode = "slot"
        self._head(s, past)
        self.title.setText(self.tr("빈 회차") if s.display == "free" else self.tr("차단된 회차"))
        self.fields["result"].setText(note)
        self.fields["result"].setToolTip("")
        self.captions["result"].setText(self.tr("차단 사유") if s.display == "blocked" else self.tr("안내"))
        self._show_rows(("time", "result"))
        self.warn.setVisible(False)

    def show_pending(self, s: SlotRow, note: str) -> None:
        """A booked slot whose booking is still being read: what the row knows, no actions."""
        self.mode = "pending"
        self._head(s)
        self.title.setText(s.youth_masked or "")
        self.fields["result"].setText(note)
        self.fields["result"].setToolTip("")
        self.captions["result"].setText(self.tr("안내"))
        self._show_rows(("time", "result"))
        self.warn.setVisible(False)

    def show_booking(self, s: SlotRow, b: BoothBookingRow) -> None:
        self.mode = "booking"
        self._head(s)
        self.title.setText(b.youth_masked)
        f = self.fields
        f["session"].setText(b.session_type.label)
        f["reminded"].setText(self.tr("알림 완료") if b.reminded else self.tr("아직 안 함"))
        if b.result_received:
            parts = [self.tr("결과지 수령")]
            if b.result_grade:
                parts.append(self.tr("등급 {0}").format(b.result_grade))
            if b.result_strengths:
                parts.append(self.tr("강점: {0}").format(b.result_strengths))
            if b.result_improve:
                parts.append(self.tr("보완: {0}").format(b.result_improve))
            f["result"].setText(" · ".join(parts))
            f["result"].setToolTip("\n".join(parts))
        else:
            f["result"].setText(self.tr("미기록"))
            f["result"].setToolTip("")
        f["consult"].setText(self.tr("요청됨") if b.consult_requested else self.tr("—"))
        kinds = []
        if b.walk_in:
            kinds.append(self.tr("현장 배정"))
        if b.override_reason:
            kinds.append(self.tr("규칙 예외: {0}").format(b.override_reason))
        f["kind"].setText(", ".join(kinds) or self.tr("사전 예약"))
        self.captions["result"].setText(self.tr("결과"))
        self._show_rows(tuple(self.fields))
        self.warn.setText(self.tr("노쇼 후보: 시작 후 유예 시간이 지나도록 입실하지 않았습니다."))
        self.warn.setVisible(s.no_show_candidate)
