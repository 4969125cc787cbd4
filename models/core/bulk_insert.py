"""Plain-tuple bulk inserts for generators (the city-scale demo) on SQLite.

``insert(conn, table, rows)`` writes what ``conn.execute(table.insert(), rows)`` writes, but
on SQLite it turns the rows into tuples itself, with the columns' own bind processors (the
same conversions SQLAlchemy applies: instants to naive UTC text, enums to their values,
JSON to text, dates, booleans), and hands them to the driver's ``executemany`` in one call.
SQLAlchemy's per-row parameter processing cost more than SQLite's own work for the city's
tens of millions of rows. A table whose missing columns need a Python-side default that is
not a constant (``created_at`` defaulting to the clock), and every other backend, go
through Core as before. The app's normal write paths do not use this module.
"""

from __future__ import annotations

import sqlite3
from operator import itemgetter

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError


def driver_executemany(conn, sql: str, params: list[tuple]) -> None:
    """``executemany`` on the SQLite driver connection under ``conn`` (inside its
    transaction); driver errors are wrapped as SQLAlchemy wraps them, so the callers'
    translation (``models.core.db.translate``) still applies."""
    try:
        conn.connection.driver_connection.executemany(sql, params)
    except sqlite3.Error as exc:
        raise DBAPIError.instance(sql, None, exc, sqlite3.Error, hide_parameters=True,
                                  dialect=conn.dialect) from None


class _Plan:
    """The INSERT of one table for one set of row keys: the SQL, the keys in column order,
    each one's bind processor, and the constant defaults of the columns not given."""

    def __init__(self, conn, table: sa.Table, keys: frozenset[str]):
        dialect = conn.dialect
        quote = dialect.identifier_preparer
        names, defaulted, self.keys, self.procs, consts = [], [], [], [], []
        unknown = set(keys) - {c.key for c in table.columns}
        self.ok = not unknown
        for col in table.columns:
            if col.key in keys:
                given = True
            elif col.default is not None and getattr(col.default, "is_scalar", False):
                given = False
            elif col.default is not None:
                self.ok = False  # a callable or sequence default: let Core fill it
                continue
            else:
                continue  # NULL or the server's default, as Core leaves it out too
            proc = col.type.dialect_impl(dialect).bind_processor(dialect)
            if given:
                names.append(quote.format_column(col))
                self.keys.append(col.key)
                self.procs.append(proc)
            else:  # after the given ones, as ``params`` appends them
                defaulted.append(quote.format_column(col))
                value = col.default.arg
                consts.append(proc(value) if proc else value)
        self.consts = tuple(consts)
        names += defaulted
        self.sql = (f"INSERT INTO {quote.format_table(table)} ({', '.join(names)}) "
                    f"VALUES ({', '.join('?' * len(names))})")

    def params(self, rows: list[dict]) -> list[tuple]:
        if len(self.keys) == 1:
            key = self.keys[0]
            values = [(r[key],) for r in rows]
        else:
            get = itemgetter(*self.keys)
            values = [get(r) for r in rows]
        processed = [(i, p) for i, p in enumerate(self.procs) if p is not None]
        consts = self.consts
        if not processed:
            return [v + consts for v in values] if consts else values
        out = []
        for v in values:
            v = list(v)
            for i, p in processed:
                v[i] = p(v[i])
            out.append(tuple(v) + consts)
        return out


_PLANS: dict[tuple, _Plan] = {}


def insert(conn, table: sa.Table, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts of column keys, the same keys in every row) into ``table``."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), rows)
        return
    keys = frozenset(rows[0])
    plan = _PLANS.get((table, keys))
    if plan is None:
        plan = _PLANS[(table, keys)] = _Plan(conn, table, keys)
    if not plan.ok:
        conn.execute(table.insert(), rows)
        return
    driver_executemany(conn, plan.sql, plan.params(rows))


def drop_replace_guards(conn) -> list[str]:
    """SQLite, inside a write transaction: drop the ``<table>_no_replace`` triggers (the
    append-only tables' refusal of ``INSERT OR REPLACE``) and return their SQL for
    ``restore_guards``, which must run before the same transaction commits. A plain INSERT,
    all a generator issues, cannot replace a row (it fails on the primary key), so the
    triggers decide nothing for it, but they cost a primary-key probe per row: a third of
    the city's audit-log insert time. No other connection ever sees the schema without
    them (SQLite's DDL is transactional; a rollback brings them back too). Elsewhere: ``[]``."""
    if conn.dialect.name != "sqlite":
        return []
    raw = conn.connection.driver_connection
    found = raw.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                        "AND name LIKE '%\\_no\\_replace' ESCAPE '\\' ORDER BY name").fetchall()
    for name, _sql in found:
        raw.execute(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in found]


def restore_guards(conn, guards: list[str]) -> None:
    """Create the triggers ``drop_replace_guards`` dropped, with their exact SQL."""
    raw = conn.connection.driver_connection
    for sql in guards:
        raw.execute(sql)
