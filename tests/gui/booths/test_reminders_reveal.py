"""The 내일 알림 tab shows masked numbers to every role and the full one on request
(issue 11, item 7).

It used to hand every role full phone numbers as soon as it opened and to record a
contact read at each load. Now the list is masked and its loading records nothing; a
role allowed to see contacts presses "번호 보기" (or double-clicks the row) and that one
youth's full name and number show in the row, each reveal one audit read. SQLite,
FakeClock Friday 2026-11-27 10:00 in Seoul; the booths publish from that day.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from gui.booths.panels import RemindersPanel
from gui.context import Topic
from models.audit_log.service import AuditFilter
from models.core.enums import Role
from models.core.permissions import ROLE_PERMISSIONS, Perm
from tests.factories.booths_page import book, slot_id
from tests.factories.gui import wait_worker

MONDAY = date(2026, 11, 30)
TUESDAY = date(2026, 12, 1)
READS = AuditFilter(action="read", entity="youth")


def cell(panel, row: int, col: int) -> str:
    return panel.model.index(row, col).data()


def reads(services, desk) -> list:
    return services.audit.list(desk.w.admin, READS)


def open_panel(make_ctx, qtbot, actor) -> RemindersPanel:
    ctx = make_ctx(actor)
    panel = RemindersPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    wait_worker(qtbot, ctx)
    return panel


def double_click(qtbot, panel, row: int) -> None:
    """As a user does: a press and release, then the double-click."""
    pos = panel.table.visualRect(panel.model.index(row, 1)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.LeftButton, pos=pos)
    qtbot.mouseDClick(panel.table.viewport(), Qt.LeftButton, pos=pos)
    wait_worker(qtbot, panel.ctx)


def two_bookings(services, desk):
    """홍길동 and 김민수 booked for Monday (tomorrow of the clock set to Sunday noon)."""
    hong = book(services, desk, slot_id(services, desk, "10:00", day=MONDAY), desk.hong)
    kim = book(services, desk, slot_id(services, desk, "11:00", desk.booth2, day=MONDAY), desk.kim)
    return hong, kim


def test_the_list_is_masked_and_a_number_is_revealed_on_request(desk, services, clock, make_ctx, qtbot):
    hong, kim = two_bookings(services, desk)
    clock.advance(days=2, hours=2)  # Sunday noon
    panel = open_panel(make_ctx, qtbot, desk.w.front_desk)
    assert panel.day() == MONDAY
    assert [(cell(panel, i, 2), cell(panel, i, 3)) for i in range(2)] == [
        ("홍*동", "010-****-5678"), ("김*수", "010-****-3333")]
    assert reads(services, desk) == []  # loading the list handed nothing out
    assert "번호 보기" in panel.note.text()

    button = panel.reveal_buttons[hong]
    assert button.isVisible() and button.text() == "번호 보기"
    qtbot.mouseClick(button, Qt.LeftButton)
    wait_worker(qtbot, panel.ctx)
    assert (cell(panel, 0, 2), cell(panel, 0, 3)) == ("홍길동", "010-1234-5678")
    assert (cell(panel, 1, 2), cell(panel, 1, 3)) == ("김*수", "010-****-3333")  # only that row
    assert button.text() == "표시됨" and not button.isEnabled()
    [read] = reads(services, desk)
    assert (read.username, read.entity_id, read.facility_id) == ("frontdesk", str(desk.hong), desk.a)
    assert read.detail.startswith("AI 면접 알림 연락처 열람") and "5678" not in read.detail

    # a double-click reveals the other row, one more read
    double_click(qtbot, panel, 1)
    assert (cell(panel, 1, 2), cell(panel, 1, 3)) == ("김민수", "010-2222-3333")
    assert sorted(r.entity_id for r in reads(services, desk)) == sorted([str(desk.hong), str(desk.kim)])
    double_click(qtbot, panel, 1)  # shown already: not read again
    assert len(reads(services, desk)) == 2

    panel.refresh()  # read again: masked again, nothing recorded
    wait_worker(qtbot, panel.ctx)
    assert [cell(panel, i, 3) for i in range(2)] == ["010-****-5678", "010-****-3333"]
    assert panel.reveal_buttons[hong].isEnabled() and len(reads(services, desk)) == 2
    assert not panel.error.isVisible()


def test_a_role_without_contact_permission_gets_no_reveal(desk, services, clock, make_ctx, qtbot,
                                                          monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.FRONT_DESK,
                        ROLE_PERMISSIONS[Role.FRONT_DESK] - {Perm.YOUTH_CONTACT})
    hong, _kim = two_bookings(services, desk)
    clock.advance(days=2, hours=2)
    panel = open_panel(make_ctx, qtbot, desk.w.front_desk)
    assert cell(panel, 0, 3) == "010-****-5678"
    assert panel.table.isColumnHidden(panel.COL_REVEAL) and panel.reveal_buttons == {}
    assert "가려서" in panel.note.text() and "연락처 권한이 있는 직원만" in panel.note.toolTip()
    double_click(qtbot, panel, 0)
    assert cell(panel, 0, 3) == "010-****-5678" and reads(services, desk) == []
    assert panel.boxes[hong].isEnabled()  # the desk still ticks who was reminded


def test_the_booth_page_records_no_read_when_it_loads_the_reminders(desk, services, clock, open_page, qtbot):
    """The page still reads the tab after a change and not on every tick; none of it is an
    audit read any more (the old page tests counted those reads)."""
    calls = []
    real = services.booths.reminders

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    clock.advance(days=3)  # Monday 11/30: tomorrow has slots
    book(services, desk, slot_id(services, desk, "11:00", day=TUESDAY), desk.hong)
    services.booths.reminders = counted
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    assert page.tabs.currentWidget() is page.reminders and len(calls) == 1
    assert cell(page.reminders, 0, 3) == "010-****-5678"
    page._tick()
    page.move_by(1)
    wait_worker(qtbot, page.ctx)
    assert len(calls) == 1
    page.ctx.notify(Topic.BOOTH)
    wait_worker(qtbot, page.ctx)
    assert len(calls) == 2
    assert reads(services, desk) == []
