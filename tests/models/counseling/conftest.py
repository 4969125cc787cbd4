"""Fixtures of the counseling service tests (builders in tests/factories/counseling.py)."""

from __future__ import annotations

import pytest

from tests.factories.counseling import make_counseling


@pytest.fixture
def cw(services, world):
    """Three youths, a second counselor at CAFE-A, a counselor at CAFE-B."""
    return make_counseling(services, world)
