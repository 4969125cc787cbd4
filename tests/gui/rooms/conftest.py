"""Fixtures of the room-booking tests (builders in tests/factories/room_dialogs.py and
tests/factories/rooms_page.py)."""

from __future__ import annotations

import pytest

from gui.rooms.page import RoomsPage
from tests.factories import room_dialogs, rooms_page
from tests.factories.gui import page_opener


@pytest.fixture
def setup(world, services):
    """The dialog tests' CAFE-A: two rooms, a booth, 김민수 and 이영희."""
    return room_dialogs.make_setup(world, services)


@pytest.fixture
def desk(world, services):
    """The page tests' CAFE-A: two study rooms, 홍길동 and 김민수."""
    return rooms_page.make_desk(world, services)


@pytest.fixture
def open_page(make_ctx, qtbot):
    """``open_page(actor)`` -> a shown 1200×760 RoomsPage, its first load done."""
    return page_opener(make_ctx, qtbot, RoomsPage, wait=True)
