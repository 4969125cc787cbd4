"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

import cli.main as cli_main


@pytest.fixture
def folder(tmp_path) -> Path:
    """An empty output folder."""
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def quiet_logging():
    """In-process runs leave the root logger as it is (``main`` would add its log file)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli_main, "setup_logging", lambda: None)
        yield
