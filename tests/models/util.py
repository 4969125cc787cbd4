"""Small helpers shared by the data-layer tests: raw counts and audit rows."""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlmodel import SQLModel, select

from models.core.audit_table import AuditLog


def count(db, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def audit_rows(db, **where) -> list[AuditLog]:
    """Audit rows in insertion order, filtered by column equality."""

    def work(s):
        q = select(AuditLog).order_by(AuditLog.id)
        for key, value in where.items():
            q = q.where(getattr(AuditLog, key) == value)
        rows = list(s.exec(q).all())
        s.expunge_all()  # keep the loaded values after the read session ends
        return rows

    return db.read(work)


def load(db, fn):
    """Run ``fn(session)`` and hand back its ORM objects detached, with their values."""

    def work(s):
        result = fn(s)
        s.expunge_all()
        return result

    return db.read(work)


def audit_dump(db) -> str:
    """Everything the audit log holds, as one string, to look for leaked values."""
    return "\n".join(
        json.dumps([a.username, a.entity, a.entity_id, a.old_values, a.new_values, a.detail],
                   ensure_ascii=False, default=str)
        for a in audit_rows(db))


def facility_data(**over) -> dict:
    data = {"code": "CAFE-NEW", "name": "새 일자리카페", "kind": "job_cafe", "region": "central",
            "district": "중구", "operator": "city",
            "opening_hours": {str(d): ["09:00", "18:00"] for d in range(5)}}
    data.update(over)
    return data


def table_counts(db) -> dict[str, int]:
    """Rows in every table of the app."""
    import models.tables  # noqa: F401  (registers every table on the metadata)
    with db.engine.connect() as conn:
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
                for t in sorted(SQLModel.metadata.tables)}
