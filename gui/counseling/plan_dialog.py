"""취업활동계획: a youth's employment activity plan at this facility — the goal (field or
occupation), a target date and the planned steps with their due dates — opened from the
youth's history on 내 사례.

The plan is read on the read pool (``services.counseling.plan``); each change is one
write on the write lane: 계획 저장 (``save_plan``: goal and target date), 단계 추가
(``add_step``), ticking a step done or not (``set_step_done``) and changing a step's text
or due date (double-click it: ``update_step``). After each, the plan is read again and
``Topic.COUNSELING`` announced. A session can tick steps off too (the session dialog's
계획 단계 row). Bad input is said next to its field and nothing is written.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.context import Topic
from gui.desk.dialog_base import KOREAN
from models.core.errors import DomainError, ValidationError
from models.counseling.schemas import PlanRow, StepRow

NO_DATE = QDate(2000, 1, 1)  # the minimum of the date fields reads "없음"


def date_field(width: int = 140) -> QDateEdit:
    edit = QDateEdit()
    edit.setLocale(KOREAN)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("없음")
    edit.setDate(NO_DATE)
    edit.setFixedWidth(width)
    return edit


def date_of(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else edit.date().toPython()


def set_date(edit: QDateEdit, day: date | None) -> None:
    edit.setDate(QDate(day.year, day.month, day.day) if day else NO_DATE)


def plan_text(plan: PlanRow | None) -> str:
    """One line for the youth's history: the goal, the target date and the progress."""
    if plan is None:
        return "취업활동계획 없음"
    done, total = plan.progress
    target = f" · 목표일 {plan.target_on:%Y-%m-%d}" if plan.target_on else ""
    late = sum(1 for s in plan.steps if s.overdue)
    return (f"취업활동계획: {plan.goal}{target} · {done}/{total}단계 완료"
            + (f" · 기한 지난 단계 {late}개" if late else ""))


def step_text(s: StepRow) -> str:
    due = f" · 기한 {s.due_on:%Y-%m-%d}" if s.due_on else ""
    state = f" · {s.done_at:%m-%d} 완료" if s.done else (" · 기한 지남" if s.overdue else "")
    return f"{s.title}{due}{state}"


