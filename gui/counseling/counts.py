"""The 집단 프로그램 and 통계 tabs of the 상담 page.

``CountsTab`` shows one month's counts (``services.counseling.monthly_counts``): sessions,
in person and remote, by type, mode and topic, group sessions and their participants, and
for the city admin one line per facility. Its rows carry no youth and no text; it is all the
city admin sees of counseling.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.common.table_model import RowTableModel
from gui.counseling.sections import ListTable, Section
from gui.counseling.tables import COUNT_COLUMNS, COUNT_WIDTHS, GROUP_WIDTHS, GroupModel
from models.counseling.schemas import MonthlyCounts

DIMENSIONS = (("kind", "유형"), ("mode", "방식"), ("channel", "대면·비대면"), ("topic", "주제"),
              ("group_kind", "집단 프로그램"), ("counselor", "상담사"), ("facility", "시설"))


def months_back(today: date, n: int = 12) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out


class GroupsTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        self.section = Section(self.tr("최근 30일 집단 프로그램"),
                               ListTable(GroupModel(self), GROUP_WIDTHS, stretch=2, sortable=True))
        lay.addWidget(self.section)

    def show_rows(self, rows) -> None:
        self.section.show_rows(rows, self.tr(
            "최근 30일에 기록한 집단 프로그램이 없습니다.\n현직자 멘토링, 취업특강, 그룹상담, 취업 라이브 특강을 마치면 "
            "위의 ‘집단 프로그램 기록’으로 참석자와 함께 남기세요."),
            self.tr("최근 30일 집단 프로그램 {0}건 · 참여 {1:,}명").format(
                len(rows), sum(r.participants for r in rows if not r.voided)) if rows else None)


class CountsTab(QWidget):
    """A month (and, for the city admin, all facilities or the chosen one) and its counts."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.month = QComboBox()
        self.month.currentIndexChanged.connect(lambda _i: self.changed.emit())
        bar.addWidget(QLabel(self.tr("월")))
        bar.addWidget(self.month)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("서울시 전체"), "city")
        self.scope.addItem(self.tr("선택한 시설"), "facility")
        self.scope.currentIndexChanged.connect(lambda _i: self.changed.emit())
        bar.addSpacing(12)
        bar.addWidget(self.scope)
        bar.addSpacing(12)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-weight: bold;")
        bar.addWidget(self.totals, 1)
        lay.addLayout(bar)
        self.note = QLabel(self.tr("상담 건수만 보여 줍니다. 청년 이름과 상담 내용은 들어 있지 않습니다. "
                                   "무효 처리한 기록은 세지 않습니다."))
        self.note.setObjectName("pageHint")
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.section = Section(self.tr("항목별 건수"),
                               ListTable(RowTableModel(COUNT_COLUMNS, self), COUNT_WIDTHS, stretch=1))
        lay.addWidget(self.section, 1)
        self.city = False

    def set_months(self, today: date) -> None:
        if self.month.count():
            return
        self.month.blockSignals(True)
        for y, m in months_back(today):
            self.month.addItem(f"{y}년 {m}월", (y, m))
        self.month.blockSignals(False)

    def set_city(self, city: bool) -> None:
        """The scope box is the city admin's; everyone else counts their facility."""
        self.city = city
        self.scope.setVisible(city)
        if not city:
            self.scope.setCurrentIndex(1)

    def chosen(self) -> tuple[int, int]:
        return self.month.currentData() or (date.today().year, date.today().month)

    def whole_city(self) -> bool:
        return self.city and self.scope.currentData() == "city"

    def show_counts(self, counts: MonthlyCounts, show_counselors: bool) -> None:
        self.totals.setText(self.tr(
            "상담 {0:,}건 (대면 {1:,} · 비대면 {2:,}) · 집단 프로그램 {3:,}회 · 참여 {4:,}명").format(
            counts.sessions, counts.in_person, counts.remote, counts.group_sessions, counts.group_participants))
        rows = []
        for dim, label in DIMENSIONS:
            if dim == "counselor" and not show_counselors:
                continue
            for r in counts.of(dim):
                rows.append((label, r.label or r.key, r.sessions, r.participants))
        self.section.show_rows(rows, self.tr("{0}년 {1}월에 기록한 상담이 없습니다.\n다른 달을 골라 보세요.").format(
            counts.year, counts.month), self.tr("{0}년 {1}월 항목별 건수").format(counts.year, counts.month))

    def show_nothing(self, text: str) -> None:
        self.totals.clear()
        self.section.show_rows([], text)

