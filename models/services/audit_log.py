"""Browsing the audit log (admin only). The log itself is written by ``models.audit``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import select

from models.permissions import Actor, Perm, require
from models.schemas import AuditRow
from models.services.base import SEOUL, Service
from models.tables import AuditLog


@dataclass(frozen=True)
class AuditFilter:
    entity: str | None = None
    action: str | None = None
    username: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    facility_id: int | None = None


class AuditService(Service):
    def _where(self, q, f: AuditFilter):
        if f.entity:
            q = q.where(AuditLog.entity == f.entity)
        if f.action:
            q = q.where(AuditLog.action == f.action)
        if f.username:
            q = q.where(AuditLog.username == f.username.strip().lower())
        if f.facility_id is not None:
            q = q.where(AuditLog.facility_id == f.facility_id)
        if f.date_from:
            q = q.where(AuditLog.at >= datetime.combine(f.date_from, time(), SEOUL))
        if f.date_to:
            q = q.where(AuditLog.at < datetime.combine(f.date_to + timedelta(days=1), time(), SEOUL))
        return q

    def list(self, actor: Actor, f: AuditFilter = AuditFilter(), *, limit: int = 500,
             offset: int = 0) -> list[AuditRow]:
        require(actor, Perm.AUDIT_VIEW)

        def work(s):
            q = self._where(select(AuditLog), f).order_by(AuditLog.id.desc()).offset(offset).limit(limit)
            return [AuditRow(a.id, a.at, a.username, a.action.value, a.entity, a.entity_id,
                             a.facility_id, a.old_values, a.new_values, a.detail)
                    for a in s.exec(q).all()]

        return self.db.read(work)

    def count(self, actor: Actor, f: AuditFilter = AuditFilter()) -> int:
        require(actor, Perm.AUDIT_VIEW)
        return self.db.read(lambda s: s.exec(self._where(select(func.count(AuditLog.id)), f)).one())

    def entities(self, actor: Actor) -> list[str]:
        require(actor, Perm.AUDIT_VIEW)
        return self.db.read(lambda s: sorted(s.exec(select(AuditLog.entity).distinct()).all()))

    def usernames(self, actor: Actor) -> list[str]:
        require(actor, Perm.AUDIT_VIEW)
        return self.db.read(lambda s: sorted(
            u for u in s.exec(select(AuditLog.username).distinct()).all() if u))
