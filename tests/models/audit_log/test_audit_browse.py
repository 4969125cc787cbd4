"""Browsing the audit log at city scale (issue 10, item 3): pages by keyset over indexes,
counts that never walk the whole log, filter choices from the accounts and the schema.
Both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from models.audit_log import service as audit_service
from models.audit_log.service import AuditFilter
from models.core.audit_table import AuditLog
from tests.factories.world import youth_data


@pytest.fixture
def history(services, world):
    for n in range(7):
        services.youth.create(world.front_desk, world.a, youth_data(
            name="김청년", birth_date=date(1995, 1, 1 + n), phone=f"010-5555-{1000 + n}"))
    return world


def _all_ids(db, where: str = "1=1") -> list[int]:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text(f"SELECT id FROM audit_log WHERE {where} ORDER BY id DESC"))]


def test_pages_by_keyset_follow_each_other(services, db, history):
    whole = _all_ids(db)
    pages, before = [], None
    while True:
        rows = services.audit.list(history.admin, limit=4, before_id=before)
        if not rows:
            break
        pages += [r.id for r in rows]
        before = rows[-1].id
    assert pages == whole and len(whole) > 8


def test_a_filtered_page_by_keyset(services, db, history):
    f = AuditFilter(username="frontdesk", entity="youth")
    first = services.audit.list(history.admin, f, limit=3)
    rest = services.audit.list(history.admin, f, limit=100, before_id=first[-1].id)
    assert [r.id for r in first + rest] == _all_ids(
        db, "username = 'frontdesk' AND entity = 'youth'")
    assert len(first + rest) == 7


def test_the_unfiltered_count_is_the_logs_length_and_a_filtered_one_is_capped(
        services, db, history, monkeypatch):
    assert services.audit.count(history.admin) == len(_all_ids(db))
    assert services.audit.count(history.admin, AuditFilter(username="frontdesk")) == 7
    monkeypatch.setattr(audit_service, "COUNT_CAP", 5)
    assert services.audit.count(history.admin, AuditFilter(username="frontdesk")) == 6


def test_filter_choices_come_from_the_accounts_and_the_schema(services, history):
    users = services.audit.usernames(history.admin)
    assert users == sorted(["admin", "manager", "counselor", "frontdesk"])  # counselor has no entries
    entities = services.audit.entities(history.admin)
    assert {"youth", "facility", "user_account", "booking", "booth_booking"} <= set(entities)
    assert not {"audit_log", "alembic_version", "youth_gram"} & set(entities)


def _plan(db, stmt) -> str:
    sql = str(stmt.compile(db.engine, compile_kwargs={"literal_binds": True}))
    with db.engine.connect() as conn:
        if db.is_sqlite:
            return "\n".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        # a tiny table: ask which plan it has when scans and sorts cost the most (an index
        # that serves the order wins; without one the sort stays, at its penalty)
        for knob in ("seqscan", "bitmapscan", "sort"):
            conn.exec_driver_sql(f"SET enable_{knob} = off")
        return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))


@pytest.mark.parametrize(("f", "index"), [
    (AuditFilter(), None), (AuditFilter(username="frontdesk"), "ix_audit_username_id"),
    (AuditFilter(action="insert"), "ix_audit_action_id"),
    (AuditFilter(entity="youth"), "ix_audit_entity_id"),
    (AuditFilter(facility_id=1), "ix_audit_facility_id")], ids=["none", "user", "action", "entity", "facility"])
def test_each_filter_reads_an_index_backwards(services, db, history, f, index):
    from sqlmodel import select
    stmt = services.audit._where(select(AuditLog), f).where(AuditLog.id < 10_000) \
        .order_by(AuditLog.id.desc()).limit(200)
    plan = _plan(db, stmt)
    if index is not None:
        assert index in plan, plan
    if db.is_sqlite:
        assert "SEARCH audit_log USING" in plan and "SCAN" not in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    else:
        assert "Index Scan Backward" in plan and "Sort" not in plan, plan
