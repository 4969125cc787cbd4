"""Fixtures of the booth page tests (builders in tests/factories/booths_page.py)."""

from __future__ import annotations

import pytest

from gui.booths.page import BoothsPage
from tests.factories.booths_page import make_desk
from tests.factories.gui import page_opener


@pytest.fixture
def desk(world, services):
    """Two booths publishing from Friday 11/27 for two weeks, and three youths."""
    return make_desk(world, services)


@pytest.fixture
def open_page(make_ctx, qtbot):
    """``open_page(actor)`` -> a shown 1200×760 BoothsPage."""
    return page_opener(make_ctx, qtbot, BoothsPage)
