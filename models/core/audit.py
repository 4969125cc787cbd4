"""The audit trail.

An ``after_flush`` listener writes one ``audit_log`` row for every insert, update and
delete of an audited table: who, when, entity, id, and the old and new values. Personal
fields named in a table's ``__audit_redact__`` are masked before they are stored, and
password hashes are never stored. Reads and outputs of personal data are recorded with
``record``. The table itself refuses UPDATE, DELETE, REPLACE and TRUNCATE (see the first
migration and 0006).

Every row goes through ``_append``, which chains it to the log's head
(``models.core.audit_chain``: seq and row_hash). After a commit that appended rows the head
is written to the head file beside an SQLite database (``models.core.audit_head``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from models.core import audit_chain, audit_head
from models.core.audit_table import AuditLog
from models.core.enums import AuditAction
from models.core.masking import MASKERS
from models.core.time import utcnow


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def _redact(obj, key: str, value):
    rule = getattr(type(obj), "__audit_redact__", {}).get(key)
    if rule is None or value is None:
        return _plain(value)
    masker = MASKERS.get(rule)
    return masker(value) if masker else rule


def _facility_of(obj) -> int | None:
    for attr in ("facility_id", "registered_facility_id"):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    if getattr(obj, "__tablename__", "") == "facility":
        return obj.id
    return None


def _columns(obj) -> list[str]:
    return [c.key for c in sa.inspect(type(obj)).column_attrs]


def _actor_fields(session: Session) -> dict:
    actor = session.info.get("actor")
    if actor is None:
        return {"user_id": None, "username": None}
    return {"user_id": actor.user_id, "username": actor.username}


def _row(obj, action: str, old, new, who: dict, now) -> dict | None:
    if getattr(type(obj), "__audit_skip__", False) or not hasattr(obj, "__tablename__"):
        return None
    # the identity key is not set yet for new objects in after_flush; the primary key
    # attributes are
    ident = sa.inspect(obj).mapper.primary_key_from_instance(obj)
    if any(i is None for i in ident):
        ident = None
    return {
        "at": now, **who, "action": action, "entity": obj.__tablename__,
        "entity_id": ",".join(str(i) for i in ident) if ident else None,
        "facility_id": _facility_of(obj), "old_values": old, "new_values": new,
        "detail": None,
    }


def _inserted(obj) -> dict:
    return {k: _redact(obj, k, getattr(obj, k)) for k in _columns(obj)}


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    rows = []
    now = utcnow()
    who = _actor_fields(session)

    def add(obj, action, old, new):
        row = _row(obj, action, old, new, who, now)
        if row is not None:
            rows.append(row)

    for obj in session.new:
        add(obj, AuditAction.INSERT.value, None, _inserted(obj))
    for obj in session.dirty:
        if not session.is_modified(obj, include_collections=False):
            continue
        state = sa.inspect(obj)
        old, new = {}, {}
        for key in _columns(obj):
            hist = state.attrs[key].history
            if hist.has_changes():
                before = hist.deleted[0] if hist.deleted else None
                after = hist.added[0] if hist.added else None
                if _plain(before) == _plain(after):
                    continue
                old[key] = _redact(obj, key, before)
                new[key] = _redact(obj, key, after)
        if new:
            add(obj, AuditAction.UPDATE.value, old, new)
    for obj in session.deleted:
        add(obj, AuditAction.DELETE.value,
            {k: _redact(obj, k, getattr(obj, k)) for k in _columns(obj)}, None)
    if rows:
        _append(session, rows)


_HEAD = "audit_head"  # session.info: the head this transaction appended up to


def _append(session: Session, rows: list[dict]) -> None:
    """The one way rows enter the audit log: chained to the head, then inserted."""
    conn = session.connection()
    head = audit_chain.link(conn, rows)
    conn.execute(AuditLog.__table__.insert(), rows)
    session.info[_HEAD] = head


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    head = session.info.pop(_HEAD, None)
    if head is None:
        return
    bind = session.get_bind()
    path = audit_head.path_for(bind.url)
    if path is not None:
        audit_head.advance(path, head)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous) -> None:
    # a rolled-back transaction (or savepoint) appended nothing that stays: the file is
    # left as it is (behind is benign)
    session.info.pop(_HEAD, None)


def record(session: Session, action: AuditAction, entity: str, entity_id=None, *,
           facility_id: int | None = None, detail: str | None = None, actor=None) -> None:
    """Record a read, an output or a login event in the audit log."""
    who = _actor_fields(session) if actor is None else {
        "user_id": actor.user_id, "username": actor.username}
    _append(session, [{
        "at": utcnow(), **who, "action": action.value, "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id), "facility_id": facility_id,
        "old_values": None, "new_values": None, "detail": detail,
    }])


def record_insert(session: Session, obj) -> None:
    """Record the insert of ``obj``, written outside the unit of work (see booking_store),
    exactly as the flush listener records an added object. ``obj`` is transient and carries
    the new primary key."""
    row = _row(obj, AuditAction.INSERT.value, None, _inserted(obj), _actor_fields(session), utcnow())
    if row is not None:
        _append(session, [row])
