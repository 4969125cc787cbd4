"""The date bar of the booking pages: ◀ date ▶, a "today" button and a bold label.

``add_date_nav(page, bar, ...)`` builds the widgets into ``bar`` and sets them on the page
as ``prev_btn``, ``next_btn``, ``date_edit`` and the given names for the today button and
the label; the page supplies ``move_by(step)``, ``go_to(day)`` and ``go_today()``.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton

KOREAN = QLocale(QLocale.Korean, QLocale.SouthKorea)


def add_date_nav(page, bar: QHBoxLayout, *, unit: str, today_text: str, today_attr: str,
                 label_attr: str) -> None:
    page.prev_btn = QPushButton("◀")
    page.prev_btn.setToolTip(page.tr("이전{0} (Alt+←)").format(unit))
    page.next_btn = QPushButton("▶")
    page.next_btn.setToolTip(page.tr("다음{0} (Alt+→)").format(unit))
    for b in (page.prev_btn, page.next_btn):
        b.setFixedWidth(36)
    page.prev_btn.clicked.connect(lambda: page.move_by(-1))
    page.next_btn.clicked.connect(lambda: page.move_by(1))
    page.date_edit = QDateEdit()
    page.date_edit.setCalendarPopup(True)
    page.date_edit.setLocale(KOREAN)
    page.date_edit.setDisplayFormat("yyyy-MM-dd (ddd)")
    page.date_edit.setMinimumWidth(150)
    page.date_edit.setDate(QDate(page.day))
    page.date_edit.dateChanged.connect(lambda d: page.go_to(d.toPython()))
    today = QPushButton(today_text)
    today.setToolTip(page.tr("{0}로 (Ctrl+T)").format(today_text))
    today.clicked.connect(page.go_today)
    label = QLabel()
    label.setStyleSheet("font-weight: bold; padding-left: 8px;")
    setattr(page, today_attr, today)
    setattr(page, label_attr, label)
    for w in (page.prev_btn, page.date_edit, page.next_btn, today, label):
        bar.addWidget(w)
