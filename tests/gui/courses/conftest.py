"""Fixtures of the 교육과정 page tests: CAMPUS-A with its staff (tests/models/courses/builders.py)."""

from __future__ import annotations

import pytest

from tests.factories.gui import page_opener
from tests.models.courses.builders import make_campus


@pytest.fixture
def env(services, world):
    return make_campus(services, world)


@pytest.fixture
def open_page(make_ctx, qtbot):
    from gui.courses.page import CoursesPage
    return page_opener(make_ctx, qtbot, CoursesPage, size=(1366, 720), wait=True)
