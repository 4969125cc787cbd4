"""Shared pieces of the 교육과정 page: the tab indexes, the table columns and the small
widget helpers its tabs use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
)

from gui.common.table_model import Column, RowTableModel
from models.courses.enums import Attendance

LIST, APPLICANTS, SELECTION, ACCEPTANCE, ROLL, COMPLETION, FUNNEL = range(7)
RIGHT = Qt.AlignRight | Qt.AlignVCenter
KIND_KEYS = {Qt.Key_1: Attendance.PRESENT, Qt.Key_2: Attendance.LATE, Qt.Key_3: Attendance.EARLY_LEAVE,
             Qt.Key_4: Attendance.ABSENT, Qt.Key_5: Attendance.EXCUSED}
WARN = {"주의": QColor("#b54708"), "경고": QColor("#b42318")}


def pct(value) -> str:
    return "—" if value is None else f"{value:.1f}%"


def period(r) -> str:
    return f"{r.start_on:%Y-%m-%d} ~ {r.end_on:%m-%d}"


COURSE_COLUMNS = [
    Column("과정명", lambda r: r.name), Column("캠퍼스", lambda r: r.facility_name),
    Column("분야", lambda r: r.field.label), Column("상태", lambda r: r.status.label),
    Column("교육 기간", period), Column("정원", lambda r: r.places, RIGHT),
    Column("지원자", lambda r: r.applicants, RIGHT), Column("경쟁률", lambda r: f"{r.competition_ratio:.1f} : 1", RIGHT),
    Column("수강", lambda r: r.enrolled, RIGHT), Column("수료", lambda r: r.completed, RIGHT),
    Column("취업률", lambda r: pct(r.employment_rate), RIGHT)]
APP_COLUMNS = [
    Column("이름", lambda r: r.youth_name), Column("휴대전화", lambda r: r.phone_masked),
    Column("지원일", lambda r: f"{r.applied_on:%Y-%m-%d}"), Column("경로", lambda r: r.channel.label),
    Column("상태", lambda r: r.status.label, muted=lambda r: r.status.value == "withdrawn"),
    Column("순위", lambda r: r.rank or "", RIGHT), Column("예비 순위", lambda r: r.reserve_rank or "", RIGHT)]
OFFER_COLUMNS = [
    Column("예비 순위", lambda o: o.reserve_rank or "", RIGHT), Column("이름", lambda o: o.youth_name),
    Column("제안", lambda o: f"{o.offered_at:%m-%d %H:%M}"), Column("회신 기한", lambda o: f"{o.reply_by:%Y-%m-%d}"),
    Column("상태", lambda o: o.status.label)]
TRAINEE_COLUMNS = [
    Column("이름", lambda t: t.youth_name), Column("상태", lambda t: t.status.label),
    Column("출석률", lambda t: pct(t.attendance.rate), RIGHT),
    Column("결석 환산", lambda t: t.attendance.absence_equivalent, RIGHT),
    Column("경고", lambda t: t.attendance.warning), Column("수료증 번호", lambda t: t.certificate_no or "")]
FOLLOWUP_COLUMNS = [
    Column("이름", lambda f: f.youth_name), Column("과정", lambda f: f.course_name),
    Column("시점", lambda f: f"{f.months}개월"), Column("기한", lambda f: f"{f.due_on:%Y-%m-%d}"),
    Column("지남", lambda f: f"{f.days_overdue}일" if f.days_overdue > 0 else "", RIGHT)]
FUNNEL_COLUMNS = [
    Column("과정", lambda r: r.name), Column("정원", lambda r: r.places, RIGHT),
    Column("지원", lambda r: r.applicants, RIGHT), Column("경쟁률", lambda r: "—" if r.competition_ratio is None
                                                           else f"{r.competition_ratio:.1f} : 1", RIGHT),
    Column("선발", lambda r: r.selected, RIGHT), Column("선발률", lambda r: pct(r.selection_rate), RIGHT),
    Column("등록", lambda r: r.enrolled, RIGHT), Column("등록률", lambda r: pct(r.enrollment_rate), RIGHT),
    Column("수료", lambda r: r.completed, RIGHT), Column("수료율", lambda r: pct(r.completion_rate), RIGHT),
    Column("취업", lambda r: r.employed, RIGHT),
    Column("취업률", lambda r: pct(r.employment_rate) + ("" if r.followup_done or r.employment_rate is None
                                                        else " (확인 중)"), RIGHT)]


def table(columns, parent=None) -> tuple[QTableView, RowTableModel]:
    view = QTableView(parent)
    model = RowTableModel(columns, view)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.SingleSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    # every column as wide as its contents: a stretched last column put its numbers (취업률,
    # 예비 순위) far from their header on a wide window
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(False)
    return view, model


def chosen(view: QTableView, model: RowTableModel):
    rows = view.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHint")
    label.setWordWrap(True)
    return label


def bar(*widgets) -> QHBoxLayout:
    lay = QHBoxLayout()
    for w in widgets:
        if w is None:
            lay.addStretch(1)
        else:
            lay.addWidget(w)
    return lay
