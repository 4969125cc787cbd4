"""Fixtures of the companies service tests (builders in tests/factories/companies.py)."""

from __future__ import annotations

import pytest

from tests.factories.companies import make_matching


@pytest.fixture
def mw(services, world):
    """A company with a contact and an open opening at CAFE-A, three youths, counselors."""
    return make_matching(services, world)
