"""The youth search goes through the search index (issue 10, item 2) and finds exactly what
a plain scan of the registry would.

The index (``youth_gram``, models/youth/grams.py) is kept by the flush that writes the
youth; these tests register, edit and search through the service on both backends and
compare each result with the same search done the slow way, in Python, over every youth.
"""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from models.core.db import Database, sqlite_url
from models.core.migrate import upgrade
from models.registry import Services
from models.youth import grams
from models.youth import service as youth_service
from tests.conftest import FAST_HASHER
from tests.factories.world import youth_data

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "migrations"


def register(services, world, name, phone, n) -> int:
    return services.youth.create(world.admin, world.a, youth_data(
        name=name, phone=phone, email=None, birth_date=date(1995, 1, 1) + timedelta(days=n)),
        allow_duplicate=True)


def slow_search(db, query: str) -> list[int]:
    """What the search means, over every youth: newest first."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, name, phone FROM youth ORDER BY id DESC")).all()
    q = query.strip().lower()
    digits = re.sub(r"\D", "", q)
    if re.fullmatch(r"[\d\s\-.()]+", q) and len(digits) >= 3:
        return [i for i, _n, p in rows if digits in p]
    return [i for i, n, _p in rows if q in n.lower()]


def index_rows(db) -> set[tuple]:
    with db.engine.connect() as conn:
        return set(conn.execute(text("SELECT kind, gram, youth_id FROM youth_gram")).all())


NAMES = ["홍길동", "김민준", "김민", "이서연", "박지호", "남궁민수", "John Smith", "jane SMITH", "민준"]
PHONES = ["01012345678", "01098765432", "01055501234", "01012340000", "01112345678"]


@pytest.fixture
def registry(services, world):
    ids = [register(services, world, name, PHONES[i % len(PHONES)][:-2] + f"{i:02d}", i)
           for i, name in enumerate(NAMES)]
    return ids


@pytest.mark.parametrize("query", ["김", "민", "김민", "민준", "김민준", "궁민수", "smith", "SMITH",
                                   "n s", "John Smith", "길동 ", "없는이름", "123", "1234",
                                   "010-1234", "0101234", "555", "5678", "99999", "12", "-"])
def test_search_finds_what_a_scan_finds(services, world, db, registry, query):
    found = [y.id for y in services.youth.search(world.admin, world.a, query)]
    assert found == slow_search(db, query)
    assert services.youth.count(world.admin, world.a, query) == len(found)
    rows, total = services.youth.search_page(world.admin, world.a, query, limit=3)
    assert [y.id for y in rows] == found[:3] and total == len(found)


def test_an_edit_moves_the_record_to_its_new_name_and_phone(services, world, db, registry):
    first = registry[0]  # 홍길동
    data = services.youth.input_for(world.admin, world.a, first)
    services.youth.update(world.admin, world.a, first,
                          {**data, "name": "최우주", "phone": "010-7777-8888"}, allow_duplicate=True)
    assert [y.id for y in services.youth.search(world.admin, world.a, "우주")] == [first]
    assert [y.id for y in services.youth.search(world.admin, world.a, "7777")] == [first]
    assert services.youth.search(world.admin, world.a, "길동") == []
    assert index_rows(db) == _rebuilt(db), "the kept index differs from one built afresh"


def _rebuilt(db) -> set[tuple]:
    with db.engine.connect() as conn:
        youths = conn.execute(text("SELECT id, name, phone FROM youth")).all()
    return {(r["kind"], r["gram"], r["youth_id"]) for y in youths for r in grams.rows_for(*y)}


def test_count_stops_at_the_cap(services, world, db, registry, monkeypatch):
    monkeypatch.setattr(youth_service, "COUNT_CAP", 3)
    assert len(services.youth.search(world.admin, world.a, "")) == len(NAMES)
    assert services.youth.count(world.admin, world.a, "") == 4  # "more than 3"
    assert services.youth.count(world.admin, world.a, "민") == 4
    assert services.youth.count(world.admin, world.a, "smith") == 2


def test_pages_of_a_search_follow_each_other(services, world, db, registry):
    whole = [y.id for y in services.youth.search(world.admin, world.a, "민")]
    paged = [y.id for off in range(0, len(whole), 2)
             for y in services.youth.search(world.admin, world.a, "민", limit=2, offset=off)]
    assert len(whole) >= 4 and paged == whole


def _plan(db, sql: str, params: dict) -> str:
    with db.engine.connect() as conn:
        if db.is_sqlite:
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
            return "\n".join(str(r[-1]) for r in rows)
        conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table: ask which index it has
        return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql, params).all())


@pytest.mark.parametrize("query", ["민준", "김민준", "1234", "01012345678"])
def test_a_search_reads_the_index_not_the_registry(services, world, db, registry, query):
    stmt, params = services.youth._matching(query, "ids")
    compiled = stmt.params(params).limit(100).compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = _plan(db, str(compiled), {})
    assert "youth_gram" in plan
    if db.is_sqlite:
        assert "SCAN youth" not in plan and "TEMP B-TREE" not in plan, plan
    else:
        assert "Seq Scan on youth" not in plan and "Sort" not in plan, plan


names = st.text(alphabet="김이박민준서연 abAB", min_size=1, max_size=6).filter(lambda s: s.strip())
phones = st.from_regex(r"010[0-9]{8}", fullmatch=True)
queries = st.one_of(st.text(alphabet="김이박민준서연 abAB", min_size=1, max_size=4),
                    st.from_regex(r"[0-9]{3,6}", fullmatch=True))


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(st.tuples(names, phones), min_size=1, max_size=6), query=queries)
def test_any_registry_and_query_agree_with_a_scan(services, world, db, people, query):
    start = len(slow_search(db, ""))
    for i, (name, phone) in enumerate(people):
        register(services, world, name, phone, start + i)
    found = [y.id for y in services.youth.search(world.admin, world.a, query, limit=1000)]
    assert found == slow_search(db, query)
    assert services.youth.count(world.admin, world.a, query) == len(found)
    rows, total = services.youth.search_page(world.admin, world.a, query, limit=2)
    assert [y.id for y in rows] == found[:2] and total == len(found)


def test_upgrading_a_released_file_builds_the_index(tmp_path, clock):
    path = tmp_path / "release.db"
    shutil.copy(FIXTURES / "release-0003.db", path)
    db = Database(sqlite_url(path))
    try:
        upgrade(db)
        with db.engine.connect() as conn:
            name = conn.execute(text("SELECT name FROM youth ORDER BY id LIMIT 1")).scalar()
        assert name, "the release fixture has youths"
        services = Services(db, clock=clock, hasher=FAST_HASHER)
        admin = services.accounts.actor_for_username(None)
        fid = services.facilities.list_for(admin)[0].id
        for query in (name[-2:], name[:1]):
            found = [y.id for y in services.youth.search(admin, fid, query, limit=1000)]
            assert found and found == slow_search(db, query)
        assert index_rows(db) == _rebuilt(db)
    finally:
        db.dispose()


def test_a_large_batch_of_index_rows_is_the_same_index(services, world, db, registry):
    """Youths inserted with plain SQL are indexed in one batch (on PostgreSQL one statement
    of arrays past 200 rows): the index holds exactly what one built afresh holds, and the
    search finds the new youths."""
    with db.engine.begin() as conn:
        ids = []
        for i in range(30):
            ids.append(conn.execute(text(
                "INSERT INTO youth (name, birth_date, phone, district, channel, consent_on, retention_years,"
                " created_at, updated_at) VALUES (:n, :b, :p, '강남구', 'online', :c, 3, :t, :t) RETURNING id"),
                {"n": f"배치청년{i:02d}", "b": date(1999, 1, 1), "p": f"0107000{i:04d}",
                 "c": date(2026, 1, 1), "t": "2026-01-01 00:00:00"}).scalar_one())
        added = grams.add_rows(conn, [(y, f"배치청년{i:02d}", f"0107000{i:04d}") for i, y in enumerate(ids)])
    assert added > 200
    assert index_rows(db) == _rebuilt(db)
    found = {y.id for y in services.youth.search(world.admin, world.a, "배치청년")}
    assert found == set(ids)
    assert [y.id for y in services.youth.search(world.admin, world.a, "70000029")] == [ids[-1]]
