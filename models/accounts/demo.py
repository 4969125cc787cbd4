"""Demo accounts: one per role, the staff at the demo café (``python main.py --demo``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from models.core.enums import Role

if TYPE_CHECKING:  # the registry imports every area; a demo only needs its type
    from models.registry import Services


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    display_name: str
    role: Role
    facility_code: str | None


DEMO_FACILITY = "CAFE-CENTER"
DEMO_ACCOUNTS = [
    DemoAccount("admin", "admin1234", "김서울", Role.ADMIN, None),
    DemoAccount("manager", "manager1234", "박센터", Role.MANAGER, DEMO_FACILITY),
    DemoAccount("counselor", "counsel1234", "이상담", Role.COUNSELOR, DEMO_FACILITY),
    DemoAccount("frontdesk", "desk12345", "최안내", Role.FRONT_DESK, DEMO_FACILITY),
]


def create_accounts(services: Services, facility_ids: dict[str, int]):
    """The first administrator and the staff of ``DEMO_ACCOUNTS``; returns the admin."""
    first = DEMO_ACCOUNTS[0]
    admin = services.accounts.create_first_admin(
        {"username": first.username, "password": first.password, "display_name": first.display_name})
    for acc in DEMO_ACCOUNTS[1:]:
        services.accounts.create_user(
            admin, {"username": acc.username, "password": acc.password, "display_name": acc.display_name},
            grants=[(acc.role, facility_ids[acc.facility_code])])
    return admin
