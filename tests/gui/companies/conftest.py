"""Fixtures of the 기업 page tests (CAFE-A is a job café: it matches youths with companies)."""

from __future__ import annotations

import pytest

from tests.factories.gui import page_opener


@pytest.fixture
def open_page(make_ctx, qtbot):
    from gui.companies.page import CompaniesPage
    return page_opener(make_ctx, qtbot, CompaniesPage, size=(1366, 720), wait=True)
