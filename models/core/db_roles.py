"""Two roles on PostgreSQL: the owner runs the migrations, the app connects as a role that
may not change the schema, and may only INSERT and SELECT on the audit log.

The role that owns a table can always disable or drop its triggers, truncate it or drop
it. So the schema belongs to an owner role (whoever ran the first start-up or
``python main.py db upgrade``), and ``grant_app_role`` (``python main.py db grant --app-role
yjd_app``, run as the owner) makes or updates the login role the app uses every day:

- CONNECT on the database, USAGE on the schema ``public``;
- SELECT, INSERT, UPDATE, DELETE on the app's tables, and the same on tables later
  migrations make (default privileges of the owner);
- on ``audit_log`` only SELECT and INSERT; on ``alembic_version`` only SELECT (the start
  reads the schema version; an upgrade needs the owner: ``migrate.needs_owner_error``);
- USAGE and SELECT on the sequences (new ids);
- no TRUNCATE, TRIGGER or REFERENCES anywhere, and no ownership: ALTER, DROP, DISABLE
  TRIGGER fail with "must be owner".

Advisory locks (the audit chain's) need no grant. Run it again after an upgrade that adds
tables if the owner differs from the one that granted (default privileges are per owner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from models.core.db import Database, translate
from models.core.errors import DomainError

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_INSUFFICIENT_PRIVILEGE = "42501"
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY = ("audit_log",)  # SELECT and INSERT only
READ_ONLY = ("alembic_version",)  # SELECT only


class RoleError(DomainError):
    """The app role could not be set up (the message says why, in Korean)."""


@dataclass(frozen=True)
class Granted:
    role: str
    created: bool
    tables: int


def _quote(conn, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _literal(conn, value: str) -> str:
    return sa.literal(value, sa.String()).compile(
        dialect=conn.dialect, compile_kwargs={"literal_binds": True}).string


def grant_app_role(db: Database, role: str, password: str | None = None) -> Granted:
    if not db.is_postgresql:
        raise RoleError("SQLite 데이터베이스에는 역할이 없습니다. 이 명령은 PostgreSQL에서만 씁니다.")
    if not ROLE_NAME.fullmatch(role or ""):
        raise RoleError("역할 이름은 영문 소문자, 숫자, 밑줄(_)로 63자까지이며 숫자로 시작할 수 없습니다.")
    try:
        with db.transaction() as conn:
            return _grant(conn, role, password)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == _INSUFFICIENT_PRIVILEGE:
            raise RoleError("이 역할에는 앱 역할을 만들거나 권한을 줄 권한이 없습니다. 테이블 소유자 "
                            "역할(역할을 만들려면 CREATEROLE 권한도)로 실행하세요.") from None
        raise translate(exc) or exc from None


def _grant(conn, role: str, password: str | None) -> Granted:
    me = conn.execute(sa.text("SELECT current_user")).scalar()
    if role == me:
        raise RoleError("앱 역할은 테이블 소유자(지금 접속한 역할)와 달라야 합니다.")
    owner = conn.execute(sa.text(
        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = to_regclass('audit_log')")).scalar()
    if owner is None:
        raise RoleError("스키마가 없습니다. 소유자 역할로 'python main.py db upgrade'를 먼저 실행하세요.")
    existing = conn.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = :r"),
                            {"r": role}).first()
    if existing is not None and existing.rolsuper:
        raise RoleError("앱 역할이 슈퍼유저입니다. 슈퍼유저는 모든 보호를 건너뛰므로 앱 역할로 쓸 수 없습니다.")
    q = _quote(conn, role)
    run = conn.exec_driver_sql
    if existing is None:
        run(f"CREATE ROLE {q} LOGIN")
    run(f"ALTER ROLE {q} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"
        + (f" PASSWORD {_literal(conn, password)}" if password else ""))
    database = _quote(conn, conn.execute(sa.text("SELECT current_database()")).scalar())
    run(f"GRANT CONNECT ON DATABASE {database} TO {q}")
    run(f"GRANT USAGE ON SCHEMA public TO {q}")
    run(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {q}")
    run(f"GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {q}")
    for table in (*APPEND_ONLY, *READ_ONLY):
        run(f"REVOKE ALL ON {table} FROM {q}")
        run(f"GRANT SELECT ON {table} TO {q}")
    for table in APPEND_ONLY:
        run(f"GRANT INSERT ON {table} TO {q}")
    run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {q}")
    run(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {APP_TABLE_PRIVILEGES} ON TABLES TO {q}")
    run(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {q}")
    tables = conn.execute(sa.text(
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
    return Granted(role, existing is None, tables)
