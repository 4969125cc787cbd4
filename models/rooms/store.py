"""The room-booking write path: the conflict check and the insert as one statement.

    INSERT INTO booking (...) SELECT <values>
    WHERE NOT EXISTS (an active booking of the room overlapping [starts, ends))
    RETURNING id

``insert_if_free`` returns the new booking's id, or None when the room is taken; the
caller then looks up the clash to name it. The check and the insert cannot be separated
by another writer: on SQLite the write transaction holds the lock from BEGIN IMMEDIATE,
and on PostgreSQL the exclusion constraint refuses what a concurrent transaction slipped
in (an IntegrityError the services turn into a friendly message).

Why not an ORM ``session.add``: this is the front desk's hot path, and issue 3 budgets
it at three times a raw sqlite3 INSERT. A flush through the unit of work costs about
twenty times that. So the statement is built once with SQLAlchemy, compiled once per
dialect, and run on the DBAPI cursor of the caller's connection, inside the caller's
transaction, with the columns' own bind processors (the aware-UTC datetimes, the enums,
the booleans) applied to the values. DBAPI errors are re-raised as SQLAlchemy's
``DBAPIError`` subclasses, so ``Database`` translates and retries them as usual. The
audit row that the flush listener would have written is written by the caller with
``models.core.audit.record_insert``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from operator import itemgetter

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect

from models.rooms.rules import MAX_BOOKING, overlapping
from models.rooms.tables import Booking

#: the columns a new booking is written with; the rest (check-in, cancellation) start empty
COLUMNS = ("facility_id", "room_id", "youth_id", "series_id", "starts_at", "ends_at", "headcount",
           "purpose", "note", "status", "walk_in", "override_reason", "override_by", "created_at",
           "created_by")


def _statement() -> sa.Insert:
    table = Booking.__table__
    values = [sa.bindparam(c, type_=table.c[c].type) for c in COLUMNS]
    starts = sa.bindparam("starts_at", type_=table.c.starts_at.type)
    ends = sa.bindparam("ends_at", type_=table.c.ends_at.type)
    since = sa.bindparam("since", type_=table.c.starts_at.type)
    taken = sa.exists().where(table.c.room_id == sa.bindparam("room_id"),
                              *overlapping(starts, ends, since=since))
    return (table.insert().from_select(list(COLUMNS), sa.select(*values).where(~taken))
            .returning(table.c.id))


@dataclass(frozen=True)
class _Compiled:
    sql: str
    arguments: Callable[[dict], tuple] | None  # the positional arguments; None for named styles
    fixed: dict  # parameters whose values are part of the statement (the active statuses)
    processors: tuple  # (bind name, the type's bind processor for this dialect)
    error: type[Exception]  # the DBAPI's base error class


_STATEMENT = _statement()
# column defaults the ORM would apply to a missing value (created_at)
_DEFAULTS = tuple((c, Booking.__table__.c[c].default) for c in COLUMNS
                  if Booking.__table__.c[c].default is not None)
# keyed by the dialect class and paramstyle: psycopg and pg8000 are both "postgresql"
_compiled: dict[tuple, _Compiled] = {}


def _compile(dialect: Dialect) -> _Compiled:
    c = _STATEMENT.compile(dialect=dialect)
    processors, fixed = {}, {}
    for bind, name in c.bind_names.items():  # each parameter as it is named in the SQL
        proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
        if name not in COLUMNS and name != "since":  # a value fixed in the statement
            fixed[name] = bind.value if proc is None else proc(bind.value)
        elif proc is not None:
            processors[name] = proc
    arguments = itemgetter(*c.positiontup) if c.positiontup else None
    return _Compiled(c.string, arguments, fixed, tuple(processors.items()), dialect.loaded_dbapi.Error)


def insert_if_free(conn: Connection, values: dict) -> int | None:
    """Insert a booking unless an active booking of its room overlaps it.

    ``values`` holds every name in ``COLUMNS``. Returns the new id, or None when the room
    is taken. Runs in ``conn``'s transaction; the caller commits. Errors come out as the
    ORM's would: a value the column type refuses as ``StatementError``, a database error
    as the matching ``DBAPIError`` subclass (a lost connection invalidated).
    """
    dialect = conn.dialect
    key = (type(dialect), dialect.paramstyle)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(dialect)
    params = {c: values[c] for c in COLUMNS}
    for name, default in _DEFAULTS:
        if params[name] is None:
            params[name] = default.arg(None) if default.is_callable else default.arg
    try:
        params["since"] = params["starts_at"] - MAX_BOOKING
        for name, proc in compiled.processors:
            params[name] = proc(params[name])
    except (ValueError, TypeError, LookupError) as exc:
        raise sa.exc.StatementError(f"({type(exc).__name__}) {exc}", compiled.sql, None, exc,
                                    hide_parameters=True) from None
    params.update(compiled.fixed)
    args = params if compiled.arguments is None else compiled.arguments(params)
    cursor = None
    try:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute(compiled.sql, args)
        row = cursor.fetchone()
    except compiled.error as exc:
        lost = dialect.is_disconnect(exc, conn.connection.dbapi_connection, cursor)
        if lost:
            conn.invalidate(exc)
        raise sa.exc.DBAPIError.instance(
            compiled.sql, None, exc, compiled.error, hide_parameters=True,
            connection_invalidated=lost, dialect=dialect) from None
    finally:
        if cursor is not None:
            with suppress(compiled.error):  # a cursor of a lost connection may refuse to close
                cursor.close()
    return None if row is None else int(row[0])
