from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.context import AppContext
from gui.shell.login import FirstAdminDialog, LoginDialog
from tests.gui.conftest import wait_worker


def _open(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_first_run_creates_the_administrator(services, qtbot):
    ctx = AppContext(services)
    assert not services.accounts.has_users()
    dialog = _open(qtbot, FirstAdminDialog(ctx))
    qtbot.keyClicks(dialog.username, "cityadmin")
    dialog.display_name.setText("김서울")  # QTest cannot type non-ASCII keys
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.password2, "short")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert "8자 이상" in dialog.form.error_text("password")
    assert not services.accounts.has_users()

    dialog.password.setText("seoul2024")
    dialog.password2.setText("seoul2025")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    assert "서로 다릅니다" in dialog.form.error_text("password2")

    dialog.password2.setText("seoul2024")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert dialog.result() == QDialog.Accepted
    assert dialog.actor.is_admin
    assert services.accounts.authenticate("cityadmin", "seoul2024").username == "cityadmin"


def test_login_counts_failures_and_locks_after_five(world, services, qtbot):
    ctx = AppContext(services)
    dialog = _open(qtbot, LoginDialog(ctx))
    qtbot.keyClicks(dialog.username, "counselor")
    for attempt in range(1, 5):
        dialog.password.setText("wrong-pass")
        qtbot.mouseClick(dialog.ok, Qt.LeftButton)
        wait_worker(qtbot, ctx)
        assert f"{5 - attempt}회 더 틀리면" in dialog.form.general.text()
        assert dialog.password.text() == ""
    dialog.password.setText("wrong-pass")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert "잠겼습니다" in dialog.form.general.text()
    # the right password is refused while locked
    dialog.password.setText("pass1234")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert dialog.result() != QDialog.Accepted
    assert "잠겼습니다" in dialog.form.general.text()


def test_login_succeeds_and_opens_the_users_facility(world, services, qtbot):
    ctx = AppContext(services)
    dialog = _open(qtbot, LoginDialog(ctx, username="frontdesk"))
    qtbot.keyClicks(dialog.password, "pass1234")
    qtbot.keyClick(dialog.password, Qt.Key_Return)
    wait_worker(qtbot, ctx)
    assert dialog.result() == QDialog.Accepted
    ctx.set_actor(dialog.actor)
    assert ctx.facility.code == "CAFE-A"
    assert [f.code for f in ctx.facilities] == ["CAFE-A"]
