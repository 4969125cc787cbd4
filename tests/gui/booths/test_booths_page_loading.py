"""AI 면접 부스 page off the GUI thread: the loading line while a slow read runs, slot
clicks and dialogs that read nothing on the GUI thread, late results for a closed page or
dialog dropped without an error, the publish dialog's buttons disabled until its data has
arrived, and every booth write announced exactly once.

Slowness is injected by wrapping a service method in one that sleeps; threads are told
apart with ``threading.current_thread()``. The ``desk`` and ``open_page`` fixtures
are in conftest.py, the helpers in tests/factories/booths_page.py (clock: Friday 2026-11-27
10:00 in Seoul).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import shiboken6
from PySide6.QtCore import Qt

from gui.booths.dialogs.publish_dialog import PublishDialog
from gui.booths.page import BoothsPage
from gui.context import Topic
from models.desk.enums import BookingStatus
from tests.factories.booths_page import (
    FRIDAY,
    book,
    click_slot,
    pick_youth,
    slot_id,
    slot_row,
)
from tests.factories.gui import wait_worker


def slow(monkeypatch, obj, name: str, seconds: float = 0.5, threads: list | None = None):
    """Make ``obj.name`` sleep before it answers, recording the thread it ran on."""
    real = getattr(obj, name)

    def wrapper(*args, **kwargs):
        if threads is not None:
            threads.append(threading.current_thread())
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(obj, name, wrapper)


def test_the_loading_line_shows_while_a_slow_week_loads_and_the_grid_after(desk, services, open_page,
                                                                           monkeypatch, qtbot):
    threads = []
    slow(monkeypatch, services.booth_slots, "week", threads=threads)
    page = open_page(desk.w.front_desk)
    qtbot.waitUntil(page.loading_label.isVisible, timeout=2000)  # the GUI thread is free meanwhile
    assert page.loading and page.rows == []
    wait_worker(qtbot, page.ctx)
    assert not page.loading and not page.loading_label.isVisible()
    assert page.grid_stack.currentWidget() is page.grid
    assert len(page.rows) == 2 * 7  # two booths, seven slots on Friday
    assert page.grid.block_texts(slot_id(services, desk, "11:00"))[0] == "예약 가능"
    assert threads and threading.main_thread() not in threads


def test_a_slot_click_reads_the_booking_off_the_gui_thread(desk, services, open_page, monkeypatch, qtbot):
    sid = slot_id(services, desk, "11:00")
    book(services, desk, sid, desk.hong)
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    threads = []
    slow(monkeypatch, services.booths, "get", seconds=0.3, threads=threads)
    click_slot(qtbot, page, sid)
    assert page.detail.mode == "pending" and page.detail.title.text() == "홍*동"
    assert not any(b.isVisible() for b in page.detail.action_buttons)  # nothing to act on yet
    wait_worker(qtbot, page.ctx)
    assert page.detail.mode == "booking" and page.detail.cancel_btn.isVisible()
    assert len(threads) == 1 and threads[0] is not threading.main_thread()

    # shown again from what the page holds: not read a second time
    qtbot.mouseClick(page.detail.close_btn, Qt.LeftButton)
    click_slot(qtbot, page, sid)
    assert page.detail.mode == "booking" and len(threads) == 1


def test_the_screen_reads_nothing_on_the_gui_thread(desk, services, make_ctx, monkeypatch, qtbot):
    booked = slot_id(services, desk, "11:00")
    book(services, desk, booked, desk.hong)
    free = slot_id(services, desk, "14:00", desk.booth2)
    on_gui = []
    recording = [False]
    for name in ("read", "write"):
        real = getattr(services.db, name)

        def wrapper(fn, *args, _real=real, _name=name, **kwargs):
            if recording[0] and threading.current_thread() is threading.main_thread():
                on_gui.append((_name, fn))
            return _real(fn, *args, **kwargs)

        monkeypatch.setattr(services.db, name, wrapper)
    ctx = make_ctx(desk.w.manager)  # (logging in reads the facilities; the login does it on the worker)
    recording[0] = True
    page = BoothsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    wait_worker(qtbot, page.ctx)
    click_slot(qtbot, page, booked)  # the booking
    wait_worker(qtbot, page.ctx)
    for opener in (page.open_cancel, page.open_extra, page.open_publish):  # set up from what is held
        dialog = opener()
        assert dialog is not None and dialog.isVisible()
        wait_worker(qtbot, page.ctx)
        dialog.reject()
    click_slot(qtbot, page, free)  # opens the booking dialog at once
    assert page.dialog.isVisible() and "한 주에 1회까지" in page.dialog.hint.text()
    page.dialog.reject()
    page._tick()
    page.move_by(1)
    page.ctx.notify(Topic.BOOTH)
    wait_worker(qtbot, page.ctx)
    recording[0] = False
    assert on_gui == []
    assert page.day == FRIDAY + timedelta(days=7) and page.rows


def test_a_late_week_for_a_closed_page_is_dropped_without_an_error(desk, services, make_ctx, monkeypatch,
                                                                     qtbot):
    slow(monkeypatch, services.booth_slots, "week")
    shown = []
    monkeypatch.setattr(BoothsPage, "_show_week", lambda self, *args: shown.append(args))
    ctx = make_ctx(desk.w.front_desk)
    unexpected = []
    ctx.worker.unexpected.connect(unexpected.append)
    page = BoothsPage(ctx)  # not handed to qtbot: deleted here, as a closed window deletes it
    page.show()
    qtbot.waitUntil(lambda: ctx.worker.busy, timeout=2000)
    page.close()
    shiboken6.delete(page)
    wait_worker(qtbot, ctx)
    assert shown == [] and unexpected == []


def test_a_late_load_for_a_closed_publish_dialog_is_dropped(desk, services, make_ctx, monkeypatch, qtbot):
    slow(monkeypatch, services.booth_slots, "templates")
    loaded = []
    monkeypatch.setattr(PublishDialog, "_loaded", lambda self, data: loaded.append(data))
    ctx = make_ctx(desk.w.manager)
    unexpected = []
    ctx.worker.unexpected.connect(unexpected.append)
    dialog = PublishDialog(ctx, booths=[(desk.booth1, "AI 면접 부스 1")], weekly_limit=1)
    dialog.show()
    assert ctx.worker.busy
    dialog.reject()
    shiboken6.delete(dialog)
    wait_worker(qtbot, ctx)
    assert loaded == [] and unexpected == []


def test_the_publish_dialog_saves_nothing_until_its_templates_have_loaded(desk, services, open_page,
                                                                          monkeypatch, qtbot):
    page = open_page(desk.w.manager)
    wait_worker(qtbot, page.ctx)
    booth_reads = []
    slow(monkeypatch, services.booth_slots, "booths", seconds=0, threads=booth_reads)
    slow(monkeypatch, services.booth_slots, "templates")
    dialog = page.open_publish()
    # the booths and the limit come from the page; only the templates are still on their way
    assert [dialog.booth.itemText(i) for i in range(dialog.booth.count())] == ["AI 면접 부스 1", "AI 면접 부스 2"]
    assert dialog.limit.text() == "1" and dialog.save_limit_button.isEnabled()
    assert dialog.loading_label.isVisible() and "불러오는 중" in dialog.template_state.text()
    assert dialog.save_template_button.isVisible() and not dialog.save_template_button.isEnabled()
    assert dialog.generate_button.isVisible() and not dialog.generate_button.isEnabled()
    assert not dialog.day_start.isEnabled()
    wait_worker(qtbot, page.ctx)
    assert not dialog.loading_label.isVisible()
    assert dialog.save_template_button.isEnabled() and dialog.generate_button.isEnabled()
    assert "저장된 템플릿: 월–금 10:00–17:00" in dialog.template_state.text()
    assert booth_reads == []  # not read again
    dialog.reject()


def test_each_booth_write_on_the_page_is_announced_once(desk, services, open_page, clock, qtbot):
    first = slot_id(services, desk, "11:00")
    second = slot_id(services, desk, "13:00", desk.booth2)
    hong_b = book(services, desk, first, desk.hong)
    kim_b = book(services, desk, second, desk.kim)
    clock.advance(minutes=45)  # 10:45: check-in is open for 11:00
    page = open_page(desk.w.manager)
    wait_worker(qtbot, page.ctx)
    signals = []
    page.ctx.changed.connect(signals.append)

    def once(action) -> None:
        signals.clear()
        action()
        wait_worker(qtbot, page.ctx)
        assert signals == [frozenset({Topic.BOOTH})]

    click_slot(qtbot, page, first)
    wait_worker(qtbot, page.ctx)
    assert page.detail.check_in_btn.isEnabled()  # the row says the window is open
    once(lambda: qtbot.mouseClick(page.detail.check_in_btn, Qt.LeftButton))
    assert services.booths.get(desk.w.manager, hong_b).status == BookingStatus.CHECKED_IN

    result = page.open_result()
    result.received.setChecked(True)
    once(lambda: qtbot.mouseClick(result.save_button, Qt.LeftButton))
    consult = page.open_consult()
    once(lambda: qtbot.mouseClick(consult.save_button, Qt.LeftButton))
    assert page.selected.id == first and page.detail.fields["consult"].text() == "요청됨"

    click_slot(qtbot, page, second)
    wait_worker(qtbot, page.ctx)
    cancel = page.open_cancel()
    once(lambda: qtbot.mouseClick(cancel.confirm_button, Qt.LeftButton))
    assert services.booths.get(desk.w.manager, kim_b).status == BookingStatus.CANCELLED

    free = slot_id(services, desk, "14:00")
    click_slot(qtbot, page, free)  # the booking dialog opens
    booking = page.dialog
    pick_youth(qtbot, page, booking.youth_picker, "9999")
    once(lambda: qtbot.mouseClick(booking.save_button, Qt.LeftButton))
    assert slot_row(services, desk, free).youth_id == desk.lee
    assert page.selected.id == free and page.detail.mode == "booking"  # kept across the reload

    other = slot_id(services, desk, "15:00", desk.booth2)
    click_slot(qtbot, page, other)
    page.dialog.reject()
    block = page.open_block()
    qtbot.mouseClick(block.quick_buttons[0], Qt.LeftButton)
    once(lambda: qtbot.mouseClick(block.confirm_button, Qt.LeftButton))
    once(lambda: qtbot.mouseClick(page.detail.unblock_btn, Qt.LeftButton))
    assert slot_row(services, desk, other).display == "free"

    extra = page.open_extra()
    once(lambda: qtbot.mouseClick(extra.confirm_button, Qt.LeftButton))
    assert page.selected.time_text == "17:00–17:50"


def test_each_write_of_the_publish_dialog_and_the_panels_is_announced_once(desk, services, open_page,
                                                                            qtbot):
    book(services, desk, slot_id(services, desk, "15:00"), desk.hong)
    page = open_page(desk.w.manager)
    wait_worker(qtbot, page.ctx)
    signals = []
    page.ctx.changed.connect(signals.append)

    def once(action) -> None:
        signals.clear()
        action()
        wait_worker(qtbot, page.ctx)
        assert signals == [frozenset({Topic.BOOTH})]

    publish = page.open_publish()
    wait_worker(qtbot, page.ctx)
    publish.limit.setText("2")
    once(lambda: qtbot.mouseClick(publish.save_limit_button, Qt.LeftButton))
    assert services.booths.weekly_limit(desk.w.manager, desk.a) == 2
    once(lambda: qtbot.mouseClick(publish.save_template_button, Qt.LeftButton))
    assert "템플릿을 저장했습니다" in publish.template_state.text()
    once(lambda: qtbot.mouseClick(publish.generate_button, Qt.LeftButton))
    publish.reject()

    page.reminders.set_day(FRIDAY)  # today's booking, to tick
    wait_worker(qtbot, page.ctx)
    (box,) = page.reminders.boxes.values()
    once(lambda: qtbot.mouseClick(box, Qt.LeftButton))
    assert page.tabs.count() == 1  # the consultation queue is the 상담 page's (tests/gui/counseling)


def test_a_reminder_tick_reloads_the_grid_once_and_does_not_read_the_phones_again(
        desk, services, open_page, clock, monkeypatch, qtbot):
    from models.audit_log.service import AuditFilter
    clock.advance(days=3)  # Monday 11/30: tomorrow has slots
    bid = book(services, desk, slot_id(services, desk, "11:00", day=FRIDAY + timedelta(days=4)), desk.hong)
    reads = AuditFilter(action="read", username="frontdesk")
    page = open_page(desk.w.front_desk)
    wait_worker(qtbot, page.ctx)
    assert services.audit.count(desk.w.admin, reads) == 0  # the list hands out masked numbers only
    weeks, lists = [], []
    slow(monkeypatch, services.booth_slots, "week", seconds=0, threads=weeks)
    slow(monkeypatch, services.booths, "reminders", seconds=0, threads=lists)
    qtbot.mouseClick(page.reminders.boxes[bid], Qt.LeftButton)
    wait_worker(qtbot, page.ctx)
    assert services.booths.get(desk.w.front_desk, bid).reminded
    assert page.reminders.caption.text() == "알림 목록 · 1명 중 1명 완료"
    assert len(weeks) == 1  # the grid shows the tick too: read once
    assert lists == [], "the list is not read back"
    assert services.audit.count(desk.w.admin, reads) == 0
