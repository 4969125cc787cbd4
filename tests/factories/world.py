"""The basic world every service test starts from: two facilities and one user per role."""

from __future__ import annotations

from types import SimpleNamespace


def youth_data(**over) -> dict:
    """A valid youth registration (홍길동); ``over`` replaces fields."""
    data = {"name": "홍길동", "birth_date": "1998-03-15", "phone": "010-1234-5678",
            "email": "hong@example.com", "district": "마포구", "channel": "online",
            "consent_on": "2026-11-01", "retention_years": 3}
    data.update(over)
    return data


def make_world(services) -> SimpleNamespace:
    """CAFE-A and CAFE-B (open Mon–Fri 09:00–18:00), an administrator and a manager,
    counselor and front-desk user at CAFE-A. Returns the actors and facility ids."""
    from models.core.enums import Role
    fac = services.facilities
    base = {"kind": "job_cafe", "region": "central", "district": "중구", "operator": "city",
            "opening_hours": {str(d): ["09:00", "18:00"] for d in range(5)}}
    a_id = fac.create(None, {**base, "code": "CAFE-A", "name": "가 일자리카페"})
    b_id = fac.create(None, {**base, "code": "CAFE-B", "name": "나 일자리카페"})
    admin = services.accounts.create_first_admin(
        {"username": "admin", "display_name": "관리자", "password": "admin1234"})
    ids = {}
    for role in (Role.MANAGER, Role.COUNSELOR, Role.FRONT_DESK):
        name = role.value.replace("_", "")
        ids[role] = services.accounts.create_user(
            admin, {"username": name, "display_name": role.label, "password": "pass1234"},
            grants=[(role, a_id)])
    acct = services.accounts
    return SimpleNamespace(
        a=a_id, b=b_id, admin=admin,
        manager=acct.refresh_actor(ids[Role.MANAGER]),
        counselor=acct.refresh_actor(ids[Role.COUNSELOR]),
        front_desk=acct.refresh_actor(ids[Role.FRONT_DESK]),
    )
