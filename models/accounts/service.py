"""Accounts: first administrator, login with lockout, staff management, role grants.

Passwords are hashed with argon2id (argon2-cffi) and rehashed on login when the hasher's
parameters change. Five failed attempts lock an account for ten minutes. Users are
deactivated, never deleted, because the audit trail refers to them.

Every grant, revocation, deactivation and reactivation raises the account's
``auth_version`` in the same transaction, so actors built before it are refused at their
next service call (``models.core.permissions.check_live``) and the GUI reads them again.
"""

from __future__ import annotations

import math
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, update
from sqlmodel import select

from models.accounts.schemas import GrantRow, UserInput, UserRow, validate_password
from models.accounts.tables import RoleGrant, UserAccount
from models.core.audit import record
from models.core.enums import AuditAction, Role
from models.core.errors import AuthError, Conflict, NotFound, ValidationError
from models.core.permissions import Actor, Perm, require, setup_actor
from models.core.service import Service
from models.core.text import CONTROL_RE, SURROGATE_RE, int_in_range
from models.core.time import utcnow
from models.core.validation import validate
from models.facilities.tables import Facility

MAX_FAILED = 5
LOCK_MINUTES = 10
BAD_LOGIN = "아이디 또는 비밀번호가 올바르지 않습니다."


class AccountService(Service):
    def __init__(self, db, clock=utcnow, hasher: PasswordHasher | None = None):
        super().__init__(db, clock)
        self.hasher = hasher or PasswordHasher()

    # -- helpers ------------------------------------------------------------------
    def _actor(self, s, user: UserAccount) -> Actor:
        grants = s.exec(
            select(RoleGrant).where(RoleGrant.user_id == user.id, RoleGrant.revoked_at.is_(None))
        ).all()
        return Actor(user.id, user.username, user.display_name,
                     frozenset((g.facility_id, g.role) for g in grants), user.auth_version)

    def _bump(self, s, user_id: int) -> None:
        """The account's permissions changed: actors built before now are stale."""
        s.execute(update(UserAccount).where(UserAccount.id == user_id)
                  .values(auth_version=UserAccount.auth_version + 1))

    def _user(self, s, user_id: int) -> UserAccount:
        user = s.get(UserAccount, user_id)
        if user is None:
            raise NotFound("사용자를 찾을 수 없습니다.")
        return user

    def _check_username_free(self, s, username: str) -> None:
        if s.exec(select(UserAccount.id).where(UserAccount.username == username)).first():
            raise ValidationError.single("username", "이미 사용 중인 아이디입니다.")

    # -- first run ----------------------------------------------------------------
    def has_users(self) -> bool:
        return self.db.read(lambda s: s.exec(select(func.count(UserAccount.id))).one() > 0)

    def create_first_admin(self, data: dict | UserInput) -> Actor:
        """Create the first administrator. Refused once any user exists."""
        inp = validate(UserInput, data)
        pw_hash = self.hasher.hash(inp.password)

        def work(s):
            if s.exec(select(func.count(UserAccount.id))).one() > 0:
                raise Conflict("관리자 계정이 이미 있습니다. 로그인하세요.")
            user = UserAccount(username=inp.username, display_name=inp.display_name,
                               password_hash=pw_hash)
            s.add(user)
            s.flush()
            s.add(RoleGrant(user_id=user.id, role=Role.ADMIN, granted_at=self.clock()))
            s.flush()
            return self._actor(s, user)

        return self.db.write(work, actor=setup_actor(inp.username))

    # -- login --------------------------------------------------------------------
    def authenticate(self, username: str, password: str) -> Actor:
        # a name the database cannot store (NUL, lone surrogates) is no one's: drop them
        name = username if isinstance(username, str) else ""
        username = SURROGATE_RE.sub("", CONTROL_RE.sub("", name)).strip().lower()[:100]
        password = password if isinstance(password, str) else ""
        if SURROGATE_RE.search(password):  # argon2 cannot encode it: it matches no hash
            password = "\x00invalid"
        now = self.clock()

        def work(s):
            user = s.exec(select(UserAccount).where(UserAccount.username == username)).first()
            if user is None:
                record(s, AuditAction.LOGIN_FAILED, "user_account", None, detail="없는 아이디")
                return AuthError(BAD_LOGIN)
            if not user.is_active:
                return AuthError("비활성화된 계정입니다. 시 담당자에게 문의하세요.")
            if user.locked_until and user.locked_until > now:
                minutes = max(1, math.ceil((user.locked_until - now).total_seconds() / 60))
                return AuthError(f"로그인 {MAX_FAILED}회 실패로 계정이 잠겼습니다. {minutes}분 후 다시 시도하세요.")
            try:
                self.hasher.verify(user.password_hash, password or "")
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                record(s, AuditAction.LOGIN_FAILED, "user_account", user.id, detail="비밀번호가 틀림")
                user.failed_attempts += 1
                if user.failed_attempts >= MAX_FAILED:
                    user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    user.failed_attempts = 0
                    s.add(user)
                    return AuthError(
                        f"로그인 {MAX_FAILED}회 실패로 계정이 {LOCK_MINUTES}분 동안 잠겼습니다.")
                s.add(user)
                left = MAX_FAILED - user.failed_attempts
                return AuthError(f"{BAD_LOGIN} ({left}회 더 틀리면 {LOCK_MINUTES}분 동안 잠깁니다.)")
            actor = self._actor(s, user)
            s.info["actor"] = actor
            if self.hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self.hasher.hash(password)
            user.failed_attempts = 0
            user.locked_until = None
            user.last_login_at = now
            s.add(user)
            record(s, AuditAction.LOGIN, "user_account", user.id, actor=actor)
            return actor

        # failed attempts must be committed, so the error is returned, then raised
        result = self.db.write(work)
        if isinstance(result, AuthError):
            raise result
        return result

    def verify_password(self, user_id: int, password: str) -> bool:
        """Used to unlock the idle-locked window; counts failures like a login."""
        username = self.db.read(lambda s: self._user(s, user_id).username)
        try:
            self.authenticate(username, password)
        except AuthError:
            return False
        return True

    def actor_for_username(self, username: str | None) -> Actor:
        """The actor of an active user, without a password: for local support commands
        (screenshot). ``None`` picks the first active administrator."""

        def work(s):
            if username:
                user = s.exec(select(UserAccount).where(
                    UserAccount.username == username.strip().lower(), UserAccount.is_active)).first()
            else:
                user = s.exec(select(UserAccount).join(RoleGrant, RoleGrant.user_id == UserAccount.id)
                              .where(RoleGrant.role == Role.ADMIN, RoleGrant.revoked_at.is_(None),
                                     UserAccount.is_active).order_by(UserAccount.id)).first()
            if user is None:
                raise NotFound(f"활성 사용자가 없습니다: {username or '관리자'}")
            return self._actor(s, user)

        return self.db.read(work)

    def refresh_actor(self, user_id: int) -> Actor:
        """The account's actor as it is now. A deactivated account has none (``AuthError``)."""

        def work(s):
            user = self._user(s, user_id)
            if not user.is_active:
                raise AuthError("비활성화된 계정입니다. 시 담당자에게 문의하세요.")
            return self._actor(s, user)

        return self.db.read(work)

    # -- staff management (admin) -------------------------------------------------
    def list_users(self, actor: Actor, include_inactive: bool = True) -> list[UserRow]:
        require(actor, Perm.USER_MANAGE)

        def work(s):
            q = select(UserAccount).order_by(UserAccount.username)
            if not include_inactive:
                q = q.where(UserAccount.is_active)
            users = s.exec(q).all()
            names = dict(s.exec(select(UserAccount.id, UserAccount.username)).all())
            fac = dict(s.exec(select(Facility.id, Facility.name)).all())
            grants: dict[int, list[GrantRow]] = {}
            for g in s.exec(select(RoleGrant).where(RoleGrant.revoked_at.is_(None))
                            .order_by(RoleGrant.id)).all():
                grants.setdefault(g.user_id, []).append(GrantRow(
                    g.id, g.facility_id, fac.get(g.facility_id, "서울시 전체"), g.role,
                    g.granted_at, names.get(g.granted_by)))
            return [UserRow(u.id, u.username, u.display_name, u.is_active, u.locked_until,
                            u.last_login_at, tuple(grants.get(u.id, ()))) for u in users]

        return self.db.read(work)

    def create_user(self, actor: Actor, data: dict | UserInput, grants=()) -> int:
        """Create a staff user with optional initial grants [(role, facility_id), ...]."""
        require(actor, Perm.USER_MANAGE)
        inp = validate(UserInput, data)
        pw_hash = self.hasher.hash(inp.password)

        def work(s):
            self._check_username_free(s, inp.username)
            user = UserAccount(username=inp.username, display_name=inp.display_name,
                               password_hash=pw_hash)
            s.add(user)
            s.flush()
            for role, facility_id in grants:
                self._grant(s, actor, user.id, Role(role), facility_id)
            return user.id

        return self.db.write(work, actor=actor)

    def _grant(self, s, actor: Actor, user_id: int, role: Role, facility_id: int | None) -> RoleGrant:
        if role is Role.ADMIN:
            facility_id = None
        elif facility_id is None:
            raise ValidationError.single("facility", "역할을 줄 시설을 선택하세요.")
        elif not int_in_range(facility_id) or s.get(Facility, facility_id) is None:
            # an id no column can hold is unknown too, not an OverflowError from the driver
            raise ValidationError.single("facility", "알 수 없는 시설입니다.")
        existing = s.exec(select(RoleGrant).where(
            RoleGrant.user_id == user_id, RoleGrant.role == role,
            RoleGrant.facility_id.is_(None) if facility_id is None
            else RoleGrant.facility_id == facility_id,
            RoleGrant.revoked_at.is_(None))).first()
        if existing:
            raise Conflict("이미 같은 역할이 부여되어 있습니다.", field="role")
        grant = RoleGrant(user_id=user_id, facility_id=facility_id, role=role,
                          granted_at=self.clock(), granted_by=actor.user_id)
        s.add(grant)
        s.flush()
        self._bump(s, user_id)
        return grant

    def grant_role(self, actor: Actor, user_id: int, role: Role | str, facility_id: int | None) -> int:
        require(actor, Perm.USER_MANAGE)

        def work(s):
            self._user(s, user_id)
            return self._grant(s, actor, user_id, Role(role), facility_id).id

        return self.db.write(work, actor=actor)

    def revoke_role(self, actor: Actor, grant_id: int) -> None:
        require(actor, Perm.USER_MANAGE)

        def work(s):
            grant = s.get(RoleGrant, grant_id)
            if grant is None or grant.revoked_at is not None:
                raise NotFound("이미 회수되었거나 없는 역할입니다.")
            if grant.role is Role.ADMIN and self._active_admins(s) <= 1:
                raise Conflict("마지막 관리자 역할은 회수할 수 없습니다.")
            grant.revoked_at = self.clock()
            grant.revoked_by = actor.user_id
            s.add(grant)
            s.flush()
            self._bump(s, grant.user_id)

        self.db.write(work, actor=actor)

    def _active_admins(self, s) -> int:
        return s.exec(select(func.count(RoleGrant.id)).join(
            UserAccount, UserAccount.id == RoleGrant.user_id).where(
            RoleGrant.role == Role.ADMIN, RoleGrant.revoked_at.is_(None), UserAccount.is_active)).one()

    def reset_password(self, actor: Actor, user_id: int, new_password: str) -> None:
        require(actor, Perm.USER_MANAGE)
        try:
            validate_password(new_password)
        except ValueError as exc:
            raise ValidationError.single("password", str(exc)) from None
        pw_hash = self.hasher.hash(new_password)

        def work(s):
            user = self._user(s, user_id)
            user.password_hash = pw_hash
            user.failed_attempts = 0
            user.locked_until = None
            s.add(user)

        self.db.write(work, actor=actor)

    def change_own_password(self, actor: Actor, old: str, new: str) -> None:
        try:
            validate_password(new)
        except ValueError as exc:
            raise ValidationError.single("new_password", str(exc)) from None
        if not self.verify_password(actor.user_id, old):
            raise ValidationError.single("old_password", "현재 비밀번호가 올바르지 않습니다.")
        pw_hash = self.hasher.hash(new)

        def work(s):
            user = self._user(s, actor.user_id)
            user.password_hash = pw_hash
            s.add(user)

        self.db.write(work, actor=actor)

    def set_active(self, actor: Actor, user_id: int, active: bool) -> None:
        """Deactivate (or reactivate) a user. Users are never deleted."""
        require(actor, Perm.USER_MANAGE)

        def work(s):
            user = self._user(s, user_id)
            if not active:
                if user.id == actor.user_id:
                    raise Conflict("자기 자신의 계정은 비활성화할 수 없습니다.")
                is_admin = s.exec(select(RoleGrant.id).where(
                    RoleGrant.user_id == user.id, RoleGrant.role == Role.ADMIN,
                    RoleGrant.revoked_at.is_(None))).first()
                if is_admin and self._active_admins(s) <= 1:
                    raise Conflict("마지막 관리자는 비활성화할 수 없습니다.")
            if user.is_active != active:
                user.is_active = active
                s.add(user)
                s.flush()
                self._bump(s, user.id)

        self.db.write(work, actor=actor)
