"""Fixtures of the courses service tests (builders in tests/models/courses/builders.py)."""

from __future__ import annotations

import pytest

from tests.models.courses.builders import make_campus


@pytest.fixture
def env(services, world):
    """CAMPUS-A with a manager, a counselor and a front desk; CAMPUS-B with a manager."""
    return make_campus(services, world)
