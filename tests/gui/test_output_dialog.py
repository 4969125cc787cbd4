"""The output dialog (``gui.common.output_dialog``) and the save dialog (``Page.ask_save_path``)
of issue 11 item 6: the day sheets and exports say which day or month they cover and let the
user pick it, today or this month first; the save dialog is Qt's own, in Korean, opening in
the Documents folder and then in the folder this user saved to last.

The booth page's buttons are tested here end to end: the dialog from the button, its
default, a changed day or month, the file written (its day read back) and the audit row.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDateEdit, QDialog, QFileDialog

from gui.booths.page import BoothsPage
from gui.common.output_dialog import Items, OutputDialog, short_day
from gui.common.page import Page
from models.booths.enums import SessionType
from tests.factories.booths_page import FRIDAY, book, make_desk, slot_id
from tests.factories.gui import page_opener, type_text, wait_worker
from tests.models.util import audit_rows

MONDAY = date(2026, 11, 30)


@pytest.fixture
def desk(world, services):
    """Two booths publishing from Friday 11/27 for two weeks, and three youths."""
    return make_desk(world, services)


@pytest.fixture
def open_page(make_ctx, qtbot):
    return page_opener(make_ctx, qtbot, BoothsPage)


def outputs(services) -> list:
    return audit_rows(services.db, action="output")


@pytest.fixture
def documents(tmp_path, monkeypatch) -> Path:
    docs = tmp_path / "문서"
    docs.mkdir()
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation",
                        lambda where: str(docs) if where == QStandardPaths.DocumentsLocation else real(where))
    return docs


def answer_save_dialog(path: Path | None, seen: dict) -> None:
    """Answer the next modal save dialog: note what it shows, then save to ``path`` (or
    cancel when None)."""
    def answer():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QFileDialog)
        seen.update(dialog=box, folder=box.directory().absolutePath(), name=Path(box.selectedFiles()[0]).name,
                    filters=box.nameFilters(), native=not box.testOption(QFileDialog.DontUseNativeDialog),
                    labels={k: box.labelText(k) for k in (QFileDialog.LookIn, QFileDialog.FileName,
                                                          QFileDialog.FileType, QFileDialog.Accept,
                                                          QFileDialog.Reject)},
                    locale=box.locale().name())
        if path is None:
            box.reject()
        else:
            box.selectFile(str(path))
            box.accept()

    QTimer.singleShot(0, answer)


# -- the save dialog ------------------------------------------------------------------------
def test_the_save_dialog_is_korean_opens_in_documents_and_remembers_the_folder(
        desk, open_page, documents, tmp_path, qtbot):
    page = open_page(desk.w.front_desk)
    seen = {}
    answer_save_dialog(None, seen)
    assert page.ask_save_path("명단 저장", "명단.pdf", [("PDF", "pdf")]) is None
    assert not seen["native"] and seen["locale"] == "ko_KR"
    assert seen["labels"] == {QFileDialog.LookIn: "위치:", QFileDialog.FileName: "파일 이름:",
                              QFileDialog.FileType: "파일 형식:", QFileDialog.Accept: "저장",
                              QFileDialog.Reject: "취소"}
    assert seen["folder"] == str(documents) and seen["name"] == "명단.pdf" and seen["filters"] == ["PDF (*.pdf)"]

    elsewhere = tmp_path / "내보낸 파일"
    elsewhere.mkdir()
    answer_save_dialog(elsewhere / "11월", seen)
    assert page.ask_save_path("내보내기", "예약.xlsx", [("Excel", "xlsx"), ("CSV", "csv")]) == str(
        elsewhere / "11월.xlsx")
    answer_save_dialog(None, seen)
    page.ask_save_path("내보내기", "예약.xlsx", [("Excel", "xlsx")])
    assert seen["folder"] == str(elsewhere)  # the folder chosen last, for this user

    other = open_page(desk.w.counselor)
    answer_save_dialog(None, seen)
    other.ask_save_path("내보내기", "예약.xlsx", [("Excel", "xlsx")])
    assert seen["folder"] == str(documents)  # another user starts in Documents


def test_without_a_documents_folder_it_opens_at_home(desk, open_page, monkeypatch, tmp_path, qtbot):
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda where: str(tmp_path / "없는 폴더"))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    page = open_page(desk.w.front_desk)
    assert page.save_folder() == str(tmp_path)


# -- the output dialog ----------------------------------------------------------------------
def _dialog(qtbot, saved: list, *, answer=True, **kw) -> OutputDialog:
    def on_save(choice):
        saved.append(choice)
        return answer

    dialog = OutputDialog("명단 출력", describe=lambda c: f"{short_day(c.day)} {c.item_name}", on_save=on_save,
                          day=FRIDAY, items=Items("부스", [(7, "AI 면접 부스 1"), (8, "AI 면접 부스 2")], 8),
                          purpose=True, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def test_the_dialog_starts_in_its_first_field_and_enter_submits(qtbot):
    saved = []
    dialog = _dialog(qtbot, saved)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.day_edit, timeout=2000)
    assert dialog.summary.text() == "11/27(금) AI 면접 부스 2"
    dialog.day_edit.setDate(QDate(2026, 12, 3))
    assert dialog.summary.text() == "12/03(목) AI 면접 부스 2"
    type_text(qtbot, dialog.purpose_edit, "입실 확인")
    qtbot.keyClick(dialog.purpose_edit, Qt.Key_Return)
    [choice] = saved
    assert (choice.day, choice.item_id, choice.item_name, choice.purpose) == (
        date(2026, 12, 3), 8, "AI 면접 부스 2", "입실 확인")
    assert not dialog.isVisible() and dialog.result() == QDialog.Accepted


def test_enter_in_the_day_field_submits_and_esc_cancels(qtbot):
    saved = []
    dialog = _dialog(qtbot, saved, answer=False)  # the path question was cancelled
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.day_edit, timeout=2000)
    qtbot.keyClick(dialog.day_edit, Qt.Key_Enter)
    assert len(saved) == 1 and dialog.isVisible()  # stays open to choose again
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.Rejected and len(saved) == 1


def test_the_month_picker_moves_a_month_with_the_arrow_keys(qtbot):
    dialog = OutputDialog("내보내기", describe=lambda c: f"{c.year}-{c.month:02d}", on_save=lambda c: True,
                          month=FRIDAY, formats=[("Excel", "xlsx"), ("CSV", "csv")])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.month_edit, timeout=2000)
    qtbot.waitUntil(lambda: dialog.month_edit.currentSection() == QDateEdit.MonthSection, timeout=2000)
    qtbot.keyClick(dialog.month_edit, Qt.Key_Up)
    assert dialog.summary.text() == "2026-12"
    qtbot.keyClick(dialog.month_edit, Qt.Key_Down)
    qtbot.keyClick(dialog.month_edit, Qt.Key_Down)
    assert dialog.summary.text() == "2026-10" and dialog.choice().format == ("Excel", "xlsx")


# -- the booth page, from its buttons -------------------------------------------------------
def test_the_booth_day_sheet_defaults_to_today_and_prints_the_day_chosen(desk, services, open_page, qtbot,
                                                                          tmp_path, monkeypatch):
    book(services, desk, slot_id(services, desk, "11:00", desk.booth2, day=MONDAY), desk.kim,
         SessionType.AI_COMPETENCY)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    page.date_edit.setDate(FRIDAY.replace(day=20))  # the grid shows another week: no matter
    wait_worker(qtbot, page.ctx)
    asked = []
    monkeypatch.setattr(Page, "ask_save_path",
                        lambda self, title, name, formats, parent=None: asked.append((title, name)) or str(
                            tmp_path / name))
    qtbot.mouseClick(page.print_btn, Qt.LeftButton)
    dialog = page.output_dialog
    assert dialog.isVisible() and dialog.day_edit.date().toPython() == FRIDAY  # today, not the grid's day
    assert dialog.summary.text().startswith("11/27(금) AI 면접 부스 1 일일 명단")
    dialog.day_edit.setDate(QDate(2026, 11, 30))
    dialog.item_box.setCurrentIndex(1)
    dialog.purpose_edit.setText("면접 안내")
    assert dialog.summary.text().startswith("11/30(월) AI 면접 부스 2 일일 명단")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert asked == [("AI 면접 부스 2 11/30(월) 일일 명단 저장", "AI면접_명단_부스2_20261130.pdf")]
    out = tmp_path / "AI면접_명단_부스2_20261130.pdf"
    assert page.hint_label.text() == f"✓ 11/30(월) 부스 2 일일 명단을 저장했습니다: {out}"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "AI 면접 일일 명단 — AI 면접 부스 2 · 2026-11-30 (월)" in text and "김민수" in text
    [row] = outputs(services)
    assert row.detail == "AI 면접 일일 명단 출력 AI 면접 부스 2 2026-11-30 (1명) · 목적: 면접 안내"


def test_the_booth_export_defaults_to_this_month_and_exports_the_month_chosen(desk, services, open_page, qtbot,
                                                                               tmp_path, monkeypatch):
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    monkeypatch.setattr(Page, "ask_save_path", lambda self, title, name, formats, parent=None: str(tmp_path / name))
    qtbot.mouseClick(page.export_btn, Qt.LeftButton)
    dialog = page.output_dialog
    month = dialog.month_edit.date().toPython()
    assert (month.year, month.month) == (2026, 11) and dialog.month_edit.displayFormat() == "yyyy년 M월"
    assert dialog.summary.text() == "2026년 11월 AI 면접 회차 전체 (Excel .xlsx)"
    dialog.month_edit.setDate(QDate(2026, 12, 1))
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    out = tmp_path / "AI면접회차_CAFE-A_2026-12.xlsx"
    ws = load_workbook(out).active
    assert ws["A1"].value == "가 일자리카페 AI 면접 회차 2026-12"
    days = {ws.cell(row=r, column=1).value.date() for r in range(3, ws.max_row + 1)}
    assert days and all((d.year, d.month) == (2026, 12) for d in days)
    assert page.hint_label.text() == f"✓ 2026년 12월 AI 면접 회차 {ws.max_row - 2}건을 저장했습니다: {out}"
    [row] = outputs(services)
    assert row.detail.startswith("AI 면접 회차 내보내기 2026-12")


def test_cancelling_the_path_question_writes_nothing(desk, services, open_page, qtbot, monkeypatch):
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    monkeypatch.setattr(Page, "ask_save_path", lambda self, *a, **k: None)
    qtbot.mouseClick(page.print_btn, Qt.LeftButton)
    dialog = page.output_dialog
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert dialog.isVisible() and outputs(services) == []
    dialog.reject()
    assert page.output_dialog is None
