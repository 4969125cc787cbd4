"""Job openings (구인 공고) of a company: open one, change it, set its status (모집중, 마감,
채용완료, 취소), list them. An opening takes referrals while it is 모집중 and its deadline
has not passed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from models.companies import access
from models.companies.access import CompaniesBase, not_found
from models.companies.enums import OpeningStatus, Stage
from models.companies.schemas import OpeningInput, OpeningRow
from models.companies.tables import Company, JobOpening, Referral
from models.core.errors import ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.validation import validate

PAST_DEADLINE = "마감일은 오늘이거나 그 뒤여야 합니다."


def accepts_referrals(o: JobOpening, today: date) -> bool:
    return o.status is OpeningStatus.OPEN and (o.deadline is None or o.deadline >= today)


class OpeningPart(CompaniesBase):
    def open_job(self, actor: Actor, company_id: int, data: dict | OpeningInput) -> int:
        """A new opening (모집중) of the company; returns its id."""
        inp = validate(OpeningInput, data)
        if inp.deadline is not None and inp.deadline < self.today():
            raise ValidationError.single("deadline", PAST_DEADLINE)
        now = self.clock()

        def work(s):
            company = s.get(Company, company_id)
            if company is None:
                raise not_found("company_id")
            access.require_at(s, actor, Perm.COMPANY_EDIT, company.facility_id)
            o = JobOpening(company_id=company.id, facility_id=company.facility_id, **inp.model_dump(),
                           status=OpeningStatus.OPEN, version=1, created_at=now, created_by=actor.user_id)
            s.add(o)
            s.flush()
            return o.id

        return self.db.write(work, actor=actor)

    def _opening(self, s, actor: Actor, opening_id: int, perm: Perm, lock: bool = False) -> JobOpening:
        o = s.get(JobOpening, opening_id, with_for_update=lock)
        if o is None:
            raise not_found("opening_id")
        access.require_at(s, actor, perm, o.facility_id)
        return o

    def update_opening(self, actor: Actor, opening_id: int, data: dict | OpeningInput, version: int) -> int:
        """Change an opening; returns its new version."""
        inp = validate(OpeningInput, data)

        def work(s):
            o = self._opening(s, actor, opening_id, Perm.COMPANY_EDIT, lock=True)
            access.check_version(o, version)
            if inp.deadline is not None and inp.deadline != o.deadline and inp.deadline < self.today():
                raise ValidationError.single("deadline", PAST_DEADLINE)
            for key, value in inp.model_dump().items():
                setattr(o, key, value)
            o.version += 1
            s.add(o)
            s.flush()
            return o.version

        return self.db.write(work, actor=actor)

    def set_opening_status(self, actor: Actor, opening_id: int, status: OpeningStatus | str, version: int) -> int:
        """모집중, 마감, 채용완료 or 취소; returns the new version. Referrals already made
        stay in the pipeline."""
        try:
            status = OpeningStatus(status)
        except ValueError:
            raise ValidationError.single("status", "목록에서 선택하세요.") from None

        def work(s):
            o = self._opening(s, actor, opening_id, Perm.COMPANY_EDIT, lock=True)
            access.check_version(o, version)
            if o.status is not status:
                o.status = status
                o.version += 1
                s.add(o)
                s.flush()
            return o.version

        return self.db.write(work, actor=actor)

    def _opening_rows(self, s, openings) -> list[OpeningRow]:
        if not openings:
            return []
        ids = [o.id for o in openings]
        companies = dict(s.exec(select(Company.id, Company.name).where(
            Company.id.in_({o.company_id for o in openings}))).all())
        per = {}
        for oid, stage, n in s.exec(select(Referral.opening_id, Referral.stage, func.count()).where(
                Referral.opening_id.in_(ids)).group_by(Referral.opening_id, Referral.stage)).all():
            total, hired = per.get(oid, (0, 0))
            per[oid] = (total + n, hired + (n if stage is Stage.HIRED else 0))
        today = self.today()
        return [OpeningRow(o.id, o.company_id, companies.get(o.company_id, ""), o.facility_id, o.title, o.job_field,
                           o.employment_type, o.wage, o.place, o.headcount, o.deadline, o.status, o.version,
                           accepts_referrals(o, today), *per.get(o.id, (0, 0)))
                for o in openings]

    def get_opening(self, actor: Actor, opening_id: int) -> OpeningRow:
        def work(s):
            return self._opening_rows(s, [self._opening(s, actor, opening_id, Perm.COMPANY_VIEW)])[0]

        return self.db.read(work)

    def openings(self, actor: Actor, facility_id: int, *, company_id: int | None = None,
                 status: OpeningStatus | str | None = None) -> list[OpeningRow]:
        """The facility's openings (of one company, in one status), the newest first."""
        require(actor, Perm.COMPANY_VIEW, facility_id)
        if status is not None:
            try:
                status = OpeningStatus(status)
            except ValueError:
                raise ValidationError.single("status", "목록에서 선택하세요.") from None

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            q = select(JobOpening).where(JobOpening.facility_id == facility_id)
            if company_id is not None:
                q = q.where(JobOpening.company_id == company_id)
            if status is not None:
                q = q.where(JobOpening.status == status)
            return self._opening_rows(s, list(s.exec(q.order_by(JobOpening.id.desc())).all()))

        return self.db.read(work)
