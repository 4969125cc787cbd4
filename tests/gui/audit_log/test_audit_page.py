"""감사 기록: the admin browses and filters the audit log; details show old and new values."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from gui.accounts.table_model import SEOUL
from gui.audit_log.page import AuditPage
from gui.audit_log.table_model import AuditTableModel as M
from gui.context import Topic
from models.audit_log.service import AuditFilter
from tests.factories.world import youth_data
from tests.gui.conftest import wait_worker


@pytest.fixture
def history(services, world):
    """Some changes and one read of a youth's full contact details."""
    acct = services.accounts
    new_id = acct.create_user(world.admin, {"username": "kimjob", "display_name": "김취업",
                                            "password": "jobs2026x"}, grants=[("counselor", world.b)])
    acct.set_active(world.admin, new_id, False)
    youth_id = services.youth.create(world.counselor, world.a, youth_data())
    contact = services.youth.contact(world.counselor, world.a, youth_id)
    assert contact.phone == "01012345678"
    return {"user_id": new_id, "youth_id": youth_id}


@pytest.fixture
def audit_page(world, history, make_ctx, qtbot):
    ctx = make_ctx(world.admin, "CAFE-A")
    page = AuditPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 720)
    page.show()
    qtbot.waitExposed(page)
    return page


def _column(page: AuditPage, col: int) -> list[str]:
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def _choose(box, data) -> None:
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


def _row_where(page: AuditPage, test) -> int:
    return next(i for i, r in enumerate(page.model.rows) if test(r))


def test_lists_changes_and_reads_newest_first(audit_page, services, world, history, qtbot):
    page = audit_page
    wait_worker(qtbot, page.ctx)  # the entries load on the read pool
    total = services.audit.count(world.admin)
    assert page.model.rowCount() == total
    assert page.count_label.text() == f"{total}건"
    ids = [r.id for r in page.model.rows]
    assert ids == sorted(ids, reverse=True)
    newest = page.model.rows[0]
    assert (newest.action, newest.entity, newest.username) == ("read", "youth", "counselor")
    assert page.model.index(0, M.COL_ACTION).data() == "열람"
    assert page.model.index(0, M.COL_ENTITY).data() == "청년"
    assert page.model.index(0, M.COL_ID).data() == str(history["youth_id"])
    assert page.model.index(0, M.COL_FACILITY).data() == "가 일자리카페"
    assert page.model.index(0, M.COL_CHANGES).data() == "연락처 전체 열람"
    when = page.model.index(0, M.COL_AT).data()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", when)
    assert when == newest.at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M:%S")
    actions = set(_column(page, M.COL_ACTION))
    assert {"추가", "변경", "열람"} <= actions
    # the new staff user appears with its id and a readable summary; no password hash
    row = _row_where(page, lambda r: r.entity == "user_account" and r.action == "insert"
                     and r.new_values["username"] == "kimjob")
    assert page.model.index(row, M.COL_ID).data() == str(history["user_id"])
    summary = page.model.index(row, M.COL_CHANGES).data()
    assert "아이디: kimjob" in summary and "이름: 김취업" in summary
    assert "$argon2" not in summary
    # the youth's personal data is shown masked, as stored
    row = _row_where(page, lambda r: r.entity == "youth" and r.action == "insert")
    assert "010-****-5678" in page.model.index(row, M.COL_CHANGES).data()
    assert "홍길동" not in page.model.index(row, M.COL_CHANGES).data()


