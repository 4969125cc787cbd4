"""Accounts: first administrator, argon2id hashes, lockout, deactivation, role grants."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from models.accounts.tables import RoleGrant, UserAccount
from models.core.enums import AuditAction, Role
from models.core.errors import AuthError, Conflict, NotFound, PermissionDenied, ValidationError
from models.core.permissions import system_actor
from models.registry import Services
from tests.models.util import audit_rows, count, load


def _stored(db, username: str) -> UserAccount:
    return load(db, lambda s: s.exec(
        select(UserAccount).where(UserAccount.username == username)).one())


def _grant(db, grant_id: int) -> RoleGrant:
    return load(db, lambda s: s.get(RoleGrant, grant_id))


FIRST = {"username": "Boss", "display_name": "김서울", "password": "admin1234"}


def test_first_admin_is_created_only_once(services):
    assert not services.accounts.has_users()
    admin = services.accounts.create_first_admin(FIRST)
    assert admin.is_admin and admin.username == "boss"
    assert services.accounts.has_users()

    with pytest.raises(Conflict):
        services.accounts.create_first_admin({**FIRST, "username": "second"})
    assert count(services.db, "user_account") == 1
    assert services.accounts.authenticate("BOSS ", "admin1234").user_id == admin.user_id


def test_first_admin_creation_is_audited_as_the_first_run_set_up(services):
    """No account existed yet, so no user id; the rows name the set-up and the new account."""
    services.accounts.create_first_admin(FIRST)
    rows = [r for r in audit_rows(services.db) if r.action == "insert"]
    assert {r.entity for r in rows} == {"user_account", "role_grant"}
    assert all(r.username == "setup:boss" and r.user_id is None for r in rows)
    admin = services.accounts.authenticate("boss", "admin1234")
    shown = services.audit.list(admin)
    assert {e.username for e in shown if e.action == AuditAction.INSERT} == {"setup:boss"}


@pytest.mark.parametrize("username, password", [
    ("boss\x00", "admin1234x"), ("bo\ud800ss", "admin1234x"), ("boss", "admin\udfff1234"),
    ("b" * 5000, "admin1234"), ("\x00", "\x00")])
def test_a_login_with_text_no_column_can_hold_is_a_plain_failed_login(services, username, password):
    services.accounts.create_first_admin(FIRST)
    with pytest.raises(AuthError) as info:
        services.accounts.authenticate(username, password)
    assert "아이디 또는 비밀번호" in info.value.message
    assert services.accounts.authenticate("boss", "admin1234").username == "boss"


def test_first_admin_input_is_validated(services):
    with pytest.raises(ValidationError) as info:
        services.accounts.create_first_admin({"username": "1x", "display_name": " ", "password": "short"})
    assert set(info.value.errors) == {"username", "display_name", "password"}
    assert not services.accounts.has_users()


def test_password_is_stored_as_argon2id_and_never_in_clear(services, world):
    stored = _stored(services.db, "admin")
    assert stored.password_hash.startswith("$argon2id$")
    assert "admin1234" not in stored.password_hash
    assert "m=1024,t=1,p=1" in stored.password_hash  # FAST_HASHER's parameters


def test_hash_is_upgraded_on_login_when_parameters_change(db, world, clock):
    before = _stored(db, "counselor").password_hash
    stronger = Services(db, clock=clock,
                        hasher=PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))

    with pytest.raises(AuthError):
        stronger.accounts.authenticate("counselor", "wrong-pass1")
    assert _stored(db, "counselor").password_hash == before  # only a good login rehashes

    stronger.accounts.authenticate("counselor", "pass1234")
    after = _stored(db, "counselor").password_hash
    assert after != before and after.startswith("$argon2id$")
    assert "m=2048,t=2,p=1" in after
    # the new hash still verifies, with either service
    assert stronger.accounts.authenticate("counselor", "pass1234").username == "counselor"
    assert _stored(db, "counselor").password_hash == after  # no rehash when parameters match


def test_lockout_after_five_failures_for_ten_minutes(services, world, clock):
    acct = services.accounts
    for attempt in range(1, 5):
        with pytest.raises(AuthError) as info:
            acct.authenticate("manager", "wrong-pass1")
        assert f"{5 - attempt}회 더 틀리면" in info.value.message
    with pytest.raises(AuthError) as info:
        acct.authenticate("manager", "wrong-pass1")
    assert "10분 동안 잠겼습니다" in info.value.message
    locked = _stored(services.db, "manager").locked_until
    assert locked == clock.now + timedelta(minutes=10)
    # the staff list shows the lock while it lasts
    assert next(u for u in acct.list_users(world.admin) if u.username == "manager").locked_until == locked

    # the right password does not open a locked account
    with pytest.raises(AuthError) as info:
        acct.authenticate("manager", "pass1234")
    assert "잠겼습니다" in info.value.message and "10분 후" in info.value.message
    clock.advance(minutes=9, seconds=59)
    with pytest.raises(AuthError, match="1분 후"):
        acct.authenticate("manager", "pass1234")
    assert not acct.verify_password(world.manager.user_id, "pass1234")

    clock.advance(seconds=1)
    assert acct.authenticate("manager", "pass1234").user_id == world.manager.user_id
    stored = _stored(services.db, "manager")
    assert stored.locked_until is None and stored.failed_attempts == 0
    assert stored.last_login_at == clock.now
    assert next(u for u in acct.list_users(world.admin) if u.username == "manager").locked_until is None

    failed = audit_rows(services.db, action=AuditAction.LOGIN_FAILED)
    assert len(failed) == 5 and {a.entity_id for a in failed} == {str(world.manager.user_id)}
    assert {a.detail for a in failed} == {"비밀번호가 틀림"}  # Korean, as the audit page shows it
    assert audit_rows(services.db, action=AuditAction.LOGIN)[-1].username == "manager"


def test_a_good_login_resets_the_failure_count(services, world):
    acct = services.accounts
    for _ in range(4):
        with pytest.raises(AuthError):
            acct.authenticate("counselor", "wrong-pass1")
    acct.authenticate("counselor", "pass1234")
    for _ in range(4):
        with pytest.raises(AuthError):
            acct.authenticate("counselor", "wrong-pass1")
    assert acct.authenticate("counselor", "pass1234").username == "counselor"


def test_unknown_user_gets_the_same_message_as_a_wrong_password(services, world):
    with pytest.raises(AuthError) as unknown:
        services.accounts.authenticate("ghost", "pass1234")
    assert unknown.value.message == "아이디 또는 비밀번호가 올바르지 않습니다."
    assert audit_rows(services.db, action=AuditAction.LOGIN_FAILED)[-1].detail == "없는 아이디"
    with pytest.raises(AuthError):
        services.accounts.authenticate("ad\x00min", "wrong")  # no database error on PostgreSQL


def test_deactivated_user_is_refused_and_can_be_reactivated(services, world):
    acct = services.accounts
    acct.set_active(world.admin, world.front_desk.user_id, False)
    with pytest.raises(AuthError, match="비활성화된 계정"):
        acct.authenticate("frontdesk", "pass1234")
    row = next(u for u in acct.list_users(world.admin) if u.username == "frontdesk")
    assert not row.is_active
    assert "frontdesk" not in {u.username for u in acct.list_users(world.admin, include_inactive=False)}
    with pytest.raises(NotFound):
        acct.actor_for_username("frontdesk")

    acct.set_active(world.admin, world.front_desk.user_id, True)
    assert acct.authenticate("frontdesk", "pass1234").username == "frontdesk"
    assert count(services.db, "user_account") == 4  # nobody was deleted


def test_grants_and_revocations_record_who_and_when(services, world, clock):
    acct = services.accounts
    clock.advance(hours=1)
    granted_at = clock.now
    gid = acct.grant_role(world.admin, world.counselor.user_id, Role.COUNSELOR, world.b)

    row = next(u for u in acct.list_users(world.admin) if u.username == "counselor")
    grant = next(g for g in row.grants if g.id == gid)
    assert (grant.granted_by, grant.granted_at, grant.facility_name) == ("admin", granted_at, "나 일자리카페")
    assert "나 일자리카페 상담사" in row.roles_text
    assert world.b in acct.refresh_actor(world.counselor.user_id).facility_ids

    clock.advance(days=2)
    acct.revoke_role(world.admin, gid)
    stored = _grant(services.db, gid)
    assert (stored.revoked_by, stored.revoked_at) == (world.admin.user_id, clock.now)
    assert stored.granted_at == granted_at  # the grant itself is kept
    assert world.b not in acct.refresh_actor(world.counselor.user_id).facility_ids
    with pytest.raises(NotFound):
        acct.revoke_role(world.admin, gid)

    changes = audit_rows(services.db, entity="role_grant", entity_id=str(gid))
    assert [a.action for a in changes] == [AuditAction.INSERT, AuditAction.UPDATE]
    assert {a.username for a in changes} == {"admin"}
    assert changes[1].new_values["revoked_by"] == world.admin.user_id


def test_granting_a_role_twice_or_without_facility_is_refused(services, world):
    acct = services.accounts
    with pytest.raises(Conflict):
        acct.grant_role(world.admin, world.counselor.user_id, Role.COUNSELOR, world.a)
    with pytest.raises(ValidationError) as info:
        acct.grant_role(world.admin, world.counselor.user_id, Role.MANAGER, None)
    assert "facility" in info.value.errors
    with pytest.raises(ValidationError):
        acct.grant_role(world.admin, world.counselor.user_id, Role.MANAGER, 999_999)
    with pytest.raises(NotFound):
        acct.grant_role(world.admin, 999_999, Role.MANAGER, world.a)
    # admin is city-wide: its grant never names a facility
    gid = acct.grant_role(world.admin, world.manager.user_id, Role.ADMIN, world.a)
    assert _grant(services.db, gid).facility_id is None
    assert acct.refresh_actor(world.manager.user_id).is_admin


def test_last_admin_cannot_be_revoked_or_deactivated(services, world):
    acct = services.accounts
    cli = system_actor("root")
    admin_grant = next(g for u in acct.list_users(world.admin) if u.username == "admin"
                       for g in u.grants)
    with pytest.raises(Conflict, match="마지막 관리자"):
        acct.revoke_role(world.admin, admin_grant.id)
    with pytest.raises(Conflict, match="자기 자신"):
        acct.set_active(world.admin, world.admin.user_id, False)
    with pytest.raises(Conflict, match="마지막 관리자"):
        acct.set_active(cli, world.admin.user_id, False)
    assert acct.authenticate("admin", "admin1234").is_admin

    # with a second administrator, the first may go
    second = acct.create_user(world.admin, {"username": "admin2", "display_name": "둘째",
                                            "password": "admin5678"}, grants=[(Role.ADMIN, None)])
    acct.revoke_role(world.admin, admin_grant.id)
    assert not acct.refresh_actor(world.admin.user_id).is_admin
    second_actor = acct.refresh_actor(second)
    second_grant = next(g for u in acct.list_users(second_actor) if u.id == second for g in u.grants)
    with pytest.raises(Conflict, match="마지막 관리자"):
        acct.revoke_role(cli, second_grant.id)
    with pytest.raises(PermissionDenied):
        acct.list_users(acct.refresh_actor(world.admin.user_id))


def test_reset_password_unlocks_and_replaces_the_old_one(services, world):
    acct = services.accounts
    for _ in range(5):
        with pytest.raises(AuthError):
            acct.authenticate("counselor", "wrong-pass1")
    with pytest.raises(ValidationError) as info:
        acct.reset_password(world.admin, world.counselor.user_id, "onlyletters")
    assert "password" in info.value.errors
    acct.reset_password(world.admin, world.counselor.user_id, "fresh2024")
    with pytest.raises(AuthError):
        acct.authenticate("counselor", "pass1234")
    assert acct.authenticate("counselor", "fresh2024").username == "counselor"


def test_change_own_password_checks_the_old_one(services, world):
    acct = services.accounts
    with pytest.raises(ValidationError) as info:
        acct.change_own_password(world.counselor, "wrong-pass1", "next2024x")
    assert "old_password" in info.value.errors
    with pytest.raises(ValidationError) as info:
        acct.change_own_password(world.counselor, "pass1234", "short")
    assert "new_password" in info.value.errors
    acct.change_own_password(world.counselor, "pass1234", "next2024x")
    assert acct.authenticate("counselor", "next2024x").username == "counselor"


def test_usernames_are_unique_and_case_insensitive(services, world):
    with pytest.raises(ValidationError) as info:
        services.accounts.create_user(
            world.admin, {"username": "Counselor", "display_name": "둘", "password": "pass1234"})
    assert info.value.errors == {"username": "이미 사용 중인 아이디입니다."}
    assert count(services.db, "user_account") == 4


@pytest.mark.parametrize("facility_id", [10**6, 2**31, 2**63, -(2**40)])
def test_a_grant_at_an_unknown_facility_is_refused_and_creates_no_user(services, world, db, facility_id):
    """Also an id no column can hold (the fuzz test once found an OverflowError there)."""
    data = {"username": "newdesk", "display_name": "새 직원", "password": "pass1234"}
    before = count(db, "user_account")
    with pytest.raises(ValidationError) as err:
        services.accounts.create_user(world.admin, data, grants=[(Role.FRONT_DESK, facility_id)])
    assert err.value.errors == {"facility": "알 수 없는 시설입니다."}
    assert count(db, "user_account") == before
