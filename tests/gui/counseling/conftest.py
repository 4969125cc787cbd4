"""Fixtures of the 상담 page tests (builders in tests/factories/counseling_gui.py)."""

from __future__ import annotations

import pytest

from tests.factories.counseling_gui import make_day
from tests.factories.gui import page_opener


@pytest.fixture
def day(services, world, clock):
    """The counselor's Monday: follow-ups due and overdue, a booth request waiting."""
    return make_day(services, world, clock)


@pytest.fixture
def open_page(make_ctx, qtbot):
    from gui.counseling.page import CounselingPage
    return page_opener(make_ctx, qtbot, CounselingPage, size=(1366, 720), wait=True)
