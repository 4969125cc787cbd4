"""Widgets keep their shape after an error (issue 11, item 9).

- After a failed 청년 등록 the consent check box kept its text but lost its box: the red
  border of an invalid field made Qt draw the whole check box from the style sheet.
- Once the lockout message showed in the login dialog, the 아이디 and 비밀번호 fields were
  squeezed under it: the form layout shared out the message's height wrongly.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.factories.gui import type_text, wait_worker


@pytest.fixture(autouse=True)
def app_style(qapp):
    """The app's own style sheet, as the window runs with it (and the test app's again after)."""
    from gui.common.style import apply_style
    app = QApplication.instance()
    sheet, style, font = app.styleSheet(), app.style().name(), app.font()
    apply_style(app)
    yield
    app.setStyleSheet(sheet)
    app.setStyle(style)
    app.setFont(font)


def _open(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _indicator(box) -> QRect:
    """Where the check box draws its box (the style's own rectangle for it)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton
    opt = QStyleOptionButton()
    box.initStyleOption(opt)
    return box.style().subElementRect(QStyle.SE_CheckBoxIndicator, opt, box)


def test_the_consent_box_keeps_its_box_after_a_failed_registration(world, make_ctx, qtbot):
    from gui.youth.dialog import YouthDialog
    dialog = _open(qtbot, YouthDialog(make_ctx(world.counselor)))
    box = dialog.consent
    area = _indicator(box)
    before = box.grab().toImage().copy(area)
    qtbot.mouseClick(dialog.save_btn, Qt.LeftButton)
    assert dialog.form.error_text("consent"), "the missing consent is said under the box"
    qtbot.wait(20)
    after = box.grab().toImage().copy(_indicator(box))
    assert after == before, "the check box is drawn with its box, as before the failed save"
    qtbot.mouseClick(box, Qt.LeftButton, pos=_indicator(box).center())
    assert box.isChecked(), "and a click on the box still ticks it"


def test_the_login_fields_keep_their_height_under_the_lockout_message(world, services, qtbot):
    from gui.context import AppContext
    from gui.shell.login import LoginDialog
    ctx = AppContext(services)
    dialog = _open(qtbot, LoginDialog(ctx))
    for _ in range(6):
        dialog.username.setText("frontdesk")
        type_text(qtbot, dialog.password, "wrong-password")
        qtbot.keyClick(dialog.password, Qt.Key_Return)
        wait_worker(qtbot, ctx)
    message = dialog.form.general
    assert "잠겼습니다" in message.text() and message.isVisible()
    qtbot.wait(20)
    bottom = message.mapTo(dialog, message.rect().bottomLeft()).y()
    for name in ("username", "password"):
        field, row = getattr(dialog, name), dialog.form.rows[name]
        # the row the field sits in clips it: the whole field must fit in it
        assert row.height() >= field.sizeHint().height(), f"{name} is not squeezed"
        assert field.mapTo(dialog, field.rect().topLeft()).y() > bottom, "nor drawn over the message"
