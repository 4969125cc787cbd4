"""Shared fixtures.

``db`` is a freshly migrated database on each backend: SQLite always, PostgreSQL when
``YJD_TEST_DATABASE_URL`` is set (otherwise those tests are skipped). SQLite tests copy a
migrated template file; PostgreSQL tests truncate every table of a database migrated
once per run.
"""

from __future__ import annotations

import os
import shutil
import tempfile  # noqa: E402
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# keep QSettings, logs and data of test runs away from the real user folders
_SANDBOX = tempfile.mkdtemp(prefix="yjd-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_SANDBOX, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_SANDBOX, "data")
os.environ["YJD_LOG_DIR"] = os.path.join(_SANDBOX, "log")

from models.core.db import Database, sqlite_url  # noqa: E402
from models.core.migrate import upgrade  # noqa: E402
from models.registry import Services  # noqa: E402

PG_URL = os.environ.get("YJD_TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="YJD_TEST_DATABASE_URL is not set"))]
# fast hashing keeps the suite quick; production uses argon2-cffi's defaults
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class FakeClock:
    """A settable clock: tests move time instead of sleeping."""

    def __init__(self, now: datetime | None = None):
        self.now = now or datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # Fri 10:00 in Seoul

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> None:
        from datetime import timedelta
        self.now += timedelta(**kw)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(sqlite_url(path))
    upgrade(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _ensure_pg_database(url: str) -> None:
    from sqlalchemy.engine import make_url
    u = make_url(url)
    admin = Database(u.set(database="postgres"))
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                              {"n": u.database}).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{u.database}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_database():
    _ensure_pg_database(PG_URL)
    db = Database(PG_URL)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(db)
    yield db
    db.dispose()


def truncate_all(db: Database) -> None:
    with db.engine.begin() as conn:
        tables = [r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"))]
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                              + " RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        path = tmp_path / "yjd.db"
        shutil.copy(sqlite_template, path)
        database = Database(sqlite_url(path))
        yield database
        database.dispose()
    else:
        database = request.getfixturevalue("pg_database")
        truncate_all(database)
        yield database


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def services(db, clock):
    return Services(db, clock=clock, hasher=FAST_HASHER)


@pytest.fixture
def world(services):
    """Two facilities and one user per role. Returns a namespace of actors and ids."""
    from types import SimpleNamespace

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


def youth_data(**over) -> dict:
    data = {"name": "홍길동", "birth_date": "1998-03-15", "phone": "010-1234-5678",
            "email": "hong@example.com", "district": "마포구", "channel": "online",
            "consent_on": "2026-11-01", "retention_years": 3}
    data.update(over)
    return data
