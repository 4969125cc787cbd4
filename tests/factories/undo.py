"""Undoing a check-in or a no-show (issue 11, item 2): a second front-desk user at CAFE-A,
and what a refused undo must leave as it was. Used by tests/models/desk/test_undo*.py and
the undo GUI tests."""

from __future__ import annotations

from models.core.enums import Role


def second_desk(services, world, username: str = "frontdesk2"):
    """Another front-desk user at CAFE-A (not the one who checked in or marked the no-show)."""
    uid = services.accounts.create_user(
        world.admin, {"username": username, "display_name": "안내데스크 2", "password": "pass1234"},
        grants=[(Role.FRONT_DESK, world.a)])
    return services.accounts.refresh_actor(uid)


def audit_count(db) -> int:
    from tests.models.util import count
    return count(db, "audit_log")
