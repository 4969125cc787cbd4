"""The main window: sidebar of pages, facility switcher, status bar, idle lock.

It assembles pages and holds no business logic.

Access is checked live by the services (``AccessChanged``, see models/core/permissions.py).
When a service refuses the logged-in actor, the window reads the account again on the read
pool: a deactivated account, or one with no role left, is logged out at once with a Korean
message on the login dialog; otherwise the window reopens its pages with the new roles and
says so in the status bar. Unlocking after idle reads the account the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gui.common.icons import icon
from gui.context import AppContext, settings
from gui.shell.pages import PageSpec, page_specs
from models.core.errors import AuthError, NotFound

IDLE_LOCK_MS = 15 * 60 * 1000
ENDED_DEACTIVATED = "계정이 비활성화되어 로그아웃되었습니다. 시 담당자에게 문의하세요."
ENDED_NO_ROLE = "이 계정의 역할이 모두 회수되어 로그아웃되었습니다. 시 담당자에게 문의하세요."
ROLES_CHANGED = "다른 곳에서 권한이 바뀌어 화면을 새 권한으로 다시 열었습니다. 방금 하던 작업을 다시 해 주세요."


class IdleWatcher(QObject):
    """Restarts a timer on every key or mouse event of the application."""

    EVENTS = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.MouseMove, QEvent.Wheel}

    def __init__(self, msecs: int, on_idle, parent=None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(msecs)
        self.timer.timeout.connect(on_idle)
        self.timer.start()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() in self.EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class LazyPages(Mapping):
    """The window's pages by key, in sidebar order: every page the actor may see is a key;
    a page's module is imported and the page built at its first lookup."""

    def __init__(self, ctx: AppContext, stack: QStackedWidget, specs: list[PageSpec],
                 on_built: Callable[[QWidget], None] | None = None):
        self.ctx, self.stack = ctx, stack
        self.specs = {spec.key: spec for spec in specs}
        self.built: dict[str, QWidget] = {}
        self.on_built = on_built

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        if page is None:
            page = self.specs[key].load()(self.ctx)  # KeyError for a page not shown
            self.built[key] = page
            self.stack.addWidget(page)
            if self.on_built is not None:
                self.on_built(page)
        return page

    def __iter__(self):
        return iter(self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    def discard(self) -> None:
        """Remove and delete every page built (the roles changed)."""
        for page in self.built.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.built.clear()


def first_size(window: QWidget) -> tuple[int, int]:
    """The first run's window size: 1280×800, or as much of the screen as there is (a
    1366×768 laptop keeps its task bar), never below what the window needs."""
    screen = window.screen()
    avail = screen.availableGeometry() if screen is not None else None
    width, height = (1280, 800) if avail is None else (min(1280, avail.width()), min(800, avail.height()))
    need = window.minimumSizeHint()
    return max(width, need.width()), max(height, need.height())


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, idle_ms: int = IDLE_LOCK_MS):
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("청년일자리 데스크"))
        self.setWindowIcon(icon("app"))
        self.locked = False
        self._rechecking = False
        self._build_toolbar()
        self._build_body()
        self._build_status()
        self._build_pages()
        ctx.facility_changed.connect(self._sync_facility)
        ctx.facilities_reloaded.connect(self._sync_facility)
        ctx.worker.access_changed.connect(self._access_changed)
        self._sync_facility()
        geometry = settings().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(*first_size(self))
        self.idle = IdleWatcher(idle_ms, self.lock, self)

    # -- building -------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("도구 모음"))
        bar.setMovable(False)
        bar.setIconSize(QSize(18, 18))
        self.addToolBar(bar)
        bar.addWidget(QLabel(self.tr("시설")))
        self.facility_box = QComboBox()
        self.facility_box.setMinimumWidth(260)
        self.facility_box.currentIndexChanged.connect(self._facility_chosen)
        bar.addWidget(self.facility_box)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        bar.addWidget(spacer)
        self.user_label = QLabel()
        bar.addWidget(self.user_label)
        self.lock_action = bar.addAction(icon("lock"), self.tr("잠금"), self.lock)
        self.logout_action = bar.addAction(icon("logout"), self.tr("로그아웃"), self.logout)

    def _build_body(self) -> None:
        body = QWidget()
        lay = QHBoxLayout(body)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        side = QWidget()
        side.setObjectName("sidebar")
        side.setFixedWidth(210)
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        side_lay.setSpacing(0)
        brand = QLabel(self.tr("청년일자리 데스크"))
        brand.setObjectName("brand")
        side_lay.addWidget(brand)
        sub = QLabel(self.tr("서울시 청년 취업 지원시설"))
        sub.setObjectName("brandSub")
        side_lay.addWidget(sub)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        # an administrator's fourteen pages fit 768 pixels; a lower screen scrolls down only
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.sidebar.setTextElideMode(Qt.ElideRight)
        self.sidebar.currentRowChanged.connect(self._page_chosen)
        side_lay.addWidget(self.sidebar, 1)
        self.stack = QStackedWidget()
        lay.addWidget(side)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.lock_overlay = QLabel(self.tr("화면이 잠겨 있습니다"), alignment=Qt.AlignCenter)
        self.lock_overlay.setObjectName("lockOverlay")

    def _build_status(self) -> None:
        self.status_user = QLabel()
        self.status_facility = QLabel()
        self.status_db = QLabel(self.ctx.db_label)
        for w in (self.status_user, self.status_facility):
            self.statusBar().addWidget(w)
        self.statusBar().addPermanentWidget(self.status_db)

    def _build_pages(self) -> None:
        """The sidebar of the pages the actor sees; each page is built when first shown."""
        if hasattr(self, "pages"):  # reopening for new roles
            self.pages.discard()
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        self.sidebar.blockSignals(False)
        specs = page_specs(self.ctx.actor)
        self.pages = LazyPages(self.ctx, self.stack, specs, on_built=self._page_built)
        for spec in specs:
            item = QListWidgetItem(icon(spec.icon, "#dfe6f5"), spec.title)
            item.setData(Qt.UserRole, spec.key)
            self.sidebar.addItem(item)
        last = settings().value(self._page_key(), "")
        keys = list(self.pages)
        self.sidebar.setCurrentRow(keys.index(last) if last in keys else 0)

    # -- behaviour ------------------------------------------------------------------
    def _page_key(self) -> str:
        """The last page is remembered per user, not per PC: the next user at the desk
        starts on their own page (issue 11, item 12)."""
        actor = self.ctx.actor
        return f"window/page/{actor.username}" if actor else "window/page"

    def show_page(self, key: str):
        keys = list(self.pages)
        self.sidebar.setCurrentRow(keys.index(key))
        return self.pages[key]

    def _page_chosen(self, row: int) -> None:
        if row < 0:
            return
        key = self.sidebar.item(row).data(Qt.UserRole)
        self.stack.setCurrentWidget(self.pages[key])
        settings().setValue(self._page_key(), key)

    def _sync_facility(self) -> None:
        box = self.facility_box
        box.blockSignals(True)
        box.clear()
        for f in self.ctx.facilities:
            box.addItem(f"{f.name} ({f.code})", f.id)
        if self.ctx.facility_id is not None:
            box.setCurrentIndex(box.findData(self.ctx.facility_id))
        box.setEnabled(box.count() > 1)
        box.blockSignals(False)
        actor = self.ctx.actor
        roles = ", ".join(sorted(r.label for r in actor.roles_at(self.ctx.facility_id))) or self.tr("역할 없음")
        self.user_label.setText(f"{actor.display_name} ({actor.username}) · {roles}")
        self.status_user.setText(self.tr("사용자: {0}").format(actor.username))
        self.status_facility.setText(self.tr("시설: {0}").format(
            self.ctx.facility.name if self.ctx.facility else self.tr("배정된 시설 없음")))

    def _facility_chosen(self, index: int) -> None:
        if index >= 0:
            self.ctx.set_facility(self.facility_box.itemData(index))

    def lock(self) -> None:
        """Hide the work behind an overlay until the same user types their password."""
        if self.locked:
            return
        from gui.shell.login import UnlockDialog
        self.locked = True
        body = self.takeCentralWidget()
        self.setCentralWidget(self.lock_overlay)
        self.unlock_dialog = UnlockDialog(self.ctx, self)
        self.unlock_dialog.finished.connect(lambda result: self._unlock_finished(result, body))
        self.unlock_dialog.open()

    def _unlock_finished(self, result: int, body: QWidget) -> None:
        if result != QDialog.Accepted:
            self.logout()
            return
        self.takeCentralWidget()
        self.setCentralWidget(body)
        self.locked = False
        self.idle.timer.start()
        # the password check read the account as it is now: apply what changed meanwhile
        fresh = self.unlock_dialog.actor
        if fresh is not None and fresh != self.ctx.actor:
            self._apply_account(fresh, self.unlock_dialog.facilities)

    # -- live access ------------------------------------------------------------------
    def _access_changed(self, _exc) -> None:
        """A service refused the actor as stale: read the account again (read pool)."""
        actor = self.ctx.actor
        if self._rechecking or actor is None or actor.user_id is None:
            return
        self._rechecking = True
        accounts, facilities = self.ctx.services.accounts, self.ctx.services.facilities

        def work():
            try:
                fresh = accounts.refresh_actor(actor.user_id)
            except (AuthError, NotFound):
                return None, []
            return fresh, facilities.list_for(fresh)

        def failed(_exc) -> None:  # changed again meanwhile, or the server went away
            self._rechecking = False
            self._end_session(ENDED_DEACTIVATED)

        self.ctx.load(work, lambda result: self._apply_account(*result), failed)

    def _apply_account(self, fresh, facilities) -> None:
        """Log out an account whose access ended; reopen the pages for changed roles."""
        self._rechecking = False
        if fresh is None:
            self._end_session(ENDED_DEACTIVATED)
            return
        if not fresh.grants:
            self._end_session(ENDED_NO_ROLE)
            return
        code = self.ctx.facility.code if self.ctx.facility else None
        self.ctx.set_actor(fresh, code, facilities=facilities)
        self._build_pages()
        self._sync_facility()
        self.statusBar().showMessage(self.tr(ROLES_CHANGED), 30000)

    def _end_session(self, message: str) -> None:
        # after the worker has delivered everything of the job that found out
        self.ended_message = message
        QTimer.singleShot(0, self, lambda: self.logout(message))

    def _page_built(self, page: QWidget) -> None:
        if hasattr(page, "restore_done"):  # 시스템 관리: a restore reopens the app on the file
            page.restore_done.connect(self.reopen_restored)

    def reopen_restored(self, path, services) -> None:
        """The database was restored from a backup and reopened as ``services``: every page
        read the old file, so the window closes and the login opens on the restored one."""
        self.ctx.services = services
        self.logout(self.tr("백업에서 복원한 데이터베이스로 다시 열었습니다: {0}. 다시 로그인하세요.").format(path))

    def logout(self, message: str | None = None) -> None:
        """Close this window and show the login dialog again (with ``message``, when the
        session was ended for the user); cancelling it quits."""
        app = QApplication.instance()
        if self.ctx.actor is None and message is not None:
            return  # already logged out
        self.ctx.actor = None
        if app is None or app.property("yjd_no_relogin"):
            self.close()
            return
        from gui.shell.login import obtain_actor
        app.setQuitOnLastWindowClosed(False)
        self.close()
        actor = obtain_actor(self.ctx, message=message)
        if actor is None:
            app.quit()
            return  # otherwise the login has logged ctx in, with the actor's facilities
        self.ctx.window = MainWindow(self.ctx)
        self.ctx.window.show()
        app.setQuitOnLastWindowClosed(True)

    def closeEvent(self, event) -> None:  # noqa: N802
        settings().setValue("window/geometry", self.saveGeometry())
        self.idle.timer.stop()
        QApplication.instance().removeEventFilter(self.idle)
        super().closeEvent(event)
