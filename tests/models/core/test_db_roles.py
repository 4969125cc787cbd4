"""The two roles on PostgreSQL (issue 9, defect 4): the app's role may insert and read the
audit log and work normally, and cannot truncate, change, delete, switch off the triggers
of or drop it; with the schema behind it is told to let the owner upgrade."""

from __future__ import annotations

import uuid

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import models.core.migrate as migrate
from models.core.db import Database
from models.core.db_roles import RoleError, grant_app_role
from models.core.errors import StorageError
from models.core.integrity import check
from models.core.migrate import NEEDS_OWNER, status, upgrade
from models.registry import Services
from tests.conftest import FAST_HASHER, PG_URL, _ensure_pg_database, truncate_all
from tests.factories.world import make_world, youth_data
from tests.models.util import audit_rows, count

pytestmark = pytest.mark.skipif(not PG_URL, reason="YJD_TEST_DATABASE_URL is not set")
INSUFFICIENT_PRIVILEGE = "42501"


def drop_role(owner: Database, role: str) -> None:
    with owner.engine.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))  # its grants and default privileges
        conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


@pytest.fixture
def app_role(pg_database):
    """A fresh login role of this test, granted by ``grant_app_role`` on the test database;
    dropped afterwards. Yields (role, Database connected as the role)."""
    truncate_all(pg_database)
    role = f"yjd_app_{uuid.uuid4().hex[:10]}"
    granted = grant_app_role(pg_database, role, password="app-pass'1")
    assert granted.created and granted.role == role
    app = Database(make_url(PG_URL).set(username=role, password="app-pass'1"))
    yield role, app
    app.dispose()
    drop_role(pg_database, role)


def refused(app: Database, statement: str) -> str:
    with pytest.raises(DBAPIError) as caught:
        with app.engine.begin() as conn:
            conn.execute(text(statement))
    return caught.value.orig.sqlstate


@pytest.mark.parametrize("statement", [
    "TRUNCATE audit_log",
    "UPDATE audit_log SET username = 'mallory'",
    "DELETE FROM audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_log_no_truncate ON audit_log",
    "DROP TABLE audit_log",
    "ALTER TABLE audit_log OWNER TO CURRENT_USER",
    "UPDATE alembic_version SET version_num = '0001'",
    "CREATE TRIGGER t BEFORE INSERT ON youth FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
])
def test_the_app_role_cannot_touch_the_log_or_the_schema(app_role, pg_database, statement):
    role, app = app_role
    services = Services(pg_database, hasher=FAST_HASHER)
    make_world(services)
    before = [(r.id, r.row_hash) for r in audit_rows(pg_database)]
    assert refused(app, statement) == INSUFFICIENT_PRIVILEGE
    assert [(r.id, r.row_hash) for r in audit_rows(pg_database)] == before
    assert check(pg_database).ok


def test_the_app_role_starts_works_and_every_write_is_audited(app_role, pg_database, clock):
    role, app = app_role
    assert upgrade(app).up_to_date  # the start-up path: the schema is at head, no DDL
    services = Services(app, clock=clock, hasher=FAST_HASHER)
    world = make_world(services)
    room = services.facilities.add_room(world.manager, world.a,
                                        {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    yid = services.youth.create(world.counselor, world.a, youth_data())
    bid = services.rooms.book(world.front_desk, world.a, {
        "room_id": room, "youth_id": yid, "day": "2026-11-30", "start": "14:00", "end": "16:00",
        "identity_confirmed": True})
    services.youth.contact(world.front_desk, world.a, yid)
    assert {r.entity for r in audit_rows(app)} >= {"facility", "user_account", "room", "youth",
                                                   "booking"}
    assert [r.entity_id for r in audit_rows(app, entity="booking")] == [str(bid)]
    report = check(app)  # check runs as the app role too
    assert report.ok, report.problems
    assert report.notes == []  # the owner note is for the owner only
    assert report.chain.count == count(app, "audit_log") > 10
    assert any("소유자" in n for n in check(pg_database).notes)


def test_granting_again_keeps_the_role_and_refuses_the_owner_and_bad_names(app_role, pg_database):
    role, app = app_role
    assert not grant_app_role(pg_database, role).created
    with app.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 0
    owner = make_url(PG_URL).username
    with pytest.raises(RoleError, match="소유자"):
        grant_app_role(pg_database, owner)
    for bad in ("", "Yjd", "1app", 'x"; DROP TABLE youth; --', "a" * 64):
        with pytest.raises(RoleError, match="역할 이름"):
            grant_app_role(pg_database, bad)


def test_grant_is_refused_on_sqlite(sqlite_db):
    with pytest.raises(RoleError, match="PostgreSQL에서만"):
        grant_app_role(sqlite_db, "yjd_app")


@pytest.fixture
def behind():
    """A second test database (the test URL's name + "b") at revision 0005, and an app
    role granted on it."""
    url = make_url(PG_URL)
    url = url.set(database=url.database + "b")
    _ensure_pg_database(url.render_as_string(hide_password=False))
    owner = Database(url)
    with owner.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    cfg = migrate._config()
    with owner.transaction() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    role = f"yjd_app_{uuid.uuid4().hex[:10]}"
    grant_app_role(owner, role)
    app = Database(url.set(username=role))
    yield owner, app
    app.dispose()
    drop_role(owner, role)
    owner.dispose()


def test_a_schema_behind_asks_for_the_owner_and_changes_nothing(behind):
    owner, app = behind
    with pytest.raises(StorageError) as caught:
        upgrade(app)
    assert caught.value.kind == NEEDS_OWNER
    assert "소유자 역할로 'python main.py db upgrade" in caught.value.message
    assert status(owner).current == "0005"
    assert upgrade(owner).up_to_date  # the owner upgrades ...
    assert upgrade(app).up_to_date  # ... and the app starts

