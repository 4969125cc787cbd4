"""매칭 보드: one opening's referrals in a column per stage — 추천, 서류 전형, 면접, 합격,
입사, then the ended ones (불합격, 본인 포기, 기업 취소) — each headed by its count, in a
column the longest unmoved first (the service's order). A referral unmoved for the
facility's stale days (14 by default) is marked 정체 in red.

The tab shows the ``Board`` the page loaded and hands the user's choices back: refer a
youth, move the chosen card to the next stage or another (``MoveDialog``), its history.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.companies.tables import RED, status_text
from models.companies.enums import ENDED
from models.companies.schemas import Board, ReferralRow

STALE_BG = QColor("#fdecea")


def card_text(r: ReferralRow) -> str:
    line2 = (f"{r.channel.label} · {r.moved_on:%m-%d}" if r.stage.terminal
             else f"{r.channel.label} · {r.days_since_move}일째")
    return f"{r.youth_name}\n{line2}" + (f"\n⚠ 정체 {r.days_since_move}일" if r.stale else "")


class StageColumn(QFrame):
    chosen = Signal(object)  # ReferralRow
    activated = Signal(object)

    def __init__(self, stage, parent=None):
        super().__init__(parent)
        self.stage = stage
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 6, 4, 4)
        lay.setSpacing(4)
        self.header = QLabel(stage.label)
        self.header.setAlignment(Qt.AlignCenter)
        ended = stage in ENDED
        self.header.setStyleSheet("font-weight: bold; color: %s;" % ("#6b7489" if ended else "#1f2a44"))
        lay.addWidget(self.header)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setStyleSheet("QListWidget { background: #f6f8fb; border: none; }"
                                "QListWidget::item { background: white; border: 1px solid #dde3ee;"
                                " border-radius: 4px; padding: 3px; color: #1f2a44; }"
                                "QListWidget::item:selected { border: 2px solid #2f6fde; }")
        self.list.currentItemChanged.connect(lambda cur, _p: cur is not None and self.chosen.emit(cur.data(Qt.UserRole)))
        self.list.itemActivated.connect(lambda item: self.activated.emit(item.data(Qt.UserRole)))
        self.list.itemDoubleClicked.connect(lambda item: self.activated.emit(item.data(Qt.UserRole)))
        lay.addWidget(self.list, 1)
        self.setMinimumWidth(96)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.cards: list[ReferralRow] = []

    def show_cards(self, cards) -> None:
        self.cards = list(cards)
        self.header.setText(f"{self.stage.label} {len(self.cards)}")
        self.list.blockSignals(True)
        self.list.clear()
        for r in self.cards:
            item = QListWidgetItem(card_text(r))
            item.setData(Qt.UserRole, r)
            item.setToolTip(f"{r.youth_name} · {r.channel.label} · 추천 {r.referred_on:%Y-%m-%d} · "
                            f"마지막 변경 {r.moved_on:%Y-%m-%d} · 담당 {r.counselor_name}")
            if r.stale:
                item.setForeground(QBrush(RED))
                item.setBackground(QBrush(STALE_BG))
            self.list.addItem(item)
        self.list.blockSignals(False)

    def select(self, referral_id: int | None) -> bool:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.UserRole).id == referral_id:
                self.list.setCurrentRow(i)
                return True
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        return False


class BoardTab(QWidget):
    opening_changed = Signal(object)  # opening id or None
    refer = Signal()
    move_card = Signal(object, bool)  # ReferralRow; True: straight to the next stage, False: the dialog
    history = Signal(object)  # ReferralRow

    def __init__(self, parent=None):
        super().__init__(parent)
        self.board: Board | None = None
        self.can_edit = False
        self.current: ReferralRow | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("공고")))
        self.opening = QComboBox()
        self.opening.setMinimumWidth(320)
        self.opening.setMaxVisibleItems(20)
        self.opening.currentIndexChanged.connect(lambda _i: self.opening_changed.emit(self.opening.currentData()))
        bar.addWidget(self.opening)
        self.summary = QLabel()
        self.summary.setObjectName("pageHint")
        bar.addWidget(self.summary, 1)
        self.refer_button = self._button(bar, "user_add", self.tr("청년 추천"), self.refer.emit, True)
        self.next_button = self._button(bar, "check", self.tr("다음 단계"), lambda: self._move(True))
        self.move_button = self._button(bar, "transfer", self.tr("단계 변경·종료…"), lambda: self._move(False))
        self.history_button = self._button(bar, "info", self.tr("이력"), self._history)
        lay.addLayout(bar)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("pageHint")
        lay.addWidget(self.chosen_label)
        self.stack = QStackedWidget()
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        cols = QWidget()
        cl = QHBoxLayout(cols)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(6)
        self.columns: list[StageColumn] = []
        self.stack.addWidget(cols)
        self._cols_layout = cl
        lay.addWidget(self.stack, 1)
        self.show_board(None, "")

    def _button(self, bar, name, text, slot, primary=False) -> QPushButton:
        b = QPushButton(icon(name, "white" if primary else None), text)
        b.setProperty("primary", primary)
        b.clicked.connect(lambda _c=False: slot())
        bar.addWidget(b)
        return b

    # -- the openings to choose from --------------------------------------------------------
    def set_openings(self, openings, keep: int | None) -> None:
        self.opening.blockSignals(True)
        self.opening.clear()
        for o in openings:
            self.opening.addItem(f"{o.company_name} · {o.title} ({status_text(o)})", o.id)
        index = self.opening.findData(keep) if keep is not None else -1
        self.opening.setCurrentIndex(index if index >= 0 else (0 if openings else -1))
        self.opening.blockSignals(False)

    def opening_id(self) -> int | None:
        return self.opening.currentData()

    # -- the board --------------------------------------------------------------------------
    def show_board(self, board: Board | None, empty_text: str, can_edit: bool = False) -> None:
        self.board = board
        self.can_edit = can_edit
        keep = self.current.id if self.current else None
        self.current = None
        if board is None:
            self.empty.setText(empty_text)
            self.stack.setCurrentIndex(0)
            self.summary.setText("")
            self._buttons(can_edit)
            return
        if not self.columns:
            for col in board.columns:
                c = StageColumn(col.stage)
                c.chosen.connect(self._chosen)
                c.activated.connect(lambda r: self.can_edit and self.move_card.emit(r, False))
                self._cols_layout.addWidget(c, 1 if col.stage in ENDED else 2)
                self.columns.append(c)
        for c, col in zip(self.columns, board.columns, strict=True):
            c.show_cards(col.cards)
        o = board.opening
        total = sum(len(col.cards) for col in board.columns)
        stale = sum(1 for col in board.columns for r in col.cards if r.stale)
        self.summary.setText(self.tr("{0} · 모집 {1}명 · 추천 {2}명 · 입사 {3}명{4}").format(
            status_text(o), o.headcount, total, o.hired, self.tr(" · 정체 {0}건").format(stale) if stale else ""))
        self.stack.setCurrentIndex(1)
        self.refer_button.setEnabled(can_edit and o.accepts_referrals)
        self.refer_button.setToolTip("" if o.accepts_referrals else self.tr(
            "모집중이 아니거나 마감일이 지난 공고에는 추천할 수 없습니다."))
        if keep is not None:
            self.select(keep)
        self._buttons(can_edit)

    def counts(self) -> dict[str, int]:
        return {c.stage.label: len(c.cards) for c in self.columns} if self.board else {}

    def headers(self) -> list[str]:
        return [c.header.text() for c in self.columns]

    def select(self, referral_id: int) -> bool:
        found = False
        for c in self.columns:
            found = c.select(referral_id) or found
        if not found:
            self._chosen(None)
        return found

    def _chosen(self, r: ReferralRow | None) -> None:
        self.current = r
        for c in self.columns:
            if r is None or c.stage is not r.stage:
                c.list.blockSignals(True)
                c.list.clearSelection()
                c.list.setCurrentRow(-1)
                c.list.blockSignals(False)
        if r is None:
            self.chosen_label.setText(self.tr("카드를 고르면 단계를 옮기거나 이력을 볼 수 있습니다. 두 번 누르면 단계 변경."))
        else:
            self.chosen_label.setText(self.tr("선택: {0} · {1} · 추천 {2} · 담당 {3}").format(
                r.youth_name, r.stage.label, f"{r.referred_on:%Y-%m-%d}", r.counselor_name))
        self._buttons(self.can_edit)

    def _buttons(self, can_edit: bool) -> None:
        r = self.current
        for b in (self.refer_button, self.next_button, self.move_button):
            b.setVisible(can_edit)
        if self.board is None:
            self.refer_button.setEnabled(False)
        from gui.companies.pipeline_dialogs import next_stage
        self.next_button.setEnabled(r is not None and next_stage(r) is not None and bool(r.next_stages))
        self.next_button.setText(self.tr("다음 단계: {0}").format(next_stage(r).label)
                                 if r is not None and next_stage(r) is not None else self.tr("다음 단계"))
        self.move_button.setEnabled(r is not None and bool(r.next_stages))
        self.history_button.setEnabled(r is not None)
        if r is None:
            self.chosen_label.setText(self.tr("카드를 고르면 단계를 옮기거나 이력을 볼 수 있습니다. 두 번 누르면 단계 변경."))

    def _move(self, which) -> None:
        if self.current is not None:
            self.move_card.emit(self.current, which)

    def _history(self) -> None:
        if self.current is not None:
            self.history.emit(self.current)
