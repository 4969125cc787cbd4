"""Which constraint a refused write broke is read from the driver's fields (PostgreSQL's
``diag.constraint_name``, SQLite's extended result code and its own trigger's name), never
from the server's message text. Real refusals on both backends."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from models.booths.enums import SlotSource, SlotState
from models.booths.tables import BoothSlot
from models.core.db import violated_constraint

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)


@pytest.fixture
def booth(services, world):
    return services.facilities.add_room(world.admin, world.a, {
        "name": "AI 면접 부스 1", "kind": "ai_booth", "capacity": 1})


def _slot(world, booth, start, minutes=50, **over):
    return BoothSlot(facility_id=world.a, room_id=booth, starts_at=start,
                     ends_at=start + timedelta(minutes=minutes), state=SlotState.OPEN,
                     source=SlotSource.EXTRA, created_at=T0, **over)


def _refusal(db, rows) -> IntegrityError:
    with pytest.raises(IntegrityError) as caught:
        with db.session(write=True) as s:
            for row in rows:
                s.add(row)
                s.flush()
    return caught.value


def test_an_overlapping_slot_names_the_overlap_constraint(db, world, booth):
    exc = _refusal(db, [_slot(world, booth, T0), _slot(world, booth, T0 + timedelta(minutes=20))])
    assert violated_constraint(exc) == ("booth_slot_overlap" if db.is_sqlite else "booth_slot_no_overlap")


def test_a_duplicate_start_names_the_unique_index(db, world, booth):
    exc = _refusal(db, [_slot(world, booth, T0, minutes=10),
                        _slot(world, booth, T0, minutes=10, block_reason="dup")])
    # SQLite names the trigger first when the two overlap; PostgreSQL names the index
    assert violated_constraint(exc) in ("booth_slot_overlap", "ix_booth_slot_room_start",
                                        "booth_slot_no_overlap")


def test_a_check_constraint_is_named_on_postgresql_and_sqlite_says_nothing_it_cannot_read(db, world, booth):
    exc = _refusal(db, [_slot(world, booth, T0, minutes=-10)])
    if db.is_sqlite:  # SQLite's CHECK error carries no constraint name field
        assert violated_constraint(exc) is None
    else:
        assert violated_constraint(exc) == "ck_slot_order"


def test_the_message_text_alone_names_nothing():
    """The same words without the code are not read: a generic error mentioning a constraint."""
    plain = sqlite3.IntegrityError("booking_overlap")
    plain.sqlite_errorcode = 19  # SQLITE_CONSTRAINT without the trigger's extended code
    assert violated_constraint(plain) is None
    assert violated_constraint(ValueError("booking_overlap")) is None
