"""Fixtures of the data-layer tests.

``empty_db`` is a database with no schema at all, on each backend: a new SQLite file, or a
fresh PostgreSQL schema (selected through ``search_path``) that is dropped afterwards, so
the shared, already migrated test database is never touched.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.core.db import Database, sqlite_url
from tests.conftest import BACKENDS, PG_URL


@pytest.fixture(params=BACKENDS)
def empty_db(request, tmp_path):
    if request.param == "sqlite":
        database = Database(sqlite_url(tmp_path / "empty.db"))
        yield database
        database.dispose()
        return
    request.getfixturevalue("pg_database")  # makes sure the test database exists
    schema = f"yjd_empty_{os.getpid()}"
    base = Database(PG_URL)
    with base.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    database = Database(url)
    yield database
    database.dispose()
    with base.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    base.dispose()


@pytest.fixture
def desk(services, world):
    """CAFE-A with two booths publishing two weeks from Monday 11/30, and three youths
    (booth tests)."""
    from types import SimpleNamespace

    from tests.models.booths.test_booth_slots import MON, add_booth, publish
    from tests.models.rooms.test_room_bookings import add_youth
    next_fri = MON + timedelta(days=11)
    b1, b2 = add_booth(services, world), add_booth(services, world, "AI 면접 부스 2")
    publish(services, world, b1, MON, next_fri)
    publish(services, world, b2, MON, next_fri)
    return SimpleNamespace(b1=b1, b2=b2, y1=add_youth(services, world, 0), y2=add_youth(services, world, 1),
                           y3=add_youth(services, world, 2))
