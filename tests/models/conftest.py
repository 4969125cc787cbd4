"""Fixtures of the data-layer tests.

``empty_db`` is a database with no schema at all, on each backend: a new SQLite file, or a
fresh PostgreSQL schema (selected through ``search_path``) that is dropped afterwards, so
the shared, already migrated test database is never touched.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from models.core.db import Database, sqlite_url
from tests.conftest import BACKENDS, PG_URL
from tests.factories.booths import make_desk as make_booth_desk


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
    (booth tests; the room tests define their own ``desk``)."""
    return make_booth_desk(services, world)
