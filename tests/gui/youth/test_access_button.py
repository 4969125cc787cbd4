"""열람 출력… on the youth's history panel: the purpose is required next to the field (no
path asked, nothing written), then the PDF is saved on the worker and the line says so."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import Qt
from sqlalchemy import text

from gui.common.page import Page
from gui.youth.history import YouthHistory
from tests.factories.rooms import add_room, add_youth, book
from tests.gui.conftest import wait_worker


def outputs(db) -> list[str]:
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT detail FROM audit_log WHERE action = 'output'")).scalars())


def test_access_pdf_needs_a_purpose_then_is_saved(world, services, make_ctx, qtbot, tmp_path, monkeypatch):
    youth = add_youth(services, world, 0)
    book(services, world.front_desk, world.a, add_room(services, world), youth)
    page = Page(make_ctx(world.front_desk))
    history = YouthHistory(page.ctx)
    page.outer.addWidget(history)
    qtbot.addWidget(page)
    page.show()
    history.show_youth(youth)
    wait_worker(qtbot, page.ctx)
    assert history.access_button.isVisible() and history.access_button.isEnabled()
    asked = []
    target = tmp_path / "열람.pdf"
    monkeypatch.setattr(Page, "ask_save_path", lambda self, *a, **k: asked.append(a) or str(target))

    qtbot.mouseClick(history.access_button, Qt.LeftButton)
    dialog = history.output_dialog
    assert "상담 기록은 상담 직원만" in dialog.summary.text()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert "출력 목적을 입력하세요" in dialog.form.error_text("purpose")
    assert not asked and not target.exists() and not outputs(services.db)

    dialog.purpose_edit.setText("본인 열람 요청")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert target.exists() and "저장했습니다" in history.access_notice.text()
    assert "스터디룸 A" in subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert [d for d in outputs(services.db) if d.startswith("본인 열람 자료 출력")]
