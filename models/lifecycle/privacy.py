"""Retention, destruction and the youth's own requests (PIPA §21, §35–37): the use cases.

- ``review``: the records to destroy, computed from today (Seoul) each time it is asked:
  those whose retention ended (the consent date plus the retention period in years, the
  end day included) and those whose consent was withdrawn, not yet destroyed.
- ``destroy``: a manager (the youths registered at the manager's facility) or the city
  admin destroys selected records (``models.lifecycle.destruction``), one ledger row per
  reason, the ids added to the file beside the database; then VACUUM.
- ``withdraw`` (``withdraw_consent``): the youth withdrew the consent, recorded with its
  day; in the same transaction everything still to come is cancelled, reason 동의 철회
  (``models.lifecycle.withdrawal``: room and booth bookings, waitlist entries, course
  applications in selection, at every facility). From then the youth cannot be booked
  (``models.lifecycle.requests.check_bookable``) and appears in the review list. Any role
  that edits the registry at the facility records it: the youth asks at the desk, and
  recording it only stops the use of the data. ``withdrawal_preview`` counts what it would
  cancel, for the confirmation.
- ``delete_on_request``: 삭제 요구 (PIPA §36): the destruction of one youth, reason 본인
  요청(삭제) or 목적 달성.
- ``reapply``: after a restore, the destructions the older file does not hold are applied
  again, and a ledger row says so (복원 후 재적용).

정정 (correction, §36) is the registry's own edit (``YouthService.update``): the audit log
records every change of a youth's row, its personal values masked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import select

from models.core.audit import record
from models.core.enums import AuditAction, Role
from models.core.errors import Conflict, NotFound, PermissionDenied, ValidationError
from models.core.masking import mask_name
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.time import utcnow
from models.facilities.tables import Facility
from models.lifecycle import destruction, ledger, withdrawal
from models.lifecycle.destruction import DestroyedId, created_text
from models.lifecycle.tables import DestructionReason, YouthPrivacy
from models.youth.tables import Youth

DESTROY_DENIED = "개인정보 파기는 시설 관리자(그 시설에 등록된 청년)와 시 담당자만 할 수 있습니다."
OTHER_FACILITY = "다른 시설에 등록된 청년이 있습니다. 그 시설의 관리자나 시 담당자가 파기합니다."
NOT_DUE = ("보유기간이 끝나지 않았고 동의 철회도 없는 기록은 검토 목록에서 파기할 수 없습니다. 본인이 삭제를 "
           "요구했다면 청년 명부의 '삭제(파기)'를 쓰세요.")
MAX_BATCH = 1000
REQUEST_REASONS = (DestructionReason.REQUEST, DestructionReason.PURPOSE)


def can_destroy(actor: Actor | None, facility_id: int | None) -> bool:
    return actor is not None and (actor.is_admin or (
        facility_id is not None and Role.MANAGER in actor.roles_at(facility_id)))


def require_destroyer(actor: Actor | None, facility_id: int | None) -> Actor:
    if not can_destroy(actor, facility_id):
        raise PermissionDenied(DESTROY_DENIED)
    return actor


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)


def retention_ended(today: date):
    """The SQL condition: the retention of the row ended by ``today`` (the consent day plus
    ``retention_years`` years, that day included), one date per period (1–10)."""
    return sa.or_(*[sa.and_(Youth.retention_years == n, Youth.consent_on <= years_before(today, n))
                    for n in range(1, 11)])


@dataclass(frozen=True)
class ReviewRow:
    youth_id: int
    name: str  # masked
    birth_year: int
    district: str
    facility: str | None
    consent_on: date
    retention_years: int
    ends_on: date
    withdrawn_on: date | None
    reason: DestructionReason  # 동의 철회 when withdrawn, else 보유기간 경과


@dataclass(frozen=True)
class DestroyResult:
    records: int
    ledger_ids: list[int]
    vacuum: str  # what became of the VACUUM, in Korean


@dataclass(frozen=True)
class Withdrawal:
    day: date  # the day the consent was withdrawn
    cancelled: withdrawal.Upcoming  # what was still to come and is now cancelled


@dataclass(frozen=True)
class PrivacyState:
    withdrawn_on: date | None
    destroyed_at: datetime | None


class PrivacyService(Service):
    @classmethod
    def of(cls, services) -> PrivacyService:
        """The service on the database and clock of a ``models.registry.Services``."""
        return cls(services.db, services.clock)

    # -- reading --------------------------------------------------------------------
    def review(self, actor: Actor, facility_id: int | None, *, limit: int = MAX_BATCH) -> list[ReviewRow]:
        """The records due for destruction: a manager's facility's registered youths, or
        (the admin, ``facility_id`` None) every facility's. Oldest consent first."""
        require_destroyer(actor, facility_id)
        today = self.today()

        def work(s):
            names = dict(s.exec(select(Facility.id, Facility.name)).all())
            q = (select(Youth.id, Youth.name, Youth.birth_date, Youth.district, Youth.registered_facility_id,
                        Youth.consent_on, Youth.retention_years, YouthPrivacy.withdrawn_on)
                 .outerjoin(YouthPrivacy, YouthPrivacy.youth_id == Youth.id)
                 .where(YouthPrivacy.destroyed_at.is_(None),
                        sa.or_(YouthPrivacy.withdrawn_on.is_not(None), retention_ended(today)))
                 .order_by(Youth.consent_on, Youth.id).limit(limit))
            if facility_id is not None:
                q = q.where(Youth.registered_facility_id == facility_id)
            return [ReviewRow(i, mask_name(n), b.year, d, names.get(f), c, y, years_after(c, y), w,
                              DestructionReason.WITHDRAWN if w is not None else DestructionReason.RETENTION)
                    for i, n, b, d, f, c, y, w in s.exec(q).all()]

        return self.db.read(work)

    def state(self, actor: Actor, facility_id: int | None, youth_id: int) -> PrivacyState:
        """Whether the youth withdrew the consent, or the record was destroyed."""
        require(actor, Perm.YOUTH_VIEW, facility_id)

        def work(s):
            p = s.get(YouthPrivacy, youth_id)
            return PrivacyState(None, None) if p is None else PrivacyState(p.withdrawn_on, p.destroyed_at)

        return self.db.read(work)

    def ledger(self, actor: Actor, facility_id: int | None) -> list[ledger.LedgerRow]:
        """The 파기 대장: a facility's rows, or all (the admin, ``facility_id`` None)."""
        require_destroyer(actor, facility_id)
        return self.db.read(lambda s: ledger.rows(s, facility_id))

    def print_ledger(self, actor: Actor, facility_id: int | None, write: Callable[[list, str], None]
                     ) -> list[ledger.LedgerRow]:
        """``write(rows, scope)`` the ledger inside the transaction that records the
        printout (출력, entity ``destruction_ledger``): no audit row without the file."""
        require_destroyer(actor, facility_id)

        def work(s):
            rows = ledger.rows(s, facility_id)
            scope = "전체 시설" if facility_id is None else (s.get(Facility, facility_id).name
                                                        if s.get(Facility, facility_id) else "시설")
            write(rows, scope)
            record(s, AuditAction.OUTPUT, "destruction_ledger", None, facility_id=facility_id,
                   detail=f"파기 대장 출력({len(rows)}행)")
            return rows

        return self.db.write(work, actor=actor)

    # -- destroying -------------------------------------------------------------------
    def destroy(self, actor: Actor, facility_id: int | None, youth_ids, *,
                reason: DestructionReason | None = None) -> DestroyResult:
        """Destroy the records ``youth_ids`` (irreversible). Without ``reason`` each must be
        due (the review list's reason); with one (본인 요청, 목적 달성) any record in scope."""
        require_destroyer(actor, facility_id)
        ids = self._ids(youth_ids)
        if reason is not None:
            reason = DestructionReason(reason)
        now, today = self.clock(), self.today()
        path = destruction.ids_file(self.db)

        def work(s):
            with destruction.secure_delete(s):
                found = s.exec(select(Youth.id, Youth.registered_facility_id, Youth.consent_on,
                                      Youth.retention_years, Youth.created_at, YouthPrivacy.withdrawn_on,
                                      YouthPrivacy.destroyed_at)
                               .outerjoin(YouthPrivacy, YouthPrivacy.youth_id == Youth.id)
                               .where(Youth.id.in_(ids)).with_for_update(of=Youth)).all()
                if len(found) != len(ids):
                    raise NotFound("청년 정보를 찾을 수 없습니다.")
                groups: dict[DestructionReason, list[int]] = {}
                created = {}
                for yid, fid, consent, years, made, withdrawn, destroyed in found:
                    if destroyed is not None:
                        raise Conflict("이미 파기된 기록이 있습니다. 목록을 새로 고치세요.", "youth_ids")
                    if facility_id is not None and fid != facility_id and not actor.is_admin:
                        raise PermissionDenied(OTHER_FACILITY)
                    why = reason
                    if why is None:
                        if withdrawn is not None:
                            why = DestructionReason.WITHDRAWN
                        elif years_after(consent, years) <= today:
                            why = DestructionReason.RETENTION
                        else:
                            raise ValidationError.single("youth_ids", NOT_DUE)
                    groups.setdefault(why, []).append(yid)
                    created[yid] = made
                ledger_ids = self._apply(s, actor, facility_id, groups, now)
                destruction.add_ids(path, [DestroyedId(i, created_text(created[i])) for i in ids])
                return ledger_ids

        # the ids file is written in the transaction, before its commit: if the commit (or
        # anything after the work) fails, the file goes back to what it held, so a later
        # restore never destroys records that were not destroyed
        before = destruction.read_ids(path) if path is not None else []
        try:
            ledger_ids = self.db.write(work, actor=actor)
        except BaseException:
            if path is not None:
                destruction.write_ids(path, before)
            raise
        return DestroyResult(len(ids), ledger_ids, destruction.vacuum(self.db))

    @staticmethod
    def _ids(youth_ids) -> list[int]:
        try:
            ids = sorted({int(i) for i in youth_ids if not isinstance(i, bool)})
        except (TypeError, ValueError):
            raise ValidationError.single("youth_ids", "파기할 기록을 고르세요.") from None
        if not ids:
            raise ValidationError.single("youth_ids", "파기할 기록을 고르세요.")
        if len(ids) > MAX_BATCH:
            raise ValidationError.single("youth_ids", f"한 번에 {MAX_BATCH:,}건까지 파기할 수 있습니다.")
        return ids

    @staticmethod
    def _apply(s, actor: Actor, facility_id: int | None, groups: dict[DestructionReason, list[int]],
               now: datetime, note: str = "") -> list[int]:
        """Erase each group, its ledger row, the youths' privacy rows and audit rows."""
        out = []
        for why, ids in groups.items():
            destruction.erase(s, ids, now)
            row = ledger.add_row(s, actor, facility_id, len(ids), why, now, note)
            out.append(row.id)
            for yid in ids:
                p = s.get(YouthPrivacy, yid) or YouthPrivacy(youth_id=yid)
                p.destroyed_at, p.ledger_id = now, row.id
                s.add(p)
                record(s, AuditAction.DELETE, "youth", yid, facility_id=facility_id,
                       detail=f"개인정보 파기({why.label}), 파기 대장 {row.id}번")
        s.flush()
        return out

    # -- the youth's requests ---------------------------------------------------------
    def withdrawal_preview(self, actor: Actor, facility_id: int | None, youth_id: int) -> withdrawal.Upcoming:
        """What a withdrawal of the youth's consent now would cancel (every facility's)."""
        require(actor, Perm.YOUTH_EDIT, facility_id)
        now = self.clock()
        return self.db.read(lambda s: withdrawal.upcoming(s, youth_id, now))

    def withdraw_consent(self, actor: Actor, facility_id: int | None, youth_id: int,
                         on: date | None = None) -> date:
        """``withdraw``; returns the day recorded."""
        return self.withdraw(actor, facility_id, youth_id, on).day

    def withdraw(self, actor: Actor, facility_id: int | None, youth_id: int, on: date | None = None) -> Withdrawal:
        """Record the youth's withdrawal of consent on ``on`` (default today, Seoul) and
        cancel, in the same transaction, what is still to come (``models.lifecycle.withdrawal``)."""
        require(actor, Perm.YOUTH_EDIT, facility_id)
        now, today = self.clock(), self.today()
        day = today if on is None else on
        if isinstance(day, datetime) or not isinstance(day, date):
            raise ValidationError.single("withdrawn_on", "날짜 형식이 올바르지 않습니다(예: 2024-03-01).")
        if day > today:
            raise ValidationError.single("withdrawn_on", "동의 철회일은 오늘 이후일 수 없습니다.")

        def work(s):
            y = s.get(Youth, youth_id, with_for_update=True)
            if y is None:
                raise NotFound("청년 정보를 찾을 수 없습니다.")
            p = s.get(YouthPrivacy, youth_id) or YouthPrivacy(youth_id=youth_id)
            if p.destroyed_at is not None:
                raise Conflict("개인정보가 파기된 기록입니다.")
            if p.withdrawn_on is not None:
                raise Conflict(f"이미 {p.withdrawn_on:%Y-%m-%d}에 동의를 철회한 청년입니다.")
            if day < y.consent_on:
                raise ValidationError.single("withdrawn_on", "동의 철회일이 동의일보다 앞설 수 없습니다.")
            p.withdrawn_on, p.withdrawn_by = day, actor.user_id
            s.add(p)
            cancelled = withdrawal.cancel_upcoming(s, actor.user_id, youth_id, now, today)
            detail = f"개인정보 수집·이용 동의 철회({day:%Y-%m-%d})"
            if cancelled.total:
                detail += f", 예정 취소: {cancelled.describe()}"
            record(s, AuditAction.UPDATE, "youth", youth_id, facility_id=facility_id, detail=detail)
            return Withdrawal(day, cancelled)

        return self.db.write(work, actor=actor)

    def delete_on_request(self, actor: Actor, facility_id: int | None, youth_id: int,
                          reason: DestructionReason = DestructionReason.REQUEST) -> DestroyResult:
        """The youth's request to delete (PIPA §36), or the purpose achieved: the
        destruction of this one record, with its ledger row."""
        reason = DestructionReason(reason)
        if reason not in REQUEST_REASONS:
            raise ValidationError.single("reason", "삭제 사유를 고르세요(본인 요청 또는 목적 달성).")
        return self.destroy(actor, facility_id, [youth_id], reason=reason)


