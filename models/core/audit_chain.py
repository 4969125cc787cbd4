"""The hash chain of the audit log: what makes a changed, removed or replaced row show.

Each row carries ``seq`` (1, 2, 3, … in chain order, which is id order) and ``row_hash``,
the hex SHA-256 of the previous row's hash (``GENESIS`` for the first row), a newline and
``canonical(row)``: the row's fields as one JSON object with sorted keys, ASCII only, no
spaces, the instant in UTC ISO form with microseconds and the old and new values
round-tripped through JSON (so what is read back hashes as what was written). The format is
part of the stored data: migration 0006 builds the chain with it, and changing it needs a
new migration that rebuilds the chain.

Writers append through ``link`` (``models.core.audit``): on PostgreSQL it first takes the
transaction-level advisory lock ``LOCK_KEY``, so appends from several PCs queue and each
reads the head the one before it committed; SQLite writers are already serialised by
``BEGIN IMMEDIATE``. The head is the row with the highest id (a primary-key lookup).

``verify`` walks the log in id order and names the first row whose seq or hash does not
follow (``Broken``); ``check`` and the audit page show it. The triggers that guard the
table are listed here too, so the migrations that create them and the check that looks for
them share one text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from models.core.types import UTCDateTime

GENESIS = "0" * 64
LOCK_KEY = 0x594A4431  # "YJD1", the app's SQLite application id; an advisory lock key on PostgreSQL

# the audit table as the chain reads it (its own description, so migration 0006 keeps
# working whatever later revisions add to the model)
AUDIT = sa.table(
    "audit_log",
    sa.column("id", sa.Integer()), sa.column("seq", sa.Integer()),
    sa.column("row_hash", sa.String(64)), sa.column("at", UTCDateTime()),
    sa.column("user_id", sa.Integer()), sa.column("username", sa.String(40)),
    sa.column("action", sa.String(20)), sa.column("entity", sa.String(50)),
    sa.column("entity_id", sa.String(50)), sa.column("facility_id", sa.Integer()),
    sa.column("old_values", sa.JSON()), sa.column("new_values", sa.JSON()),
    sa.column("detail", sa.String(200)),
)
FIELDS = ("at", "user_id", "username", "action", "entity", "entity_id", "facility_id",
          "old_values", "new_values", "detail", "seq")

# the triggers that keep the table append-only, by name, with the SQL that makes them
SQLITE_TRIGGERS = {
    "audit_log_no_update": "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "audit_log_no_delete": "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
                           "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    # INSERT OR REPLACE deletes the row it replaces without firing a DELETE trigger
    "audit_log_no_replace": "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
                            "WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
                            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
}
PG_FUNCTION = "audit_log_append_only"
PG_TRIGGERS = ("audit_log_append_only", "audit_log_no_truncate")


def _plain_json(value):
    return None if value is None else json.loads(json.dumps(value))


def _instant(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def _action(value) -> str:
    return getattr(value, "value", value)


def canonical(row: Mapping) -> str:
    fields = {k: row.get(k) for k in FIELDS}
    fields["at"] = _instant(fields["at"])
    fields["action"] = _action(fields["action"])
    fields["old_values"] = _plain_json(fields["old_values"])
    fields["new_values"] = _plain_json(fields["new_values"])
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def row_hash(prev: str, row: Mapping) -> str:
    return hashlib.sha256((prev + "\n" + canonical(row)).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


EMPTY = Head(0, GENESIS)


def head(conn) -> Head:
    """The last row's seq and hash (``EMPTY`` for an empty log)."""
    last = conn.execute(sa.select(AUDIT.c.seq, AUDIT.c.row_hash)
                        .order_by(AUDIT.c.id.desc()).limit(1)).first()
    if last is None:
        return EMPTY
    return Head(last.seq or 0, last.row_hash or GENESIS)


def link(conn, rows: list[dict]) -> Head:
    """Give ``rows`` (about to be inserted, in order) their seq and row_hash after the
    current head; returns the new head. On PostgreSQL the advisory lock is taken first and
    held to the end of the transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    last = head(conn)
    seq, prev = last.seq, last.hash
    for row in rows:
        seq += 1
        row["seq"] = seq
        prev = row["row_hash"] = row_hash(prev, row)
    return Head(seq, prev)


@dataclass(frozen=True)
class Broken:
    id: int
    seq: int | None
    reason: str

    def describe(self) -> str:
        seq = "없음" if self.seq is None else str(self.seq)
        return f"id {self.id}(순번 {seq}): {self.reason}"


@dataclass(frozen=True)
class ChainReport:
    count: int  # the rows read, up to the first broken one
    head: Head  # the last row that followed
    broken: Broken | None = None
    marked: str | None = None  # the hash of the row at the seq asked for (``verify(mark=…)``)

    @property
    def ok(self) -> bool:
        return self.broken is None


def _walk(rows: Iterable, mark: int | None) -> ChainReport:
    last, n, marked = EMPTY, 0, None
    for r in rows:
        n += 1
        broken = None
        if r.seq is None or r.row_hash is None:
            broken = Broken(r.id, r.seq, "체인 값(순번, 해시)이 없습니다.")
        elif r.seq != last.seq + 1:
            broken = Broken(r.id, r.seq, f"순번이 {last.seq + 1}이어야 하는데 {r.seq}입니다"
                                         "(앞의 행이 지워졌거나 행이 끼워졌습니다).")
        elif row_hash(last.hash, r._mapping) != r.row_hash:
            broken = Broken(r.id, r.seq,
                            "해시가 맞지 않습니다(이 행의 내용이 바뀌었거나 바꿔 넣은 행입니다).")
        if broken is not None:
            return ChainReport(n, last, broken, marked)
        last = Head(r.seq, r.row_hash)
        if r.seq == mark:
            marked = r.row_hash
    return ChainReport(n, last, None, marked)


def verify(conn, mark: int | None = None) -> ChainReport:
    """Walk the whole log in id order (streamed: the city's log has millions of rows);
    ``mark`` asks for the hash of the row at that seq as well (the head file's)."""
    query = sa.select(AUDIT).order_by(AUDIT.c.id)
    result = conn.execution_options(stream_results=True, yield_per=5000).execute(query)
    try:
        return _walk(result, mark)
    finally:
        result.close()


def backfill(conn, batch: int = 5000) -> Head:
    """Give every row of the log its seq and hash, in id order, a batch at a time
    (migration 0006; the triggers that refuse UPDATE are off while it runs)."""
    last, after = EMPTY, None
    update = AUDIT.update().where(AUDIT.c.id == sa.bindparam("b_id")).values(
        seq=sa.bindparam("b_seq"), row_hash=sa.bindparam("b_hash"))
    while True:
        query = sa.select(AUDIT).order_by(AUDIT.c.id).limit(batch)
        if after is not None:
            query = query.where(AUDIT.c.id > after)
        rows = conn.execute(query).all()
        if not rows:
            return last
        params = []
        for r in rows:
            values = dict(r._mapping)
            values["seq"] = last.seq + 1
            last = Head(values["seq"], row_hash(last.hash, values))
            params.append({"b_id": r.id, "b_seq": last.seq, "b_hash": last.hash})
        conn.execute(update, params)
        after = rows[-1].id
