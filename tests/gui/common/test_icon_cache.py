"""Icons drawn by qtawesome are kept as PNG files, and a later start reads those without
importing qtawesome (about a quarter of a second of every start)."""

from __future__ import annotations

import sys

from gui.common import icons


def test_an_icon_drawn_once_is_read_back_without_qtawesome(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("YJD_CACHE_DIR", str(tmp_path))
    icons._icon.cache_clear()
    drawn = icons.icon("search", "#123456")
    files = sorted((tmp_path / "icons").glob("search-*.png"))
    assert len(files) == len(icons.SIZES) and not drawn.isNull()

    icons._icon.cache_clear()
    monkeypatch.setitem(sys.modules, "qtawesome", None)  # importing it now fails
    again = icons.icon("search", "#123456")
    assert not again.isNull()
    image = again.pixmap(32, 32).toImage()
    assert any(image.pixelColor(x, y).alpha() > 0 for x in range(32) for y in range(32))
    icons._icon.cache_clear()


def test_another_colour_is_drawn_apart(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("YJD_CACHE_DIR", str(tmp_path))
    icons._icon.cache_clear()
    icons.icon("search", "#123456")
    icons.icon("search", "#abcdef")
    assert len(list((tmp_path / "icons").glob("search-*-16.png"))) == 2
    icons._icon.cache_clear()


def test_a_folder_that_cannot_be_written_still_gives_the_icon(qapp, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("YJD_CACHE_DIR", str(blocker))
    icons._icon.cache_clear()
    assert not icons.icon("lock").isNull()
    icons._icon.cache_clear()
