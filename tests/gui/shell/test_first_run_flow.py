"""The whole first day, through the GUI: first run -> create the administrator -> log in ->
create a facility -> create a staff user -> that user logs in and registers a youth."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gui.context import AppContext
from gui.shell.login import FirstAdminDialog, LoginDialog
from gui.shell.main_window import MainWindow
from tests.factories.gui import fill_new_facility, type_text, wait_worker
from tests.factories.gui import fill_youth as fill


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show() if not isinstance(widget, QDialog) else widget.open()
    qtbot.waitExposed(widget)
    return widget


def _login(qtbot, ctx, username, password):
    dialog = _show(qtbot, LoginDialog(ctx))
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert dialog.result() == QDialog.Accepted, dialog.form.general.text()
    return dialog.actor


def test_first_run_to_registered_youth(services, qtbot):
    ctx = AppContext(services)
    # 1. first run: no users yet, so the app asks for the first administrator
    assert not services.accounts.has_users()
    first = _show(qtbot, FirstAdminDialog(ctx))
    qtbot.keyClicks(first.username, "cityadmin")
    type_text(qtbot, first.display_name, "김서울")
    qtbot.keyClicks(first.password, "seoul2024")
    qtbot.keyClicks(first.password2, "seoul2024")
    qtbot.mouseClick(first.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert first.result() == QDialog.Accepted

    # 2. log in as that administrator: the main window has every admin page
    admin = _login(qtbot, ctx, "cityadmin", "seoul2024")
    assert ctx.actor is admin  # the login dialog logged the context in
    window = _show(qtbot, MainWindow(ctx))
    assert {"youth", "facilities", "staff", "audit"} <= set(window.pages)
    assert "cityadmin" in window.status_user.text()

    # 3. create a facility on the facilities page
    facilities = window.show_page("facilities")
    dialog = facilities.open_create()
    fill_new_facility(qtbot, dialog)
    qtbot.mouseClick(dialog.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    cafe = services.facilities.by_code("CAFE-GWANAK")
    assert cafe.name == "관악 청년청"
    assert window.facility_box.findData(cafe.id) >= 0  # the switcher offers it at once

    # 4. create a counselor for that facility on the staff page
    staff = window.show_page("staff")
    create = staff.add_user()
    qtbot.keyClicks(create.username, "kimcounsel")
    type_text(qtbot, create.display_name, "김상담")
    qtbot.keyClicks(create.password, "counsel2024")
    qtbot.keyClicks(create.password2, "counsel2024")
    create.role.setCurrentIndex(create.role.findData("counselor"))
    create.facility.setCurrentIndex(create.facility.findData(cafe.id))
    qtbot.mouseClick(create.ok, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    assert "kimcounsel" in [u.username for u in services.accounts.list_users(admin)]
    window.close()

    # 5. the counselor logs in, works at the new facility and registers a youth
    counselor = _login(qtbot, ctx, "kimcounsel", "counsel2024")
    assert ctx.actor is counselor
    assert ctx.facility.code == "CAFE-GWANAK"
    window2 = _show(qtbot, MainWindow(ctx))
    assert "staff" not in window2.pages and "audit" not in window2.pages
    youth = window2.show_page("youth")
    wait_worker(qtbot, ctx)
    register = youth.open_register()
    fill(qtbot, register, name="박청년", birth="1999-05-01", phone="010-2222-3333")
    qtbot.mouseClick(register.save_btn, Qt.LeftButton)
    wait_worker(qtbot, ctx)
    rows = services.youth.search(counselor, cafe.id, "박청년")
    assert len(rows) == 1 and rows[0].registered_facility == "관악 청년청"
    shown = [youth.model.index(r, c).data() for r in range(youth.model.rowCount())
             for c in range(youth.model.columnCount())]
    assert "010-****-3333" in shown and "010-2222-3333" not in shown
