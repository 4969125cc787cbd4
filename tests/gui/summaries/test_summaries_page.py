"""The 보고서 page on a month of known records (tests/models/summaries/builders.py): the
manager sees the facility's 운영 실적 table as the PDF has it, a click on a number lists
its records (no names); the PDF is saved on the worker with its progress and opened; the
evidence workbook is saved; yearly targets are set with an error next to its field; the
city administrator switches the scope to the city; a counselor is told why not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from gui.common.page import Page
from gui.summaries.page import SummariesPage, month_text
from tests.factories.gui import type_text, wait_worker
from tests.models.summaries.builders import NAMES, build_month


def _page(make_ctx, qtbot, actor, month=(2026, 11)):
    ctx = make_ctx(actor, "CAFE-A")
    page = SummariesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    i = page.month_box.findData(f"{month[0]}-{month[1]:02d}")
    assert i >= 0
    page.month_box.setCurrentIndex(i)
    wait_worker(qtbot, ctx)
    return page


def _cell_text(table, r, c):
    return table.item(r, c).text()


def test_the_manager_sees_the_month_and_its_evidence(services, clock, world, make_ctx, qtbot):
    month = build_month(services, clock, world)
    page = _page(make_ctx, qtbot, world.manager)
    assert page.month_box.itemText(0) == month_text(2026, 11)  # last month first (the clock: 2026-12-02)
    assert not page.scope_box.isVisible() and page.pdf_button.isEnabled()
    head = page.tables[0]
    assert head.horizontalHeaderItem(1).text() == "구직청년 모집\n계"
    assert [_cell_text(head, 0, c) for c in range(1, 6)] == ["4", "2", "1", "1", "3"]
    assert head.item(0, 1).textAlignment() & Qt.AlignRight
    rect = head.visualItemRect(head.item(0, 1))
    qtbot.mouseClick(head.viewport(), Qt.LeftButton, pos=rect.center())
    wait_worker(qtbot, page.ctx)
    assert page.evidence.rowCount() == 4
    ids = {page.evidence.item(r, 1).text() for r in range(4)}
    assert ids == {str(y) for y in month.youths[:4]}
    shown = " ".join(page.evidence.item(r, c).text() for r in range(4) for c in range(6))
    assert not any(name in shown for name in NAMES) and "2026-11-30" in shown
    assert "4건" in page.evidence_title.text()


def test_saving_the_pdf_and_the_workbook(services, clock, world, make_ctx, qtbot, tmp_path, monkeypatch):
    build_month(services, clock, world)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    monkeypatch.setattr(Page, "ask_save_path",
                        lambda self, title, name, formats, parent=None: str(tmp_path / name))
    page = _page(make_ctx, qtbot, world.manager)
    steps = []
    page._progress.step.connect(lambda pct, text: steps.append(pct))
    qtbot.mouseClick(page.pdf_button, Qt.LeftButton)
    assert page.progress.isVisible() and not page.pdf_button.isEnabled()
    wait_worker(qtbot, page.ctx, timeout=30000)
    pdf = tmp_path / "월간운영실적_가_일자리카페_2026-11.pdf"
    assert pdf.exists() and opened == [str(pdf)] and steps[-1] == 100 and not page.progress.isVisible()
    assert "저장했습니다" in page.hint_label.text()
    qtbot.mouseClick(page.evidence_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx, timeout=30000)
    assert (tmp_path / "월간운영실적_가_일자리카페_2026-11.xlsx").exists() and len(opened) == 1


def test_targets_are_set_with_errors_next_to_the_field(services, clock, world, make_ctx, qtbot):
    build_month(services, clock, world)
    page = _page(make_ctx, qtbot, world.manager)
    qtbot.mouseClick(page.target_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    dialog = page.dialog
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.fields["recruit"], "많이")
    dialog.save()
    wait_worker(qtbot, page.ctx)
    assert dialog.isVisible() and dialog.errors["recruit"].isVisible()
    dialog.fields["recruit"].setText("10")
    dialog.fields["hires"].setText("4")
    dialog.save()
    wait_worker(qtbot, page.ctx)
    assert not dialog.isVisible()
    wait_worker(qtbot, page.ctx)
    head = page.tables[0]
    assert _cell_text(head, 3, 1) == "10" and _cell_text(head, 4, 1) == "50.0%"


def test_the_admin_sees_the_city_and_a_counselor_is_refused(services, clock, world, make_ctx, qtbot):
    build_month(services, clock, world)
    page = _page(make_ctx, qtbot, world.admin)
    assert page.scope_box.isVisible()
    page.scope_box.setCurrentIndex(page.scope_box.findData("city"))
    wait_worker(qtbot, page.ctx)
    assert page.summary.scope == "city" and not page.evidence_button.isVisible()
    totals = page.tables[0]
    last = totals.rowCount() - 1
    assert "서울시 전체" in _cell_text(totals, last, 0) and _cell_text(totals, last, 1) == "5"
    page.scope_box.setCurrentIndex(page.scope_box.findData("region"))
    wait_worker(qtbot, page.ctx)
    assert page.region_box.isVisible() and page.summary.scope == "region"
    refused = _page(make_ctx, qtbot, world.counselor)
    assert refused.banner.isVisible() and "시설 관리자와 시 담당자만" in refused.banner.text()
    assert not refused.pdf_button.isEnabled() and not refused.tables
