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
from tests.factories.gui import WorkerErrorGuard, wait_worker


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


@pytest.mark.expect_worker_errors
def test_a_known_error_goes_to_on_error_and_an_unexpected_one_is_reported(worker, qtbot, request):
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
    # the crash handler saw it too, and the GUI tests' guard would fail an unmarked test
    assert [type(e) for e in request.node.worker_errors] == [ZeroDivisionError]


def test_a_late_result_for_a_closed_widget_is_dropped(worker, qtbot):
    label = QLabel()
    worker.load(lambda: time.sleep(0.2) or "late", label.setText)
    label.deleteLater()
    qtbot.wait(50)  # the label is gone before the result arrives
    qtbot.waitUntil(lambda: not worker.busy, timeout=5000)  # and nothing raised


@pytest.mark.expect_worker_errors
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


@pytest.mark.expect_worker_errors
def test_the_guard_catches_ctx_run_raising(services, world, qtbot, monkeypatch):
    """What the autouse guard of tests/gui/conftest.py fails a test with: ``ctx.run(lambda:
    1 / 0)`` no longer passes silently, and a known error is not counted."""
    guard = WorkerErrorGuard(monkeypatch)
    ctx = AppContext(services)
    ctx.set_actor(world.front_desk)
    ctx.run(lambda: (_ for _ in ()).throw(ValidationError.single("name", "이름을 입력하세요.")),
            None, lambda _exc: None)
    wait_worker(qtbot, ctx)
    assert guard.problem() == ""
    ctx.run(lambda: 1 / 0)
    wait_worker(qtbot, ctx)
    assert guard.problem() == "a worker raised an unexpected error: ZeroDivisionError: division by zero"


def test_cycles_are_collected_on_the_gui_thread_only(worker, qtbot):
    """A cycle holding a widget, collected on a pool thread, would crash Qt: the automatic
    collector is off and the GUI thread collects from a timer."""
    import gc
    import weakref

    assert not gc.isenabled()
    threads = []

    def seen(phase, _info):
        if phase == "start":
            threads.append(threading.current_thread())

    class Node:
        pass

    gc.callbacks.append(seen)
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        kept = []  # kept alive, so the allocation count stays past the threshold until collected
        for _ in range(3):  # pool threads allocate plenty of tracked containers, and never collect
            worker.load(lambda: [{} for _ in range(5_000)], kept.append)
        qtbot.waitUntil(lambda: gone() is None, timeout=10000)
        kept.clear()
    finally:
        gc.callbacks.remove(seen)
    assert threads and set(threads) == {threading.main_thread()}
