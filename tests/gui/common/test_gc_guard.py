"""The GUI thread's garbage collector (gui/common/gc_guard.py): a full collection walks the
whole heap and stops the window meanwhile, so the next one waits a hundred times as long as
the last took; the young generations keep being collected in the meantime."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QObject

from gui.common import gc_guard


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collector(qapp):
    owner = QObject()
    clock = Clock()
    collector = gc_guard.GuiThreadCollector(owner, clock=clock)
    collector.timer.stop()  # the test calls check() itself
    yield collector, clock
    owner.deleteLater()


def make_full_collection_due(threshold: int) -> None:
    gc.collect()
    for _ in range(threshold + 1):  # each collection of generation 1 counts one towards 2
        gc.collect(1)
    assert gc.get_count()[2] > threshold


def test_full_collections_are_spaced_by_their_own_cost(collector):
    collector, clock = collector
    threshold = collector.threshold[2]
    make_full_collection_due(threshold)
    assert collector.check() == 2
    assert gc.get_count()[2] == 0
    # the heap did not change: the last full collection took 0 s on this clock, so the
    # minimum gap holds the next one back
    make_full_collection_due(threshold)
    clock.now += gc_guard.FULL_MIN_GAP_S / 2
    assert collector.check() != 2
    assert gc.get_count()[2] > threshold  # still due, not forgotten
    clock.now += gc_guard.FULL_MIN_GAP_S
    assert collector.check() == 2


def test_a_slow_full_collection_holds_the_next_back_longer(collector, monkeypatch):
    collector, clock = collector
    threshold = collector.threshold[2]
    real_collect = gc.collect

    def slow_collect(generation=2):
        if generation == 2:
            clock.now += 1.5  # a heap that takes a second and a half to walk
        return real_collect(generation)

    make_full_collection_due(threshold)
    monkeypatch.setattr(gc_guard.gc, "collect", slow_collect)
    assert collector.check() == 2
    monkeypatch.setattr(gc_guard.gc, "collect", real_collect)
    make_full_collection_due(threshold)
    clock.now += 60  # well past the minimum gap, but not 100 × 1.5 s
    assert collector.check() != 2
    clock.now += 100 * 1.5
    assert collector.check() == 2


def test_young_generations_are_collected_while_a_full_one_waits(collector):
    collector, clock = collector
    make_full_collection_due(collector.threshold[2])
    assert collector.check() == 2
    make_full_collection_due(collector.threshold[2])
    kept = [[] for _ in range(collector.threshold[0] + 50)]  # live containers count towards 0
    assert gc.get_count()[0] > collector.threshold[0]
    assert collector.check() in (0, 1)
    assert gc.get_count()[0] < len(kept)
