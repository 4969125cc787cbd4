"""Browsing the audit log (admin only). The log itself is written by ``models.core.audit``.

At city scale (3 M rows) a page must not touch the whole log: pages go by keyset
(``before_id``: the ids below the last row shown, newest first) over the indexes of
migration 0008 (each filter column with ``id``); the unfiltered total is the chain head's
sequence number (one primary-key read), and a filtered count stops at ``COUNT_CAP``. The
filter choices come from the accounts and the schema, never from a DISTINCT over the log.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import select

from models.accounts.tables import UserAccount
from models.audit_log.schemas import AuditRow, ChainCheck
from models.core import audit_chain
from models.core.audit_table import AuditLog
from models.core.enums import AuditAction
from models.core.errors import ValidationError
from models.core.integrity import verify_audit
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import check_page, check_text, int_in_range
from models.core.time import SEOUL
from models.facilities.tables import Facility, Room

COUNT_CAP = 10_000  # a filtered count stops here: "10,000건 이상"
# tables whose rows are not audited one by one (the log itself, Alembic's, the search index)
NOT_ENTITIES = {"audit_log", "alembic_version", "youth_gram"}


@dataclass(frozen=True)
class AuditFilter:
    entity: str | None = None
    action: str | None = None
    username: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    facility_id: int | None = None


# id fields in the logged values, by what they name. Youths are left as ids: their names are
# personal data, and the log viewer must not become a way to read them unlogged.
REF_FIELDS = {
    "room_id": Room, "facility_id": Facility, "registered_facility_id": Facility,
    **{k: UserAccount for k in ("user_id", "created_by", "override_by", "checked_in_by",
                                "cancelled_by", "granted_by", "revoked_by", "reminded_by",
                                "requested_by")},
}


def _ids(logs) -> dict[type, set[int]]:
    wanted: dict[type, set[int]] = {}
    for a in logs:
        for values in (a.old_values or {}, a.new_values or {}):
            for key, value in values.items():
                if key in REF_FIELDS and isinstance(value, int):
                    wanted.setdefault(REF_FIELDS[key], set()).add(value)
    return wanted


def _names(s, logs) -> dict[type, dict[int, str]]:
    """One query per kind for the names of every id the page's entries mention."""
    out = {}
    for table, ids in _ids(logs).items():
        label = table.username if table is UserAccount else table.name
        out[table] = dict(s.exec(select(table.id, label).where(table.id.in_(sorted(ids)))).all())
    return out


def _refs(a, names) -> dict:
    refs: dict[str, dict[int, str]] = {}
    for values in (a.old_values or {}, a.new_values or {}):
        for key, value in values.items():
            name = names.get(REF_FIELDS.get(key), {}).get(value) if key in REF_FIELDS else None
            if name is not None:
                refs.setdefault(key, {})[value] = name
    return refs


def checked_filter(f: AuditFilter) -> AuditFilter:
    """The filter with its texts checked by the one text validator, the action one of the
    logged actions and the facility an id the column can hold; ``ValidationError`` names
    the field otherwise."""
    entity = check_text("entity", f.entity, 50) or None
    username = check_text("username", f.username, 40) or None
    action = check_text("action", f.action, 20) or None
    if action is not None and action not in {a.value for a in AuditAction}:
        raise ValidationError.single("action", "목록에서 선택하세요.")
    if f.facility_id is not None and not int_in_range(f.facility_id):
        raise ValidationError.single("facility_id", "목록에서 선택하세요.")
    return replace(f, entity=entity, username=username, action=action)


class AuditService(Service):
    def _where(self, q, f: AuditFilter):
        f = checked_filter(f)
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
             offset: int = 0, before_id: int | None = None) -> list[AuditRow]:
        """Entries newest first; ``before_id`` continues below the last one shown."""
        require(actor, Perm.AUDIT_VIEW)
        f = checked_filter(f)
        check_page(limit, offset)

        def work(s):
            q = self._where(select(AuditLog), f)
            if before_id is not None:
                q = q.where(AuditLog.id < before_id)
            q = q.order_by(AuditLog.id.desc()).offset(offset).limit(limit)
            logs = s.exec(q).all()
            names = _names(s, logs)
            return [AuditRow(a.id, a.at, a.username, a.action.value, a.entity, a.entity_id,
                             a.facility_id, a.old_values, a.new_values, a.detail,
                             _refs(a, names))
                    for a in logs]

        return self.db.read(work)

    def count(self, actor: Actor, f: AuditFilter = AuditFilter()) -> int:
        """How many entries match: without a filter the whole log's length (the chain's last
        sequence number); with one, counted up to ``COUNT_CAP + 1`` (more means "more than
        ``COUNT_CAP``")."""
        require(actor, Perm.AUDIT_VIEW)
        f = checked_filter(f)
        if f == AuditFilter():
            return self.db.read(lambda s: audit_chain.head(s.connection()).seq)
        capped = self._where(select(AuditLog.id), f).limit(COUNT_CAP + 1).subquery()
        return self.db.read(lambda s: s.exec(select(func.count()).select_from(capped)).one())

    def entities(self, actor: Actor) -> list[str]:
        """What entries can be about: the app's tables (read from the schema)."""
        require(actor, Perm.AUDIT_VIEW)
        return self.db.read(lambda s: sorted(
            t for t in sa.inspect(s.connection()).get_table_names() if t not in NOT_ENTITIES))

    def usernames(self, actor: Actor) -> list[str]:
        """The staff accounts, active or not (the log names them as they were)."""
        require(actor, Perm.AUDIT_VIEW)
        return self.db.read(lambda s: list(s.exec(
            select(UserAccount.username).order_by(UserAccount.username)).all()))

    def verify(self, actor: Actor) -> ChainCheck:
        """Walk the whole log and its guards (slow on a big log: call it off the GUI thread)."""
        require(actor, Perm.AUDIT_VIEW)
        v = self.db.read(lambda s: verify_audit(self.db, s.connection()))
        broken = v.chain.broken
        others = tuple(p for p in v.problems if broken is None or broken.describe() not in p)
        return ChainCheck(v.ok, v.chain.count if broken is None else v.chain.count - 1,
                          v.chain.head.seq, broken.id if broken else None,
                          broken.seq if broken else None, broken.reason if broken else None,
                          others, tuple(v.notes))
