"""Access ended from another desk takes effect at the user's next action (issue 9, defect 1).

A user is logged in and working; an administrator at another desk (its own ``Services`` and
engine on the same database file) deactivates them, revokes their roles or changes them.
At the user's next action the window reads the account again: a user whose access ended
is logged out with a Korean message on the login dialog, and one whose roles changed gets
the pages of the new roles. The same happens when the window is unlocked after idle.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.shell import login
from gui.shell.main_window import ENDED_DEACTIVATED, ENDED_NO_ROLE, ROLES_CHANGED, MainWindow
from models.core.db import Database
from models.core.enums import Role
from models.registry import Services
from tests.conftest import FAST_HASHER
from tests.factories.gui import fill_youth, type_text, wait_worker


@pytest.fixture
def other_desk(db, clock):
    other = Database(db.url)
    yield Services(other, clock=clock, hasher=FAST_HASHER)
    other.dispose()


@pytest.fixture
def next_login(qapp, monkeypatch, world):
    """The login dialog that follows a logout: it records the message it opens with, and
    the manager logs in there (the desk goes on with a colleague)."""
    qapp.setProperty("yjd_no_relogin", False)
    seen = {}

    def exec_(dialog):
        seen["message"] = dialog.form.general.text() if not dialog.form.general.isHidden() else ""
        dialog.ctx.set_actor(world.manager)
        dialog.actor = world.manager
        return QDialog.Accepted

    monkeypatch.setattr(login.LoginDialog, "exec", exec_)
    yield seen
    qapp.setProperty("yjd_no_relogin", True)
    qapp.setQuitOnLastWindowClosed(True)


def _revoke_all(desk, admin, user_id):
    for user in desk.accounts.list_users(admin):
        if user.id == user_id:
            for grant in user.grants:
                desk.accounts.revoke_role(admin, grant.id)


def _search(qtbot, window, text="김"):
    page = window.show_page("youth")
    wait_worker(qtbot, window.ctx)
    page.search.clear()
    type_text(qtbot, page.search, text)
    qtbot.keyClick(page.search, Qt.Key_Return)
    return page


def _relogged(qtbot, window):
    qtbot.waitUntil(lambda: getattr(window.ctx, "window", None) is not None, timeout=5000)
    new = window.ctx.window
    qtbot.addWidget(new)
    wait_worker(qtbot, new.ctx)
    return new


def test_a_deactivated_user_is_logged_out_at_the_next_search(world, make_window, other_desk,
                                                             next_login, qtbot):
    window = make_window(world.front_desk)
    _search(qtbot, window)
    assert window.isVisible()

    other_desk.accounts.set_active(world.admin, world.front_desk.user_id, False)
    _search(qtbot, window, "홍")
    new = _relogged(qtbot, window)

    assert not window.isVisible(), "the deactivated user's window stays open"
    assert next_login["message"] == ENDED_DEACTIVATED
    assert new.ctx.actor.username == "manager" and new.isVisible()


def test_revoked_roles_end_the_session_when_the_user_saves_a_registration(
        world, make_window, other_desk, next_login, qtbot, services):
    window = make_window(world.counselor)
    page = window.show_page("youth")
    wait_worker(qtbot, window.ctx)
    dialog = page.open_register()
    qtbot.waitExposed(dialog)
    fill_youth(qtbot, dialog, name="김하늘")

    _revoke_all(other_desk, world.admin, world.counselor.user_id)
    qtbot.mouseClick(dialog.save_btn, Qt.LeftButton)
    new = _relogged(qtbot, window)

    assert next_login["message"] == ENDED_NO_ROLE
    assert not window.isVisible() and new.ctx.actor.username == "manager"
    assert services.youth.search(world.admin, world.a, "김하늘") == [], "the refused save wrote"


def test_changed_roles_reopen_the_pages_of_the_new_roles(world, make_window, other_desk, qtbot,
                                                         services):
    """A manager made front desk loses the 시설 관리 page at the next action and is told why."""
    window = make_window(world.manager)
    assert "facilities" in window.pages
    grant = next(g.id for u in services.accounts.list_users(world.admin)
                 if u.id == world.manager.user_id for g in u.grants)
    other_desk.accounts.grant_role(world.admin, world.manager.user_id, Role.FRONT_DESK, world.a)
    other_desk.accounts.revoke_role(world.admin, grant)

    _search(qtbot, window)
    qtbot.waitUntil(lambda: "facilities" not in window.pages, timeout=5000)
    wait_worker(qtbot, window.ctx)

    assert window.isVisible()
    assert window.ctx.actor.roles_at(world.a) == {Role.FRONT_DESK}
    assert window.statusBar().currentMessage() == ROLES_CHANGED
    assert "안내데스크" in window.user_label.text()
    sidebar = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert len(sidebar) == len(window.pages) and "시설 관리" not in " ".join(sidebar)
    _search(qtbot, window, "홍")  # the new actor works
    assert window.isVisible() and window.ctx.actor.roles_at(world.a) == {Role.FRONT_DESK}


def test_unlocking_after_idle_applies_a_revocation_made_meanwhile(world, make_window, other_desk,
                                                                  next_login, qtbot):
    window = make_window(world.counselor, idle_ms=50)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    window.idle.timer.setInterval(60_000)  # locked once is enough
    _revoke_all(other_desk, world.admin, world.counselor.user_id)

    window.unlock_dialog.password.setText("pass1234")
    qtbot.mouseClick(window.unlock_dialog.ok, Qt.LeftButton)
    new = _relogged(qtbot, window)

    assert next_login["message"] == ENDED_NO_ROLE
    assert not window.isVisible() and new.ctx.actor.username == "manager"


def test_unlocking_after_idle_refuses_a_deactivated_account(world, make_window, other_desk, qtbot):
    window = make_window(world.counselor, idle_ms=50)
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    window.idle.timer.setInterval(60_000)  # locked once is enough
    other_desk.accounts.set_active(world.admin, world.counselor.user_id, False)

    window.unlock_dialog.password.setText("pass1234")
    qtbot.mouseClick(window.unlock_dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, window.ctx)

    assert window.locked and window.centralWidget() is window.lock_overlay
    assert "비활성화된 계정" in window.unlock_dialog.form.general.text()


def test_a_role_granted_meanwhile_shows_after_unlocking(world, make_window, other_desk, qtbot):
    window = make_window(world.counselor, idle_ms=50)
    assert "bookings" in window.pages and "facilities" not in window.pages
    qtbot.waitUntil(lambda: window.locked, timeout=3000)
    window.idle.timer.setInterval(60_000)  # locked once is enough
    other_desk.accounts.grant_role(world.admin, world.counselor.user_id, Role.MANAGER, world.a)

    window.unlock_dialog.password.setText("pass1234")
    qtbot.mouseClick(window.unlock_dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, window.ctx)

    assert not window.locked
    assert "facilities" in window.pages
    assert window.ctx.actor.roles_at(world.a) == {Role.COUNSELOR, Role.MANAGER}
    assert isinstance(window, MainWindow) and window.isVisible()
