"""Demo accounts: one per role, the staff at the demo café (``python main.py --demo``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from models.accounts.tables import RoleGrant, UserAccount
from models.core.calendar import holiday_name, opening_span
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
# the staff the areas' demos make: the campuses' (courses, counseling) and the other cafés'
# counselors (counseling)
CAMPUS_PASSWORD = "campus1234"
CAFE_PASSWORD = "cafe12345"
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


# -- the city-scale demo (models/demo.py, ``generate_city``) ---------------------------
CITY_STAFF = {"job_cafe": [(Role.MANAGER, 1), (Role.FRONT_DESK, 2), (Role.COUNSELOR, 2)],
              "campus": [(Role.MANAGER, 1), (Role.FRONT_DESK, 1), (Role.COUNSELOR, 1)],
              "matching_desk": [(Role.MANAGER, 1), (Role.FRONT_DESK, 1), (Role.COUNSELOR, 8)]}
_STAFF_SURNAMES = "김이박최정강조윤장임한오서신권황"
_STAFF_GIVEN = ["민준", "서연", "지훈", "하은", "도윤", "수빈", "현우", "지민", "예준", "유진", "시우", "다은"]


def city_staff(ctx) -> Iterator[None]:
    """The staff of every open facility (the demo accounts are CAFE-CENTER's), created
    when the history starts with one shared password; then their logins, one a working
    day each, and the administrator's, once a week. One step per month of ``ctx.periods``."""
    rng: random.Random = ctx.rng("accounts")
    Staff = type(ctx.admin)  # noqa: N806 (models.demo.Staff; an area does not import the demo)
    at = ctx.at(ctx.start, 8 * 60)
    users, grants = [], []
    by_name = {}
    for f in ctx.facilities:
        if f.status.value != "open":
            continue
        if f.code == DEMO_FACILITY:
            continue
        for role, n in CITY_STAFF[f.kind.value]:
            for i in range(1, n + 1):
                name = f"{f.code.lower()}-{role.value.replace('_', '')}{i}"
                display = rng.choice(_STAFF_SURNAMES) + rng.choice(_STAFF_GIVEN)
                users.append({"username": name, "display_name": display, "password_hash": ctx.password_hash,
                              "is_active": True, "failed_attempts": 0, "auth_version": 0,
                              "locked_until": None, "last_login_at": None, "created_at": at})
                by_name[name] = (f.id, role)
    for uid, u in zip(ctx.new_ids(UserAccount, len(users)), users, strict=True):
        u["id"] = uid
    for u in users:
        fid, role = by_name[u["username"]]
        grants.append({"user_id": u["id"], "facility_id": fid, "role": role, "granted_at": at,
                       "granted_by": ctx.admin.user_id, "revoked_at": None, "revoked_by": None})
        ctx.staff.setdefault((fid, role.value), []).append(Staff(u["id"], u["username"], fid, role.value))
    for gid, g in zip(ctx.new_ids(RoleGrant, len(grants)), grants, strict=True):
        g["id"] = gid
    ctx.insert(UserAccount, users)
    ctx.insert(RoleGrant, grants)
    for u in users:
        ctx.audit_insert(UserAccount, u, at, ctx.admin)
    for g in grants:
        ctx.audit_insert(RoleGrant, g, at, ctx.admin)
    # the demo accounts work at the demo café
    centre = next((f for f in ctx.facilities if f.code == DEMO_FACILITY), None)
    if centre is not None:
        known = dict(ctx.conn.execute(
            UserAccount.__table__.select().with_only_columns(UserAccount.__table__.c.username,
                                                             UserAccount.__table__.c.id)).all())
        for acc in DEMO_ACCOUNTS[1:]:
            if acc.username in known:
                ctx.staff.setdefault((centre.id, acc.role.value), []).append(
                    Staff(known[acc.username], acc.username, centre.id, acc.role.value))
    where = {f.id: f for f in ctx.facilities}
    everyone = [s for key in sorted(ctx.staff, key=lambda k: (k[0], k[1])) for s in ctx.staff[key]]
    while True:
        for day in ctx.days(until=ctx.today + timedelta(days=1)):
            if holiday_name(day):
                continue
            for s in everyone:
                span = opening_span(where[s.facility_id], day)
                if span is None or rng.random() < 0.1:
                    continue
                minute = span[0].hour * 60 + span[0].minute - 15 + rng.randrange(40)
                ctx.audit_event("login", "user_account", s.user_id, None, None, ctx.at(day, minute), s)
            if day.weekday() == 0:
                ctx.audit_event("login", "user_account", ctx.admin.user_id, None, None,
                                ctx.at(day, 9 * 60 + rng.randrange(60)), ctx.admin)
        yield
