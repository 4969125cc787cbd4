"""Each test has its own QSettings (the autouse ``_own_qsettings`` fixture in
tests/conftest.py): the last page, window size and chosen facility one test leaves behind
are not what the next test's window starts from.

The two tests run in this order. The first writes the last page the way the main window
does and leaves the file on disk; the second checks the file is still there with the value
in it, and that its own ``settings()`` does not see it.
"""

from __future__ import annotations

from pathlib import Path

from gui.context import settings

_FIRST: dict[str, str] = {}


def test_a_value_written_in_one_test(_own_qsettings):
    s = settings()
    s.setValue("window/page", "audit")
    s.sync()
    path = Path(s.fileName())
    assert path.is_relative_to(_own_qsettings) and path.exists()
    assert settings().value("window/page") == "audit"  # a new QSettings reads it back
    _FIRST["file"] = str(path)


def test_is_not_seen_by_the_next(_own_qsettings):
    s = settings()
    assert s.value("window/page") is None
    assert s.allKeys() == []
    assert Path(s.fileName()).is_relative_to(_own_qsettings)
    if _FIRST:  # the previous test ran: its value is still on disk, only not here
        assert s.fileName() != _FIRST["file"]
        assert "page=audit" in Path(_FIRST["file"]).read_text(encoding="utf-8")
