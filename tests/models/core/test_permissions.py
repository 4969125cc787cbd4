"""The permission matrix: each role against each service call, at its own facility
(CAFE-A) and at another one (CAFE-B). A denied call raises PermissionDenied and writes
nothing, even though no GUI stands in the way.

Each call of ``CALLS`` (tests/factories/permissions.py) names a service call and who may make it. One test per call walks
every actor and facility, so the whole table costs one ``world`` per call and backend.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from models.core.errors import PermissionDenied
from tests.factories.permissions import ALLOWED, CALLS, ROLES, WRITES
from tests.models.util import count


def test_matrix_covers_every_call():
    assert {c.name for c in CALLS} == set(ALLOWED)
    assert WRITES <= set(ALLOWED)


def _actors(services, world):
    uid = services.accounts.create_user(
        world.admin, {"username": "nobody", "display_name": "역할 없음", "password": "pass1234"})
    return {"admin": world.admin, "manager": world.manager, "counselor": world.counselor,
            "front_desk": world.front_desk, "no_role": services.accounts.refresh_actor(uid)}


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.name)
def test_permission_matrix(services, world, call):
    actors = _actors(services, world)
    targets = [("own", world.a), ("other", world.b)] if call.per_facility else [("-", None)]
    wrong = []
    for (where, fid), role in itertools.product(targets, ROLES):
        target = SimpleNamespace(fid=fid, admin=world.admin)
        if call.prepare:
            vars(target).update(call.prepare(services, world, fid))
        expected = role in ALLOWED[call.name] and (where != "other" or role == "admin")
        audit_before = count(services.db, "audit_log")
        try:
            call.run(services, actors[role], target)
            allowed = True
        except PermissionDenied as exc:
            allowed = False
            assert exc.message, "a denial carries a Korean message"
            assert count(services.db, "audit_log") == audit_before, f"{role} wrote while denied"
        if allowed and call.name in WRITES:
            assert count(services.db, "audit_log") > audit_before, f"{role}: no audit row"
        if allowed != expected:
            wrong.append(f"{role}@{where}: {'allowed' if allowed else 'denied'}")
    assert wrong == [], f"{call.name}: " + ", ".join(wrong)


def test_manager_cannot_change_the_code_of_own_facility(services, world):
    data = {**services.facilities.get(world.manager, world.a).as_input(), "code": "CAFE-Z"}
    with pytest.raises(PermissionDenied):
        services.facilities.update(world.manager, world.a, data)
    assert services.facilities.get(world.admin, world.a).code == "CAFE-A"


def test_revoked_role_takes_effect_at_once(services, world):
    grant = next(g for u in services.accounts.list_users(world.admin) if u.username == "counselor"
                 for g in u.grants)
    services.accounts.revoke_role(world.admin, grant.id)
    counselor = services.accounts.refresh_actor(world.counselor.user_id)
    with pytest.raises(PermissionDenied):
        services.youth.search(counselor, world.a)
    assert services.facilities.list_for(counselor) == []
    assert [f.code for f in services.facilities.list_for(world.manager)] == ["CAFE-A"]
    assert {f.code for f in services.facilities.list_for(world.admin)} == {"CAFE-A", "CAFE-B"}
