"""Permissions are checked live (issue 9, defect 1).

An actor is a snapshot taken at login. Before the fix, a user deactivated or stripped of
their role from another desk kept every permission of the old role until they logged out.
Here each allowed cell of the permission matrix (tests/models/core/test_permissions.py,
plus the desk's booking calls) is made by a user who logged in, then was deactivated or had
every role revoked by an administrator working through *another* ``Services`` (another
desk, its own engine). The user's next call is refused with ``AccessChanged`` and writes
nothing; the same call made before the change went through.
"""

from __future__ import annotations

import inspect
import itertools
from types import SimpleNamespace

import pytest

from models.core.enums import Role
from models.core.errors import AccessChanged, AuthError, PermissionDenied
from models.core.service import Service
from models.registry import Services
from tests.conftest import FAST_HASHER
from tests.factories.booths import add_booth, publish, slot_id
from tests.factories.permissions import ALLOWED, CALLS, Call
from tests.factories.rooms import MON, TODAY, add_room, add_youth, req
from tests.models.util import table_counts

_serial = itertools.count(1)


def _booking(sv, w, fid):
    room = add_room(sv, w, f"스터디룸 {next(_serial)}", facility=fid)
    youth = add_youth(sv, w, next(_serial))
    # today 10:30, half an hour from now (FakeClock): check-in is open
    return {"booking_id": sv.rooms.book(w.admin, fid, req(room, youth, TODAY, "10:30", "12:00"))}


def _room_and_youth(sv, w, fid):
    return {"room_id": add_room(sv, w, f"스터디룸 {next(_serial)}", facility=fid),
            "youth_id": add_youth(sv, w, next(_serial))}


def _slot(sv, w, fid):
    booth = add_booth(sv, w, f"AI 면접 부스 {next(_serial)}", facility=fid)
    publish(sv, w, booth, MON, MON, facility=fid)
    return {"slot_id": slot_id(sv, w, MON, "10:00", booth), "youth_id": add_youth(sv, w, next(_serial))}


DESK_STAFF = {"admin", "manager", "front_desk"}
DESK_CALLS = {
    "rooms.book": (Call("rooms.book", lambda sv, a, t: sv.rooms.book(
        a, t.fid, req(t.room_id, t.youth_id)), prepare=_room_and_youth), DESK_STAFF),
    "rooms.check_in": (Call("rooms.check_in", lambda sv, a, t: sv.rooms.check_in(a, t.booking_id),
                            prepare=_booking), DESK_STAFF),
    "rooms.cancel": (Call("rooms.cancel", lambda sv, a, t: sv.rooms.cancel(
        a, t.booking_id, "youth", "전화 취소"), prepare=_booking), DESK_STAFF),
    "rooms.day_view": (Call("rooms.day_view", lambda sv, a, t: sv.rooms.day_view(a, t.fid, MON)),
                       DESK_STAFF | {"counselor"}),
    "booths.book": (Call("booths.book", lambda sv, a, t: sv.booths.book(
        a, t.slot_id, t.youth_id, "ai_interview"), prepare=_slot), DESK_STAFF),
    "booths.day": (Call("booths.day", lambda sv, a, t: sv.booths.day(a, t.fid, MON)),
                   DESK_STAFF | {"counselor"}),
    "facilities.list_for": (Call("facilities.list_for", lambda sv, a, t: sv.facilities.list_for(a)),
                            DESK_STAFF | {"counselor"}),
}
MATRIX = [(c, ALLOWED[c.name]) for c in CALLS] + list(DESK_CALLS.values())
CELLS = [(call, role) for call, allowed in MATRIX for role in sorted(allowed)]


def _login(sv, w, role: str):
    """A new account with ``role`` (at CAFE-A; an administrator is city-wide), logged in."""
    name = f"staff{next(_serial)}"
    grant = (Role(role), None if role == "admin" else w.a)
    uid = sv.accounts.create_user(w.admin, {"username": name, "display_name": "직원",
                                            "password": "pass1234"}, grants=[grant])
    return uid, sv.accounts.authenticate(name, "pass1234")


def _target(sv, w, call):
    target = SimpleNamespace(fid=w.a, admin=w.admin)
    if call.prepare:
        vars(target).update(call.prepare(sv, w, w.a))
    return target


