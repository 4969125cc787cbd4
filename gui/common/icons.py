"""Semantic icon names -> qtawesome icons. The only place that names a glyph.

Each icon is made once per colour. qtawesome draws it from its icon font; importing
qtawesome and loading its fonts costs about a quarter of a second, so the drawn icon is
also kept as PNG files (one per size, in ``cache_folder()``) and later starts read those
instead, without importing qtawesome. The files are keyed by the glyph, the colour and the
installed qtawesome (its folder's modification time), so an upgrade draws them again. A
folder that cannot be written only means qtawesome is used each time."""

from __future__ import annotations

import hashlib
import logging
import os
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

SIZES = (16, 20, 24, 32, 40, 48, 64)  # the sizes drawn: 1× and 2× of the app's icon sizes

ACCENT = "#2f6fde"
ICONS = {
    "youth": "mdi6.account-search",
    "facilities": "mdi6.office-building",
    "staff": "mdi6.account-group",
    "audit": "mdi6.shield-search",
    "add": "mdi6.plus",
    "edit": "mdi6.pencil",
    "reveal": "mdi6.eye",
    "deactivate": "mdi6.archive-arrow-down",
    "activate": "mdi6.archive-arrow-up",
    "password": "mdi6.key-variant",
    "role": "mdi6.badge-account",
    "lock": "mdi6.lock",
    "logout": "mdi6.logout",
    "refresh": "mdi6.refresh",
    "room": "mdi6.door",
    "search": "mdi6.magnify",
    "warning": "mdi6.alert",
    "app": "mdi6.briefcase-account",
    "save": "mdi6.content-save",
    "cancel": "mdi6.close",
    "filter": "mdi6.filter-variant",
    "user_add": "mdi6.account-plus",
    "phone": "mdi6.phone",
    "duplicate": "mdi6.account-multiple-check",
    "calendar": "mdi6.calendar",
    "booth": "mdi6.monitor-account",
    "arrivals": "mdi6.account-check",
    "check": "mdi6.check",
    "export": "mdi6.file-export",
    "print": "mdi6.printer",
    "info": "mdi6.information-outline",
    "counseling": "mdi6.account-tie-voice",
    "group": "mdi6.account-multiple-plus",
    "note_lock": "mdi6.eye-lock",
    "addendum": "mdi6.note-plus",
    "void": "mdi6.cancel",
    "transfer": "mdi6.account-arrow-right",
    "case_close": "mdi6.folder-check",
    "case_open": "mdi6.folder-open",
    "chart": "mdi6.chart-bar",
    "import": "mdi6.file-import",
    "companies": "mdi6.handshake",
    "courses": "mdi6.school",
}


def icon(name: str, color: str | None = None) -> QIcon:
    return QIcon(_icon(name, color or "#44506a"))  # a copy: callers may not share one


@lru_cache(maxsize=256)
def _icon(name: str, color: str) -> QIcon:
    files = _cached_files(name, color)
    if files and all(f.is_file() for f in files):
        cached = QIcon()
        for size, f in zip(SIZES, files, strict=True):
            cached.addFile(str(f), QSize(size, size))
        if not cached.isNull():
            return cached
    import qtawesome as qta
    drawn = qta.icon(ICONS[name], color=color)
    if files:
        _store(drawn, files)
    return drawn


def cache_folder() -> Path | None:
    """Where drawn icons are kept: ``YJD_CACHE_DIR`` or the user cache folder."""
    if os.environ.get("YJD_CACHE_DIR"):
        return Path(os.environ["YJD_CACHE_DIR"]) / "icons"
    try:
        from platformdirs import user_cache_dir
        return Path(user_cache_dir("youth-jobs-desk", appauthor=False)) / "icons"
    except Exception:  # no cache folder on this machine: draw each time
        return None


@lru_cache(maxsize=1)
def _font_stamp() -> str:
    """The installed qtawesome, found without importing it."""
    import importlib.util
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.origin:
        return "none"
    folder = Path(spec.origin).parent
    return f"{folder.stat().st_mtime_ns}-{(folder / 'fonts').stat().st_mtime_ns if (folder / 'fonts').exists() else 0}"


def _cached_files(name: str, color: str) -> list[Path] | None:
    folder = cache_folder()
    if folder is None or name not in ICONS:
        return None
    key = hashlib.sha1(f"{ICONS[name]}|{color}|{_font_stamp()}".encode()).hexdigest()[:16]
    return [folder / f"{name}-{key}-{size}.png" for size in SIZES]


def _store(drawn: QIcon, files: list[Path]) -> None:
    try:
        files[0].parent.mkdir(parents=True, exist_ok=True)
        for size, f in zip(SIZES, files, strict=True):
            tmp = f.with_suffix(f".{os.getpid()}.tmp")
            if not drawn.pixmap(size, size).save(str(tmp), "PNG"):
                tmp.unlink(missing_ok=True)
                return
            os.replace(tmp, f)  # another start drawing the same icon ends with the same file
    except OSError as exc:
        logging.getLogger(__name__).info("icon cache not written: %s", type(exc).__name__)
