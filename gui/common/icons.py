"""Semantic icon names -> qtawesome icons. The only place that names a glyph.

qtawesome (and its icon fonts) is loaded at the first icon asked for, and each icon is
made once per colour."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

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
}


def icon(name: str, color: str | None = None) -> QIcon:
    return QIcon(_icon(name, color or "#44506a"))  # a copy: callers may not share one


@lru_cache(maxsize=256)
def _icon(name: str, color: str) -> QIcon:
    import qtawesome as qta
    return qta.icon(ICONS[name], color=color)
