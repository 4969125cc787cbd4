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
    assert ctx.actor is dialog.actor  # the dialog logged the context in
    assert ctx.facility.code == "CAFE-A"
    assert [f.code for f in ctx.facilities] == ["CAFE-A"] == [f.code for f in dialog.facilities]


def test_login_reads_the_facilities_in_its_worker_job(world, services, qtbot, monkeypatch):
    """The login and the actor's facilities are one job off the GUI thread; set_actor then
    takes the rows instead of reading them again on the GUI thread."""
    import threading
    threads = []
    list_for = services.facilities.list_for

    def recording(actor, include_inactive=False):
        threads.append(threading.current_thread())
        return list_for(actor, include_inactive)

    monkeypatch.setattr(services.facilities, "list_for", recording)
    ctx = AppContext(services)
    dialog = _open(qtbot, LoginDialog(ctx, username="admin"))
    qtbot.keyClicks(dialog.password, "admin1234")
    with qtbot.waitSignal(ctx.actor_changed):
        qtbot.keyClick(dialog.password, Qt.Key_Return)
    wait_worker(qtbot, ctx)
    assert dialog.result() == QDialog.Accepted and ctx.actor.is_admin
    assert [f.code for f in ctx.facilities] == ["CAFE-A", "CAFE-B"]
    assert len(threads) == 1 and threads[0] is not threading.main_thread()


def test_first_administrator_is_logged_in_with_every_facility(services, qtbot):
    ctx = AppContext(services)
    dialog = _open(qtbot, FirstAdminDialog(ctx))
    qtbot.keyClicks(dialog.username, "cityadmin")
    dialog.display_name.setText("김서울")
    qtbot.keyClicks(dialog.password, "seoul2024")
    qtbot.keyClicks(dialog.password2, "seoul2024")
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert dialog.result() == QDialog.Accepted
    assert ctx.actor is dialog.actor and ctx.actor.is_admin
    assert ctx.facilities == [] and ctx.facility is None  # a first run has no facility yet
