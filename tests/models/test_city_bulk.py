"""The city demo's bulk writers (``models.core.bulk_insert``, ``models.core.audit_bulk``)
write exactly what the Core insert and the audit log's own chaining write: the same
stored text and types, the same hashes, a chain that ``check`` verifies."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy import text

from models.core import audit_bulk, audit_chain, bulk_insert
from models.core.audit_table import AuditLog
from models.core.integrity import check
from models.core.time import utcnow
from models.core.types import UTCDateTime, enum_column
from models.demo import CityPlan, generate_city
from models.registry import Services
from tests.conftest import FAST_HASHER, FakeClock


class Kind(enum.Enum):
    A = "a"
    B = "b"


_META = sa.MetaData()
PLAIN = sa.Table(  # every kind of conversion a city table has, and constant defaults
    "bulk_probe", _META,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("at", UTCDateTime(), nullable=True),
    sa.Column("day", sa.Date(), nullable=True),
    sa.Column("kind", enum_column(Kind, "bulk_kind").type, nullable=False, default=Kind.B),
    sa.Column("flag", sa.Boolean(), nullable=False, default=False),
    sa.Column("data", sa.JSON(), nullable=True),
    sa.Column("by", sa.Text(), nullable=True),  # a keyword as a column name
)
CLOCKED = sa.Table(  # a default from the clock: left to Core
    "bulk_clocked", _META,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("made", UTCDateTime(), nullable=False, default=utcnow),
)


def _rows(first: int) -> list[dict]:
    seoul = timezone(timedelta(hours=9))
    return [{"id": first + i, "at": [datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
                                     datetime(2026, 1, 2, 12, 0, tzinfo=seoul), None][i % 3],
             "day": date(2026, 1, 1) + timedelta(days=i) if i % 2 else None,
             "data": [{"이름": "홍*동", "n": i, "x": [1.5, None, True]}, None][i % 2],
             "by": f"누구{i}"} for i in range(6)]


def _stored(conn, table: str, where: str) -> list[tuple]:
    cols = [r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})") if r[1] != "id"]
    picked = ", ".join(f'"{c}", typeof("{c}")' for c in cols)
    return conn.exec_driver_sql(f"SELECT {picked} FROM {table} WHERE {where} ORDER BY id").all()


def test_bulk_insert_stores_what_the_core_insert_stores(sqlite_db):
    with sqlite_db.engine.begin() as conn:
        _META.create_all(conn)
        conn.execute(PLAIN.insert(), _rows(1))
        bulk_insert.insert(conn, PLAIN, _rows(101))
        conn.execute(PLAIN.insert(), [{**r, "kind": Kind.A, "flag": True} for r in _rows(201)])
        bulk_insert.insert(conn, PLAIN, [{**r, "kind": Kind.A, "flag": True} for r in _rows(301)])
        bulk_insert.insert(conn, CLOCKED, [{"id": 1}])
    with sqlite_db.engine.connect() as conn:
        core, bulk = _stored(conn, "bulk_probe", "id < 100"), _stored(conn, "bulk_probe", "id BETWEEN 100 AND 199")
        given_core = _stored(conn, "bulk_probe", "id BETWEEN 200 AND 299")
        given_bulk = _stored(conn, "bulk_probe", "id >= 300")
        made = conn.execute(sa.select(CLOCKED.c.made)).scalar()
    assert core == bulk and given_core == given_bulk and core != given_core
    assert ("b", "text") == core[0][4:6] and ("누구0", "text") == core[0][-2:]
    assert made is not None  # the clock's default was applied (through Core)


def _audit_rows(start: datetime) -> list[dict]:
    rows = []
    for i in range(40):
        rows.append({
            "at": start + timedelta(minutes=i), "user_id": None, "username": ["admin", None][i % 2],
            "action": ["insert", "update", "read"][i % 3], "entity": "youth", "entity_id": str(i),
            "facility_id": [1, None][i % 2],
            "old_values": {"status": "booked", "n": i} if i % 3 == 1 else None,
            "new_values": {"name": "김*수", "phone": "010-****-1234", "at": "2026-01-01T00:00:00+00:00",
                           "flag": bool(i % 2), "score": 1.25 * i} if i % 3 != 2 else None,
            "detail": "열람" if i % 3 == 2 else None})
    return rows


def test_the_bulk_audit_writer_chains_and_stores_as_the_audit_log_does(sqlite_db):
    start = datetime(2026, 3, 1, 1, 2, 3, 456789, tzinfo=UTC)
    with sqlite_db.engine.begin() as conn:
        first = audit_chain.head(conn).seq
        rows = _audit_rows(start)
        audit_chain.link(conn, rows)  # the normal path: link, then the Core insert
        conn.execute(AuditLog.__table__.insert(), rows)
        bulk = _audit_rows(start)
        head = audit_bulk.append(conn, bulk, audit_bulk.begin(conn))
        for a, b in zip(rows, bulk, strict=True):
            assert audit_bulk.canonical(b, b["at"].isoformat(timespec="microseconds")) == \
                audit_chain.canonical(a | {"seq": b["seq"]})
    with sqlite_db.engine.connect() as conn:
        assert audit_chain.head(conn) == head and head.seq == first + 80
        normal = _stored(conn, "audit_log", f"seq > {first} AND seq <= {first + 40}")
        fast = _stored(conn, "audit_log", f"seq > {first + 40}")
        assert audit_chain.verify(conn).ok
    strip = [r[:-4] for r in normal]  # all but seq and row_hash (and their types)
    assert strip == [r[:-4] for r in fast]
    assert ("null", "text") in [r[14:16] for r in fast]  # a missing old_values as JSON null


def test_a_city_build_leaves_the_schema_and_journal_as_they_were(sqlite_db):
    def schema():
        with sqlite_db.engine.connect() as conn:
            return conn.execute(text("SELECT type, name, sql FROM sqlite_master WHERE type IN "
                                     "('trigger', 'index') ORDER BY name")).all()
    before = schema()
    assert any(name == "audit_log_no_replace" for _t, name, _s in before)
    generate_city(Services(sqlite_db, clock=FakeClock(), hasher=FAST_HASHER), CityPlan.scaled(60, years=0.1))
    assert schema() == before  # the dropped guards are back, with their own text
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        last = conn.execute(text("SELECT max(id) FROM audit_log")).scalar()
    # the guard refuses a replacing insert again
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT OR REPLACE INTO audit_log (id, at, action, entity) "
                             f"VALUES ({last}, '2026-01-01 00:00:00.000000', 'read', 'x')")
    assert check(sqlite_db).ok
