"""교육과정: the campuses' (청년취업사관학교) training courses (issue 14).

The campus manager runs everything; a counselor reads, takes the roll and records
employment; the city admin sees every campus. At a facility that is not a campus the page
only says where courses are run.

A course is chosen in **과정 목록** (or the 과정 combo above the tabs); the other tabs show
that course: **지원자** (add from the registry or register inline, withdraw, 가져오기),
**선발** (the three stages' results typed into a table with the keyboard, the ranking, 선발
확정, the results list), **합격·예비** (confirm / decline, reserve offers and their
deadlines, direct promotion), **출결** (a day's roll: 출석 unless marked, keys 1–5),
**수료·취업** (completion by the rule, the 수료증, employment follow-ups) and **퍼널**. Every
read runs on the read pool (``Page.load``), every write on the write lane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.common.page import Page
from gui.context import Topic
from gui.courses.common import (
    ACCEPTANCE,
    APP_COLUMNS,
    APPLICANTS,
    COMPLETION,
    COURSE_COLUMNS,
    FOLLOWUP_COLUMNS,
    FUNNEL,
    FUNNEL_COLUMNS,
    LIST,
    OFFER_COLUMNS,
    ROLL,
    SELECTION,
    TRAINEE_COLUMNS,
    bar,
    chosen,
    hint,
    pct,
    period,
    table,
)
from gui.courses.dialogs import ApplyDialog, CourseDialog, ReasonDialog, center
from gui.courses.roll import RollTab
from gui.courses.selection import SelectionTab
from models.core.permissions import Perm
from models.courses.access import NOT_CAMPUS
from models.courses.enums import CourseStatus, DropReason, Outcome
from models.facilities.enums import FacilityKind


class CoursesPage(SelectionTab, RollTab, Page):
    key = "courses"
    title = "교육과정"
    icon_name = "courses"
    listens_to = frozenset({Topic.COURSES, Topic.YOUTH, Topic.FACILITY, Topic.USER})

    HINT = ("청년취업사관학교의 교육과정: 모집과 3단계 선발(서류 → 실무역량평가 → 최종면접), 합격·예비합격, 출결, 수료와 "
            "수료 후 6개월의 취업 확인까지. 휴대전화는 가려 보입니다.")

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.hint_label.setText(self.tr(self.HINT))
        self.rows: list = []
        self.course = None  # the CourseRow shown in the tabs
        self.want_course: int | None = None
        self.dialog = None  # the dialog open now (tests drive it)
        self.roll_data = None
        self.ranking_data = None
        self.marks: dict[int, dict] = {}
        self.new_button = self.action_button("add", self.tr("과정 만들기"), self.create_course, primary=True)
        self.edit_button = self.action_button("edit", self.tr("과정 수정"), self.edit_course)
        self.status_button = self.action_button("calendar", self.tr("상태 변경"), self.status_menu)
        self.refresh_button = self.action_button("refresh", self.tr("새로 고침"), self.refresh)
        for b in (self.new_button, self.edit_button, self.status_button, self.refresh_button):
            self.header_actions.addWidget(b)
        self.not_campus = hint(self.tr(NOT_CAMPUS + " 위에서 캠퍼스를 고르면 그 캠퍼스의 과정이 보입니다."))
        self.outer.addWidget(self.not_campus)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.course_combo = QComboBox()
        self.course_combo.setMinimumWidth(360)
        self.course_combo.activated.connect(lambda _i: self._course_chosen(self.course_combo.currentData()))
        self.course_line = QLabel()
        self.course_line.setObjectName("pageHint")
        body.addLayout(bar(QLabel(self.tr("과정")), self.course_combo, self.course_line, None))
        self.tabs = QTabWidget()
        body.addWidget(self.tabs, 1)
        self.outer.addWidget(self.body, 1)
        self._build_list()
        self._build_applicants()
        self._build_selection()
        self._build_acceptance()
        self._build_roll()
        self._build_completion()
        self._build_funnel()
        self.tabs.currentChanged.connect(lambda _i: self._load_tab())

    # -- who and where -----------------------------------------------------------------
    @property
    def facility_id(self):
        return self.ctx.facility_id

    def at_campus(self) -> bool:
        f = self.ctx.facility
        return f is not None and f.kind is FacilityKind.CAMPUS

    def scope(self) -> int | None:
        """The campus whose courses show; None: every campus (the city admin elsewhere)."""
        return self.facility_id if self.at_campus() else None

    def can(self, perm: Perm) -> bool:
        fid = self.course.facility_id if self.course else self.scope()
        return self.ctx.actor is not None and self.ctx.actor.can(perm, fid)

    # -- the tabs ------------------------------------------------------------------------
    def _tab(self, name: str, text: str) -> QVBoxLayout:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.tabs.addTab(w, icon(name), self.tr(text))
        return lay

    def _build_list(self) -> None:
        lay = self._tab("courses", "과정 목록")
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("모든 상태"), None)
        for key, label in CourseStatus.LABELS().items():
            self.status_filter.addItem(label, key)
        self.status_filter.currentIndexChanged.connect(lambda _i: self._load_courses())
        lay.addLayout(bar(QLabel(self.tr("상태")), self.status_filter, None))
        self.course_view, self.course_model = table(COURSE_COLUMNS)
        self.course_view.selectionModel().selectionChanged.connect(
            lambda *_: self._course_chosen(getattr(chosen(self.course_view, self.course_model), "id", None)))
        self.course_view.doubleClicked.connect(lambda _i: self.edit_course())
        lay.addWidget(self.course_view, 1)
        self.list_empty = hint("")
        lay.addWidget(self.list_empty)

    def _build_applicants(self) -> None:
        lay = self._tab("youth", "지원자")
        self.apply_button = QPushButton(icon("user_add"), self.tr("지원 추가"))
        self.apply_button.clicked.connect(self.add_application)
        self.withdraw_button = QPushButton(icon("cancel"), self.tr("지원 취소"))
        self.withdraw_button.clicked.connect(self.withdraw)
        self.import_button = QPushButton(icon("import"), self.tr("가져오기"))
        self.import_button.setToolTip(self.tr("온라인 지원서 파일(엑셀·CSV)의 지원자를 한꺼번에 받습니다 (미리 보기 뒤 저장)."))
        self.import_button.clicked.connect(self.open_import)
        self.app_count = QLabel()
        lay.addLayout(bar(self.apply_button, self.withdraw_button, self.import_button, None, self.app_count))
        self.app_view, self.app_model = table(APP_COLUMNS)
        lay.addWidget(self.app_view, 1)
        self.app_empty = hint("")
        lay.addWidget(self.app_empty)

    def _build_acceptance(self) -> None:
        lay = self._tab("check", "합격·예비")
        lay.addWidget(hint(self.tr("합격자는 등록 확정 또는 포기합니다. 포기·첫날 불참·초기 중도탈락으로 빈자리가 나면 "
                                   "예비합격 1순위에게 회신 기한을 두고 제안하고, 기한이 지나면 다음 순위로 넘어갑니다.")))
        self.accept_view, self.accept_model = table(APP_COLUMNS)
        lay.addWidget(self.accept_view, 2)
        self.confirm_button = QPushButton(icon("check"), self.tr("등록 확정"))
        self.confirm_button.clicked.connect(lambda: self._app_action("confirm"))
        self.decline_button = QPushButton(icon("cancel"), self.tr("포기"))
        self.decline_button.clicked.connect(lambda: self._app_action("decline"))
        lay.addLayout(bar(self.confirm_button, self.decline_button, None))
        lay.addWidget(QLabel(self.tr("충원 제안")))
        self.offer_view, self.offer_model = table(OFFER_COLUMNS)
        lay.addWidget(self.offer_view, 1)
        self.offer_accept = QPushButton(icon("check"), self.tr("제안 수락"))
        self.offer_accept.clicked.connect(lambda: self._offer_action("accept_offer"))
        self.offer_decline = QPushButton(icon("cancel"), self.tr("제안 거절"))
        self.offer_decline.clicked.connect(lambda: self._offer_action("decline_offer"))
        self.promote_button = QPushButton(icon("transfer"), self.tr("직접 충원…"))
        self.promote_button.setToolTip(self.tr("선택한 예비합격자에게 빈자리를 바로 줍니다 (사유 필수, 감사 기록)."))
        self.promote_button.clicked.connect(self.promote)
        self.offer_empty = QLabel()
        lay.addLayout(bar(self.offer_accept, self.offer_decline, self.promote_button, None, self.offer_empty))

    def _build_completion(self) -> None:
        lay = self._tab("case_close", "수료·취업")
        self.rule_line = hint("")
        lay.addWidget(self.rule_line)
        self.trainee_view, self.trainee_model = table(TRAINEE_COLUMNS)
        lay.addWidget(self.trainee_view, 2)
        self.complete_all_button = QPushButton(icon("check"), self.tr("수료 처리(기준 적용)"))
        self.complete_all_button.clicked.connect(self.complete_all)
        self.drop_button = QPushButton(icon("void"), self.tr("중도탈락…"))
        self.drop_button.clicked.connect(self.drop_out)
        self.cert_button = QPushButton(icon("print"), self.tr("수료증 출력…"))
        self.cert_button.clicked.connect(self.print_certificate)
        self.completion_note = QLabel()
        self.completion_note.setWordWrap(True)
        lay.addLayout(bar(self.complete_all_button, self.drop_button, self.cert_button, self.completion_note, None))
        lay.addWidget(QLabel(self.tr("취업 확인 (수료 후 1·3·6개월)")))
        self.followup_view, self.followup_model = table(FOLLOWUP_COLUMNS)
        lay.addWidget(self.followup_view, 1)
        self.outcome_button = QPushButton(icon("edit"), self.tr("결과 기록…"))
        self.outcome_button.clicked.connect(self.record_outcome)
        self.followup_empty = QLabel()
        lay.addLayout(bar(self.outcome_button, None, self.followup_empty))

    def _build_funnel(self) -> None:
        lay = self._tab("chart", "퍼널")
        self.funnel_line = hint(self.tr("지원 → 선발 → 등록 → 수료 → 취업. 각 비율은 앞 단계 대비입니다. 취업률은 수료 후 6개월 "
                                        "안에 취업한 수료생 ÷ 수료생이며, 6개월이 지나기 전에는 '확인 중'입니다."))
        lay.addWidget(self.funnel_line)
        self.funnel_view, self.funnel_model = table(FUNNEL_COLUMNS)
        lay.addWidget(self.funnel_view, 1)
        self.funnel_total = QLabel()
        self.funnel_total.setObjectName("pageHint")
        lay.addWidget(self.funnel_total)

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.clear_error()
        actor = self.ctx.actor
        show = actor is not None and (self.at_campus() or actor.is_admin)
        self.not_campus.setVisible(not show)
        self.body.setVisible(show)
        for b in (self.new_button, self.edit_button, self.status_button):
            b.setVisible(show and self.at_campus() and actor.can(Perm.COURSE_MANAGE, self.facility_id))
        if show:
            self._load_courses()

    def _load_courses(self) -> None:
        services, actor, fid = self.ctx.services, self.ctx.actor, self.scope()
        status = self.status_filter.currentData()
        manage = fid is not None and actor.can(Perm.COURSE_MANAGE, fid)

        def read():
            staff = [(r.id, r.name) for r in services.counseling.counselors(actor, fid)] if manage else []
            return services.courses.courses(actor, fid, status=status), staff

        self.load(read, self._show_courses, lane="courses")

    def _show_courses(self, data) -> None:
        rows, self.staff = data
        self.rows = list(rows)
        self.course_model.set_rows(self.rows)
        self.list_empty.setText("" if self.rows else self.tr(
            "과정이 없습니다. ‘과정 만들기’로 첫 과정을 만드세요." if self.new_button.isVisible()
            else "과정이 없습니다. 과정은 캠퍼스의 시설 관리자가 만듭니다."))
        self.list_empty.setVisible(not self.rows)
        self.course_combo.blockSignals(True)
        self.course_combo.clear()
        for r in self.rows:
            self.course_combo.addItem(f"{r.name} · {r.status.label} · {r.start_on:%Y-%m-%d}", r.id)
        self.course_combo.blockSignals(False)
        want = self.want_course or (self.course.id if self.course else None)
        ids = [r.id for r in self.rows]
        self._course_chosen(want if want in ids else (ids[0] if ids else None))

    def _course_chosen(self, course_id) -> None:
        self.want_course = None
        self.course = next((r for r in self.rows if r.id == course_id), None)
        i = self.course_combo.findData(course_id)
        if i >= 0 and self.course_combo.currentIndex() != i:
            self.course_combo.setCurrentIndex(i)
        if self.course is not None:
            row = self.rows.index(self.course)
            if not self.course_view.selectionModel().isRowSelected(row):
                self.course_view.selectRow(row)
            c = self.course
            self.course_line.setText(self.tr("{0} · 정원 {1} · 지원 {2} (경쟁률 {3:.1f} : 1) · {4}").format(
                c.status.label, c.places, c.applicants, c.competition_ratio, period(c)))
        else:
            self.course_line.setText("")
        self._set_state()
        self._load_tab()

    def _set_state(self) -> None:
        c, manage = self.course, self.can(Perm.COURSE_MANAGE)
        self.edit_button.setEnabled(c is not None)
        self.status_button.setEnabled(c is not None and bool(c.next_statuses))
        for b in (self.apply_button, self.withdraw_button, self.import_button, self.save_scores_button,
                  self.decide_button, self.confirm_button, self.decline_button, self.offer_accept,
                  self.offer_decline, self.promote_button, self.complete_all_button, self.drop_button,
                  self.cert_button):
            b.setVisible(manage)
            b.setEnabled(c is not None)
        self.results_button.setEnabled(c is not None and c.selection_decided)
        self.results_phones.setVisible(self.can(Perm.YOUTH_CONTACT))
        if not self.can(Perm.YOUTH_CONTACT):
            self.results_phones.setChecked(False)
        self.roll_save.setVisible(self.can(Perm.COURSE_ATTENDANCE))
        self.outcome_button.setVisible(self.can(Perm.COURSE_OUTCOME))

    def _load_tab(self) -> None:
        i = self.tabs.currentIndex()
        if i == FUNNEL:
            return self._load_funnel()
        if self.course is None or i == LIST:
            return None
        return {APPLICANTS: self._load_applicants, SELECTION: self._load_ranking, ACCEPTANCE: self._load_acceptance,
                ROLL: self._load_roll, COMPLETION: self._load_completion}[i]()

    def _run(self, fn, done=None) -> None:
        """A write on the write lane; then the page reloads."""
        self.clear_error()

        def saved(value) -> None:
            self.ctx.notify(Topic.COURSES, origin=self)
            if done:
                done(value)
            self.want_course = self.course.id if self.course else None
            self._load_courses()

        self.ctx.run(fn, saved, self.show_error)

    # -- courses ------------------------------------------------------------------------
    def _staff(self) -> list[tuple[int, str]]:
        return list(getattr(self, "staff", []))

    def create_course(self):
        self.dialog = center(CourseDialog(self.ctx, self.facility_id, None, self._staff(), self))
        self.dialog.accepted.connect(lambda: self._after_dialog(self.dialog.result_value))
        self.dialog.open()
        return self.dialog

    def edit_course(self):
        if self.course is None or not self.can(Perm.COURSE_MANAGE):
            return None
        self.dialog = center(CourseDialog(self.ctx, self.course.facility_id, self.course, self._staff(), self))
        self.dialog.accepted.connect(lambda: self._after_dialog(self.course.id))
        self.dialog.open()
        return self.dialog

    def _after_dialog(self, course_id) -> None:
        self.want_course = course_id if isinstance(course_id, int) else None
        self._load_courses()

    def status_menu(self):
        if self.course is None:
            return None
        menu = QMenu(self)
        for st in self.course.next_statuses:
            menu.addAction(st.label, lambda s=st: self.set_status(s))
        menu.popup(self.status_button.mapToGlobal(self.status_button.rect().bottomLeft()))
        return menu

    def set_status(self, status: CourseStatus) -> None:
        svc, actor, c = self.ctx.services.courses, self.ctx.actor, self.course
        self._run(lambda: svc.set_status(actor, c.id, status, c.version))

    # -- applicants ----------------------------------------------------------------------
    def _load_applicants(self) -> None:
        svc, actor, cid = self.ctx.services.courses, self.ctx.actor, self.course.id
        self.load(lambda: svc.applications(actor, cid), self._show_applicants, lane="tab")

    def _show_applicants(self, rows) -> None:
        self.app_model.set_rows(rows)
        live = sum(1 for r in rows if r.status.value != "withdrawn")
        self.app_count.setText(self.tr("지원 {0}명 · 경쟁률 {1:.1f} : 1").format(
            live, live / self.course.places if self.course else 0))
        self.app_empty.setVisible(not rows)
        self.app_empty.setText(self.tr("지원자가 없습니다. ‘지원 추가’로 한 명씩, ‘가져오기’로 지원서 파일을 한꺼번에 받으세요."))

    def add_application(self):
        self.dialog = center(ApplyDialog(self.ctx, self.course, self))
        self.dialog.accepted.connect(lambda: self._run(lambda: None))
        self.dialog.open()
        return self.dialog

    def withdraw(self) -> None:
        a = chosen(self.app_view, self.app_model)
        if a is None:
            return self.show_error(self.tr("지원을 취소할 지원자를 고르세요."))
        svc, actor = self.ctx.services.courses, self.ctx.actor
        self._run(lambda: svc.withdraw(actor, a.id, a.version))
        return None

    def open_import(self):
        from gui.imports.dialog import ImportDialog
        self.clear_error()
        dialog = ImportDialog(self.ctx, f"applicants:{self.course.id}", self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.imported.connect(lambda _r: self._run(lambda: None))
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- acceptance --------------------------------------------------------------------------
    def _load_acceptance(self) -> None:
        svc, actor, cid = self.ctx.services.courses, self.ctx.actor, self.course.id

        def read():
            apps = [a for a in svc.applications(actor, cid) if a.result is not None and a.result.value != "not_selected"]
            return apps, svc.vacancies(actor, cid)

        self.load(read, self._show_acceptance, lane="tab")

    def _show_acceptance(self, data) -> None:
        apps, vacancies = data
        apps.sort(key=lambda a: (a.result.value != "selected", a.reserve_rank or 0, a.rank or 0))
        self.accept_model.set_rows(apps)
        offers = [o for v in vacancies for o in v.offers]
        self.vacancies = vacancies
        self.offer_model.set_rows(offers)
        open_ = sum(1 for v in vacancies if v.status.value == "open")
        self.offer_empty.setText(self.tr("빈자리 {0}개 충원 중").format(open_) if open_ else self.tr(
            "충원할 빈자리가 없습니다." if apps else "선발을 확정하면 합격·예비합격자가 여기에 보입니다."))

    def _app_action(self, what: str) -> None:
        a = chosen(self.accept_view, self.accept_model)
        if a is None:
            return self.show_error(self.tr("합격자 또는 예비합격자를 고르세요."))
        fn = getattr(self.ctx.services.courses, what)
        actor = self.ctx.actor
        self._run(lambda: fn(actor, a.id, a.version))
        return None

    def _offer_action(self, what: str) -> None:
        o = chosen(self.offer_view, self.offer_model)
        if o is None or o.status.value != "open":
            return self.show_error(self.tr("회신 대기 중인 충원 제안을 고르세요."))
        fn = getattr(self.ctx.services.courses, what)
        actor = self.ctx.actor
        self._run(lambda: fn(actor, o.id))
        return None

    def promote(self):
        a = chosen(self.accept_view, self.accept_model)
        vacancy = next((v for v in getattr(self, "vacancies", []) if v.status.value == "open"), None)
        if a is None or vacancy is None or a.result.value != "reserve":
            return self.show_error(self.tr("충원 중인 빈자리가 있을 때 위 목록에서 예비합격자를 고르세요."))
        svc, actor = self.ctx.services.courses, self.ctx.actor
        self.dialog = center(ReasonDialog(self.ctx, self.tr("직접 충원"), lambda v: svc.promote(
            actor, vacancy.id, a.id, v["reason"]), hint=self.tr("{0}님에게 빈자리를 줍니다.").format(a.youth_name),
            parent=self))
        self.dialog.accepted.connect(lambda: self._run(lambda: None))
        self.dialog.open()
        return self.dialog

    # -- completion and employment -------------------------------------------------------
    def _load_completion(self) -> None:
        svc, actor, c = self.ctx.services.courses, self.ctx.actor, self.course

        def read():
            return svc.trainees(actor, c.id), svc.employment_queue(actor, c.facility_id, course_id=c.id)

        self.load(read, self._show_completion, lane="tab")

    def _show_completion(self, data) -> None:
        trainees, followups = data
        c = self.course
        self.trainee_model.set_rows(trainees)
        self.followup_model.set_rows(followups)
        self.rule_line.setText(self.tr("수료 기준: 출석률 {0}% 이상 (지각·조퇴 {1}회 = 결석 1회). 과정 종료일({2}) 이후 "
                                       "수료 처리합니다. 수료증은 시설 관리자가 출력하며 출력은 기록에 남습니다.").format(
            c.completion_pct, c.lates_per_absence, f"{c.end_on:%Y-%m-%d}"))
        self.completion_note.setText("" if trainees else self.tr("수강생이 없습니다. 합격자가 등록을 확정하면 보입니다."))
        self.followup_empty.setText("" if followups else self.tr("지금 확인할 취업 결과가 없습니다."))

    def complete_all(self) -> None:
        svc, actor, cid = self.ctx.services.courses, self.ctx.actor, self.course.id
        self._run(lambda: svc.complete_all(actor, cid), lambda s: self.completion_note.setText(self.tr(
            "수료 {0}명 · 미수료 {1}명 (기준 미달: {2})").format(len(s.completed), len(s.not_completed), ", ".join(
                f"{r:.1f}%" for _e, r in s.not_completed) or "없음")))

    def drop_out(self):
        t = chosen(self.trainee_view, self.trainee_model)
        if t is None:
            return self.show_error(self.tr("중도탈락할 수강생을 고르세요."))
        svc, actor = self.ctx.services.courses, self.ctx.actor
        self.dialog = center(ReasonDialog(
            self.ctx, self.tr("중도탈락"), lambda v: svc.drop_out(actor, t.enrollment_id, t.version, on=v["on"],
                                                              reason=v["choice"], note=v["reason"]),
            choices=DropReason.LABELS(), day=svc.today(), reason_label="메모", reason_required=False, parent=self))
        self.dialog.accepted.connect(lambda: self._run(lambda: None))
        self.dialog.open()
        return self.dialog

    def print_certificate(self, path: str | None = None) -> None:
        from models.outputs.courses import print_certificate
        t = chosen(self.trainee_view, self.trainee_model)
        if t is None or not t.certificate_no:
            return self.show_error(self.tr("수료한 수강생을 고르세요 (수료증 번호가 있는 사람)."))
        if path is None:
            path = self.ask_save_path(self.tr("수료증"), f"수료증 {t.certificate_no}.pdf", [("PDF", "pdf")])
            if not path:
                return None
        svc, actor = self.ctx.services, self.ctx.actor
        self.ctx.run(lambda: print_certificate(svc, actor, t.enrollment_id, path),
                     lambda out: self.completion_note.setText(self.tr("수료증을 {0}에 저장했습니다.").format(out.path.name)),
                     self.show_error)
        return None

    def record_outcome(self):
        f = chosen(self.followup_view, self.followup_model)
        if f is None:
            return self.show_error(self.tr("취업 확인 항목을 고르세요."))
        svc, actor = self.ctx.services.courses, self.ctx.actor
        self.dialog = center(ReasonDialog(
            self.ctx, self.tr("취업 결과 기록"), lambda v: svc.record_outcome(actor, f.id, {
                "outcome": v["choice"], "started_on": v["on"] if v["choice"] == "employed" else None,
                "employer": v["reason"]}),
            choices=Outcome.LABELS(), day=svc.today(), reason_label="회사명", reason_required=False,
            hint=self.tr("{0} · 수료 {1}개월 확인. 취업이면 입사일과 회사명을 적으세요.").format(f.youth_name, f.months),
            parent=self))
        self.dialog.accepted.connect(lambda: self._run(lambda: None))
        self.dialog.open()
        return self.dialog

    # -- the funnel ------------------------------------------------------------------------
    def _load_funnel(self) -> None:
        svc, actor, fid = self.ctx.services.courses, self.ctx.actor, self.scope()
        self.load(lambda: svc.funnel(actor, fid), self._show_funnel, lane="tab")

    def _show_funnel(self, funnel) -> None:
        self.funnel_model.set_rows([*funnel.rows, funnel.total])
        t = funnel.total
        self.funnel_total.setText(self.tr("{0}: 지원 {1} → 선발 {2} → 등록 {3} → 수료 {4} → 취업 {5} (취업률 {6})").format(
            self.tr("캠퍼스 전체") if funnel.facility_id else self.tr("모든 캠퍼스"), t.applicants, t.selected, t.enrolled,
            t.completed, t.employed, pct(t.employment_rate)) if funnel.rows else self.tr("아직 과정이 없습니다."))
