"""The caseload's small dialogs: take a youth (사례 맡기), assign or transfer a case (배정·이관,
a manager, with a reason), close a case with its outcome (종결) and reopen it (재개), and
plan a session on a day, at a time and in a mode (상담 예약).

Each one runs one service call on the write lane; a refusal is shown next to its field (or
at the top) and nothing is written. The counselors a manager can choose from are the
ones ``services.counseling.counselors`` lists, read by the page before the dialog opens.
"""

from __future__ import annotations

import html
from datetime import timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form
from gui.common.icons import icon
from gui.common.write_dialog import SubmitsWork
from gui.context import Topic
from gui.desk.dialog_base import KOREAN
from models.core.errors import ValidationError
from models.counseling.enums import CaseEventKind, Mode, Outcome
from models.counseling.schemas import CaseRow, CounselorRow

# the modes a session can be planned with, as the lists show them (대면 first: the default)
PLAN_MODES = ((Mode.IN_PERSON, "대면"), (Mode.PHONE, "전화"), (Mode.VIDEO, "화상"), (Mode.ONLINE, "온라인·메신저"))


class CaseDialog(SubmitsWork, QDialog):
    """A heading, a hint, a ``Form`` and OK / 취소; ``work()`` returns the write to run."""

    done_ok = Signal(object)
    topics = (Topic.COUNSELING,)

    def __init__(self, ctx, parent, title: str, hint: str, ok_text: str, icon_name: str):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setWindowIcon(icon(icon_name))
        self.setMinimumWidth(500)
        self.lay = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.lay.addWidget(heading)
        self.hint = QLabel(hint)
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.lay.addWidget(self.hint)
        self.form = Form()
        self.lay.addWidget(self.form)

    def finish(self, ok_text: str) -> None:
        self.lay.addStretch(1)
        buttons = QDialogButtonBox()
        self.ok = QPushButton(ok_text)
        self.ok.setProperty("primary", True)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        buttons.addButton(self.ok, QDialogButtonBox.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.Cancel)
        cancel.setText(self.tr("취소"))
        cancel.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        self.lay.addWidget(buttons)

    def reason_field(self, placeholder: str) -> QLineEdit:
        edit = self.form.add("reason", self.tr("사유"), QLineEdit())
        edit.setMaxLength(250)
        edit.setPlaceholderText(placeholder)
        return edit



class TakeDialog(CaseDialog):
    """사례 맡기: find a youth and put them on my caseload (a youth nobody holds)."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent, "사례 맡기", "명부에서 청년을 찾아 내 사례로 맡습니다. 다른 상담사가 맡고 있는 "
                         "청년은 시설 관리자가 이관합니다.", "맡기", "add")
        from gui.youth.picker import YouthPicker
        self.picker = YouthPicker(ctx, self)
        self.form.add("youth_id", self.tr("청년"), self.picker)
        self.finish(self.tr("내 사례로 맡기"))

    def work(self):
        yid = self.picker.selected_youth_id
        if yid is None:
            raise ValidationError.single("youth_id", self.tr("청년을 검색해서 목록에서 고르세요."))
        svc, actor, fid = self.ctx.services.counseling, self.ctx.actor, self.ctx.facility_id
        return lambda: svc.take(actor, fid, yid)


class AssignDialog(CaseDialog):
    """배정·이관 (a manager): the case goes to another counselor; a transfer keeps its reason.
    The counselors are those who may hold cases here (``services.counseling.counselors``);
    the case's earlier assignments and transfers are listed with their reasons."""

    HANDOVERS = (CaseEventKind.OPEN, CaseEventKind.ASSIGN, CaseEventKind.TAKE, CaseEventKind.TRANSFER)

    def __init__(self, ctx, case: CaseRow, counselors: list[CounselorRow], parent=None, history=()):
        transfer = case.counselor_id is not None
        super().__init__(ctx, parent, "담당 이관" if transfer else "담당 배정",
                         (f"{case.youth_name} 님의 사례를 다른 상담사에게 넘깁니다. 이관 사유는 사례 기록에 남습니다."
                          if transfer else f"{case.youth_name} 님의 사례를 맡을 상담사를 고릅니다."),
                         "이관", "transfer")
        self.case = case
        self.counselor = QComboBox()
        for c in counselors:
            if c.id != case.counselor_id:
                self.counselor.addItem(c.name + (self.tr(" (시설 관리자)") if c.manager else ""), c.id)
        if not self.counselor.count():
            self.counselor.setPlaceholderText(self.tr("고를 수 있는 상담사가 없습니다"))
        self.form.add("counselor_id", self.tr("상담사"), self.counselor)
        if transfer:
            self.form.add("from", self.tr("지금 담당"), QLabel(case.counselor_name or ""))
        self.reason = self.reason_field(self.tr("예: 담당 지역 조정, 상담사 휴직") if transfer else self.tr("(선택)"))
        past = [e for e in history if e.kind in self.HANDOVERS and e.to_counselor]
        self.history = QLabel("<br>".join(html.escape(self._event_text(e)) for e in past[-5:]))
        self.history.setObjectName("pageHint")
        self.history.setWordWrap(True)
        if past:
            self.form.add("history", self.tr("담당 이력"), self.history)
        self.finish(self.tr("이관") if transfer else self.tr("배정"))

    def _event_text(self, e) -> str:
        moved = f"{e.from_counselor} → {e.to_counselor}" if e.from_counselor else e.to_counselor
        reason = f" · 사유: {e.reason}" if e.reason else ""
        return f"{e.at:%Y-%m-%d} {e.kind.label}: {moved}{reason}"

    def work(self):
        uid = self.counselor.currentData()
        if uid is None:
            raise ValidationError.single("counselor_id", self.tr("상담사를 고르세요."))
        svc, actor, case, reason = self.ctx.services.counseling, self.ctx.actor, self.case, self.reason.text()
        if case.counselor_id is None:
            return lambda: svc.assign(actor, case.facility_id, case.youth_id, uid, reason)
        return lambda: svc.transfer(actor, case.id, uid, reason)


