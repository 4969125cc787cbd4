"""상담 기록 출력 from the youth's history on 내 사례: the output dialog asks for the purpose
(required, said next to the field), the save dialog for the path, and the PDF is written on
the worker and recorded as an output with its purpose; the author's note is printed, and
that printing is an audit read."""

from __future__ import annotations

import shutil
import subprocess

from PySide6.QtCore import Qt

from gui.common.page import Page
from tests.factories.counseling import NOTE, SUMMARY
from tests.factories.gui import type_text, wait_worker
from tests.models.util import audit_rows


def test_printing_the_record_asks_its_purpose_and_is_an_audited_output(world, services, day, open_page, qtbot,
                                                                      tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(Page, "ask_save_path",
                        lambda self, title, name, formats, parent=None: asked.append(name) or str(tmp_path / name))
    page = open_page(world.counselor)
    page.tabs.setCurrentIndex(1)
    wait_worker(qtbot, page.ctx)
    tab = page.cases_tab
    tab.table.select_line(tab.table.model().index_where(lambda r: r.youth_id == day.hong))
    wait_worker(qtbot, page.ctx)
    assert page.print_button.isVisible() and page.print_button.isEnabled()
    qtbot.mouseClick(page.print_button, Qt.LeftButton)
    dialog = page.output_dialog
    qtbot.waitExposed(dialog)
    assert "홍길동 님의 상담 기록" in dialog.summary.text() and "상담 1건" in dialog.summary.text()
    assert "비공개 메모 1건을 싣고" in dialog.summary.text()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.isVisible() and "출력 목적을 입력하세요" in dialog.form.error_text("purpose")
    assert asked == [] and not audit_rows(services.db, action="output")
    type_text(qtbot, dialog.purpose_edit, "사례 회의")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert asked == ["상담기록_홍길동.pdf"] and not dialog.isVisible()
    out = tmp_path / "상담기록_홍길동.pdf"
    assert out.read_bytes().startswith(b"%PDF")
    assert page.hint_label.text().startswith("✓ 홍길동 님의 상담 기록(상담 1건)을 저장했습니다")
    [row] = audit_rows(services.db, action="output")
    assert row.username == "counselor" and "목적: 사례 회의" in row.detail
    [read] = audit_rows(services.db, action="read", entity="counseling_session")
    assert read.entity_id == str(day.s_hong)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert SUMMARY in text and NOTE.split("-")[1][:4] in text


def test_the_front_desk_gets_no_print_button(world, open_page):
    page = open_page(world.front_desk)
    assert not page.tabs.isTabVisible(1) and not page.print_button.isEnabled()
