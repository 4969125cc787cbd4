"""The worker's two lanes and the change topics: writes finish in the order they were made,
reads run beside them, unexpected errors are reported (and seen by tests), late results for
closed widgets are dropped, and a topic is an enum member, said once."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QLabel

from gui.common.worker import Worker
from gui.context import AppContext, Topic
from models.core.errors import ValidationError
from tests.gui.conftest import wait_worker


@pytest.fixture
def worker(qapp):
    w = Worker()
    yield w
    w.wait()


def test_two_writes_finish_in_the_order_they_were_made(worker, qtbot):
    done: list[str] = []
    worker.run(lambda: time.sleep(0.3) or "first", done.append)
    worker.run(lambda: "second", done.append)  # quick, but queued behind the first
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert done == ["first", "second"]


def test_a_read_is_not_held_up_by_a_slow_write(worker, qtbot):
    done: list[str] = []
    worker.run(lambda: time.sleep(0.6) or "write", done.append)
    worker.load(lambda: "read", done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)
    assert done == ["read", "write"]


def test_reads_and_writes_run_off_the_gui_thread(worker, qtbot):
    threads: list[threading.Thread] = []
    worker.load(lambda: threads.append(threading.current_thread()))
    worker.run(lambda: threads.append(threading.current_thread()))
    qtbot.waitUntil(lambda: len(threads) == 2 and not worker.busy, timeout=5000)
    assert threading.main_thread() not in threads


def test_a_known_error_goes_to_on_error_and_an_unexpected_one_is_reported(worker, qtbot):
    errors, unexpected = [], []
    worker.unexpected.connect(unexpected.append)

    def refuse():
        raise ValidationError.single("name", "이름을 입력하세요.")

    worker.load(refuse, None, errors.append)
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)
    assert [e.message for e in errors] == ["이름을 입력하세요."] and unexpected == []
    worker.load(lambda: 1 / 0)
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)
    assert len(unexpected) == 1 and isinstance(unexpected[0], ZeroDivisionError)
    unexpected.clear()  # seen: the guard of the GUI tests must not fail this test


def test_a_late_result_for_a_closed_widget_is_dropped(worker, qtbot):
    label = QLabel()
    worker.load(lambda: time.sleep(0.2) or "late", label.setText)
    label.deleteLater()
    qtbot.wait(50)  # the label is gone before the result arrives
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)  # and nothing raised


def test_always_runs_after_an_unexpected_error(worker, qtbot):
    finished = []
    worker.unexpected.connect(lambda _exc: None)
    worker.load(lambda: 1 / 0, always=lambda: finished.append(True))
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)
    assert finished == [True]


def test_notify_takes_topics_and_says_them_once(services, world, qtbot):
    ctx = AppContext(services)
    ctx.set_actor(world.front_desk)
    seen = []
    ctx.changed.connect(seen.append)
    ctx.notify(Topic.BOOKING, Topic.YOUTH)
    assert seen == [frozenset({Topic.BOOKING, Topic.YOUTH})]
    with pytest.raises(TypeError):
        ctx.notify("booking")  # a free string no longer slips through
    with pytest.raises(AttributeError):
        ctx.notify(Topic.BOOKNG)  # a misspelt topic fails where it is written
    assert len(seen) == 1
    wait_worker(qtbot, ctx)


def test_a_facility_change_reloads_the_toolbar_list_off_the_gui_thread(services, world, qtbot):
    ctx = AppContext(services)
    ctx.set_actor(world.admin)
    before = len(ctx.facilities)
    services.facilities.create(world.admin, {
        "code": "CAFE-NEW", "name": "새 일자리카페", "kind": "job_cafe", "region": "central",
        "district": "중구", "operator": "city", "status": "open"})
    with qtbot.waitSignal(ctx.facilities_reloaded, timeout=5000):
        ctx.notify(Topic.FACILITY)
    assert len(ctx.facilities) == before + 1
    assert any(f.code == "CAFE-NEW" for f in ctx.facilities)
