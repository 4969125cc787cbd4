"""A youth's booking history at the current facility, for the detail panel of the youth
page: the room-booking no-show ledger (``services.rooms.no_show_ledger``: each no-show
with its date and room, and the sanction in force) and the AI-interview booth sessions
(``services.booths.history``: date, booth, session type, status, result, consultation).

For counseling staff (``Perm.COUNSELING_VIEW`` at the facility) one timeline follows, in
date order, newest first, across what is held about the youth here: counseling and group
sessions (``services.counseling.timeline``; a voided one marked 무효), referrals to job
openings and their stages where the facility does matching (``services.companies.timeline``),
a campus's courses (applications, selection, attendance, completion and employment:
``services.courses.timeline``), the booth sessions and their results, and the room
no-shows. It names no confidential note.

``show_youth(youth_id | None)`` reads both in one job on the read pool (``ctx.load``) and
shows them when they arrive; only the answer for the newest request is shown, and while a
read takes long the panel says it is loading. The widget reloads itself when bookings or
booth sessions change (``Topic.BOOKING``, ``Topic.BOOTH``), after a counseling or matching
write (``Topic.COUNSELING``, ``Topic.COMPANIES``, ``Topic.YOUTH``) or the facility changes. Without
``Perm.BOOKING_VIEW`` at the facility it shows a hint instead.

열람 출력… (staff who may see the registry at the facility, a youth selected) prints the
youth's own 열람 PDF (PIPA §35: everything held about them here, with the log of who viewed
their data) through ``models.outputs.youth_access.print_youth_access``. It opens
``gui.common.output_dialog.OutputDialog`` with its 출력 목적 field, required here (the
service refuses an empty one too): an empty purpose is refused next to the field and
nothing is asked or written. Then the page's save dialog asks where, the PDF is written on
the worker's write lane, and the line beside the button says what was saved, or why not.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.common.output_dialog import OutputChoice, OutputDialog
from gui.common.table_model import Column, RowTableModel
from gui.context import Topic
from gui.desk.dialog_base import day_text
from models.booths.schemas import BoothBookingRow
from models.core.errors import DomainError
from models.core.permissions import Perm
from models.counseling.exports import PURPOSE_REQUIRED  # the service's own words
from models.desk.enums import BookingStatus
from models.facilities.enums import MATCHING_KINDS, FacilityKind
from models.rooms.schemas import NoShowLedger

LIST_HEIGHT = 104
SOURCE_PREFIX = {"counseling": "상담 · ", "group": "집단 · ", "referral": "매칭 · "}  # courses: "교육 · "


def source_prefix(source: str) -> str:
    return "교육 · " if source.startswith("course_") else SOURCE_PREFIX.get(source, "")


LOADING_DELAY_MS = 150  # a fast read shows no loading hint (no flicker between selections)


def booth_status(b: BoothBookingRow) -> str:
    if b.status == BookingStatus.CANCELLED and b.cancel_code is not None:
        return f"{b.status.label}({b.cancel_code.label})"
    return b.status.label + (" · 현장" if b.walk_in else "")


def booth_result(b: BoothBookingRow) -> str:
    if b.result_grade:
        return b.result_grade
    return "보고서 수령" if b.result_received else "—"


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight: bold;")
    return label


class YouthHistory(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.youth_id: int | None = None
        self._stale = False
        self._seq = 0  # only the newest read may fill the panel
        self._loading = False
        self.ledger: NoShowLedger | None = None
        self.booth_rows: list[BoothBookingRow] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        # only the page on show counts for the size: the hint is one line, the tables need more
        self.stack.currentChanged.connect(self._fit_page)
        self.hint = QLabel()
        self.hint.setObjectName("pageHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self._build_body())
        lay.addWidget(self.stack)
        self._fit_page(0)
        self._loading_timer = QTimer(self)
        self._loading_timer.setSingleShot(True)
        self._loading_timer.setInterval(LOADING_DELAY_MS)
        self._loading_timer.timeout.connect(lambda: self._hint(self.tr("이력을 불러오는 중…")))
        ctx.changed.connect(self._on_changed)
        ctx.facility_changed.connect(self.reload)
        self.show_youth(None)

    def _fit_page(self, index: int) -> None:
        for i in range(self.stack.count()):
            policy = QSizePolicy.Preferred if i == index else QSizePolicy.Ignored
            self.stack.widget(i).setSizePolicy(policy, policy)
        self.stack.updateGeometry()

    # -- building -----------------------------------------------------------------------
    def _build_body(self) -> QWidget:
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        row = QHBoxLayout()
        outer.addLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(4)
        left.addWidget(_caption(self.tr("공간 예약 노쇼")))
        self.sanction = QLabel()
        self.sanction.setObjectName("formError")
        self.sanction.setVisible(False)
        left.addWidget(self.sanction)
        self.no_show_summary = QLabel()
        self.no_show_summary.setObjectName("pageHint")
        left.addWidget(self.no_show_summary)
        self.no_shows = QListWidget()
        self.no_shows.setSelectionMode(QListWidget.NoSelection)
        self.no_shows.setFocusPolicy(Qt.NoFocus)
        self.no_shows.setFixedHeight(LIST_HEIGHT)
        self.no_shows.setStyleSheet("QListWidget { background: white; border: 1px solid #dde3ee; "
                                    "border-radius: 6px; padding: 2px; }")
        left.addWidget(self.no_shows)
        left.addStretch(1)
        box = QWidget()
        box.setLayout(left)
        box.setFixedWidth(320)
        row.addWidget(box)
        right = QVBoxLayout()
        right.setSpacing(4)
        # the 열람 PDF's button sits on the right column's caption line: the panel keeps its height
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(_caption(self.tr("AI 면접 부스 이용")))
        self.access_notice = QLabel()
        self.access_notice.setObjectName("pageHint")
        self.access_notice.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.access_notice.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)  # a long path may not widen it
        actions.addWidget(self.access_notice, 1)
        self.access_button = QPushButton(icon("print"), self.tr("열람 출력…"))
        self.access_button.setToolTip(self.tr("이 청년에 관해 보관한 모든 기록과 열람 기록을 PDF로 저장합니다 "
                                              "(본인 열람 요청). 출력 목적과 함께 감사 기록에 남습니다."))
        self.access_button.clicked.connect(lambda: self.print_access())
        actions.addWidget(self.access_button)
        right.addLayout(actions)
        self.booth_summary = QLabel()
        self.booth_summary.setObjectName("pageHint")
        right.addWidget(self.booth_summary)
        self.model = RowTableModel([
            Column(self.tr("날짜"), lambda b: f"{day_text(b.starts_at.date())} {b.starts_at:%H:%M}"),
            Column(self.tr("부스"), lambda b: b.room_name),
            Column(self.tr("체험 종류"), lambda b: b.session_type.label),
            Column(self.tr("상태"), booth_status,
                   muted=lambda b: b.status == BookingStatus.CANCELLED),
            Column(self.tr("결과"), booth_result),
            Column(self.tr("분석 컨설팅"), lambda b: "요청함" if b.consult_requested else ""),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for col, width in enumerate((165, 105, 105, 80, 70)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.booth_empty = QLabel()
        self.booth_empty.setObjectName("emptyState")
        self.booth_empty.setStyleSheet("padding: 8px;")
        self.booth_empty.setAlignment(Qt.AlignCenter)
        self.booth_stack = QStackedWidget()
        self.booth_stack.addWidget(self.table)
        self.booth_stack.addWidget(self.booth_empty)
        self.booth_stack.setFixedHeight(LIST_HEIGHT + 2)
        right.addWidget(self.booth_stack)
        right.addStretch(1)
        row.addLayout(right, 1)
        self.timeline_box = QWidget()
        tl = QVBoxLayout(self.timeline_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.setSpacing(4)
        tl.addWidget(_caption(self.tr("타임라인 (상담·집단 프로그램·매칭·AI 면접 부스·노쇼)")))
        self.plan_label = QLabel()  # the youth's 취업활동계획 in one line (counseling staff)
        self.plan_label.setObjectName("pageHint")
        self.plan_label.setWordWrap(True)
        tl.addWidget(self.plan_label)
        self.timeline = QListWidget()
        self.timeline.setSelectionMode(QListWidget.NoSelection)
        self.timeline.setFocusPolicy(Qt.NoFocus)
        self.timeline.setFixedHeight(LIST_HEIGHT + 24)
        self.timeline.setStyleSheet(self.no_shows.styleSheet())
        tl.addWidget(self.timeline)
        self.timeline_box.setVisible(False)
        outer.addWidget(self.timeline_box)
        return body

    # -- loading ------------------------------------------------------------------------
    def _on_changed(self, changes) -> None:
        if changes & {Topic.BOOKING, Topic.BOOTH, Topic.YOUTH, Topic.COUNSELING, Topic.COMPANIES}:
            self.reload()

    def reload(self) -> None:
        """Show the current youth again; while hidden, wait until shown."""
        if self.isVisible():
            self.show_youth(self.youth_id)
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.show_youth(self.youth_id)

    @property
    def loading(self) -> bool:
        """A read was asked for and its answer has not arrived."""
        return self._loading

    def show_youth(self, youth_id: int | None) -> None:
        if youth_id != self.youth_id:
            self.access_notice.clear()
        self.youth_id = youth_id
        self._stale = False
        self._seq += 1  # an answer still on its way is for an older request
        self._loading = False
        self._loading_timer.stop()
        actor, fid = self.ctx.actor, self.ctx.facility_id
        if actor is None or fid is None or not actor.can(Perm.BOOKING_VIEW, fid):
            self._hint(self.tr("이 시설의 예약 이력은 예약 권한이 있는 직원만 봅니다."))
            return
        if youth_id is None:
            self._hint(self.tr("청년을 선택하면 이 시설의 노쇼 기록과 AI 면접 부스 이용 이력이 나옵니다."))
            return
        rooms, booths, seq = self.ctx.services.rooms, self.ctx.services.booths, self._seq
        counseling = self.ctx.services.counseling if actor.can(Perm.COUNSELING_VIEW, fid) else None
        facility = self.ctx.facility
        matches = (self.ctx.services.companies if counseling and actor.can(Perm.COMPANY_VIEW, fid)
                   and facility is not None and facility.kind in MATCHING_KINDS else None)
        courses = (self.ctx.services.courses if counseling and actor.can(Perm.COURSE_VIEW, fid)
                   and facility is not None and facility.kind == FacilityKind.CAMPUS else None)

        def read():
            try:
                timeline = counseling.timeline(actor, fid, youth_id) if counseling else None
                if timeline is not None and matches is not None:
                    timeline = [*timeline, *matches.timeline(actor, fid, youth_id)]
                if timeline is not None and courses is not None:
                    timeline = [*timeline, *courses.timeline(actor, fid, youth_id)]
                plan = counseling.plan(actor, fid, youth_id) if counseling else None
                return (seq, rooms.no_show_ledger(actor, fid, youth_id), booths.history(actor, fid, youth_id),
                        timeline, plan)
            except DomainError as exc:
                return seq, exc, None, None, None

        self._loading = True
        self._loading_timer.start()
        self.ctx.load(read, self._arrived)

    def _arrived(self, data) -> None:
        seq, ledger, booths, timeline, plan = data
        if seq != self._seq:
            return  # another youth was chosen (or the panel reloaded) meanwhile
        self._loading = False
        self._loading_timer.stop()
        if isinstance(ledger, DomainError):
            self._hint(ledger.message)
            return
        self._show(ledger, booths)
        self._show_timeline(timeline, ledger, booths)
        if timeline is not None:  # counseling staff; imported here, not at start-up
            from gui.counseling.plan_dialog import plan_text
            self.plan_label.setText(plan_text(plan))

    def _show_timeline(self, items, ledger: NoShowLedger, booths: list[BoothBookingRow]) -> None:
        """One list in date order, newest first; ``items`` None: not counseling staff."""
        self.timeline.clear()
        self.timeline_box.setVisible(items is not None)
        if items is None:
            return
        lines = [(i.at, ("[무효] " if i.voided else "") + source_prefix(i.source) + i.title)
                 for i in items]
        lines += [(b.starts_at, f"AI 면접 부스 · {b.session_type.label} · {booth_status(b)}"
                   + (f" · 결과 {booth_result(b)}" if booth_result(b) != "—" else "")) for b in booths]
        lines += [(b.starts_at, f"스터디룸 노쇼 · {b.room_name}") for b in ledger.no_shows]
        for at, text in sorted(lines, key=lambda x: x[0], reverse=True):
            self.timeline.addItem(f"{at:%Y-%m-%d %H:%M} · {text}")
        if not lines:
            self.timeline.addItem(self.tr("이 시설에서 기록된 상담이나 이용 이력이 없습니다."))

    def timeline_texts(self) -> list[str]:
        return [self.timeline.item(i).text() for i in range(self.timeline.count())]

    def _hint(self, text: str) -> None:
        self.ledger, self.booth_rows = None, []
        self.no_shows.clear()
        self.model.set_rows([])
        self.timeline.clear()
        self.hint.setText(text)
        self.stack.setCurrentWidget(self.hint)

    def _show(self, ledger: NoShowLedger, booths: list[BoothBookingRow]) -> None:
        self.ledger, self.booth_rows = ledger, list(booths)
        facility = self.ctx.facility.name if self.ctx.facility else ""
        self.no_shows.clear()
        for b in ledger.no_shows:
            self.no_shows.addItem(f"{day_text(b.starts_at.date())} {b.time_text} · {b.room_name}")
        if ledger.blocked_until is not None:
            self.sanction.setText(self.tr("예약 제한: {0}까지").format(f"{ledger.blocked_until:%Y-%m-%d}"))
        self.sanction.setVisible(ledger.blocked_until is not None)
        count = len(ledger.no_shows)
        self.no_show_summary.setText(self.tr("{0} 노쇼 {1}회").format(facility, count) if count
                                     else self.tr("{0}에서 노쇼한 적이 없습니다.").format(facility))
        self.no_shows.setVisible(count > 0)
        self.model.set_rows(self.booth_rows)
        done = sum(b.status == BookingStatus.CHECKED_IN for b in self.booth_rows)
        self.booth_summary.setText(self.tr("예약 {0}회 · 입실 {1}회").format(len(self.booth_rows), done)
                                   if self.booth_rows else "")
        self.booth_empty.setText(self.tr("{0}에서 AI 면접 부스를 이용한 적이 없습니다.").format(facility))
        self.booth_stack.setCurrentWidget(self.table if self.booth_rows else self.booth_empty)
        self.stack.setCurrentIndex(1)
        actor, fid = self.ctx.actor, self.ctx.facility_id
        self.access_button.setVisible(actor is not None and fid is not None and actor.can(Perm.YOUTH_VIEW, fid))
        self.access_button.setEnabled(self.youth_id is not None)

    # -- the youth's 열람 PDF -------------------------------------------------------------
    output_dialog: OutputDialog | None = None

    def _access_text(self) -> str:
        actor, fid = self.ctx.actor, self.ctx.facility_id
        text = self.tr("이 청년의 본인 열람 자료 (PDF): 청년 명부 기록, 공간 예약, AI 면접 부스 이용")
        if actor.can(Perm.COUNSELING_VIEW, fid):
            text += self.tr(", 상담 기록 (비공개 메모는 볼 권한이 있는 것만 싣고, 그 열람이 감사 기록에 남습니다)")
        else:
            text += self.tr(" (상담 기록은 상담 직원만 출력하므로 싣지 않습니다)")
        return text + self.tr(", 채용 연계, 교육 과정, 누가 언제 개인정보를 열람·출력했는지. 모든 쪽에 개인정보 "
                              "표시가 들어갑니다.")

    def print_access(self) -> OutputDialog | None:
        """Open the 열람 PDF's output dialog for the youth shown."""
        if self.youth_id is None or not self.access_button.isVisible():
            return None
        dialog = OutputDialog(self.tr("본인 열람 자료 출력"), describe=lambda _c: self._access_text(),
                              on_save=lambda c: self._save_access(self.youth_id, c), purpose=True, parent=self)
        dialog.purpose_edit.setPlaceholderText(self.tr("예: 본인 열람 요청 (필수, 감사 기록에 남습니다)"))
        self.output_dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "output_dialog", None))
        dialog.open()
        return dialog

    def _page(self):
        from gui.common.page import Page
        w = self.parent()
        while w is not None and not isinstance(w, Page):
            w = w.parent()
        return w

    def _save_access(self, youth_id: int, choice: OutputChoice) -> bool:
        dialog = self.output_dialog
        if not choice.purpose:
            if dialog is not None:
                dialog.form.show_errors({"purpose": self.tr(PURPOSE_REQUIRED)})
            return False
        page = self._page()
        if page is None:
            return False
        path = page.ask_save_path(self.tr("본인 열람 자료 저장"), f"본인열람_{youth_id}.pdf", [("PDF", "pdf")],
                                  parent=dialog)
        if not path:
            return False
        from models.outputs.youth_access import print_youth_access
        services, actor, fid, purpose = self.ctx.services, self.ctx.actor, self.ctx.facility_id, choice.purpose
        self.access_notice.setText(self.tr("본인 열람 자료를 만드는 중…"))

        def done(result) -> None:
            self.access_notice.setText(self.tr("✓ 본인 열람 자료를 저장했습니다: {0}").format(result.path))

        def failed(exc) -> None:
            self.access_notice.setText(exc.message)

        self.ctx.run(lambda: print_youth_access(services, actor, fid, youth_id, path, purpose), done, failed)
        return True

    # -- for tests and the page ---------------------------------------------------------
    def no_show_texts(self) -> list[str]:
        return [self.no_shows.item(i).text() for i in range(self.no_shows.count())]
