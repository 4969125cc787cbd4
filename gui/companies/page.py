"""기업: hiring companies, job openings and the youth–company matching pipeline (issue 13),
for the counselors and managers of the facilities that match (the matching desk and the
job cafés); the city administrator sees every one of them.

Tabs: **기업 목록** (``RegistryTab``), **구인 공고** (``OpeningsTab``), **매칭 보드**
(``BoardTab``), **청년별 매칭** and **고용유지** (``youth_tab``), **매칭데이**
(``MatchDayTab``). Every read runs on the read pool through ``Page.load``, one lane per
list, so a newer answer is never replaced by an older one; every write on the write lane,
in a dialog of this package or, for one-click actions (연락처 보기, 다음 단계, a status
change), here. Writes announce ``Topic.COMPANIES`` (a hire and a retention check also the
counseling queue's topics) and the page reloads what it shows.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from gui.common import confirm
from gui.common.icons import icon
from gui.common.page import Page
from gui.companies.board import BoardTab
from gui.companies.matchday_tab import MatchDayTab
from gui.companies.openings_tab import OpeningsTab
from gui.companies.pipeline_dialogs import next_stage
from gui.companies.registry_tab import RegistryTab
from gui.companies.youth_tab import RetentionTab, YouthTab
from gui.context import Topic
from models.companies.access import MATCHING_KINDS, NOT_MATCHING
from models.companies.enums import OpeningStatus, Stage
from models.core.errors import Conflict, DomainError
from models.core.permissions import Perm

LIMIT = 200
REGISTRY, OPENINGS, BOARD, YOUTH, MATCHDAYS, RETENTION = range(6)


class CompaniesPage(Page):
    key = "companies"
    title = "기업"
    icon_name = "companies"
    listens_to = frozenset({Topic.COMPANIES, Topic.YOUTH, Topic.FACILITY, Topic.USER})

    HINT = ("발굴한 구인기업과 공고, 청년 추천부터 입사까지의 단계를 다룹니다. 담당자 연락처는 가려 보이고, 전체를 볼 때마다 "
            "열람 기록이 남습니다.")

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.hint_label.setText(self.tr(self.HINT))
        self.can_view = self.can_edit = self.can_match = self.is_manager = False
        self.company = None  # the CompanyRow chosen in 기업 목록
        self.board_opening: int | None = None
        self.want_company: int | None = None  # select it when the list arrives
        self.dialog = None  # the dialog open now (tests drive it)
        self.new_button = self.action_button("add", self.tr("기업 등록"), self.register_company, primary=True)
        self.edit_button = self.action_button("edit", self.tr("기업 수정"), self.edit_company)
        self.import_button = self.action_button("import", self.tr("가져오기"), self.open_import)
        self.import_button.setToolTip(self.tr("엑셀·CSV 파일의 구인기업을 한꺼번에 등록합니다 (미리 보기 뒤 저장)."))
        self.refresh_button = self.action_button("refresh", self.tr("새로 고침"), self.refresh)
        for b in (self.new_button, self.edit_button, self.import_button, self.refresh_button):
            self.header_actions.addWidget(b)
        self.tabs = QTabWidget()
        self.registry = RegistryTab()
        self.openings_tab = OpeningsTab()
        self.board_tab = BoardTab()
        self.youth_tab = YouthTab(ctx)
        self.days_tab = MatchDayTab()
        self.retention_tab = RetentionTab(ctx.services.companies.today())
        for tab, name, text in ((self.registry, "facilities", "기업 목록"), (self.openings_tab, "export", "구인 공고"),
                                (self.board_tab, "filter", "매칭 보드"), (self.youth_tab, "youth", "청년별 매칭"),
                                (self.days_tab, "calendar", "매칭데이"), (self.retention_tab, "check", "고용유지")):
            self.tabs.addTab(tab, icon(name), self.tr(text))
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        self.outer.addWidget(self.tabs, 1)
        self._connect()

    def open_import(self):
        """가져오기: the shared importer's dialog for this facility's companies; returns it."""
        from gui.imports.dialog import ImportDialog
        self.clear_error()
        dialog = ImportDialog(self.ctx, "companies", self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.imported.connect(lambda _report: self._load_companies())
        self.dialog = dialog
        dialog.open()
        return dialog

    def _connect(self) -> None:
        r = self.registry
        r.search_changed.connect(lambda _q: self._load_companies())
        r.company_selected.connect(self._company_selected)
        r.reveal_contact.connect(self.reveal_contact)
        r.add_contact.connect(lambda: self.contact_dialog())
        r.edit_contact.connect(lambda c: self.contact_dialog(c.id))
        r.open_job.connect(lambda: self.opening_dialog())
        r.opening_chosen.connect(self.show_board_of)
        r.edit_company.connect(self.edit_company)
        o = self.openings_tab
        o.filter_changed.connect(self._load_openings)
        o.open_job.connect(lambda: self.opening_dialog())
        o.edit_opening.connect(lambda row: self.opening_dialog(row))
        o.set_status.connect(self.set_opening_status)
        o.show_board.connect(self.show_board_of)
        b = self.board_tab
        b.opening_changed.connect(self._board_opening_changed)
        b.refer.connect(self.refer_dialog)
        b.move_card.connect(self.move_referral)
        b.history.connect(self.history_dialog)
        y = self.youth_tab
        y.youth_chosen.connect(lambda _id: self._load_youth())
        y.move_card.connect(lambda r: self.move_referral(r, False))
        y.history.connect(self.history_dialog)
        d = self.days_tab
        d.day_chosen.connect(d.show_day)
        d.create_day.connect(self.day_dialog)
        d.add_opening.connect(self.day_opening_dialog)
        d.register_youth.connect(self.day_youth_dialog)
        d.cell_chosen.connect(self.slot_dialog)
        self.retention_tab.scope_changed.connect(self._load_retention)
        self.retention_tab.record.connect(self.retention_dialog)

    # -- loading ----------------------------------------------------------------------------
    def _rights(self) -> bool:
        actor, fid, f = self.ctx.actor, self.ctx.facility_id, self.ctx.facility
        ok = actor is not None and fid is not None and actor.can(Perm.COMPANY_VIEW, fid)
        self.can_view = ok and f.kind in MATCHING_KINDS
        self.can_edit = self.can_view and actor.can(Perm.COMPANY_EDIT, fid)
        self.can_match = self.can_view and actor.can(Perm.MATCH_EDIT, fid)
        self.is_manager = self.can_view and actor.can(Perm.MATCH_OVERRIDE, fid)
        if ok and not self.can_view:
            self.show_error(self.tr(NOT_MATCHING + " 위에서 시설을 바꿔 보세요."))
        elif not ok:
            self.show_error(self.tr("이 시설의 구인기업을 볼 권한이 없습니다. 위에서 시설을 바꿔 보세요."))
        return self.can_view

    def refresh(self) -> None:
        self.clear_error()
        ok = self._rights()
        self.tabs.setEnabled(ok)
        self.new_button.setVisible(self.can_edit)
        self.edit_button.setVisible(self.can_edit)
        self.import_button.setVisible(self.can_edit)
        self.retention_tab.set_manager(self.is_manager)
        if not ok:
            self.company = None
            self.tabs.setCurrentIndex(REGISTRY)
            self.registry.list.show_rows([], self.banner.text())
            self.registry.show_company(None, [])
            return
        self._load_companies()
        self._tab_shown()

    def _tab_shown(self) -> None:
        if not self.can_view:
            return
        {REGISTRY: lambda: None, OPENINGS: self._load_openings, BOARD: self._load_board, YOUTH: self._load_youth,
         MATCHDAYS: self._load_days, RETENTION: self._load_retention}[self.tabs.currentIndex()]()

    def _load_companies(self) -> None:
        svc, actor, fid, query = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id, self.registry.query()
        self.load(lambda: (fid, query, svc.companies(actor, fid, query, limit=LIMIT)), self._companies_loaded,
                  lane="companies", on_error=self._list_failed)

    def _list_failed(self, exc: DomainError) -> None:
        self.registry.list.show_rows([], exc.message)

    def _companies_loaded(self, data) -> None:
        fid, query, rows = data
        if fid != self.ctx.facility_id:
            return
        want, self.want_company = self.want_company, None
        self.registry.show_rows(rows, query, LIMIT)
        if want is not None and not self.registry.select_company(want):
            svc, actor = self.ctx.services.companies, self.ctx.actor
            self.load(lambda: svc.get_company(actor, want), self._company_selected, lane="company-get")

    def _company_selected(self, company) -> None:
        self.company = company
        self.edit_button.setEnabled(company is not None)
        self.openings_tab.set_company(company)
        if company is None:
            self.registry.show_company(None, [])
            return
        svc, actor, fid, cid = self.ctx.services.companies, self.ctx.actor, company.facility_id, company.id
        self.load(lambda: (svc.get_company(actor, cid), svc.openings(actor, fid, company_id=cid)),
                  self._company_loaded, lane="company")

    def _company_loaded(self, data) -> None:
        company, openings = data
        if self.company is not None and self.company.id != company.id:
            return
        self.company = company
        self.openings_tab.set_company(company)
        self.registry.show_company(company, openings, self.can_edit)

    def _load_openings(self) -> None:
        svc, actor, fid = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id
        t = self.openings_tab
        company = self.company.id if self.company and t.scope_value() == "company" else None
        if t.scope_value() == "company" and company is None:
            t.show_rows([], self.can_edit)
            return
        status = t.status_value()
        self.load(lambda: svc.openings(actor, fid, company_id=company, status=status),
                  lambda rows: t.show_rows(rows, self.can_edit), lane="openings")

    def _load_board(self) -> None:
        svc, actor, fid, wanted = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id, self.board_opening

        def read():
            openings = sorted(svc.openings(actor, fid), key=lambda o: (not o.accepts_referrals, -o.referrals, o.company_name, o.title))
            chosen = wanted if any(o.id == wanted for o in openings) else (openings[0].id if openings else None)
            return fid, openings, chosen, svc.board(actor, chosen) if chosen is not None else None

        self.load(read, self._board_loaded, lane="board")

    def _board_loaded(self, data) -> None:
        fid, openings, chosen, board = data
        if fid != self.ctx.facility_id:
            return
        self.board_opening = chosen
        self.board_tab.set_openings(openings, chosen)
        self.board_tab.show_board(board, self.tr("구인 공고가 없습니다.\n기업 목록에서 기업을 고르고 ‘공고 등록’으로 공고를 "
                                                 "올리면 여기서 청년을 추천하고 단계를 옮깁니다."), self.can_match)

    def _board_opening_changed(self, opening_id) -> None:
        self.board_opening = opening_id
        self._load_board()

    def show_board_of(self, opening) -> None:
        self.board_opening = opening.id
        if self.tabs.currentIndex() == BOARD:
            self._load_board()
        else:
            self.tabs.setCurrentIndex(BOARD)

    def _load_youth(self) -> None:
        picker = self.youth_tab.picker
        row = picker.selected_row
        if row is None:
            self.youth_tab.show_data(None, [], [])
            return
        svc, actor, fid, yid = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id, row.id
        self.load(lambda: (yid, svc.youth_referrals(actor, fid, yid), svc.timeline(actor, fid, yid)),
                  lambda data: self._youth_loaded(row.name, data), lane="youth")

    def _youth_loaded(self, name: str, data) -> None:
        yid, referrals, timeline = data
        if self.youth_tab.picker.selected_youth_id == yid:
            self.youth_tab.show_data(name, referrals, timeline, self.can_match)

    def _load_days(self) -> None:
        svc, actor, fid = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id
        self.load(lambda: svc.matching_days(actor, fid), lambda rows: self.days_tab.show_days(rows, self.can_match),
                  lane="days")

    def _load_retention(self) -> None:
        svc, actor, fid = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id
        everyone = self.is_manager and self.retention_tab.everyone.isChecked()
        until = svc.today() + timedelta(days=30) if self.retention_tab.ahead.isChecked() else None
        self.load(lambda: svc.retention_checks(actor, fid, everyone=everyone, until=until),
                  lambda rows: self.retention_tab.show_rows(rows, self.can_match), lane="retention")

    # -- one-click writes -------------------------------------------------------------------
    def reveal_contact(self, contact) -> None:
        """The contact in full: an audit read, so on the write lane."""
        svc, actor = self.ctx.services.companies, self.ctx.actor
        self.clear_error()
        self.ctx.run(lambda: svc.reveal_contact(actor, contact.id), self._revealed, self.show_error)

    def _revealed(self, view) -> None:
        current = self.registry.current_contact()
        if current is not None and current.id == view.id:
            self.registry.show_revealed(view)

    def set_opening_status(self, opening, status: OpeningStatus) -> None:
        if status is OpeningStatus.CANCELLED and not confirm.ask(
                self, self.tr("공고 취소"), self.tr("'{0}' 공고를 취소할까요? 이미 한 추천은 그대로 남습니다.").format(
                    opening.title), self.tr("공고 취소")):
            return
        svc, actor = self.ctx.services.companies, self.ctx.actor
        self.clear_error()
        self.ctx.run(lambda: svc.set_opening_status(actor, opening.id, status, opening.version),
                     lambda _v: self._wrote(self.tr("✓ '{0}' 공고를 {1}(으)로 바꿨습니다.").format(opening.title, status.label)),
                     self._write_failed)

    def move_referral(self, referral, straight: bool) -> None:
        """다음 단계 moves at once (today, no note), but a hire asks its date; otherwise the
        dialog."""
        nxt = next_stage(referral)
        if not straight or nxt is None or nxt is Stage.HIRED:
            return self.move_dialog(referral, nxt)
        svc, actor = self.ctx.services.companies, self.ctx.actor
        self.clear_error()
        self.ctx.run(lambda: svc.move(actor, referral.id, nxt, referral.version),
                     lambda _v: self._wrote(self.tr("✓ {0} 님을 '{1}' 단계로 옮겼습니다.").format(referral.youth_name, nxt.label)),
                     self._write_failed)
        return None

    def _wrote(self, text: str) -> None:
        self.hint_label.setText(text)
        self.ctx.notify(Topic.COMPANIES, Topic.COUNSELING, Topic.YOUTH)

    def _write_failed(self, exc: DomainError) -> None:
        self.show_error(exc)
        if isinstance(exc, Conflict):
            self._tab_shown()  # show what the other desk did

    # -- dialogs ----------------------------------------------------------------------------
    def _open(self, dialog, done=None):
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        if done is not None:
            dialog.done_ok.connect(done)
        self.dialog = dialog
        dialog.open()
        return dialog

    def register_company(self):
        from gui.companies.company_dialog import CompanyDialog
        dialog = CompanyDialog(self.ctx, self)
        dialog.open_existing.connect(self.open_company)
        return self._open(dialog, self._company_saved)

    def edit_company(self):
        from gui.companies.company_dialog import CompanyDialog
        if self.company is None or not self.can_edit:
            return None
        dialog = CompanyDialog(self.ctx, self, self.company)
        dialog.open_existing.connect(self.open_company)
        return self._open(dialog, self._company_saved)

    def _company_saved(self, company_id: int) -> None:
        self.want_company = company_id
        self.hint_label.setText(self.tr("✓ 기업 정보를 저장했습니다."))

    def open_company(self, company_id: int) -> None:
        """The existing record a duplicate named: shown in 기업 목록."""
        self.tabs.setCurrentIndex(REGISTRY)
        if not self.registry.select_company(company_id):
            self.want_company = company_id
            self._load_companies()

    def contact_dialog(self, contact_id: int | None = None):
        from gui.companies.company_dialog import ContactDialog
        if self.company is None:
            return None
        return self._open(ContactDialog(self.ctx, self.company.id, self, contact_id))

    def opening_dialog(self, opening=None):
        from gui.companies.opening_dialog import OpeningDialog
        if opening is None and self.company is None:
            return None
        cid, name = (opening.company_id, opening.company_name) if opening else (self.company.id, self.company.name)
        return self._open(OpeningDialog(self.ctx, cid, name, self, opening),
                          lambda oid: self.hint_label.setText(self.tr("✓ 구인 공고를 저장했습니다.")))

    def refer_dialog(self):
        from gui.companies.pipeline_dialogs import ReferDialog
        board = self.board_tab.board
        if board is None:
            return None
        return self._open(ReferDialog(self.ctx, board.opening, self),
                          lambda _rid: self.hint_label.setText(self.tr("✓ 청년을 추천했습니다.")))

    def move_dialog(self, referral, to_stage=None):
        from gui.companies.pipeline_dialogs import MoveDialog
        dialog = MoveDialog(self.ctx, referral, self, to_stage)
        dialog.conflict.connect(self._tab_shown)
        return self._open(dialog, lambda _v: self.hint_label.setText(self.tr("✓ {0} 님의 단계를 바꿨습니다.").format(
            referral.youth_name)))

    def history_dialog(self, referral):
        from gui.companies.pipeline_dialogs import HistoryDialog
        dialog = HistoryDialog(self.ctx, referral, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def retention_dialog(self, check):
        from gui.companies.youth_tab import RetentionDialog
        return self._open(RetentionDialog(self.ctx, check, self),
                          lambda _v: self.hint_label.setText(self.tr("✓ 고용유지 확인을 기록했습니다.")))

    def day_dialog(self):
        from gui.companies.matchday_tab import MatchingDayDialog
        return self._open(MatchingDayDialog(self.ctx, self))

    def day_opening_dialog(self, day):
        svc, actor, fid = self.ctx.services.companies, self.ctx.actor, self.ctx.facility_id
        taken = {o.opening_id for o in day.openings}

        def got(rows) -> None:
            from gui.companies.matchday_tab import DayOpeningDialog
            self._open(DayOpeningDialog(self.ctx, day, [o for o in rows if o.id not in taken], self))

        self.load(lambda: svc.openings(actor, fid, status=OpeningStatus.OPEN), got, lane="day-openings")

    def day_youth_dialog(self, day):
        from gui.companies.matchday_tab import DayYouthDialog
        return self._open(DayYouthDialog(self.ctx, day, self))

    def slot_dialog(self, day, company_id: int, slot_no: int, interview):
        from gui.companies.matchday_tab import BookDialog, InterviewDialog
        if interview is None:
            return self._open(BookDialog(self.ctx, day, company_id, slot_no, self))
        if interview.referral_id is not None:
            self.hint_label.setText(self.tr("이 면접은 결과를 기록했습니다. 청년별 매칭에서 추천 기록을 보세요."))
            return None
        return self._open(InterviewDialog(self.ctx, day, interview, self))
