"""The booking write path (models/rooms/store.py): the conflict check and the
insert as one statement run on the DBAPI cursor, on SQLite and PostgreSQL.

What a user would notice if it went wrong: a booking saved with a shifted time or a lost
note, a double booking, a cancelled booking still blocking its room, a database error
leaking a youth's note, or a booking missing from the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import select

import models.rooms.store as store
from models.core.errors import StorageError
from models.core.masking import scrub_error
from models.desk.enums import BookingStatus
from models.rooms.enums import Purpose
from models.rooms.store import COLUMNS, insert_if_free
from models.rooms.tables import Booking
from tests.factories.rooms import MON, at, book, make_desk, raw_insert
from tests.models.util import audit_rows, count, load


@pytest.fixture
def rooms(services, world):
    return make_desk(services, world)


def values(world, rooms, start="14:00", end="16:00", day=MON, **over) -> dict:
    v = dict.fromkeys(COLUMNS)
    v.update(facility_id=world.a, room_id=rooms.room, youth_id=rooms.y1, starts_at=at(day, start),
             ends_at=at(day, end), headcount=2, purpose=Purpose.MEETING, note="모의면접 스터디 – 3층",
             status=BookingStatus.BOOKED, walk_in=True, created_at=datetime(2026, 11, 27, 1, 0, tzinfo=UTC),
             created_by=world.front_desk.user_id)
    v.update(over)
    return v


def insert(db, v) -> int | None:
    return db.write(lambda s: insert_if_free(s.connection(), v))


def test_every_value_is_stored_as_the_orm_would_store_it(services, world, rooms):
    v = values(world, rooms, override_reason="센터장 승인 – 행사", override_by=world.manager.user_id)
    new_id = insert(services.db, v)
    stored = load(services.db, lambda s: s.get(Booking, new_id))
    for column in COLUMNS:
        assert getattr(stored, column) == v[column], column
    assert stored.starts_at.tzinfo is not None and stored.starts_at == at(MON, "14:00")
    assert (stored.checked_in_at, stored.cancel_code) == (None, None)
    # and the services read it back as the desk sees it: Seoul time, masked name
    row = services.rooms.get(world.front_desk, new_id)
    assert (row.time_text, row.youth_masked, row.purpose.label) == ("14:00–16:00", "홍*동", "회의")


@pytest.mark.parametrize("start,end", [("13:00", "14:30"), ("15:30", "17:00"), ("14:30", "15:00"),
                                       ("13:00", "17:00"), ("14:00", "16:00")])
def test_an_overlapping_active_booking_keeps_the_room(services, world, rooms, start, end):
    first = insert(services.db, values(world, rooms))
    assert first is not None
    assert insert(services.db, values(world, rooms, start, end, youth_id=rooms.y2)) is None
    assert count(services.db, "booking") == 1


def test_a_checked_in_booking_keeps_the_room(services, world, rooms):
    insert(services.db, values(world, rooms, status=BookingStatus.CHECKED_IN))
    assert insert(services.db, values(world, rooms, "15:00", "16:00", youth_id=rooms.y2)) is None


def test_touching_other_rooms_and_ended_bookings_do_not_block(services, world, rooms):
    insert(services.db, values(world, rooms))  # 14:00–16:00
    raw_insert(services.db, world, rooms.room, rooms.y2, "10:00", "12:00", status="cancelled")
    raw_insert(services.db, world, rooms.room, rooms.y3, "12:00", "13:00", status="no_show")
    assert insert(services.db, values(world, rooms, "16:00", "17:00")) is not None
    assert insert(services.db, values(world, rooms, "13:00", "14:00")) is not None
    assert insert(services.db, values(world, rooms, "14:00", "16:00", room_id=rooms.room2)) is not None
    assert insert(services.db, values(world, rooms, "10:00", "12:00", youth_id=rooms.y2)) is not None
    assert insert(services.db, values(world, rooms, "12:00", "13:00", youth_id=rooms.y3)) is not None
    assert count(services.db, "booking") == 8


def test_a_booking_from_the_day_before_that_runs_into_the_morning_is_found(services, world, rooms):
    """The check only looks back one day (the longest booking the database accepts), and
    that is far enough."""
    long_night = values(world, rooms, starts_at=at(MON - timedelta(days=1), "10:00"),
                        ends_at=at(MON, "09:00"))  # 23 hours
    assert insert(services.db, long_night) is not None
    assert insert(services.db, values(world, rooms, "08:30", "10:00", youth_id=rooms.y2)) is None
    assert insert(services.db, values(world, rooms, "09:00", "10:00", youth_id=rooms.y2)) is not None


def test_database_errors_come_out_as_sqlalchemy_errors_without_the_values(services, world, rooms):
    bad = values(world, rooms, headcount=0, note="비밀 메모 010-1234-5678")
    with pytest.raises(IntegrityError) as info:
        insert(services.db, bad)
    assert "headcount" in str(info.value.orig).lower()
    assert "[parameters" not in str(info.value)  # the engine's hide_parameters holds here too
    # PostgreSQL quotes the failing row in its DETAIL line; what goes to a log is scrubbed
    logged = scrub_error(str(info.value))
    assert "010-1234-5678" not in logged and "비밀" not in logged and "headcount" in logged
    assert count(services.db, "booking") == 0


def test_a_value_the_column_refuses_is_a_statement_error_and_nothing_is_written(services, world, rooms):
    naive = values(world, rooms, starts_at=datetime(2026, 11, 30, 14, 0))
    with pytest.raises(StatementError) as info:
        insert(services.db, naive)
    assert "naive datetime" in str(info.value)
    with pytest.raises(StatementError):
        insert(services.db, values(world, rooms, purpose="party"))
    assert count(services.db, "booking") == 0


def test_a_missing_created_at_gets_the_column_default(services, world, rooms):
    before = datetime.now(UTC)
    new_id = insert(services.db, values(world, rooms, created_at=None))
    stored = load(services.db, lambda s: s.get(Booking, new_id))
    assert before - timedelta(seconds=1) <= stored.created_at <= datetime.now(UTC) + timedelta(seconds=1)


def test_a_lost_connection_is_a_korean_message_and_the_next_write_works(services, world, rooms):
    """The server drops the connection mid-booking (restart, network): the desk sees the
    'cannot reach the server' message, not a crash, and the next booking goes through."""
    if not services.db.is_postgresql:
        pytest.skip("a server connection to lose")
    from sqlalchemy import text

    def work(s):
        pid = s.connection().execute(text("SELECT pg_backend_pid()")).scalar()
        with services.db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return insert_if_free(s.connection(), values(world, rooms))

    with pytest.raises(StorageError) as info:
        services.db.write(work)
    assert info.value.kind == StorageError.UNAVAILABLE and "서버" in info.value.message
    assert insert(services.db, values(world, rooms)) is not None
    assert count(services.db, "booking") == 1


def test_a_transaction_is_rolled_back_when_a_later_step_fails(services, world, rooms):
    def work(s):
        assert insert_if_free(s.connection(), values(world, rooms)) is not None
        raise RuntimeError("a later rule failed")

    with pytest.raises(RuntimeError):
        services.db.write(work)
    assert count(services.db, "booking") == 0
    with pytest.raises(RuntimeError):
        with services.db.transaction() as conn:
            insert_if_free(conn, values(world, rooms))
            raise RuntimeError("stop")
    assert count(services.db, "booking") == 0
    with services.db.transaction() as conn:
        kept = insert_if_free(conn, values(world, rooms))
    assert load(services.db, lambda s: s.exec(select(Booking.id)).all()) == [kept]


def test_book_writes_one_audit_row_like_the_flush_listener(services, world, rooms):
    bid = book(services, world.front_desk, world.a, rooms.room, rooms.y1, headcount=3, note="조용히")
    [row] = audit_rows(services.db, entity="booking")
    assert (row.action, row.entity_id, row.facility_id, row.username) == (
        "insert", str(bid), world.a, "frontdesk")
    new = row.new_values
    assert (new["id"], new["room_id"], new["youth_id"], new["headcount"], new["status"], new["note"]) == (
        bid, rooms.room, rooms.y1, 3, "booked", "조용히")
    assert datetime.fromisoformat(new["starts_at"]) == at(MON, "14:00")
    # an update through the unit of work still goes through the listener
    services.rooms.cancel(world.front_desk, bid, "staff", "시설 점검")
    actions = [r.action for r in audit_rows(services.db, entity="booking")]
    assert actions == ["insert", "update"]


def test_a_locked_sqlite_file_is_a_korean_message_not_a_crash(services, world, rooms):
    if not services.db.is_sqlite:
        pytest.skip("SQLite file locking")
    import sqlite3

    other = sqlite3.connect(services.db.sqlite_path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    services.db.dispose()
    locked = type(services.db)(services.db.url, busy_timeout_ms=50)
    try:
        with pytest.raises(StorageError) as info:
            with locked.transaction() as conn:
                insert_if_free(conn, values(world, rooms))
        assert info.value.kind == StorageError.LOCKED and "사용 중" in info.value.message
    finally:
        other.execute("ROLLBACK")
        other.close()
        locked.dispose()
    assert count(services.db, "booking") == 0


# ----------------------------------------- COLUMNS and the booking table must agree
#: the columns a new booking leaves to the database: its id, and what check-in and
#: cancellation fill in later. A new booking column goes into COLUMNS or into this set.
STARTS_EMPTY = frozenset({"id", "checked_in_at", "checked_in_by", "cancelled_at", "cancelled_by",
                          "cancel_code", "cancel_reason"})


def column_problems(columns=None, table=None, model=Booking, starts_empty=STARTS_EMPTY) -> list[str]:
    """Where the raw INSERT's column list (``store.COLUMNS``) and the booking table disagree.

    The store writes exactly ``COLUMNS``, applies the table's Python column defaults to the
    ones left None, and leaves every other column to the database; ``insert_booking`` audits
    the whole ORM object. So a column left out must start empty (nullable, no default of any
    kind) or it is lost or refused; and a column in the list must not rely on a server default
    (the statement sends its NULL explicitly).
    """
    columns = store.COLUMNS if columns is None else columns
    table = Booking.__table__ if table is None else table
    names = [c.name for c in table.columns]
    problems = [f"{c}: in COLUMNS but not a column of {table.name}" for c in columns if c not in names]
    problems += [f"{c}: twice in COLUMNS" for c in sorted({c for c in columns if columns.count(c) > 1})]
    problems += [f"{c}: in COLUMNS and in STARTS_EMPTY" for c in columns if c in starts_empty]
    problems += [f"{c}: in STARTS_EMPTY but not a column of {table.name}" for c in sorted(starts_empty)
                 if c not in names]
    for column in table.columns:
        name = column.name
        if name in columns:
            if column.server_default is not None:
                problems.append(f"{name}: has a server default, which the raw INSERT's NULL overrides")
            continue
        if name not in starts_empty:
            problems.append(f"{name}: left out of the raw INSERT (add it to COLUMNS, or to STARTS_EMPTY "
                            "if a new booking leaves it empty)")
            continue
        if column.primary_key:
            if column.autoincrement not in (True, "auto"):
                problems.append(f"{name}: a primary key the database does not number")
            continue
        if not column.nullable:
            problems.append(f"{name}: NOT NULL but left out of the raw INSERT")
        if column.default is not None or column.server_default is not None:
            problems.append(f"{name}: has a column default the raw INSERT never applies")
        field = model.model_fields.get(name) if model is not None else None
        if field is not None and field.default not in (None, PydanticUndefined):
            problems.append(f"{name}: the model defaults it to {field.default!r}, the raw INSERT to NULL")
    return problems


def test_columns_and_the_booking_table_agree():
    assert column_problems() == []
    # and what the store derives from them: the insert's columns in order, the defaults it applies
    compiled = str(store._STATEMENT.compile())
    assert compiled.startswith(f"INSERT INTO booking ({', '.join(COLUMNS)}) SELECT ")
    table = Booking.__table__
    assert store._DEFAULTS == tuple((c, table.c[c].default) for c in COLUMNS if table.c[c].default is not None)
    assert [c for c, _ in store._DEFAULTS] == ["created_at"]


@pytest.mark.parametrize("change,expected", [
    (lambda cols: tuple(c for c in cols if c != "headcount"), "headcount: left out of the raw INSERT"),
    (lambda cols: tuple(c for c in cols if c != "override_reason"), "override_reason: left out"),
    (lambda cols: (*cols, "room"), "room: in COLUMNS but not a column of booking"),
    (lambda cols: (*cols, "note"), "note: twice in COLUMNS"),
    (lambda cols: (*cols, "cancel_code"), "cancel_code: in COLUMNS and in STARTS_EMPTY"),
])
def test_the_guard_reports_a_column_list_that_disagrees(monkeypatch, change, expected):
    monkeypatch.setattr(store, "COLUMNS", change(store.COLUMNS))
    problems = column_problems()
    assert any(p.startswith(expected) for p in problems), problems


def test_the_guard_reports_a_table_that_disagrees():
    """A column added to the table (NOT NULL with a default) and a later column given a
    default are both reported, and the real store's list still matches the rest."""
    table = Booking.__table__.to_metadata(sa.MetaData())
    table.append_column(sa.Column("reminded", sa.Boolean(), nullable=False, server_default=sa.false()))
    table.c.cancel_reason.server_default = sa.schema.DefaultClause("")
    model = SimpleNamespace(model_fields={**Booking.model_fields, "checked_in_by": FieldInfo(default=0)})
    assert column_problems(table=table, model=model) == [
        "checked_in_by: the model defaults it to 0, the raw INSERT to NULL",
        "cancel_reason: has a column default the raw INSERT never applies",
        "reminded: left out of the raw INSERT (add it to COLUMNS, or to STARTS_EMPTY if a new booking "
        "leaves it empty)"]
