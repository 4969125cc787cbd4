"""The form every dialog uses: which boxes turn red for an error, and that the dialog makes
room for the message."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gui.common.form import Form


def make_dialog(qtbot):
    dialog = QDialog()
    lay = QVBoxLayout(dialog)
    form = Form()
    lay.addWidget(form)
    times = QWidget()
    row = QHBoxLayout(times)
    start, tilde, end = QLineEdit(), QLabel("~"), QLineEdit()
    for w in (start, tilde, end):
        row.addWidget(w)
    form.add("start", "시간", times)
    form.rows["end"] = form.rows["start"]
    day = form.add("day", "날짜", QDateEdit())
    name = form.add("name", "이름", QLineEdit())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, form, times, start, tilde, end, day, name


def test_an_error_on_a_group_marks_its_boxes_not_the_labels_between(qtbot):
    dialog, form, times, start, tilde, end, day, name = make_dialog(qtbot)
    form.show_errors({"end": "종료 시각은 시작 시각보다 늦어야 합니다.", "day": "날짜를 고르세요."})
    assert start.property("invalid") and end.property("invalid")
    assert not tilde.property("invalid") and not times.property("invalid")
    assert day.property("invalid") and not day.lineEdit().property("invalid")  # one box, not two
    assert not name.property("invalid")
    assert form.error_text("start") == "종료 시각은 시작 시각보다 늦어야 합니다."
    form.clear_errors()
    assert not any(w.property("invalid") for w in (start, end, day))


def test_the_dialog_grows_so_every_message_fits(qtbot):
    dialog, form, *_ = make_dialog(qtbot)
    before = dialog.height()
    form.show_errors({"start": "가" * 120, "day": "날짜를 고르세요.", "name": "이름을 적으세요."})
    qtbot.waitUntil(lambda: dialog.height() > before)
    lay = dialog.layout()
    assert dialog.height() >= lay.totalHeightForWidth(dialog.width())
    for row in form.rows.values():
        bottom = row.error.mapTo(dialog, row.error.rect().bottomLeft()).y()
        assert bottom <= dialog.height()


def test_marked_boxes_are_red_even_with_focus_and_a_checkbox_is_not_boxed(qtbot, app_style):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QCheckBox

    dialog = QDialog()
    lay = QVBoxLayout(dialog)
    form = Form()
    lay.addWidget(form)
    name = form.add("name", "이름", QLineEdit())
    consent = form.add("consent", "", QCheckBox("개인정보 수집·이용 동의를 받았습니다"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form.show_errors({"name": "이름을 입력하세요.", "consent": "동의를 받아야 등록할 수 있습니다."})
    qtbot.waitUntil(name.hasFocus)  # the first marked field takes the focus
    edge = QColor(name.grab().toImage().pixel(name.width() // 2, 0))
    assert edge.name() == "#c62828"  # red, not the blue focus frame
    inside = QColor(consent.grab().toImage().pixel(consent.width() - 2, consent.height() // 2))
    assert inside.alpha() == 0 or inside.name() != "#fff6f5"  # no pink box across the row


def test_every_image_the_style_sheet_names_exists(qapp, app_style):
    """A missing arrow image would leave every drop-down without its arrow."""
    import re
    from pathlib import Path

    urls = re.findall(r'url\("([^"]+)"\)', qapp.styleSheet())
    assert urls and all(Path(u).is_file() for u in urls), urls
