"""Fixtures of the 오늘 입실 page tests (the day is built by tests/factories/arrivals.py)."""

from __future__ import annotations

import pytest

from gui.arrivals.page import ArrivalsPage
from tests.factories.arrivals import make_arrivals
from tests.factories.gui import page_opener


@pytest.fixture
def day(world, services):
    """CAFE-A's Friday 2026-11-27: five arrivals (rooms and a booth), clock at 10:00."""
    return make_arrivals(services, world)


@pytest.fixture
def open_page(make_ctx, qtbot):
    """``open_page(actor)`` -> a shown 1200×760 ArrivalsPage whose first load has arrived."""
    return page_opener(make_ctx, qtbot, ArrivalsPage, wait=True)
