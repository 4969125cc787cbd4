"""개인정보 관리 page (facility managers and the city admin): retention and destruction.

The review list is computed on each visit from today: the registry records whose
retention ended (consent date plus the retention period) and those whose consent was
withdrawn, not yet destroyed — a manager's own facility's registered youths, every
facility's for the admin. 선택 파기… asks for a confirmation naming how many records and
that it cannot be undone, then destroys them on the write lane
(``models.lifecycle.privacy.PrivacyService.destroy``: the fields and notes overwritten,
VACUUM after). Below, the 파기 대장 (destruction ledger) and 파기 대장 출력… (PDF, recorded
as an output).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from gui.common import confirm
from gui.common.page import Page
from gui.common.table_model import ROW_ROLE, Column, RowTableModel
from gui.context import Topic
from models.core.time import SEOUL
from models.lifecycle.privacy import PrivacyService, ReviewRow

RIGHT = Qt.AlignRight | Qt.AlignVCenter


def _day(d) -> str:
    return f"{d:%Y-%m-%d}" if d else ""


class ReviewTableModel(RowTableModel):
    def __init__(self, tr, parent=None):
        super().__init__([
            Column(tr("번호"), lambda r: r.youth_id, RIGHT),
            Column(tr("이름"), lambda r: r.name),
            Column(tr("출생연도"), lambda r: r.birth_year, RIGHT),
            Column(tr("자치구"), lambda r: r.district),
            Column(tr("등록 시설"), lambda r: r.facility or ""),
            Column(tr("동의일"), lambda r: _day(r.consent_on)),
            Column(tr("보유기간"), lambda r: f"{r.retention_years}년", RIGHT),
            Column(tr("사유"), lambda r: (f"{r.reason.label}({_day(r.withdrawn_on)})" if r.withdrawn_on
                                         else f"{r.reason.label}({_day(r.ends_on)} 만료)")),
        ], parent)


class LedgerTableModel(RowTableModel):
    def __init__(self, tr, parent=None):
        super().__init__([
            Column(tr("번호"), lambda r: r.id, RIGHT),
            Column(tr("파기 일시"), lambda r: f"{r.at.astimezone(SEOUL):%Y-%m-%d %H:%M}"),
            Column(tr("처리자"), lambda r: r.by_name),
            Column(tr("시설"), lambda r: r.facility),
            Column(tr("건수"), lambda r: f"{r.records:,}", RIGHT),
            Column(tr("사유"), lambda r: r.reason.label),
            Column(tr("비고"), lambda r: r.note, muted=lambda r: True),
        ], parent)


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class PrivacyPage(Page):
    key = "privacy"
    title = "개인정보 관리"
    icon_name = "void"
    listens_to = frozenset({Topic.YOUTH})

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.destroy_button = self.action_button("void", self.tr("선택 파기…"), self.destroy_selected)
        self.destroy_button.setProperty("danger", True)
        self.print_button = self.action_button("print", self.tr("파기 대장 출력…"), self.print_ledger)
        self.refresh_button = self.action_button("refresh", self.tr("새로 고침"), self.refresh)
        for b in (self.destroy_button, self.print_button, self.refresh_button):
            self.header_actions.addWidget(b)
        self.hint_label.setText(self.tr(
            "보유기간(동의일부터 정한 햇수)이 지났거나 동의를 철회한 청년 기록입니다. 고른 기록의 이름·연락처·생년월일과 "
            "상담 기록의 내용을 되돌릴 수 없게 덮어쓰고, 통계용 익명 기록(출생연도·자치구·경로)만 남깁니다."))
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("font-weight: bold;")
        self.notice.setVisible(False)
        self.outer.addWidget(self.notice)
        review_title = QLabel(self.tr("파기 대상 (보유기간 경과·동의 철회)"))
        review_title.setStyleSheet("font-weight: bold; margin-top: 4px;")
        self.outer.addWidget(review_title)
        self.review_model = ReviewTableModel(self.tr, self)
        self.review_view = _table(self.review_model)
        self.review_view.setSelectionMode(QAbstractItemView.ExtendedSelection)
        for col, width in enumerate((70, 90, 80, 90, 150, 100, 80)):
            self.review_view.setColumnWidth(col, width)
        self.review_view.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.outer.addWidget(self.review_view, 3)
        self.empty_label = QLabel(self.tr("파기할 기록이 없습니다. 보유기간이 끝나거나 동의를 철회한 청년이 생기면 "
                                          "여기에 나타납니다."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setVisible(False)
        self.outer.addWidget(self.empty_label, 3)
        ledger_title = QLabel(self.tr("파기 대장"))
        ledger_title.setStyleSheet("font-weight: bold; margin-top: 8px;")
        self.outer.addWidget(ledger_title)
        self.ledger_model = LedgerTableModel(self.tr, self)
        self.ledger_view = _table(self.ledger_model)
        self.ledger_view.setSelectionMode(QAbstractItemView.NoSelection)
        for col, width in enumerate((60, 140, 160, 150, 70, 120)):
            self.ledger_view.setColumnWidth(col, width)
        self.outer.addWidget(self.ledger_view, 2)
        self.ledger_empty = QLabel(self.tr("아직 파기한 기록이 없습니다. 파기하면 누가·언제·몇 건을·어떤 사유로 "
                                           "파기했는지 한 줄씩 여기에 남습니다(개인정보 없이)."))
        self.ledger_empty.setObjectName("emptyState")
        self.ledger_empty.setAlignment(Qt.AlignCenter)
        self.ledger_empty.setWordWrap(True)
        self.ledger_empty.setVisible(False)
        self.outer.addWidget(self.ledger_empty, 2)
        self._sync_buttons()

    def service(self) -> PrivacyService:
        return PrivacyService.of(self.ctx.services)

    def scope(self) -> int | None:
        """The admin sees every facility; a manager the facility chosen in the toolbar."""
        actor = self.ctx.actor
        return None if actor is not None and actor.is_admin else self.ctx.facility_id

    # -- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        service, actor, scope = self.service(), self.ctx.actor, self.scope()
        self.load(lambda: (service.review(actor, scope), service.ledger(actor, scope)), self._show)

    def _show(self, data) -> None:
        review, ledger = data
        self.review_model.set_rows(review)
        self.ledger_model.set_rows(ledger)
        self.ledger_view.setVisible(bool(ledger))
        self.ledger_empty.setVisible(not ledger)
        self.empty_label.setVisible(not review)
        self.review_view.setVisible(bool(review))
        self._sync_buttons()

    def selected(self) -> list[ReviewRow]:
        return [i.data(ROW_ROLE) for i in self.review_view.selectionModel().selectedRows()]

    def _sync_buttons(self) -> None:
        n = len(self.selected())
        self.destroy_button.setEnabled(n > 0)
        self.destroy_button.setText(self.tr("선택 파기({0})…").format(n) if n else self.tr("선택 파기…"))

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- destroying ---------------------------------------------------------------------
    def confirm_text(self, rows: list[ReviewRow]) -> str:
        return self.tr(
            "고른 청년 기록 {0:,}건을 파기합니다.\n\n이름·전화번호·이메일·생년월일(출생연도만 남김)과 상담 기록·메모의 "
            "내용을 덮어써서 지웁니다. 되돌릴 수 없고, 백업에서 복원해도 다시 파기됩니다.\n\n"
            "예약·상담 건수 등 지난 통계는 익명 기록으로 그대로 남고, 파기 대장에 한 줄이 기록됩니다.").format(len(rows))

    def destroy_selected(self) -> None:
        rows = self.selected()
        if not rows:
            return
        self.clear_error()
        if not confirm.ask(self, self.tr("개인정보 파기"), self.confirm_text(rows),
                           self.tr("{0:,}건 파기").format(len(rows))):
            return
        service, actor, scope = self.service(), self.ctx.actor, self.scope()
        ids = [r.youth_id for r in rows]
        self.say(self.tr("{0:,}건을 파기하는 중…").format(len(ids)))

        def done(result) -> None:
            self.say(self.tr("✓ {0:,}건을 파기했습니다. {1}").format(result.records, result.vacuum))
            self.ctx.notify(Topic.YOUTH, origin=self)
            self.refresh()

        def failed(exc) -> None:
            self.say("")
            self.show_error(exc)

        self.ctx.run(lambda: service.destroy(actor, scope, ids), done, failed)

    # -- the ledger's printout -------------------------------------------------------------
    def print_ledger(self) -> None:
        path = self.ask_save_path(self.tr("파기 대장 저장"), "파기대장.pdf", [("PDF", "pdf")])
        if not path:
            return
        from models.outputs.lifecycle import print_destruction_ledger
        services, actor, scope = self.ctx.services, self.ctx.actor, self.scope()
        self.export_on_worker(lambda: print_destruction_ledger(services, actor, scope, path),
                              self.tr("파기 대장 {count}행을 저장했습니다: {path}"))
