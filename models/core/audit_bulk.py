"""Many audit rows at once, for generators that write millions (the city-scale demo).

The rows and their chain are exactly what ``models.core.audit._append`` would write
(``audit_chain.link``: seq and row_hash after the head, the same ``canonical`` text), only
computed in one pass with one reused JSON encoder instead of a fresh one and a JSON round
trip per value, and, on SQLite, inserted with the driver's ``executemany`` of plain tuples
instead of SQLAlchemy's per-row parameter processing. The normal write path does not use
this module.

``canonical`` here equals ``audit_chain.canonical`` for rows whose old and new values are
already plain JSON (dicts with string keys of str, int, float, bool, None and lists), as the
generators' values are; ``check`` verifies every hash with ``audit_chain``'s own function.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

import sqlalchemy as sa

from models.core import audit_chain
from models.core.audit_chain import Head
from models.core.audit_table import AuditLog
from models.core.bulk_insert import driver_executemany

_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=True, separators=(",", ":"))
_STORED = ("at", "user_id", "username", "action", "entity", "entity_id", "facility_id",
           "old_values", "new_values", "detail", "seq", "row_hash")
_SQLITE_INSERT = f"INSERT INTO audit_log ({', '.join(_STORED)}) VALUES ({', '.join('?' * len(_STORED))})"


def canonical(row: dict, at: str) -> str:
    """``audit_chain.canonical(row)`` with the instant already in its UTC text ``at``."""
    return _CANONICAL.encode({
        "action": getattr(row["action"], "value", row["action"]), "at": at,
        "detail": row["detail"], "entity": row["entity"], "entity_id": row["entity_id"],
        "facility_id": row["facility_id"], "new_values": row["new_values"],
        "old_values": row["old_values"], "seq": row["seq"], "user_id": row["user_id"],
        "username": row["username"]})


def _instant(value) -> str:
    """``audit_chain._instant``, without the conversion when the value is UTC already."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")


def begin(conn) -> Head:
    """The log's head on ``conn``, for the first ``append`` of a transaction. On PostgreSQL
    the chain's advisory lock is taken first and held to the end of the transaction, as
    ``audit_chain.link`` does, so no other writer appends behind the returned head."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": audit_chain.LOCK_KEY})
    return audit_chain.head(conn)


def append(conn, rows: list[dict], head: Head) -> Head:
    """Chain ``rows`` (in order, each with the keys of an ``audit_log`` row but ``seq`` and
    ``row_hash``) after ``head`` and insert them; returns the new head. ``head`` is what
    ``begin`` returned in this transaction, or what the last ``append`` returned."""
    if not rows:
        return head
    sqlite = conn.dialect.name == "sqlite"
    seq, prev = head.seq, head.hash
    sha = hashlib.sha256
    stored = []
    for row in rows:
        seq += 1
        row["seq"] = seq
        at = _instant(row["at"])
        prev = row["row_hash"] = sha((prev + "\n" + canonical(row, at)).encode("ascii")).hexdigest()
        if sqlite:
            stored.append(at[:10] + " " + at[11:26])  # SQLite's DATETIME text of the naive UTC instant
    if sqlite:
        _sqlite_insert(conn, rows, stored)
    else:
        conn.execute(AuditLog.__table__.insert(), rows)
    return Head(seq, prev)


def _sqlite_insert(conn, rows: list[dict], stored_at: list[str]) -> None:
    dumps = json.dumps  # what SQLAlchemy's JSON type stores on SQLite (no serializer is configured)
    # the instant as SQLAlchemy would store it, checked on the first row of every batch
    bind = AuditLog.__table__.c.at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    if bind(rows[0]["at"]) != stored_at[0]:
        raise AssertionError("SQLite DATETIME text differs from SQLAlchemy's")
    params = [
        (at, r["user_id"], r["username"], getattr(r["action"], "value", r["action"]), r["entity"],
         r["entity_id"], r["facility_id"],
         # None as JSON 'null', as SQLAlchemy stores it
         "null" if r["old_values"] is None else dumps(r["old_values"]),
         "null" if r["new_values"] is None else dumps(r["new_values"]),
         r["detail"], r["seq"], r["row_hash"])
        for r, at in zip(rows, stored_at, strict=True)]
    driver_executemany(conn, _SQLITE_INSERT, params)