class PlanDialog(QDialog):
    changed = Signal()

    def __init__(self, ctx, facility_id: int, youth_id: int, youth_name: str, parent=None):
        super().__init__(parent)
        self.ctx, self.facility_id, self.youth_id = ctx, facility_id, youth_id
        self.plan: PlanRow | None = None
        self.editing: int | None = None  # the step whose text the add row now changes
        self.setWindowTitle(self.tr("취업활동계획"))
        self.setWindowIcon(icon("counseling"))
        self.setMinimumSize(560, 480)
        lay = QVBoxLayout(self)
        heading = QLabel(self.tr("취업활동계획 · {0}").format(youth_name))
        heading.setObjectName("pageTitle")
        lay.addWidget(heading)
        self.hint = QLabel(self.tr("불러오는 중…"))
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        lay.addWidget(self.hint)
        self.form = Form()
        lay.addWidget(self.form)
        self.goal = self.form.add("goal", self.tr("목표(&G)"), QLineEdit())
        self.goal.setMaxLength(220)  # the service allows 200 and says so under the field
        self.goal.setPlaceholderText(self.tr("희망 분야·직종, 예: 데이터 분석 직무 정규직"))
        row = QWidget()
        rl = QHBoxLayout(row)
        rl.setContentsMargins(0, 0, 0, 0)
        self.target = date_field()
        rl.addWidget(self.target)
        self.save_button = QPushButton(icon("save"), self.tr("계획 저장"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_plan)
        rl.addWidget(self.save_button)
        rl.addStretch(1)
        self.form.add("target_on", self.tr("목표일"), row)
        self.steps = QListWidget()
        self.steps.itemChanged.connect(self._ticked)
        self.steps.itemDoubleClicked.connect(self._edit_step)
        self.form.add("steps", self.tr("단계"), self.steps)
        add = QWidget()
        al = QHBoxLayout(add)
        al.setContentsMargins(0, 0, 0, 0)
        self.step_title = QLineEdit()
        self.step_title.setMaxLength(220)
        self.step_title.setPlaceholderText(self.tr("할 일, 예: 포트폴리오 완성"))
        self.step_title.returnPressed.connect(self.add_step)
        al.addWidget(self.step_title, 1)
        self.step_due = date_field(120)
        al.addWidget(self.step_due)
        self.add_button = QPushButton(icon("add"), self.tr("단계 추가"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_step)
        al.addWidget(self.add_button)
        self.form.add("title", self.tr("새 단계"), add)
        buttons = QDialogButtonBox()
        close = buttons.addButton(QDialogButtonBox.Close)
        close.setText(self.tr("닫기"))
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        for w in (self.save_button, self.add_button):
            w.setEnabled(False)
        self.reload()

    # -- reading ---------------------------------------------------------------------
    def reload(self) -> None:
        svc, actor, fid, yid = self.ctx.services.counseling, self.ctx.actor, self.facility_id, self.youth_id
        self.ctx.load(lambda: svc.plan(actor, fid, yid), self.show_plan, lambda exc: self.form.show_message(exc.message))

    def show_plan(self, plan: PlanRow | None) -> None:
        self.plan = plan
        self.save_button.setEnabled(True)
        self.add_button.setEnabled(plan is not None)
        self.step_title.setEnabled(plan is not None)
        if plan is None:
            self.hint.setText(self.tr("아직 세운 계획이 없습니다. 목표와 목표일을 정해 ‘계획 저장’을 누른 뒤 단계를 "
                                      "추가하세요."))
        else:
            self.hint.setText(self.tr("{0}. 단계를 체크하면 완료로, 두 번 누르면 고칠 수 있습니다. 상담을 기록할 때도 "
                                      "완료한 단계를 체크할 수 있습니다.").format(plan_text(plan)))
            if not self.goal.isModified():
                self.goal.setText(plan.goal)
                set_date(self.target, plan.target_on)
        self.steps.blockSignals(True)
        self.steps.clear()
        for s in plan.steps if plan else ():
            item = QListWidgetItem(step_text(s))
            item.setData(Qt.UserRole, s.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if s.done else Qt.Unchecked)
            if s.overdue:
                item.setForeground(Qt.red)
            self.steps.addItem(item)
        self.steps.blockSignals(False)

    def step(self, step_id: int) -> StepRow | None:
        return next((s for s in self.plan.steps if s.id == step_id), None) if self.plan else None

    # -- writing ---------------------------------------------------------------------
    def _write(self, work, button: QPushButton | None = None, after=None) -> None:
        self.form.clear_errors()
        if button is not None:
            button.setEnabled(False)

        def done(_result) -> None:
            if button is not None:
                button.setEnabled(True)
            if after is not None:
                after()
            self.ctx.notify(Topic.COUNSELING)
            self.changed.emit()
            self.reload()

        def failed(exc: DomainError) -> None:
            if button is not None:
                button.setEnabled(True)
            if isinstance(exc, ValidationError):
                self.form.show_errors(exc.errors)
            else:
                self.form.show_message(exc.message)
            self.reload()

        self.ctx.run(work, done, failed)

    def save_plan(self) -> None:
        svc, actor, fid, yid = self.ctx.services.counseling, self.ctx.actor, self.facility_id, self.youth_id
        data = {"goal": self.goal.text(), "target_on": date_of(self.target)}
        self._write(lambda: svc.save_plan(actor, fid, yid, data), self.save_button,
                    lambda: self.goal.setModified(False))

    def add_step(self) -> None:
        if self.plan is None or not self.add_button.isEnabled():
            return
        svc, actor = self.ctx.services.counseling, self.ctx.actor
        data = {"title": self.step_title.text(), "due_on": date_of(self.step_due)}
        if self.editing is not None:
            sid = self.editing
            work = lambda: svc.update_step(actor, sid, data)  # noqa: E731
        else:
            pid = self.plan.id
            work = lambda: svc.add_step(actor, pid, data)  # noqa: E731
        self._write(work, self.add_button, self._step_saved)

    def _step_saved(self) -> None:
        self.editing = None
        self.step_title.clear()
        self.step_due.setDate(NO_DATE)
        self.add_button.setText(self.tr("단계 추가"))

    def _edit_step(self, item: QListWidgetItem) -> None:
        s = self.step(item.data(Qt.UserRole))
        if s is None:
            return
        self.editing = s.id
        self.step_title.setText(s.title)
        set_date(self.step_due, s.due_on)
        self.add_button.setText(self.tr("단계 고치기"))
        self.step_title.setFocus()

    def _ticked(self, item: QListWidgetItem) -> None:
        svc, actor, sid = self.ctx.services.counseling, self.ctx.actor, item.data(Qt.UserRole)
        done = item.checkState() == Qt.Checked
        self._write(lambda: svc.set_step_done(actor, sid, done))


class StepPicker(QWidget):
    """The session dialog's 계획 단계 row: a check box per open step of the youth's plan;
    the steps ticked are done by the session (``SessionInput.plan_step_ids``)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.col = QVBoxLayout(self)
        self.col.setContentsMargins(0, 0, 0, 0)
        self.col.setSpacing(2)
        self.boxes: dict[int, QCheckBox] = {}

    def set_plan(self, plan: PlanRow | None) -> bool:
        """Show the plan's open steps; False when there are none."""
        for box in self.boxes.values():
            box.deleteLater()
        self.boxes = {}
        for s in (plan.steps if plan else ()):
            if not s.done:
                box = QCheckBox(step_text(s))
                self.col.addWidget(box)
                self.boxes[s.id] = box
        return bool(self.boxes)

    def first(self) -> QWidget:
        return next(iter(self.boxes.values()), self)

    def selected_ids(self) -> list[int]:
        return [sid for sid, box in self.boxes.items() if box.isChecked()]