def test_filter_by_action_read_shows_only_the_read(audit_page, qtbot):
    page = audit_page
    wait_worker(qtbot, page.ctx)  # the entries load on the read pool
    _choose(page.action_box, "read")
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() == 1
    assert _column(page, M.COL_ACTION) == ["열람"]
    assert _column(page, M.COL_USER) == ["counselor"]
    assert page.count_label.text() == "1건"
    assert not page.empty_label.isVisibleTo(page)

    _choose(page.user_box, "admin")  # the admin read nothing
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() == 0
    assert page.empty_label.isVisibleTo(page)
    assert not page.view.isVisibleTo(page)
    assert not page.detail.isVisibleTo(page)

    qtbot.mouseClick(page.reset_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() > 1
    assert not page.empty_label.isVisibleTo(page)


def test_filters_by_entity_user_facility_and_period(audit_page, services, world, qtbot):
    page = audit_page
    wait_worker(qtbot, page.ctx)  # the entries load on the read pool
    assert page.entity_box.itemText(page.entity_box.findData("role_grant")) == "역할"
    _choose(page.entity_box, "user_account")
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert set(_column(page, M.COL_ENTITY)) == {"직원 계정"}
    assert page.model.rowCount() == services.audit.count(world.admin, AuditFilter(entity="user_account"))

    qtbot.mouseClick(page.reset_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    _choose(page.facility_box, world.b)
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() >= 1
    assert set(_column(page, M.COL_FACILITY)) == {"나 일자리카페"}

    qtbot.mouseClick(page.reset_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    _choose(page.user_box, "counselor")
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert set(_column(page, M.COL_USER)) == {"counselor"}
    assert page.model.rowCount() == 2  # registered a youth, read the contact

    # a period in Asia/Seoul days: the day of the entries includes them, an old one does not
    day = page.model.rows[0].at.astimezone(SEOUL).date()
    page.period_check.setChecked(True)
    page.date_from.setDate(QDate(day.year, day.month, day.day))
    page.date_to.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() == 2
    old = day - timedelta(days=400)
    page.date_from.setDate(QDate(old.year, old.month, old.day))
    page.date_to.setDate(QDate(old.year, old.month, old.day))
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() == 0
    assert page.empty_label.isVisibleTo(page)
    page.date_from.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert "시작일" in page.banner.text()


def test_detail_panel_shows_old_and_new_values(audit_page, qtbot):
    page = audit_page
    wait_worker(qtbot, page.ctx)  # the entries load on the read pool
    assert not page.change_view.isVisibleTo(page)
    _choose(page.entity_box, "user_account")
    _choose(page.action_box, "update")
    qtbot.mouseClick(page.apply_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    row = _row_where(page, lambda r: "is_active" in (r.new_values or {}))
    page.view.selectRow(row)
    assert page.change_view.isVisibleTo(page)
    pairs = [tuple(page.changes.index(r, c).data() for c in range(3))
             for r in range(page.changes.rowCount())]
    assert ("사용", "예", "아니오") in pairs
    assert "admin" in page.detail_title.text() and "변경" in page.detail_title.text()
    assert "사용: 예 → 아니오" in page.model.index(row, M.COL_CHANGES).data()

    # an insert has only new values; a read has none but its note
    qtbot.mouseClick(page.reset_button, Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    row = _row_where(page, lambda r: r.entity == "role_grant" and r.action == "insert"
                     and r.new_values["facility_id"] == page.facility_box.itemData(
                         page.facility_box.findText("나 일자리카페")))
    page.view.selectRow(row)
    pairs = {page.changes.index(r, 0).data(): (page.changes.index(r, 1).data(),
                                               page.changes.index(r, 2).data())
             for r in range(page.changes.rowCount())}
    assert pairs["역할"] == ("", "상담사")
    page.view.selectRow(0)
    assert page.detail_note.text() == "메모: 연락처 전체 열람"
    assert not page.change_view.isVisibleTo(page)


def test_rows_are_fetched_a_page_at_a_time(audit_page, services, world, qtbot, monkeypatch):
    """Pages come from the read pool as the list scrolls (the view may ask for a page or
    two more to fill itself); each page is asked for once, even when asked again while it
    is on its way, and by keyset: below the last id shown, never by offset (issue 10)."""
    import threading
    page = audit_page
    wait_worker(qtbot, page.ctx)  # the entries load on the read pool
    total = services.audit.count(world.admin)
    assert total > 6
    asked = []
    listing = services.audit.list

    def recording(actor, f=AuditFilter(), *, limit=500, offset=0, before_id=None):
        asked.append((offset, before_id, limit, threading.current_thread()))
        return listing(actor, f, limit=limit, offset=offset, before_id=before_id)

    monkeypatch.setattr(services.audit, "list", recording)
    page.model.PAGE = 3
    page.apply()
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() >= 3 and page.model.rowCount() % 3 == 0
    page.view.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > 3 or not page.model.canFetchMore())
    while page.model.canFetchMore() or page.model.fetching:
        page.model.fetchMore()
        page.model.fetchMore()  # a second scroll while that page is on its way: nothing more
        assert page.model.fetching and not page.model.canFetchMore()
        wait_worker(qtbot, page.ctx)
    ids = [r.id for r in page.model.rows]
    assert ids == [r.id for r in listing(world.admin, limit=1000)]
    assert [(offset, before, limit) for offset, before, limit, _t in asked] == [
        (0, None, 3)] + [(0, ids[n - 1], 3) for n in range(3, 3 * len(asked) - 2, 3)]
    assert 3 * (len(asked) - 1) <= total < 3 * len(asked)
    assert threading.main_thread() not in {t for *_x, t in asked}


def test_page_refreshes_after_changes_elsewhere(audit_page, services, world, qtbot):
    page = audit_page
    wait_worker(qtbot, page.ctx)  # the entries load on the read pool
    before = page.model.rowCount()
    services.accounts.reset_password(world.admin, world.counselor.user_id, "fresh2026")
    page.ctx.notify(Topic.USER)
    wait_worker(qtbot, page.ctx)
    assert page.model.rowCount() == before + 1
    assert page.model.rows[0].entity == "user_account"
    assert page.model.index(0, M.COL_CHANGES).data().startswith("비밀번호: (비밀번호) → (비밀번호)")


def test_bookings_and_booths_show_with_korean_names_and_labels(services, world, make_ctx, qtbot):
    room = services.facilities.add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room",
                                                               "capacity": 4})
    youth = services.youth.create(world.counselor, world.a, youth_data())
    services.rooms.book(world.front_desk, world.a, {
        "room_id": room, "youth_id": youth, "day": "2026-11-30", "start": "14:00", "end": "16:00",
        "headcount": 2, "identity_confirmed": True})
    page = AuditPage(make_ctx(world.admin))
    qtbot.addWidget(page)
    page.show()
    wait_worker(qtbot, page.ctx)
    row = _row_where(page, lambda r: r.entity == "booking")
    cells = [page.model.index(row, c).data() for c in range(page.model.columnCount())]
    assert "예약" in cells
    changes = cells[M.COL_CHANGES]
    # field names in Korean, the start in Seoul time, no personal data
    assert "인원: 2" in changes and "시작: 2026-11-30 14:00" in changes and "홍길동" not in changes
    assert f"공간: 스터디룸 A (#{room})" in changes and f"청년: {youth}" in changes


def test_filters_and_entries_load_off_the_gui_thread_with_the_loading_line(
        services, world, history, make_ctx, qtbot, monkeypatch):
    import threading
    import time
    audit, threads = services.audit, []
    for name in ("entities", "usernames", "count"):
        real = getattr(audit, name)

        def wrapper(*args, _real=real, **kwargs):
            threads.append(threading.current_thread())
            time.sleep(0.2)
            return _real(*args, **kwargs)

        monkeypatch.setattr(audit, name, wrapper)
    page = AuditPage(make_ctx(world.admin))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(page.loading_label.isVisible)
    assert page.model.rowCount() == 0
    wait_worker(qtbot, page.ctx)
    seen = list(threads)  # entities, usernames, then the count with the first page
    assert len(seen) == 3 and threading.main_thread() not in seen
    assert not page.loading_label.isVisible()
    assert page.model.rowCount() == audit.count(world.admin) > 0
    assert page.user_box.findData("counselor") >= 0


# ------------------------------------------------------------------- the chain line
def test_the_chain_is_verified_off_the_gui_thread_and_shown_intact(
        services, world, history, make_ctx, qtbot, monkeypatch):
    import threading
    audit, threads = services.audit, []
    real = audit.verify

    def verify(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(audit, "verify", verify)
    page = AuditPage(make_ctx(world.admin))
    qtbot.addWidget(page)
    page.show()
    assert page.chain_label.property("state") == "checking"
    wait_worker(qtbot, page.ctx)
    total = services.audit.count(world.admin)
    assert len(threads) == 1 and threading.main_thread() not in threads
    assert page.chain_label.property("state") == "ok"
    assert page.chain_label.text().startswith(f"✓ 감사 기록이 온전합니다: {total:,}건")
    # a change reloads the entries, not the (slow) verification
    services.youth.contact(world.counselor, world.a, history["youth_id"])
    page.ctx.notify(Topic.YOUTH)
    wait_worker(qtbot, page.ctx)
    assert len(threads) == 1


def test_a_changed_row_is_named_and_the_button_checks_again(
        audit_page, services, world, qtbot):
    from sqlalchemy import text

    from models.core.audit_chain import SQLITE_TRIGGERS
    page = audit_page
    wait_worker(qtbot, page.ctx)
    assert page.chain_label.property("state") == "ok"
    with services.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET username = 'mallory' WHERE id = 4"))
        conn.execute(text(SQLITE_TRIGGERS["audit_log_no_update"]))
    assert page.chain_label.property("state") == "ok"  # until checked again
    qtbot.mouseClick(page.chain_button, Qt.LeftButton)
    assert not page.chain_button.isEnabled()
    wait_worker(qtbot, page.ctx)
    assert page.chain_button.isEnabled()
    assert page.chain_label.property("state") == "broken"
    assert "첫 번째로 맞지 않는 행: id 4 (순번 4) — 해시가 맞지 않습니다" in page.chain_label.text()
    assert "그 앞의 3건은 온전합니다." in page.chain_label.text()
