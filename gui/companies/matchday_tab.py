"""매칭데이 (job matching days): the facility's events, the chosen one's openings and
companies, the youths registered, and its grid of 20-minute interview slots, one column
per company.

A free cell books an on-site interview (``BookDialog``: a registered youth and the
company's opening); a company or a youth already booked in that slot is refused with the
service's Korean message under the field (the database's unique indexes stop two desks at
once). A booked cell records the result (``InterviewDialog``: 면접 진행, 합격, 불합격 with its
reason), which goes into the youth's referral with the channel 매칭데이, or cancels it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.common import confirm
from gui.companies.base import WITH_FOLLOWUPS, WriteDialog, date_edit, read_date
from gui.companies.tables import DAY_COLUMNS, DAY_WIDTHS, Rows
from gui.counseling.sections import ListTable, Section
from gui.youth.picker import YouthPicker
from models.companies.enums import Stage
from models.core.errors import ValidationError

BOOKED_BG = QColor("#e3edfd")
DONE_BG = QColor("#e8f5e9")


def companies_of(day) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for o in day.openings:
        seen.setdefault(o.company_id, o.company_name)
    return list(seen.items())


class MatchDayTab(QWidget):
    day_chosen = Signal(object)  # MatchingDayRow or None
    create_day = Signal()
    add_opening = Signal(object)  # MatchingDayRow
    register_youth = Signal(object)
    cell_chosen = Signal(object, int, int, object)  # day, company id, slot no, InterviewRow or None

    def __init__(self, parent=None):
        super().__init__(parent)
        self.day = None
        self.can_edit = False
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        split = QSplitter(Qt.Horizontal)
        split.setChildrenCollapsible(False)
        split.setHandleWidth(12)
        self.days = Section(self.tr("매칭데이"), ListTable(Rows(DAY_COLUMNS, self), DAY_WIDTHS, stretch=1))
        self.days.table.selectionModel().currentRowChanged.connect(lambda *_a: self.day_chosen.emit(self.days.table.current()))
        self.new_button = self.days.button("add", self.tr("만들기"), self.create_day.emit, True)
        split.addWidget(self.days)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        head.addWidget(self.title, 1)
        self.opening_button = QPushButton(self.tr("참여 공고 추가"))
        self.opening_button.clicked.connect(lambda: self.day and self.add_opening.emit(self.day))
        head.addWidget(self.opening_button)
        self.youth_button = QPushButton(self.tr("청년 등록"))
        self.youth_button.clicked.connect(lambda: self.day and self.register_youth.emit(self.day))
        head.addWidget(self.youth_button)
        rl.addLayout(head)
        self.info = QLabel()
        self.info.setObjectName("pageHint")
        self.info.setWordWrap(True)
        rl.addWidget(self.info)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SingleSelection)
        self.grid.verticalHeader().setDefaultSectionSize(26)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.grid.horizontalHeader().setMinimumSectionSize(90)
        self.grid.cellDoubleClicked.connect(self._cell)
        self.grid.cellActivated.connect(self._cell)
        rl.addWidget(self.grid, 1)
        self.empty = QLabel()
        self.empty.setObjectName("emptyState")
        self.empty.setAlignment(Qt.AlignCenter)
        self.empty.setWordWrap(True)
        rl.addWidget(self.empty, 1)
        split.addWidget(right)
        split.setSizes([420, 700])
        lay.addWidget(split)

    def show_days(self, days, can_edit: bool) -> None:
        self.can_edit = can_edit
        keep = self.day.id if self.day else None
        self.new_button.setVisible(can_edit)
        self.days.show_rows(days, self.tr("매칭데이가 없습니다.\n‘만들기’로 날짜·장소·시간을 정하고 참여 공고와 청년을 "
                                          "등록하면 20분 단위 면접표가 생깁니다."))
        line = self.days.table.model().index_where(lambda d: d.id == keep)
        self.days.table.select_line(line if line >= 0 else 0)
        if not days:
            self.show_day(None)

    def show_day(self, day) -> None:
        self.day = day
        for b in (self.opening_button, self.youth_button):
            b.setVisible(self.can_edit)
            b.setEnabled(day is not None)
        if day is None:
            self.title.setText(self.tr("면접표"))
            self.info.setText("")
            self.grid.setVisible(False)
            self.empty.setText(self.tr("왼쪽에서 매칭데이를 고르면 기업별 20분 면접표가 나옵니다."))
            self.empty.setVisible(True)
            return
        self.title.setText(f"{day.title} · {day.held_on:%Y-%m-%d} {day.starts} · {day.place or '장소 미정'}")
        openings = ", ".join(f"{o.company_name}({o.title})" for o in day.openings) or self.tr("없음")
        names = ", ".join(day.youth_names) or self.tr("없음")
        self.info.setText(self.tr("참여 공고: {0}\n등록 청년 {1}명: {2}").format(openings, len(day.youth_ids), names)
                          + (self.tr("\n빈 칸을 두 번 누르면 면접을 잡고, 잡힌 칸을 두 번 누르면 결과(✓)를 기록합니다.")
                             if self.can_edit else ""))
        companies = companies_of(day)
        if not companies:
            self.grid.setVisible(False)
            self.empty.setText(self.tr("참여하는 공고가 없습니다. ‘참여 공고 추가’로 기업의 공고를 넣으면 그 기업의 면접 "
                                       "열이 생깁니다."))
            self.empty.setVisible(True)
            return
        self.empty.setVisible(False)
        self.grid.setVisible(True)
        booked = {(i.company_id, i.slot_no): i for i in day.interviews}
        self.grid.clear()
        self.grid.setRowCount(day.slots)
        self.grid.setColumnCount(len(companies))
        self.grid.setHorizontalHeaderLabels([name for _, name in companies])
        self.grid.setVerticalHeaderLabels(list(day.slot_starts))
        for col, (cid, _name) in enumerate(companies):
            for slot in range(day.slots):
                interview = booked.get((cid, slot))
                item = QTableWidgetItem(self.cell_text(interview))
                item.setData(Qt.UserRole, (cid, slot, interview))
                item.setTextAlignment(Qt.AlignCenter)
                if interview is not None:
                    item.setBackground(QBrush(DONE_BG if interview.referral_id else BOOKED_BG))
                self.grid.setItem(slot, col, item)

    @staticmethod
    def cell_text(interview) -> str:
        if interview is None:
            return ""
        return interview.youth_name + (" ✓" if interview.referral_id else "")

    def _cell(self, row: int, col: int) -> None:
        item = self.grid.item(row, col)
        if item is None or self.day is None or not self.can_edit:
            return
        cid, slot, interview = item.data(Qt.UserRole)
        self.cell_chosen.emit(self.day, cid, slot, interview)


class MatchingDayDialog(WriteDialog):
    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent, "매칭데이 만들기",
                         "행사 시간은 20분 단위 면접 칸으로 나뉩니다. 참여 공고와 청년은 만든 뒤에 등록합니다.", "add")
        f = self.form
        self.title_edit = f.add("title", self.tr("행사 이름"), QLineEdit())
        self.held_on = f.add("held_on", self.tr("날짜"), date_edit(ctx.services.companies.today()))
        self.place = f.add("place", self.tr("장소"), QLineEdit())
        times = QWidget()
        tl = QHBoxLayout(times)
        tl.setContentsMargins(0, 0, 0, 0)
        self.starts = QLineEdit("10:00")
        self.ends = QLineEdit("17:00")
        for e in (self.starts, self.ends):
            e.setFixedWidth(70)
            e.setMaxLength(5)
        tl.addWidget(self.starts)
        tl.addWidget(QLabel("~"))
        tl.addWidget(self.ends)
        tl.addStretch(1)
        f.add("starts", self.tr("시간"), times)
        f.rows["ends"] = f.rows["starts"]
        self.finish(self.tr("만들기"))

    def work(self):
        errors: dict[str, str] = {}
        held_on = read_date(self.held_on, "held_on", errors, self.tr("날짜를 입력하세요."))
        if errors:
            raise ValidationError(errors)
        data = {"title": self.title_edit.text(), "held_on": held_on, "place": self.place.text(),
                "starts": self.starts.text(), "ends": self.ends.text()}
        svc, actor, fid = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id
        return lambda: svc.create_matching_day(actor, fid, data)


class DayOpeningDialog(WriteDialog):
    """An opening of the facility taking part (the page hands the open ones not yet in)."""

    def __init__(self, ctx, day, openings, parent=None):
        super().__init__(ctx, parent, "참여 공고 추가", f"{day.title}에 참여할 공고를 고르세요. 그 기업의 면접 열이 생깁니다.",
                         "add")
        self.day = day
        self.opening = self.form.add("opening_id", self.tr("공고"), QComboBox())
        for o in openings:
            self.opening.addItem(f"{o.company_name} · {o.title}", o.id)
        if not openings:
            self.form.show_message(self.tr("더 넣을 모집중 공고가 없습니다. 구인 공고 탭에서 공고를 먼저 등록하세요."))
        self.finish(self.tr("추가"))

    def work(self):
        oid = self.opening.currentData()
        if oid is None:
            raise ValidationError.single("opening_id", self.tr("공고를 고르세요."))
        svc, actor, did = self.ctx.services.companies, self.ctx.actor, self.day.id
        return lambda: svc.add_day_opening(actor, did, oid)


class DayYouthDialog(WriteDialog):
    def __init__(self, ctx, day, parent=None):
        super().__init__(ctx, parent, "매칭데이 청년 등록", f"{day.title}에 참가할 청년을 찾아 고르세요.", "user_add")
        self.day = day
        self.picker = self.form.add("youth_id", self.tr("청년"), YouthPicker(ctx))
        self.finish(self.tr("등록"))

    def work(self):
        yid = self.picker.selected_youth_id
        if yid is None:
            raise ValidationError.single("youth_id", self.tr("등록할 청년을 찾아 고르세요."))
        svc, actor, did = self.ctx.services.companies, self.ctx.actor, self.day.id
        return lambda: svc.register_youth(actor, did, yid)


class BookDialog(WriteDialog):
    def __init__(self, ctx, day, company_id: int, slot_no: int, parent=None):
        name = dict(companies_of(day)).get(company_id, "")
        super().__init__(ctx, parent, "현장 면접 예약",
                         f"{day.title} · {name} · {day.slot_starts[slot_no]}부터 20분", "calendar")
        self.day, self.slot_no = day, slot_no
        f = self.form
        self.youth = f.add("youth_id", self.tr("청년"), QComboBox())
        for yid, yname in zip(day.youth_ids, day.youth_names, strict=False):
            self.youth.addItem(yname or f"#{yid}", yid)
        self.opening = f.add("opening_id", self.tr("공고"), QComboBox())
        for o in day.openings:
            if o.company_id == company_id:
                self.opening.addItem(o.title, o.opening_id)
        self.slot = f.add("slot_no", self.tr("시간"), QLabel(day.slot_starts[slot_no]))
        if not day.youth_ids:
            self.form.show_message(self.tr("등록한 청년이 없습니다. ‘청년 등록’으로 먼저 등록하세요."))
        self.finish(self.tr("예약"))

    def work(self):
        yid, oid = self.youth.currentData(), self.opening.currentData()
        if yid is None:
            raise ValidationError.single("youth_id", self.tr("면접할 청년을 고르세요."))
        svc, actor, did, slot = self.ctx.services.companies, self.ctx.actor, self.day.id, self.slot_no
        return lambda: svc.book_interview(actor, did, oid, yid, slot)


class InterviewDialog(WriteDialog):
    """The result of an on-site interview into the pipeline, or its cancellation."""

    topics = WITH_FOLLOWUPS
    RESULTS = (Stage.INTERVIEW, Stage.PASSED, Stage.REJECTED)

    def __init__(self, ctx, day, interview, parent=None):
        super().__init__(ctx, parent, "현장 면접 결과",
                         f"{interview.youth_name} · {interview.company_name} · {interview.starts_at:%H:%M}\n"
                         "결과는 이 청년의 추천 기록(경로 매칭데이)으로 들어갑니다. 추천이 없으면 새로 만듭니다.", "check")
        self.day, self.interview = day, interview
        box = QWidget()
        bl = QHBoxLayout(box)
        bl.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        self.buttons_by_stage = {}
        for st in self.RESULTS:
            b = QRadioButton(self.tr("면접 진행 (다음 면접)") if st is Stage.INTERVIEW else st.label)
            self.group.addButton(b)
            bl.addWidget(b)
            self.buttons_by_stage[st] = b
        bl.addStretch(1)
        self.buttons_by_stage[Stage.PASSED].setChecked(True)
        self.form.add("result", self.tr("결과"), box)
        self.note = self.form.add("note", self.tr("메모·사유"), QPlainTextEdit())
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        self.finish(self.tr("결과 기록"))
        self.cancel_interview = QPushButton(self.tr("면접 취소"))
        self.cancel_interview.clicked.connect(self._cancel)
        self.buttons.addButton(self.cancel_interview, self.buttons.ButtonRole.ResetRole)

    def chosen(self) -> Stage:
        return next(st for st, b in self.buttons_by_stage.items() if b.isChecked())

    def work(self):
        svc, actor, sid, result, note = (self.ctx.services.companies, self.ctx.actor, self.interview.id,
                                         self.chosen(), self.note.toPlainText())
        return lambda: svc.record_interview_result(actor, sid, result, note)

    def _cancel(self) -> None:
        if not confirm.ask(self, self.tr("면접 취소"), self.tr("이 현장 면접을 취소할까요? 그 칸은 다시 비게 됩니다."),
                           self.tr("면접 취소")):
            return
        svc, actor, sid = self.ctx.services.companies, self.ctx.actor, self.interview.id
        self.ok.setEnabled(False)
        self.ctx.run(lambda: svc.cancel_interview(actor, sid), self._done, self._failed)