class CloseCaseDialog(CaseDialog):
    """종결 with an outcome; a closed case can be reopened."""

    def __init__(self, ctx, case: CaseRow, parent=None):
        super().__init__(ctx, parent, "사례 종결", f"{case.youth_name} 님의 사례를 결과와 함께 종결합니다. "
                         "종결한 사례는 다시 재개할 수 있습니다.", "종결", "case_close")
        self.case = case
        self.outcome = QComboBox()
        for value, label in Outcome.choices():
            self.outcome.addItem(label, value)
        self.form.add("outcome", self.tr("결과"), self.outcome)
        self.reason = self.reason_field(self.tr("예: ○○기업 정규직 취업 (선택)"))
        self.finish(self.tr("종결"))

    def work(self):
        svc, actor, cid = self.ctx.services.counseling, self.ctx.actor, self.case.id
        outcome, reason = self.outcome.currentData(), self.reason.text()
        return lambda: svc.close_case(actor, cid, outcome, reason)


class ReopenDialog(CaseDialog):
    def __init__(self, ctx, case: CaseRow, parent=None):
        super().__init__(ctx, parent, "사례 재개", f"{case.youth_name} 님의 종결된 사례를 종결 전 단계로 다시 "
                         "엽니다. 담당 상담사는 그대로입니다.", "재개", "case_open")
        self.case = case
        self.reason = self.reason_field(self.tr("예: 조기 퇴사로 재상담 희망 (선택)"))
        self.finish(self.tr("재개"))

    def work(self):
        svc, actor, cid, reason = self.ctx.services.counseling, self.ctx.actor, self.case.id, self.reason.text()
        return lambda: svc.reopen_case(actor, cid, reason)


class ScheduleDialog(CaseDialog):
    """상담 예약: plan a session with a youth on a day (today or later), optionally at a time
    (10-minute steps to pick, or any "HH:MM" typed; blank: 시간 미정) and with a mode
    (대면 unless chosen). It waits in my queue on the 오늘 tab
    (``services.counseling.schedule_followup``, which checks the time) and is done by the
    session logged from it, which starts with the planned mode."""

    QUICK = ((0, "오늘"), (1, "내일"), (3, "+3일"), (7, "+7일"))
    TIMES = tuple(f"{h:02d}:{m:02d}" for h in range(8, 21) for m in range(0, 60, 10))
    NO_TIME = "시간 미정"

    def __init__(self, ctx, parent=None, youth_id: int | None = None, youth_name: str = ""):
        super().__init__(ctx, parent, "상담 예약", "청년과 만날 날을 정해 둡니다. 그날 ‘오늘’ 탭의 예정 목록에 올라오고, "
                         "거기서 상담을 기록하면 완료됩니다.", "예약", "calendar")
        from gui.youth.picker import YouthPicker
        self.today = ctx.services.counseling.today()
        self.youth_id = youth_id
        if youth_id is None:
            self.picker = YouthPicker(ctx, self)
            self.form.add("youth_id", self.tr("청년"), self.picker)
        else:
            self.picker = None
            self.form.add("youth_id", self.tr("청년"), QLabel(youth_name))
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        self.day = QDateEdit(QDate(self.today + timedelta(days=1)))
        self.day.setLocale(KOREAN)
        self.day.setDisplayFormat("yyyy-MM-dd (ddd)")
        self.day.setCalendarPopup(True)
        self.day.setFixedWidth(150)
        self.day.setMinimumDate(QDate(self.today))
        lay.addWidget(self.day)
        for days, text in self.QUICK:
            b = QPushButton(self.tr(text))
            b.setAutoDefault(False)
            b.setStyleSheet("padding: 3px 9px;")
            b.clicked.connect(lambda _c=False, d=days: self.day.setDate(QDate(self.today + timedelta(days=d))))
            lay.addWidget(b)
        lay.addStretch(1)
        self.form.add("followup_on", self.tr("날짜"), row)
        self.start_time = QComboBox()
        self.start_time.setEditable(True)
        self.start_time.addItem("")
        self.start_time.addItems(self.TIMES)
        self.start_time.setCurrentIndex(0)
        self.start_time.lineEdit().setPlaceholderText(self.tr(self.NO_TIME))
        self.start_time.lineEdit().setMaxLength(8)
        self.start_time.setMaxVisibleItems(12)
        self.start_time.setFixedWidth(150)
        self.start_time.setToolTip(self.tr("목록에서 고르거나 ‘14:00’처럼 입력합니다. 비우면 시간 미정입니다."))
        self.form.add("start_time", self.tr("시간"), self.start_time)
        self.mode = QComboBox()
        for mode, text in PLAN_MODES:
            self.mode.addItem(self.tr(text), mode.value)
        self.mode.setFixedWidth(150)
        self.form.add("mode", self.tr("방식"), self.mode)
        self.finish(self.tr("예약"))

    def work(self):
        yid = self.youth_id if self.picker is None else self.picker.selected_youth_id
        if yid is None:
            raise ValidationError.single("youth_id", self.tr("청년을 검색해서 목록에서 고르세요."))
        svc, actor, fid, day = self.ctx.services.counseling, self.ctx.actor, self.ctx.facility_id, self.day.date().toPython()
        start, mode = self.start_time.currentText().strip(), self.mode.currentData()
        return lambda: svc.schedule_followup(actor, fid, yid, day, start_time=start, mode=mode)
