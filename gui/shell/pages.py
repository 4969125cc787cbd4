"""The page registry: every page of the main window, in sidebar order, and who sees it.

A new area adds one line here. Page classes are imported only when the window is built,
so the command line can list the page keys (``python main.py screenshot PAGE``) without
loading Qt.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from models.core.permissions import Actor, Perm

# (key, module, class, visible for the actor)
REGISTRY: tuple[tuple[str, str, str, Callable[[Actor], bool]], ...] = (
    ("youth", "gui.youth.page", "YouthPage", lambda a: a.can_anywhere(Perm.YOUTH_VIEW)),
    ("bookings", "gui.rooms.page", "RoomsPage", lambda a: a.can_anywhere(Perm.BOOKING_VIEW)),
    ("booths", "gui.booths.page", "BoothsPage", lambda a: a.can_anywhere(Perm.BOOKING_VIEW)),
    ("facilities", "gui.facilities.page", "FacilitiesPage",
     lambda a: a.can_anywhere(Perm.FACILITY_EDIT) or a.can_anywhere(Perm.ROOM_MANAGE)),
    ("staff", "gui.accounts.page", "StaffPage", lambda a: a.can_anywhere(Perm.USER_MANAGE)),
    ("audit", "gui.audit_log.page", "AuditPage", lambda a: a.can_anywhere(Perm.AUDIT_VIEW)),
)

PAGES = [key for key, *_ in REGISTRY]


def page_specs() -> list[tuple[type, Callable[[Actor], bool]]]:
    """(page class, visible-for-actor) in sidebar order."""
    out = []
    for key, module, name, visible in REGISTRY:
        cls = getattr(importlib.import_module(module), name)
        if cls.key != key:
            raise RuntimeError(f"page {module}.{name} has key {cls.key!r}, the registry says {key!r}")
        out.append((cls, visible))
    return out
