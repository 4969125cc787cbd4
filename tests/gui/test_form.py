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

from gui.widgets.form import Form


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
