"""The 집단 프로그램 and 통계 tabs of the 상담 page.

``CountsTab`` shows one month's counts (``services.counseling.monthly_counts``): sessions,
in person and remote, by type, mode and topic, group sessions and their participants, and
for the city admin one line per facility. Its rows carry no youth and no text; it is all the
city admin sees of counseling.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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
    open_group = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        self.section = Section(self.tr("최근 30일 집단 프로그램"),
                               ListTable(GroupModel(self), GROUP_WIDTHS, stretch=2, sortable=True))
        self.section.table.activated_row.connect(lambda r: self.open_group.emit(r.id))
        lay.addWidget(self.section)

    def show_rows(self, rows) -> None:
        self.section.show_rows(rows, self.tr(
            "최근 30일에 기록한 집단 프로그램이 없습니다.\n현직자 멘토링, 취업특강, 그룹상담, 취업 라이브 특강을 마치면 "
            "위의 ‘집단 프로그램 기록’으로 참석자와 함께 남기세요."),
            self.tr("최근 30일 집단 프로그램 {0}건 · 참여 {1:,}명").format(
                len(rows), sum(r.participants for r in rows if not r.voided)) if rows else None)


class CountsTab(QWidget):
    """A month (and, for the city admin, all facilities or the chosen one) and its counts,
    one small table per dimension."""

    changed = Signal()
    GRID = (("kind", 0, 0), ("channel", 0, 1), ("mode", 1, 1), ("topic", 0, 2), ("group_kind", 1, 0),
            ("people", 1, 2))  # people: the facilities for the city, else the counselors

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        bar = QHBoxLayout()
        self.month = QComboBox()
        self.month.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.month.setMinimumWidth(130)
        self.month.currentIndexChanged.connect(lambda _i: self.changed.emit())
        bar.addWidget(QLabel(self.tr("월")))
        bar.addWidget(self.month)
        self.scope = QComboBox()
        self.scope.addItem(self.tr("서울시 전체"), "city")
        self.scope.addItem(self.tr("선택한 시설"), "facility")
        self.scope.setSizeAdjustPolicy(QComboBox.AdjustToContents)
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
        grid = QGridLayout()
        grid.setSpacing(10)
        self.sections: dict[str, Section] = {}
        for dim, row, col in self.GRID:
            columns = COUNT_COLUMNS[1:] if dim == "group_kind" else COUNT_COLUMNS[1:3]
            section = Section(LABELS.get(dim, ""), ListTable(RowTableModel(columns, self), COUNT_WIDTHS[1:],
                                                             stretch=0))
            self.sections[dim] = section
            grid.addWidget(section, row, col)
        for col in range(3):
            grid.setColumnStretch(col, 1)
        lay.addLayout(grid, 1)
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

    def rows(self, dim: str) -> list:
        return self.sections[dim].table.model().rows

    def show_counts(self, counts: MonthlyCounts, show_counselors: bool) -> None:
        self.totals.setText(self.tr(
            "상담 {0:,}건 (대면 {1:,} · 비대면 {2:,}) · 집단 프로그램 {3:,}회 · 참여 {4:,}명").format(
            counts.sessions, counts.in_person, counts.remote, counts.group_sessions, counts.group_participants))
        empty = self.tr("{0}년 {1}월에는 없습니다.").format(counts.year, counts.month)
        people = "facility" if counts.facility_id is None else ("counselor" if show_counselors else None)
        for dim, section in self.sections.items():
            source = people if dim == "people" else dim
            section.caption_text = LABELS.get(source or "", self.tr("상담사"))
            rows = [("", r.label or r.key, r.sessions, r.participants) for r in counts.of(source)] if source else []
            section.setVisible(source is not None)
            section.show_rows(rows, empty, section.caption_text)

    def show_nothing(self, text: str) -> None:
        self.totals.setText(text)
        for section in self.sections.values():
            section.show_rows([], text)


LABELS = dict(DIMENSIONS)