def reapply(db, actor: Actor, backup_name: str, clock: Callable[[], datetime] = utcnow) -> int:
    """After a restore: destroy again every record the file beside the database lists that
    the restored database still holds (same id, same creation time), with one ledger row
    (복원 후 재적용). Returns how many; 0 writes nothing."""
    entries = destruction.read_ids(destruction.ids_file(db))
    if not entries:
        return 0
    wanted = {e.youth_id: e.created_at for e in entries}
    now = clock()

    def known(s) -> Actor:  # the restored file may not know the account, or hold another under its id
        if actor.user_id is not None and s.execute(sa.text("SELECT username FROM user_account WHERE id = :i"),
                                                   {"i": actor.user_id}).scalar() != actor.username:
            return Actor(None, actor.username, actor.display_name)
        return actor

    who = db.read(known)

    def work(s):
        with destruction.secure_delete(s):
            rows = s.exec(select(Youth.id, Youth.created_at, YouthPrivacy.destroyed_at)
                          .outerjoin(YouthPrivacy, YouthPrivacy.youth_id == Youth.id)
                          .where(Youth.id.in_(sorted(wanted)))).all()
            ids = [i for i, made, gone in rows if gone is None and created_text(made) == wanted[i]]
            if not ids:
                return 0
            PrivacyService._apply(s, who, None, {DestructionReason.REAPPLIED: ids}, now,
                                  note=f"복원한 백업 {backup_name}에 남아 있던 파기 기록을 다시 파기"[:200])
            return len(ids)

    done = db.write(work, actor=who)
    if done:
        destruction.vacuum(db)
    return done
