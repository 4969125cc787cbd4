"""The 예약 page's 일일 명단 출력 (issue 11 items 5 and 6): the button opens the dialog with
today and 전체 first; the day and room chosen are printed (the PDF's title names them, the
phones are masked), recorded once as an output with the purpose, and the hint line says
what was saved. A PDF that cannot be written shows the banner and records nothing. The
month export opens on this month and exports the month chosen.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt

from gui.common.page import Page
from tests.factories.gui import wait_worker
from tests.factories.rooms_page import FRIDAY, book
from tests.models.util import audit_rows

MONDAY = date(2026, 11, 30)


def outputs(services) -> list:
    return audit_rows(services.db, action="output")


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def saved_to(tmp_path, monkeypatch):
    """The path question answered with tmp_path/<the name offered>; the questions asked."""
    asked = []

    def ask(self, title, name, formats, parent=None):
        asked.append((title, name, formats))
        return str(tmp_path / name)

    monkeypatch.setattr(Page, "ask_save_path", ask)
    return asked


def test_the_button_opens_today_for_all_rooms_and_prints_the_day_and_room_chosen(
        desk, services, open_page, qtbot, tmp_path, saved_to):
    book(services, desk, "10:00", "12:00", room=desk.room_b, day=MONDAY, headcount=3)
    book(services, desk, "14:00", "15:00", youth=desk.kim, day=MONDAY)
    page = open_page(desk.w.front_desk)
    page.date_edit.setDate(date(2026, 12, 2))  # the grid shows another day: no matter
    wait_worker(qtbot, page.ctx)
    qtbot.mouseClick(page.print_btn, Qt.LeftButton)
    dialog = page.output_dialog
    assert dialog.isVisible() and dialog.day_edit.date().toPython() == FRIDAY  # today
    assert [dialog.item_box.itemText(i) for i in range(dialog.item_box.count())] == ["전체", "스터디룸 A",
                                                                                     "스터디룸 B"]
    assert dialog.item_box.currentData() is None
    assert dialog.summary.text() == "11/27(금) 전체 공간 일일 명단 (PDF, 전화번호 가림)"
    dialog.day_edit.setDate(QDate(2026, 11, 30))
    dialog.item_box.setCurrentIndex(2)
    dialog.purpose_edit.setText("입실 확인")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    [(title, name, formats)] = saved_to
    assert (title, name, formats) == ("스터디룸 B 11/30(월) 일일 명단 저장", "예약_명단_스터디룸B_20261130.pdf",
                                      [("PDF", "pdf")])
    out = tmp_path / name
    assert page.hint_label.text() == f"✓ 11/30(월) 스터디룸 B 일일 명단(예약 1건)을 저장했습니다: {out}"
    assert not page.banner.isVisible() and not dialog.isVisible()
    text = pdf_text(out)
    assert "스터디룸·회의실 일일 명단 — 스터디룸 B · 2026-11-30 (월)" in text
    assert "홍길동" in text and "010-****-" in text and "김민수" not in text  # 스터디룸 A's youth
    [row] = outputs(services)
    assert row.detail == "스터디룸·회의실 일일 명단 출력 스터디룸 B 2026-11-30 (1건) · 목적: 입실 확인"
    assert row.username == "frontdesk"


def test_an_empty_day_prints_a_sheet_that_says_so(desk, services, open_page, qtbot, tmp_path, saved_to):
    page = open_page(desk.w.counselor)  # may see bookings, so may print them
    qtbot.mouseClick(page.print_btn, Qt.LeftButton)
    qtbot.mouseClick(page.output_dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    out = tmp_path / "예약_명단_전체공간_20261127.pdf"
    assert "이 날은 예약이 없습니다." in pdf_text(out)
    assert "(예약 0건)" in page.hint_label.text()
    assert outputs(services)[0].detail == "스터디룸·회의실 일일 명단 출력 전체 공간 2026-11-27 (0건)"


def test_a_sheet_that_cannot_be_written_shows_the_banner_and_records_nothing(desk, services, open_page, qtbot,
                                                                             tmp_path):
    book(services, desk, "10:00", "11:00", day=MONDAY)
    page = open_page(desk.w.front_desk)
    page.print_sheet(str(tmp_path / "없는 폴더" / "명단.pdf"), None, MONDAY)
    wait_worker(qtbot, page.ctx)
    assert page.banner.isVisible() and "명단.pdf" in page.banner.text() and "저장할 폴더가 없습니다" in page.banner.text()
    assert "저장했습니다" not in page.hint_label.text() and outputs(services) == []


def test_the_export_opens_on_this_month_and_exports_the_month_chosen(desk, services, open_page, qtbot, tmp_path,
                                                                     saved_to):
    book(services, desk, "10:00", "11:00")  # November
    book(services, desk, "10:00", "11:00", day=date(2026, 12, 1))
    book(services, desk, "13:00", "14:00", day=date(2026, 12, 2), room=desk.room_b)
    page = open_page(desk.w.front_desk)
    qtbot.mouseClick(page.export_btn, Qt.LeftButton)
    dialog = page.output_dialog
    month = dialog.month_edit.date().toPython()
    assert (month.year, month.month) == (2026, 11)
    assert dialog.summary.text() == "2026년 11월 스터디룸·회의실 예약 전체 (Excel .xlsx)"
    dialog.month_edit.setDate(QDate(2026, 12, 1))
    assert dialog.summary.text() == "2026년 12월 스터디룸·회의실 예약 전체 (Excel .xlsx)"
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    out = tmp_path / "예약_CAFE-A_2026-12.xlsx"
    assert page.hint_label.text() == f"✓ 2026년 12월 예약 2건을 저장했습니다: {out}"
    ws = load_workbook(out).active
    assert ws["A1"].value == "가 일자리카페 예약 2026-12"
    assert [ws.cell(row=r, column=1).value.date() for r in (3, 4)] == [date(2026, 12, 1), date(2026, 12, 2)]
    [row] = outputs(services)
    assert row.detail == "예약 내보내기 2026-12 (2건)"
