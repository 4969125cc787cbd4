"""시스템 관리 page: 지금 백업 shows a verified row; restore asks for a confirmation naming
the copy's date and what is lost, then reopens on the restored file (``restore_done``); a
copy that is not good cannot be chosen; PostgreSQL says the backups are the server's; the
scheduler makes the day's copy once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gui.common import confirm
from gui.lifecycle.page import BackupTableModel, SystemPage
from models.lifecycle.backup import State
from models.lifecycle.retention import Retention
from models.lifecycle.service import BackupService, BackupStatus
from tests.factories.gui import wait_worker
from tests.factories.world import youth_data


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "backups"
    monkeypatch.setenv("YJD_BACKUP_DIR", str(path))
    return path


@pytest.fixture
def open_page(make_ctx, qtbot, world, folder):
    def make() -> SystemPage:
        page = SystemPage(make_ctx(world.admin, "CAFE-A"))
        qtbot.addWidget(page)
        page.resize(1366, 700)
        page.show()
        qtbot.waitExposed(page)
        wait_worker(qtbot, page.ctx)
        return page
    return make


def _cell(page, row: int, col: int) -> str:
    return page.model.index(row, col).data()


def test_backup_now_shows_a_verified_row(open_page, qtbot, folder):
    page = open_page()
    assert page.empty_label.isVisible() and "지금 백업" in page.empty_label.text()
    assert not page.restore_button.isEnabled()
    qtbot.mouseClick(page.backup_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() == 1 and not page.empty_label.isVisible()
    assert _cell(page, 0, BackupTableModel.COL_DATE) == "2026-11-27(금) 10:00"
    assert _cell(page, 0, BackupTableModel.COL_STATE).startswith("✓ 검증됨 (표 ")
    assert _cell(page, 0, BackupTableModel.COL_SIZE).endswith("KB")
    assert page.notice.text().startswith("✓ 백업하고 검증했습니다: yjd-20261127-100000.db")
    assert "오늘 백업이 있습니다" in page.summary.text()
    assert page.selected() is not None and page.restore_button.isEnabled()  # the new copy, chosen
    assert [p.name for p in folder.glob("*.db")] == ["yjd-20261127-100000.db"]


def test_a_copy_that_is_not_good_is_marked_and_cannot_be_restored(open_page, qtbot, services, world, folder):
    entry = BackupService.of(services, folder=folder).backup_now(world.admin).entry
    with entry.path.open("r+b") as f:
        f.seek(4096)
        f.write(b"\xff" * 64)
    page = open_page()
    assert _cell(page, 0, BackupTableModel.COL_STATE).startswith("✗ 검증 뒤 바뀜")
    page.view.selectRow(0)
    assert page.selected().state is State.CHANGED and not page.restore_button.isEnabled()
    assert "복원에 쓸 수 없습니다" in page.restore_button.toolTip()
    assert "복원에 쓸 수 없는 백업 1개" in page.summary.text()


def test_restore_asks_naming_the_date_and_what_is_lost_then_reopens(open_page, qtbot, services, world, folder,
                                                                     clock, monkeypatch):
    services.youth.create(world.front_desk, world.a, youth_data())
    BackupService.of(services, folder=folder).backup_now(world.admin)
    clock.advance(hours=3)
    services.youth.create(world.front_desk, world.a, youth_data(name="김민지", phone="010-2222-3333"))
    page = open_page()
    page.view.selectRow(0)
    asked = []
    monkeypatch.setattr(confirm, "ask", lambda _parent, title, text, ok: asked.append((title, text, ok)) or False)
    qtbot.mouseClick(page.restore_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    (title, text, ok), = asked
    assert ok == "복원" and "2026-11-27(금) 10:00의 백업" in text
    assert "감사 기록 기준 2건의 변경·열람·출력" in text and "사라집니다" in text  # the copy's row, the youth's
    assert "yjd.db.before-restore-" in text and "다시 로그인" in text
    path = services.db.sqlite_path
    assert not list(path.parent.glob("*.before-restore-*"))  # cancelled: nothing done

    monkeypatch.setattr(confirm, "ask", lambda *_a: True)
    with qtbot.waitSignal(page.restore_done, timeout=10000) as signal:
        qtbot.mouseClick(page.restore_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    restored_path, fresh = signal.args
    try:
        assert restored_path == str(path)
        assert fresh.youth.count(world.front_desk, world.a) == 1  # the later registration is gone
        assert list(path.parent.glob("yjd.db.before-restore-20261127-1300*"))
        assert page.notice.text().startswith("✓ 2026-11-27(금) 10:00 백업으로 복원했습니다")
    finally:
        fresh.db.dispose()


def test_on_postgresql_the_page_says_the_server_keeps_the_backups(open_page):
    page = open_page()
    page._show(BackupStatus(True, None, Retention(), [], False, "PostgreSQL · db:5432/yjd"))
    assert page.server_label.isVisible() and "서버가 맡습니다" in page.server_label.text()
    assert not page.backup_button.isVisible() and not page.view.isVisible()


def test_the_scheduler_makes_the_days_copy_once(make_ctx, qtbot, world, folder):
    from gui.lifecycle.scheduler import ensure_started, scheduler_of
    ctx = make_ctx(world.admin, "CAFE-A")
    with qtbot.waitSignal(ensure_started(ctx, first_delay_ms=0).backed_up, timeout=10000) as made:
        pass
    assert made.args[0].ok and len(list(folder.glob("*.db"))) == 1
    scheduler = scheduler_of(ctx)
    assert ensure_started(ctx) is scheduler  # one per context
    scheduler.run_due()
    wait_worker(qtbot, ctx)
    assert len(list(folder.glob("*.db"))) == 1  # not due again today
    scheduler.stop()
