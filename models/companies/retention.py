"""Retention follow-ups after a hire: checks at 1, 3 and 6 months from the hire date, each
recorded as still employed (재직 중) or left (퇴사) with the date. A youth who left closes
the later checks with the same date.

Each check also puts a follow-up in the referral counselor's queue of the counseling area
(``CompaniesBase.followup_scheduler``, given by models.registry: companies imports no
counseling), and recording the check takes it out again (``followup_closer``). A hire
undone by a manager's override cancels the checks not yet recorded and their follow-ups.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete
from sqlmodel import select

from models.companies import access
from models.companies.access import CompaniesBase, not_found
from models.companies.enums import RETENTION_MONTHS, RetentionOutcome
from models.companies.schemas import RetentionRow
from models.companies.tables import Company, Referral, RetentionCheck
from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, require

LEFT_DATE = "퇴사일을 입력하세요."
LEFT_RANGE = "퇴사일은 입사일과 오늘 사이여야 합니다."
RECORDED = "이미 결과를 기록한 고용유지 확인입니다."


def schedule(svc: CompaniesBase, s, r: Referral, hired_on: date, actor: Actor, now) -> None:
    for months in RETENTION_MONTHS:
        due = access.add_months(hired_on, months)
        followup = None
        if svc.followup_scheduler is not None:
            followup = svc.followup_scheduler(s, r.facility_id, r.youth_id, r.counselor_id, due,
                                              actor.user_id, now)
        s.add(RetentionCheck(referral_id=r.id, facility_id=r.facility_id, months=months, due_on=due,
                             followup_id=followup))


def cancel(svc: CompaniesBase, s, r: Referral) -> None:
    """The hire was undone: checks not recorded go, with their follow-ups (recorded ones
    stay as they were written)."""
    rows = s.exec(select(RetentionCheck).where(RetentionCheck.referral_id == r.id,
                                               RetentionCheck.outcome.is_(None))).all()
    for c in rows:
        if c.followup_id is not None and svc.followup_closer is not None:
            svc.followup_closer(s, c.followup_id)
    if rows:
        s.execute(delete(RetentionCheck).where(RetentionCheck.id.in_([c.id for c in rows])))


class RetentionPart(CompaniesBase):
    def _retention_rows(self, s, checks) -> list[RetentionRow]:
        if not checks:
            return []
        refs = {r.id: r for r in s.exec(select(Referral).where(
            Referral.id.in_({c.referral_id for c in checks}))).all()}
        youth = access.youth_names(s, [r.youth_id for r in refs.values()])
        companies = dict(s.exec(select(Company.id, Company.name).where(
            Company.id.in_({r.company_id for r in refs.values()}))).all())
        return [RetentionRow(c.id, c.referral_id, c.facility_id, refs[c.referral_id].youth_id,
                             youth.get(refs[c.referral_id].youth_id, ""),
                             companies.get(refs[c.referral_id].company_id, ""), c.months, c.due_on, c.outcome,
                             c.left_on, c.followup_id) for c in checks]

    def retention_checks(self, actor: Actor, facility_id: int, *, until: date | None = None,
                         counselor_id: int | None = None, everyone: bool = False) -> list[RetentionRow]:
        """Checks not yet recorded, due on or before ``until`` (default today), of one
        counselor's referrals (default the actor; ``everyone`` for all), oldest first."""
        require(actor, Perm.COMPANY_VIEW, facility_id)
        until = until or self.today()
        who = None if everyone else counselor_id or actor.user_id

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            q = (select(RetentionCheck).join(Referral, Referral.id == RetentionCheck.referral_id)
                 .where(RetentionCheck.facility_id == facility_id, RetentionCheck.outcome.is_(None),
                        RetentionCheck.due_on <= until))
            if who:
                q = q.where(Referral.counselor_id == who)
            return self._retention_rows(s, list(s.exec(q.order_by(RetentionCheck.due_on, RetentionCheck.id)).all()))

        return self.db.read(work)

    def referral_retention(self, actor: Actor, referral_id: int) -> list[RetentionRow]:
        """The referral's checks (1, 3, 6 months), recorded or not."""

        def work(s):
            r = s.get(Referral, referral_id)
            if r is None:
                raise not_found("referral_id")
            access.require_at(s, actor, Perm.COMPANY_VIEW, r.facility_id)
            return self._retention_rows(s, list(s.exec(select(RetentionCheck).where(
                RetentionCheck.referral_id == r.id).order_by(RetentionCheck.months)).all()))

        return self.db.read(work)

    def record_retention(self, actor: Actor, check_id: int, outcome: RetentionOutcome | str,
                         left_on: date | None = None) -> None:
        """Still employed, or left on ``left_on`` (between the hire date and today; the
        later checks are closed as left on the same day). The follow-ups leave the queue."""
        try:
            outcome = RetentionOutcome(outcome)
        except ValueError:
            raise ValidationError.single("outcome", "목록에서 선택하세요.") from None
        if outcome is RetentionOutcome.LEFT and not isinstance(left_on, date):
            raise ValidationError.single("left_on", LEFT_DATE)
        if outcome is RetentionOutcome.EMPLOYED:
            left_on = None
        today, now = self.today(), self.clock()

        def work(s):
            c = s.get(RetentionCheck, check_id, with_for_update=True)
            if c is None:
                raise not_found("check_id")
            access.require_at(s, actor, Perm.MATCH_EDIT, c.facility_id)
            if c.outcome is not None:
                raise Conflict(RECORDED)
            r = s.get(Referral, c.referral_id)
            if left_on is not None and not (r.moved_on <= left_on <= today):
                raise ValidationError.single("left_on", LEFT_RANGE)
            targets = [c]
            if outcome is RetentionOutcome.LEFT:
                targets += list(s.exec(select(RetentionCheck).where(
                    RetentionCheck.referral_id == c.referral_id, RetentionCheck.months > c.months,
                    RetentionCheck.outcome.is_(None))).all())
            for t in targets:
                t.outcome, t.left_on, t.recorded_at, t.recorded_by = outcome, left_on, now, actor.user_id
                s.add(t)
                if t.followup_id is not None and self.followup_closer is not None:
                    self.followup_closer(s, t.followup_id)
            s.flush()

        self.db.write(work, actor=actor)
