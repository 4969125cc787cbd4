"""시스템 관리 page (admin): backups of the SQLite database and restore from one.

지금 백업 makes a verified copy (``models.lifecycle.service.BackupService.backup_now``)
on the read pool, not the write lane: a copy of a big file takes a while, and the desk's
writes must not queue behind it (the copy blocks no writer). The list shows each copy's
date, size and verified state from its manifest; a copy that is not good (failed its
check, changed since, no manifest) is greyed, marked ✗ with the reason, and cannot be
chosen for a restore.

복원… asks first how many audit rows the database gained since the copy (what the
restore loses), then confirms naming the copy's date, what will be lost and where the
current file is kept. The restore runs on the write lane (this desk's writes queued before
it finish first), lets go of the database file, puts the copy in place and opens the
restored file (``restore_database``), and builds the services on it. ``restore_done(path,
services)`` then tells the main window to reopen on them: this page does not know the
window. On PostgreSQL the page says that the backups belong to the server.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from gui.common import confirm
from gui.common.page import Page
from gui.common.table_model import ROW_ROLE, Column, RowTableModel
from models.lifecycle.backup import BackupEntry, size_text
from models.lifecycle.service import BackupService, BackupStatus, restore_database, seoul_text

RIGHT = Qt.AlignRight | Qt.AlignVCenter
BAD = QColor("#b3261e")


class BackupTableModel(RowTableModel):
    COL_DATE, COL_SIZE, COL_STATE, COL_FILE = range(4)

    def __init__(self, tr, parent=None):
        super().__init__([
            Column(tr("날짜"), lambda e: seoul_text(e.taken_at)),
            Column(tr("크기"), lambda e: size_text(e.size), RIGHT),
            Column(tr("검증"), lambda e: ("✓ " if e.good else "✗ ") + e.state_text),
            Column(tr("파일"), lambda e: e.name, muted=lambda e: True),
        ], parent)

    def data(self, index, role=Qt.DisplayRole):
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is not None and not entry.good and role == Qt.ForegroundRole:
            return QBrush(BAD) if index.column() == self.COL_STATE else QBrush(QColor("#9aa3b5"))
        if entry is not None and role == Qt.ToolTipRole and index.column() == self.COL_STATE:
            return entry.state_text
        return super().data(index, role)


class SystemPage(Page):
    key = "system"
    title = "시스템 관리"
    icon_name = "save"
    restore_done = Signal(str, object)  # the restored file, the Services opened on it

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.status: BackupStatus | None = None
        self.busy = False
        self.backup_button = self.action_button("save", self.tr("지금 백업"), self.backup_now, primary=True)
        self.restore_button = self.action_button("activate", self.tr("이 백업으로 복원…"), self.restore_selected)
        self.restore_button.setProperty("danger", True)
        self.refresh_button = self.action_button("refresh", self.tr("새로 고침"), self.refresh)
        for b in (self.backup_button, self.restore_button, self.refresh_button):
            self.header_actions.addWidget(b)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.outer.addWidget(self.summary)
        self.notice = QLabel()  # what the last action did
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("font-weight: bold;")
        self.notice.setVisible(False)
        self.outer.addWidget(self.notice)
        self.model = BackupTableModel(self.tr, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        head = self.view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.Interactive)
        head.setSectionResizeMode(BackupTableModel.COL_FILE, QHeaderView.Stretch)
        for col, width in ((BackupTableModel.COL_DATE, 170), (BackupTableModel.COL_SIZE, 90),
                           (BackupTableModel.COL_STATE, 480)):
            self.view.setColumnWidth(col, width)
        self.view.selectionModel().selectionChanged.connect(self._sync_buttons)
        self.view.doubleClicked.connect(lambda _i: self.restore_selected())
        self.outer.addWidget(self.view, 1)
        self.empty_label = QLabel(self.tr("아직 백업이 없습니다. '지금 백업'을 누르면 바로 만들고 검증합니다."))
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignCenter)
        self.empty_label.setVisible(False)
        self.outer.addWidget(self.empty_label, 1)
        self.server_label = QLabel()
        self.server_label.setObjectName("emptyState")
        self.server_label.setWordWrap(True)
        self.server_label.setAlignment(Qt.AlignCenter)
        self.server_label.setVisible(False)
        self.server_label.setMaximumWidth(760)
        self.outer.addWidget(self.server_label, 1, Qt.AlignHCenter)
        self._sync_buttons()
        from gui.lifecycle.scheduler import scheduler_of
        scheduler = scheduler_of(ctx)
        if scheduler is not None:  # the daily copy was made: show it
            scheduler.backed_up.connect(lambda _result: self.isVisible() and self.refresh())

    def service(self) -> BackupService:
        return BackupService.of(self.ctx.services)

    # -- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        service, actor = self.service(), self.ctx.actor
        self.load(lambda: service.status(actor), self._show)

    def _show(self, status: BackupStatus, select: BackupEntry | None = None) -> None:
        self.status = status
        server = status.server_managed
        for w in (self.view, self.summary, self.backup_button, self.restore_button):
            w.setVisible(not server)
        self.server_label.setVisible(server)
        if server:
            from models.lifecycle.service import SERVER_MANAGED
            self.hint_label.setText(self.tr("데이터베이스: {0}").format(status.database))
            self.server_label.setText(self.tr(SERVER_MANAGED))
            self.empty_label.setVisible(False)
            return
        self.hint_label.setText(self.tr(
            "매일 처음 실행할 때와 켜 둔 동안 24시간마다 자동으로 백업하고, 백업마다 무결성 검사와 표별 행 수로 "
            "검증합니다. 보관: {0}(더 새 백업이 검증된 뒤에만 지웁니다). 백업 폴더: {1}").format(
            status.retention.text, status.folder))
        keep = select.path if select is not None else (self.selected().path if self.selected() else None)
        self.model.set_rows(status.entries)
        self.empty_label.setVisible(not status.entries)
        self.view.setVisible(bool(status.entries))
        good = [e for e in status.entries if e.good]
        bad = len(status.entries) - len(good)
        text = self.tr("마지막 검증된 백업: {0}").format(seoul_text(good[0].taken_at)) if good else \
            self.tr("검증된 백업이 없습니다.")
        text += self.tr(" · 오늘 백업이 아직 없습니다(곧 자동으로 만듭니다).") if status.due else \
            self.tr(" · 오늘 백업이 있습니다.")
        if bad:
            text += self.tr(" · 복원에 쓸 수 없는 백업 {0}개(✗)").format(bad)
        self.summary.setText(text)
        rows = [i for i, e in enumerate(status.entries) if e.path == keep]
        if rows:
            self.view.selectRow(rows[0])
        self._sync_buttons()

    def selected(self) -> BackupEntry | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _sync_buttons(self) -> None:
        entry = self.selected()
        self.backup_button.setEnabled(not self.busy)
        self.restore_button.setEnabled(not self.busy and entry is not None and entry.good)
        if entry is not None and not entry.good:
            self.restore_button.setToolTip(self.tr("이 백업은 복원에 쓸 수 없습니다: {0}").format(entry.state_text))
        else:
            self.restore_button.setToolTip(self.tr("고른 백업의 시점으로 데이터베이스를 되돌립니다."))

    def _set_busy(self, busy: bool, text: str | None = None) -> None:
        self.busy = busy
        if text:
            self.say(text)
        self._sync_buttons()

    def say(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- 지금 백업 -------------------------------------------------------------------------
    def backup_now(self) -> None:
        if self.busy:
            return
        self.clear_error()
        service, actor = self.service(), self.ctx.actor
        self._set_busy(True, self.tr("백업하는 중… 창구 업무는 계속할 수 있습니다."))

        def done(result) -> None:
            self._set_busy(False)
            entry = result.entry
            if entry.good:
                self.say(self.tr("✓ 백업하고 검증했습니다: {0} ({1}, {2})").format(
                    entry.name, size_text(entry.size), entry.state_text))
            else:
                self.say("")
                self.show_error(self.tr("백업을 만들었지만 검증에 실패했습니다: {0} — {1} 이 백업은 복원에 쓰지 않으며, "
                                        "오래된 백업도 지우지 않았습니다.").format(entry.name, entry.problem))
            self.load(lambda: service.status(actor), lambda status: self._show(status, select=entry))

        def failed(exc) -> None:
            self._set_busy(False)
            self.say("")
            self.show_error(exc)

        self.ctx.worker.load(lambda: service.backup_now(actor), done, failed)

    # -- 복원 -----------------------------------------------------------------------------
    def restore_selected(self) -> None:
        entry = self.selected()
        if self.busy or entry is None or not entry.good:
            return
        self.clear_error()
        service, actor = self.service(), self.ctx.actor
        self.ctx.worker.load(lambda: service.writes_since(actor, entry),
                             lambda lost: self._confirm_restore(entry, lost), self.show_error)

    def confirm_text(self, entry: BackupEntry, lost: int | None) -> str:
        path = self.ctx.services.db.sqlite_path
        when = seoul_text(entry.taken_at)
        lost_text = self.tr("감사 기록 기준 {0:,}건의 변경·열람·출력").format(lost) if lost is not None else \
            self.tr("모든 변경")
        return self.tr(
            "{when}의 백업({name})으로 데이터베이스를 되돌립니다.\n\n"
            "그 뒤에 저장한 내용 — {lost} (예약, 입실, 상담 기록, 청년 등록과 수정 등) — 이 모두 사라집니다.\n\n"
            "지금 데이터베이스 파일은 지우지 않고 '{aside}'(으)로 보관합니다. 복원한 뒤 프로그램은 복원한 파일로 "
            "다시 열리고, 다시 로그인해야 합니다.\n\n"
            "이 데이터베이스를 쓰는 다른 창과 명령은 먼저 모두 닫으세요. 열려 있으면 복원하지 않습니다.").format(
            when=when, name=entry.name, lost=lost_text,
            aside=f"{path.name if path else 'yjd.db'}.before-restore-…")

    def _confirm_restore(self, entry: BackupEntry, lost: int | None) -> None:
        if not confirm.ask(self, self.tr("백업에서 복원"), self.confirm_text(entry, lost), self.tr("복원")):
            return
        services, actor = self.ctx.services, self.ctx.actor
        self._set_busy(True, self.tr("{0} 백업으로 복원하는 중…").format(seoul_text(entry.taken_at)))

        def work():
            from models.registry import Services
            result, fresh = restore_database(services.db, entry.path, actor, clock=services.clock)
            return result, Services(fresh, clock=services.clock)

        def done(outcome) -> None:
            result, fresh = outcome
            self._set_busy(False)
            self.say(self.tr("✓ {0} 백업으로 복원했습니다. 이전 파일은 {1}(으)로 보관했습니다.").format(
                seoul_text(entry.taken_at), result.kept_aside.name if result.kept_aside else "-"))
            self.restore_done.emit(str(result.database), fresh)

        def failed(exc) -> None:
            self._set_busy(False)
            self.say("")
            self.show_error(exc)

        self.ctx.run(work, done, failed)