@pytest.fixture
def other_desk(db, clock):
    """The administrator's desk: another engine on the same database."""
    from models.core.db import Database
    other = Database(db.url)
    yield Services(other, clock=clock, hasher=FAST_HASHER)
    other.dispose()


def _deactivate(desk, w, uid):
    desk.accounts.set_active(w.admin, uid, False)


def _revoke_all(desk, w, uid):
    for user in desk.accounts.list_users(w.admin):
        if user.id == uid:
            for grant in user.grants:
                desk.accounts.revoke_role(w.admin, grant.id)


@pytest.mark.parametrize("change", [_deactivate, _revoke_all], ids=["deactivated", "revoked"])
@pytest.mark.parametrize(("call", "role"), CELLS, ids=lambda v: getattr(v, "name", v))
def test_a_stale_actor_is_refused_mid_session(services, world, other_desk, db, call, role, change):
    uid, actor = _login(services, world, role)
    call.run(services, actor, _target(services, world, call))  # allowed before the change

    change(other_desk, world, uid)
    target = _target(services, world, call)
    before = table_counts(db)
    with pytest.raises(AccessChanged) as caught:
        call.run(services, actor, target)
    assert isinstance(caught.value, PermissionDenied) and caught.value.message
    assert caught.value.ended is (change is _deactivate)
    assert table_counts(db) == before, "a refused call wrote something"


def test_a_new_grant_makes_the_old_snapshot_stale_and_a_fresh_one_has_it(services, world, other_desk):
    uid, actor = _login(services, world, "front_desk")
    with pytest.raises(PermissionDenied):
        services.youth.search(actor, world.b, "김")
    other_desk.accounts.grant_role(world.admin, uid, Role.FRONT_DESK, world.b)
    with pytest.raises(AccessChanged) as caught:
        services.youth.search(actor, world.a, "김")
    assert caught.value.ended is False
    fresh = services.accounts.refresh_actor(uid)
    assert services.youth.search(fresh, world.b, "김") is not None
    assert {f.code for f in services.facilities.list_for(fresh)} == {"CAFE-A", "CAFE-B"}


def test_an_unchanged_account_keeps_working(services, world, other_desk):
    """Changes to *other* accounts leave a snapshot valid."""
    _, actor = _login(services, world, "front_desk")
    other_uid, _ = _login(services, world, "counselor")
    other_desk.accounts.set_active(world.admin, other_uid, False)
    assert services.facilities.list_for(actor)[0].code == "CAFE-A"


def test_refresh_of_a_deactivated_account_is_refused(services, world, other_desk):
    uid, _ = _login(services, world, "counselor")
    other_desk.accounts.set_active(world.admin, uid, False)
    with pytest.raises(AuthError):
        services.accounts.refresh_actor(uid)
    other_desk.accounts.set_active(world.admin, uid, True)  # reactivated: a new snapshot works
    assert services.facilities.list_for(services.accounts.refresh_actor(uid))


def test_an_administrator_who_revokes_their_own_grant_is_stale_too(services, world):
    uid, second_admin = _login(services, world, "admin")
    grant = next(g.id for u in services.accounts.list_users(second_admin) if u.id == uid
                 for g in u.grants)
    services.accounts.revoke_role(second_admin, grant)
    with pytest.raises(AccessChanged):
        services.accounts.list_users(second_admin)


def test_every_service_call_that_takes_an_actor_is_checked_live(services):
    """No public method escapes the check: each one with an ``actor`` runs inside
    ``acting_as`` (the wrapper ``models.core.service`` puts around it)."""
    from functools import cached_property
    made = [getattr(services, name) for name, member in vars(Services).items()
            if isinstance(member, cached_property)]  # imports every service's module
    assert len(made) >= 10

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    unchecked = []
    for cls in subclasses(Service):
        for name, member in vars(cls).items():
            if name.startswith("_") or not inspect.isfunction(member):
                continue
            if "actor" in inspect.signature(member).parameters and not hasattr(member, "__wrapped__"):
                unchecked.append(f"{cls.__name__}.{name}")
    assert unchecked == []
    assert isinstance(services.booths, Service) and isinstance(services.accounts, Service)
