"""Shared fixtures.

``db`` is a freshly migrated database on each backend: SQLite always, PostgreSQL when
``YJD_TEST_DATABASE_URL`` is set (otherwise those tests are skipped). SQLite tests copy a
migrated template file (``sqlite_db``); PostgreSQL tests truncate every table of a database
migrated once per run. The GUI tests override ``db`` with ``sqlite_db`` only
(tests/gui/conftest.py): the PostgreSQL pass covers the services.

Every test gets its own QSettings folder (``_own_qsettings``). Builders shared between test
modules live in ``tests/factories/``.
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
os.environ["YJD_CACHE_DIR"] = os.path.join(_SANDBOX, "cache")

from models.core.db import Database, sqlite_url  # noqa: E402
from models.core.migrate import upgrade  # noqa: E402
from models.registry import Services  # noqa: E402
from tests.factories.world import make_world, youth_data  # noqa: E402, F401  (youth_data: older imports)

PG_URL = os.environ.get("YJD_TEST_DATABASE_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="YJD_TEST_DATABASE_URL is not set"))]
# YJD_TEST_POSTGRESQL_ONLY=1 (CI's second run, after the whole suite has run on SQLite):
# only the tests that reach PostgreSQL run again (see pytest_collection_modifyitems)
PG_ONLY = bool(PG_URL) and os.environ.get("YJD_TEST_POSTGRESQL_ONLY") == "1"
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
    """Empty every table. The audit log refuses TRUNCATE (a trigger, migration 0006): the
    test server's superuser switches the triggers off for this one transaction."""
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        tables = [r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'alembic_version'"))]
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                              + " RESTART IDENTITY CASCADE"))


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template):
    """A migrated SQLite database of this test alone (a copy of the template file)."""
    path = tmp_path / "yjd.db"
    shutil.copy(sqlite_template, path)
    shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")  # the chain's head
    database = Database(sqlite_url(path))
    yield database
    database.dispose()


@pytest.fixture(params=BACKENDS)
def db(request):
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_db")
    database = request.getfixturevalue("pg_database")
    truncate_all(database)
    return database


@pytest.fixture(autouse=True)
def _own_qsettings(tmp_path_factory):
    """QSettings of this test alone: window size, last page and facility choices written by
    one test are not seen by the next. ``gui.context.settings()`` makes a new
    ``QSettings(ORG, APP)`` (native format, user scope) on every call, so pointing the
    format's path at a fresh folder before the test is enough."""
    from PySide6.QtCore import QSettings
    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.NativeFormat, QSettings.IniFormat):
        QSettings.setPath(fmt, QSettings.UserScope, str(folder / "user"))
        QSettings.setPath(fmt, QSettings.SystemScope, str(folder / "system"))
    return folder


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def services(db, clock):
    return Services(db, clock=clock, hasher=FAST_HASHER)


@pytest.fixture
def world(services):
    """Two facilities and one user per role (tests/factories/world.py)."""
    return make_world(services)


def _reaches_postgresql(item) -> bool:
    """Whether a test reaches PostgreSQL: its postgresql parameter, the PostgreSQL database
    fixture, or a module that reads PG_URL itself (concurrency, roles, the CLI on a URL).
    A test's sqlite twin, and a test that never touches a database server, ran in the
    SQLite run already."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    values = {v for v in params.values() if isinstance(v, str)}
    if "sqlite" in values:
        return False
    if "postgresql" in values or "pg_database" in getattr(item, "fixturenames", ()):
        return True
    return getattr(getattr(item, "module", None), "PG_URL", None) is not None


def pytest_collection_modifyitems(config, items):
    if not PG_ONLY:
        return
    keep = [i for i in items if _reaches_postgresql(i)]
    dropped = [i for i in items if not _reaches_postgresql(i)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
