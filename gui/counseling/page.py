"""상담: the counselor's working day (issue 12).

Tabs:

- **오늘** (``TodayTab``): my planned sessions (상담 예약) and follow-ups due today and
  overdue, the AI-booth consultation requests waiting, the sessions I logged today;
- **내 사례** (``CaseloadTab``): the caseload at this facility with stage, last contact, next
  follow-up and days since the last contact, flagged past the facility's no-contact days;
  beside it the selected youth's history with the activity plan's line, 취업활동계획…
  (``PlanDialog``) and 기록 출력… (the counseling record PDF, ``CounselingOutputs``); a
  manager's 배정·이관 offers ``services.counseling.counselors``, and 내가 맡기 takes an
  unassigned case;
- **집단 프로그램** (``GroupsTab``): the last 30 days' group sessions;
- **통계** (``CountsTab``): one month's counts. The city admin (counts only, no counseling
  text) sees this tab alone.

Everything is read on the read pool (``Page.load``): one load for the 오늘 and 내 사례 tabs
(``day_sessions``, ``followups``, ``booths.consult_queue``, ``caseload``, ``settings``),
the selected youth's sessions on their own lane, the groups and the counts when their tab
is shown. Writes happen in the dialogs (``SessionDialog``, ``SessionDetailDialog``,
``GroupDialog``, the case dialogs), on the write lane; each announces
``Topic.COUNSELING`` (with ``Topic.YOUTH`` when the youth's timeline changed:
``gui.counseling.TIMELINE_TOPICS``), and a logged session that answered a booth request
also ``Topic.BOOTH``; the page reloads on those topics (``Topic.YOUTH`` also for a name or
a consent changed elsewhere, ``Topic.BOOTH`` for a new booth request).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from gui.common.icons import icon
from gui.common.page import Page
from gui.context import Topic
from gui.counseling.counts import CountsTab, GroupsTab
from gui.counseling.outputs import CounselingOutputs
from gui.counseling.tables import overdue_text, planned_day
from gui.counseling.tabs import CaseloadTab, TodayTab
from models.core.permissions import Perm
from models.counseling.enums import CaseStatus, SessionKind


class CounselingPage(CounselingOutputs, Page):
    key = "counseling"
    title = "상담"
    icon_name = "counseling"
    listens_to = frozenset({Topic.COUNSELING, Topic.YOUTH, Topic.BOOTH, Topic.FACILITY, Topic.USER})

    HINT = ("오늘 할 후속조치와 분석 컨설팅 요청, 내 사례를 한 화면에서 봅니다. 사례에서 청년을 고르고 "
            "Enter를 누르면 상담을 기록합니다.")
    HINT_COUNTS = "상담 통계입니다. 시 담당자에게는 건수만 보이고 청년 이름과 상담 내용은 보이지 않습니다."

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.hint_label.setText(self.tr(self.HINT))
        self.can_text = self.can_write = self.is_manager = False
        self.log_button = self.action_button("counseling", self.tr("상담 기록"), self.log_new, primary=True)
        self.group_button = self.action_button("group", self.tr("집단 프로그램 기록"), self.log_group)
        self.refresh_button = self.action_button("refresh", self.tr("새로 고침"), self.refresh)
        for b in (self.log_button, self.group_button, self.refresh_button):
            self.header_actions.addWidget(b)
        self.tabs = QTabWidget()
        self.today_tab = TodayTab()
        self.cases_tab = CaseloadTab()
        self.groups_tab = GroupsTab()
        self.counts_tab = CountsTab()
        self.tabs.addTab(self.today_tab, icon("calendar"), self.tr("오늘"))
        self.tabs.addTab(self.cases_tab, icon("youth"), self.tr("내 사례"))
        self.tabs.addTab(self.groups_tab, icon("group"), self.tr("집단 프로그램"))
        self.tabs.addTab(self.counts_tab, icon("chart"), self.tr("통계"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        self.outer.addWidget(self.tabs, 1)
        self._build_case_buttons()
        self._build_output_actions()
        t = self.today_tab
        t.log_for_followup.connect(self.log_for_followup)
        t.log_for_consult.connect(self.log_for_consult)
        t.open_session.connect(self.open_session)
        t.schedule.connect(self.schedule_session)
        c = self.cases_tab
        c.log_for_case.connect(self.log_for_case)
        c.open_session.connect(self.open_session)
        c.scope_changed.connect(self._load_cases)
        c.case_selected.connect(self._case_selected)
        self.counts_tab.changed.connect(self._load_counts)
        self.groups_tab.open_group.connect(self.open_group)
        self.dialog = None  # the dialog open now (tests drive it)
        self._scope_chosen = False

    def _build_case_buttons(self) -> None:
        s = self.cases_tab.cases
        self.case_log_button = s.button("counseling", self.tr("상담 기록"), lambda: self.log_for_case(), True)
        self.take_mine_button = s.button("add", self.tr("내가 맡기"), self.take_selected)
        self.take_mine_button.setToolTip(self.tr("담당 상담사가 없는 이 사례를 내 사례로 맡습니다."))
        self.take_button = s.button("youth", self.tr("사례 맡기…"), self.take_case)
        self.assign_button = s.button("transfer", self.tr("배정·이관…"), self.assign_case)
        self.close_button = s.button("case_close", self.tr("종결…"), self.close_case)
        self.reopen_button = s.button("case_open", self.tr("재개…"), self.reopen_case)

    # -- loading ------------------------------------------------------------------------------
    def _rights(self) -> tuple[bool, bool]:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        if actor is None or fid is None:
            self.can_text = self.can_write = self.is_manager = False
            return False, False
        self.can_text = actor.can(Perm.COUNSELING_VIEW, fid)
        self.can_write = actor.can(Perm.COUNSELING_WRITE, fid)
        self.is_manager = actor.can(Perm.COUNSELING_ASSIGN, fid)
        counts = actor.can(Perm.COUNSELING_COUNTS, fid) or actor.can(Perm.COUNSELING_COUNTS, None)
        return self.can_text, counts

    def refresh(self) -> None:
        self.clear_error()
        text, counts = self._rights()
        for i in range(3):
            self.tabs.setTabVisible(i, text)
        self.tabs.setTabVisible(3, counts)
        for b in (self.log_button, self.group_button):
            b.setVisible(self.can_write)
        actor = self.ctx.actor
        self.counts_tab.set_city(bool(actor and actor.can(Perm.COUNSELING_COUNTS, None) and not text))
        self.counts_tab.set_months(self.ctx.services.counseling.today())
        if not self.hint_label.text().startswith("✓"):
            self.hint_label.setText(self.tr(self.HINT if text else self.HINT_COUNTS))
        if not text and not counts:
            self.show_error(self.tr("이 시설의 상담 기록을 볼 권한이 없습니다. 위에서 시설을 바꿔 보세요."))
            return
        if not text:
            if self.tabs.currentIndex() != 3:
                self.tabs.setCurrentIndex(3)  # shown: the tab loads its counts
            else:
                self._load_counts()
            return
        self.cases_tab.set_manager(self.is_manager)
        if self.is_manager and not self._scope_chosen:
            self._scope_chosen = True  # a manager starts on the whole facility's caseload
            self.cases_tab.scope.blockSignals(True)
            self.cases_tab.scope.setCurrentIndex(self.cases_tab.scope.findData("all"))
            self.cases_tab.scope.blockSignals(False)
            self.cases_tab.set_manager(True)
        self._load_day()
        self._tab_shown()

    def _load_day(self) -> None:
        svc, booths, actor, fid = self.ctx.services.counseling, self.ctx.services.booths, self.ctx.actor, self.ctx.facility_id
        consults = actor.can(Perm.BOOKING_VIEW, fid) and actor.can(Perm.CONSULT_MANAGE, fid)
        scope, closed = self.cases_tab.scope_value(), self.cases_tab.closed.isChecked()

        def read():
            return (fid, svc.day_sessions(actor, fid), svc.followups(actor, fid),
                    booths.consult_queue(actor, fid) if consults else [],
                    self._caseload(svc, actor, fid, scope, closed), svc.settings(actor, fid).stale_days, consults)

        self.load(read, self._day_loaded, lane="day")

    @staticmethod
    def _caseload(svc, actor, fid, scope: str, closed: bool):
        return svc.caseload(actor, fid, everyone=scope == "all", unassigned=scope == "unassigned",
                            include_closed=closed)

    def _day_loaded(self, data) -> None:
        fid, sessions, followups, consults, cases, stale, can_consult = data
        if fid != self.ctx.facility_id:
            return
        self.today_tab.show_data(sessions, followups, consults, can_consult)
        self.cases_tab.show_rows(cases, stale)
        self._case_buttons()

    def _load_cases(self) -> None:
        if not self.can_text:
            return
        svc, actor, fid = self.ctx.services.counseling, self.ctx.actor, self.ctx.facility_id
        scope, closed = self.cases_tab.scope_value(), self.cases_tab.closed.isChecked()
        self.load(lambda: (fid, self._caseload(svc, actor, fid, scope, closed), svc.settings(actor, fid).stale_days),
                  self._cases_loaded, lane="cases")

    def _cases_loaded(self, data) -> None:
        fid, cases, stale = data
        if fid == self.ctx.facility_id:
            self.cases_tab.show_rows(cases, stale)
            self._case_buttons()

    def _case_selected(self, case) -> None:
        self._case_buttons()
        for b in (self.print_button, self.plan_button):
            b.setEnabled(False)  # until the youth's history is here
        if case is None:
            self.cases_tab.show_history(None, [])
            return
        svc, actor, fid, yid = self.ctx.services.counseling, self.ctx.actor, case.facility_id, case.youth_id
        self.load(lambda: (svc.youth_sessions(actor, fid, yid), svc.plan(actor, fid, yid)),
                  lambda data: self._history_loaded(case, *data), lane="history")

    def _history_loaded(self, case, rows, plan=None) -> None:
        current = self.cases_tab.current()
        if current is not None and current.youth_id == case.youth_id:
            self.cases_tab.show_history(case, rows, plan)
            self._sync_print()

    def _case_buttons(self) -> None:
        case = self.cases_tab.current()
        open_ = case is not None and case.status is CaseStatus.OPEN
        uid = self.ctx.actor.user_id if self.ctx.actor else None
        mine = case is not None and (case.counselor_id in (None, uid) or self.is_manager)
        self.case_log_button.setEnabled(self.can_write and case is not None)
        self.take_button.setVisible(self.can_write)
        unassigned = open_ and case.counselor_id is None
        self.take_mine_button.setVisible(self.can_write and unassigned)
        self.take_mine_button.setEnabled(self.can_write and unassigned)
        self.assign_button.setVisible(self.is_manager)
        self.assign_button.setEnabled(open_)
        self.close_button.setVisible(self.can_write)
        self.close_button.setEnabled(open_ and mine)
        self.reopen_button.setVisible(self.can_write and self.cases_tab.closed.isChecked())
        self.reopen_button.setEnabled(case is not None and not open_ and mine)

    def _tab_shown(self) -> None:
        index = self.tabs.currentIndex()
        if index == 1:
            self.cases_tab.focus_search()
        elif index == 2 and self.can_text:
            svc, actor, fid = self.ctx.services.counseling, self.ctx.actor, self.ctx.facility_id
            today = svc.today()
            self.load(lambda: svc.groups(actor, fid, today - timedelta(days=30), today),
                      self.groups_tab.show_rows, lane="groups")
        elif index == 3:
            self._load_counts()

    def _load_counts(self) -> None:
        svc, actor = self.ctx.services.counseling, self.ctx.actor
        fid = None if self.counts_tab.whole_city() else self.ctx.facility_id
        year, month = self.counts_tab.chosen()
        staff = self.can_text
        self.load(lambda: svc.monthly_counts(actor, fid, year, month),
                  lambda counts: self.counts_tab.show_counts(counts, staff), lane="counts",
                  on_error=lambda exc: self.counts_tab.show_nothing(exc.message))

    # -- dialogs --------------------------------------------------------------------------------
    def _open(self, dialog):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_write(self, *_args) -> None:
        """A dialog wrote: it announced ``Topic.COUNSELING``, which reloads this page."""
        self.hint_label.setText(self.tr(self.HINT))

    def _session_dialog(self, **kw):
        from gui.counseling.session_dialog import SessionDialog
        if not self.can_write:
            self.show_error(self.tr("상담 기록은 이 시설의 상담사와 시설 관리자만 작성할 수 있습니다."))
            return None
        dialog = SessionDialog(self.ctx, self, **kw)
        dialog.saved.connect(self._logged)
        return self._open(dialog)

    def _logged(self, _session_id: int) -> None:
        self.hint_label.setText(self.tr("✓ 상담을 기록했습니다."))  # the dialog's notice reloads the page

    def log_new(self):
        return self._session_dialog()

    def log_for_case(self, case=None):
        case = case or self.cases_tab.current()
        if case is None:
            return None
        kind = SessionKind.INITIAL if case.last_contact_at is None else SessionKind.DEEP
        return self._session_dialog(youth_id=case.youth_id, youth_name=case.youth_name, kind=kind)

    def log_for_followup(self, f):
        """상담 기록 from a planned session or follow-up: it completes it, and starts with the
        mode planned (if any)."""
        late = overdue_text(f.days_overdue)
        return self._session_dialog(
            youth_id=f.youth_id, youth_name=f.youth_name, completes_followup_id=f.id, mode=f.mode,
            context_text=self.tr("후속조치({0} 예정, {1})를 이 상담으로 완료합니다. Enter로 저장합니다.").format(
                planned_day(f), late))

    def log_for_consult(self, r):
        return self._session_dialog(
            youth_id=r.youth_id, kind=SessionKind.AI_INTERVIEW_REVIEW, consult_request_id=r.id,
            context_text=self.tr("AI 면접 분석 컨설팅 요청({0} {1}, {2})에 답하는 상담입니다. 저장하면 요청이 "
                                 "닫힙니다.").format(f"{r.session_at:%m-%d %H:%M}", r.room_name, r.session_type.label))

    def open_session(self, session_id: int):
        from gui.counseling.detail import SessionDetailDialog
        dialog = SessionDetailDialog(self.ctx, session_id, self)
        dialog.changed.connect(self._after_write)
        return self._open(dialog)

    def log_group(self):
        from gui.counseling.group_dialog import GroupDialog
        dialog = GroupDialog(self.ctx, self)
        dialog.saved.connect(lambda _gid: self.tabs.setCurrentIndex(2))
        return self._open(dialog)

    def open_group(self, group_id: int):
        from gui.counseling.group_dialog import GroupDetailDialog
        dialog = GroupDetailDialog(self.ctx, group_id, self)
        dialog.changed.connect(self._after_write)
        return self._open(dialog)

    def schedule_session(self, case=None):
        """상담 예약: a youth to meet on a day; it waits in the 오늘 tab's list."""
        from gui.counseling.case_dialogs import ScheduleDialog
        if not self.can_write:
            return None
        dialog = ScheduleDialog(self.ctx, self, *((case.youth_id, case.youth_name) if case else ()))
        dialog.done_ok.connect(lambda _fid: self.hint_label.setText(self.tr("✓ 상담을 예약했습니다.")))
        return self._open(dialog)

    def take_case(self):
        from gui.counseling.case_dialogs import TakeDialog
        dialog = TakeDialog(self.ctx, self)
        dialog.done_ok.connect(self._after_write)
        return self._open(dialog)

    def assign_case(self):
        """A manager's 배정·이관: who may hold cases here (``services.counseling.counselors``)
        and the case's history are read first."""
        case = self.cases_tab.current()
        if case is None or not self.is_manager:
            return
        svc, actor, fid = self.ctx.services.counseling, self.ctx.actor, self.ctx.facility_id

        def read():
            return svc.counselors(actor, fid), svc.case_history(actor, case.id)

        def got(data) -> None:
            from gui.counseling.case_dialogs import AssignDialog
            counselors, history = data
            dialog = AssignDialog(self.ctx, case, counselors, self, history=history)
            dialog.done_ok.connect(self._after_write)
            self._open(dialog)

        self.load(read, got, lane="counselors")

    def take_selected(self) -> None:
        """내가 맡기: the selected unassigned case goes onto my caseload."""
        case = self.cases_tab.current()
        if case is None or case.counselor_id is not None or not self.can_write:
            return
        svc, actor, fid, yid, name = (self.ctx.services.counseling, self.ctx.actor, case.facility_id,
                                      case.youth_id, case.youth_name)
        self.take_mine_button.setEnabled(False)

        def done(_case_id) -> None:
            self.hint_label.setText(self.tr("✓ {0} 님을 내 사례로 맡았습니다.").format(name))
            self.ctx.notify(Topic.COUNSELING)

        def failed(exc) -> None:
            self._case_buttons()
            self.show_error(exc.message)

        self.ctx.run(lambda: svc.take(actor, fid, yid), done, failed)

    def open_plan(self):
        """취업활동계획 of the youth selected in the caseload."""
        from gui.counseling.plan_dialog import PlanDialog
        case = self.cases_tab.current()
        if case is None or not self.can_text:
            return None
        dialog = PlanDialog(self.ctx, case.facility_id, case.youth_id, case.youth_name, self)
        return self._open(dialog)

    def close_case(self):
        from gui.counseling.case_dialogs import CloseCaseDialog
        case = self.cases_tab.current()
        if case is None:
            return None
        dialog = CloseCaseDialog(self.ctx, case, self)
        dialog.done_ok.connect(self._after_write)
        return self._open(dialog)

    def reopen_case(self):
        from gui.counseling.case_dialogs import ReopenDialog
        case = self.cases_tab.current()
        if case is None:
            return None
        dialog = ReopenDialog(self.ctx, case, self)
        dialog.done_ok.connect(self._after_write)
        return self._open(dialog)
