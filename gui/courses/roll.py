"""The 출결 tab of the 교육과정 page: a day's roll, 출석 unless marked (keys 1–5), a past day
changed only by a manager with a reason."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from gui.common.icons import icon
from gui.context import Topic
from gui.courses.common import (
    KIND_KEYS,
    RIGHT,
    ROLL,
    WARN,
    bar,
    hint,
    pct,
)
from gui.courses.dialogs import ReasonDialog, center, date_edit, date_of
from models.core.errors import DomainError
from models.courses.enums import Attendance


class RollTab:
    """A mixin of ``gui.courses.page.CoursesPage``."""

    def _build_roll(self) -> None:
        lay = self._tab("calendar", "출결")
        self.roll_day = date_edit(self.ctx.services.courses.today())
        self.roll_day.dateChanged.connect(lambda _d: self._load_roll())
        self.roll_state = QLabel()
        lay.addLayout(bar(QLabel(self.tr("날짜")), self.roll_day, self.roll_state, None))
        lay.addWidget(hint(self.tr("모두 출석으로 시작합니다. 예외만 표시하세요: 1 출석 · 2 지각 · 3 조퇴 · 4 결석 · 5 공결(사유). "
                                   "지난 날은 시설 관리자만 사유를 적고 고칠 수 있습니다.")))
        self.roll_table = QTableWidget(0, 5)
        self.roll_table.setHorizontalHeaderLabels([self.tr(h) for h in ("이름", "출결", "사유", "출석률", "경고")])
        self.roll_table.verticalHeader().setVisible(False)
        self.roll_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.roll_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.roll_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.roll_table.horizontalHeader().setStretchLastSection(True)
        self.roll_table.installEventFilter(self)
        lay.addWidget(self.roll_table, 1)
        self.roll_save = QPushButton(icon("save"), self.tr("출결 저장"))
        self.roll_save.clicked.connect(self.save_roll)
        self.roll_error = QLabel()
        self.roll_error.setObjectName("fieldError")
        self.roll_error.setWordWrap(True)
        lay.addLayout(bar(self.roll_save, self.roll_error, None))


    # -- the roll ------------------------------------------------------------------------
    def _load_roll(self) -> None:
        if self.course is None or self.tabs.currentIndex() != ROLL:
            return
        svc, actor, cid, day = self.ctx.services.courses, self.ctx.actor, self.course.id, date_of(self.roll_day)
        self.roll_error.setText("")
        self.load(lambda: svc.roll(actor, cid, day), self._show_roll, lane="tab", on_error=self._roll_failed)

    def _roll_failed(self, exc) -> None:
        self.roll_data = None
        self.roll_table.setRowCount(0)
        self.roll_state.setText("")
        self.roll_error.setText(exc.message if isinstance(exc, DomainError) else str(exc))
        self.roll_save.setEnabled(False)

    def _show_roll(self, roll) -> None:
        self.roll_data = roll
        self.marks = {r.enrollment_id: {"kind": r.kind, "reason": r.reason} for r in roll.rows}
        t = self.roll_table
        t.setRowCount(len(roll.rows))
        for i, r in enumerate(roll.rows):
            self._roll_row(i)
            rate = QTableWidgetItem(pct(r.attendance.rate))
            rate.setTextAlignment(RIGHT)
            t.setItem(i, 3, rate)
            warn = QTableWidgetItem(r.attendance.warning and f"{r.attendance.warning} (결석 {r.attendance.absence_share:.0f}%)")
            if r.attendance.warning:
                warn.setForeground(WARN[r.attendance.warning])
            t.setItem(i, 4, warn)
            t.setItem(i, 0, QTableWidgetItem(r.youth_name))
        if roll.rows:
            t.selectRow(0)
        self.roll_state.setText(self.tr("저장됨 · {0} {1}").format(roll.saved_by_name, f"{roll.saved_at:%H:%M}")
                                if roll.taken and roll.saved_at else self.tr("아직 저장하지 않은 출결"))
        self.roll_save.setEnabled(roll.editable)
        if not roll.rows:
            self.roll_error.setText(self.tr("이 날 출결을 받을 수강생이 없습니다."))
        elif roll.needs_reason and roll.editable:
            self.roll_error.setText(self.tr("지난 날의 출결입니다. 고치면 저장할 때 사유를 묻습니다."))

    def _roll_row(self, i: int) -> None:
        r = self.roll_data.rows[i]
        m = self.marks[r.enrollment_id]
        kind = QTableWidgetItem(m["kind"].label)
        if m["kind"] is not Attendance.PRESENT:
            kind.setForeground(QColor("#b42318"))
        self.roll_table.setItem(i, 1, kind)
        self.roll_table.setItem(i, 2, QTableWidgetItem(m["reason"]))

    def mark(self, row: int, kind: Attendance, reason: str = "") -> None:
        """One trainee's mark on the day's roll (not saved yet)."""
        if self.roll_data is None or not 0 <= row < len(self.roll_data.rows):
            return
        eid = self.roll_data.rows[row].enrollment_id
        if kind is Attendance.EXCUSED and not reason:
            dialog = center(ReasonDialog(self.ctx, self.tr("공결 사유"), lambda v: v, parent=self))
            dialog.accepted.connect(lambda: self.mark(row, kind, dialog.result_value["reason"]))
            dialog.save = lambda: (dialog.form.show_errors({"reason": "공결 사유를 적으세요."})
                                   if not dialog.reason.text().strip() else
                                   (setattr(dialog, "result_value", {"reason": dialog.reason.text().strip()}),
                                    dialog.accept()))
            self.dialog = dialog
            dialog.open()
            return
        self.marks[eid] = {"kind": kind, "reason": reason if kind is Attendance.EXCUSED else ""}
        self._roll_row(row)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.roll_table and event.type() == event.Type.KeyPress and event.key() in KIND_KEYS:
            row = self.roll_table.currentRow()
            self.mark(row, KIND_KEYS[event.key()])
            if KIND_KEYS[event.key()] is not Attendance.EXCUSED and row + 1 < self.roll_table.rowCount():
                self.roll_table.selectRow(row + 1)
            return True
        return super().eventFilter(obj, event)

    def save_roll(self, reason: str | None = None) -> None:
        roll = self.roll_data
        if roll is None:
            return
        if roll.needs_reason and not reason:
            svc = self
            self.dialog = center(ReasonDialog(self.ctx, self.tr("지난 출결 고치기"), lambda v: v, parent=self,
                                              hint=self.tr("지난 날의 출결을 고치는 사유를 적으세요 (기록에 남습니다).")))
            self.dialog.accepted.connect(lambda: svc.save_roll(self.dialog.result_value["reason"]))
            self.dialog.open()
            return
        marks = {eid: ({"kind": m["kind"].value, "reason": m["reason"]} if m["kind"] is Attendance.EXCUSED
                       else m["kind"].value) for eid, m in self.marks.items() if m["kind"] is not Attendance.PRESENT}
        svc, actor, cid, day = self.ctx.services.courses, self.ctx.actor, self.course.id, roll.day

        def failed(exc) -> None:
            self.roll_error.setText(exc.message)

        self.roll_error.setText("")
        self.ctx.run(lambda: svc.save_roll(actor, cid, day, marks, reason=reason),
                     lambda n: (self.ctx.notify(Topic.COURSES, origin=self), self._load_roll(),
                                self.roll_state.setText(self.tr("저장했습니다 ({0}건 바뀜).").format(n))), failed)
