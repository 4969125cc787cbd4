"""Form dialogs open with the keyboard in their first field, Enter submits them and Esc
cancels them (issue 11, item 1).

A user who opens a dialog and types straight away must be typing into its first field, not
pressing 취소: in the login dialog that closed the app. Each test types like a user into
the dialog and presses Enter in a field, or Esc, and checks what happened.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.factories.gui import fill_youth, type_text, wait_worker


def _open(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def _dialogs(ctx, world):
    from gui.accounts.dialogs import CreateUserDialog
    from gui.facilities.facility_dialog import FacilityDialog
    from gui.facilities.room_dialog import RoomDialog
    from gui.shell.login import FirstAdminDialog, LoginDialog
    from gui.youth.dialog import YouthDialog
    return {
        "login": (lambda: LoginDialog(ctx), "username"),
        "first_admin": (lambda: FirstAdminDialog(ctx), "username"),
        "youth": (lambda: YouthDialog(ctx), "name"),
        "facility": (lambda: FacilityDialog(ctx), None),
        "room": (lambda: RoomDialog(ctx, ctx.facility), None),
        "staff": (lambda: CreateUserDialog(ctx), "username"),
    }


NAMES = ["login", "first_admin", "youth", "facility", "room", "staff"]


@pytest.mark.parametrize("name", NAMES)
def test_a_dialog_opens_in_its_first_field_and_esc_cancels_it(world, make_ctx, qtbot, name):
    ctx = make_ctx(world.admin)
    make, field = _dialogs(ctx, world)[name]
    dialog = _open(qtbot, make())
    form = getattr(dialog, "form", None) or dialog.left
    first = getattr(dialog, field) if field else form.first_input()
    assert first is not None
    qtbot.waitUntil(lambda: dialog.focusWidget() is first, timeout=2000)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.Rejected


def test_enter_in_the_password_logs_in(world, services, qtbot):
    from gui.context import AppContext
    from gui.shell.login import LoginDialog
    ctx = AppContext(services)
    dialog = _open(qtbot, LoginDialog(ctx))
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.username)
    type_text(qtbot, dialog.username, "frontdesk")
    qtbot.keyClick(dialog.username, Qt.Key_Tab)
    assert dialog.focusWidget() is dialog.password, "Tab goes from the name to the password"
    type_text(qtbot, dialog.password, "pass1234")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    wait_worker(qtbot, ctx)
    assert dialog.result() == QDialog.Accepted
    assert ctx.actor is not None and ctx.actor.username == "frontdesk"


def test_enter_after_the_cancel_button_had_the_focus_still_logs_in(world, services, qtbot):
    """The reported path: the focus was on 취소, the user clicked 아이디 and typed."""
    from PySide6.QtWidgets import QDialogButtonBox

    from gui.context import AppContext
    from gui.shell.login import LoginDialog
    ctx = AppContext(services)
    dialog = _open(qtbot, LoginDialog(ctx))
    dialog.buttons.button(QDialogButtonBox.Cancel).setFocus()
    qtbot.mouseClick(dialog.username, Qt.LeftButton)
    type_text(qtbot, dialog.username, "frontdesk")
    qtbot.mouseClick(dialog.password, Qt.LeftButton)
    type_text(qtbot, dialog.password, "pass1234")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    wait_worker(qtbot, ctx)
    assert dialog.result() == QDialog.Accepted and ctx.actor.username == "frontdesk"


def test_enter_in_a_field_registers_the_youth(world, services, make_ctx, qtbot):
    from gui.youth.dialog import YouthDialog
    ctx = make_ctx(world.counselor)
    dialog = _open(qtbot, YouthDialog(ctx))
    fill_youth(qtbot, dialog, name="박엔터")
    qtbot.keyClick(dialog.phone, Qt.Key_Return)
    wait_worker(qtbot, ctx)
    assert [y.name for y in services.youth.search(world.counselor, world.a, "박엔터")] == ["박엔터"]
    assert not dialog.isVisible()
