"""The company registry (구인기업): register, edit, search; contact persons, masked in
every list and shown in full only by ``reveal_contact``, an audit read."""

from __future__ import annotations

from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.companies import access, bizno
from models.companies.access import CompaniesBase, not_found
from models.companies.enums import OpeningStatus
from models.companies.schemas import CompanyInput, CompanyRow, ContactInput, ContactRow, ContactView
from models.companies.tables import Company, CompanyContact, JobOpening
from models.core.audit import record
from models.core.db import violated_constraint
from models.core.enums import AuditAction
from models.core.errors import Conflict
from models.core.masking import format_phone, mask_email, mask_name, mask_phone
from models.core.permissions import Actor, Perm, require
from models.core.text import check_page, search_text
from models.core.validation import validate

DUPLICATE = "이미 등록된 사업자등록번호입니다. 기존 기업 정보를 여세요."
DUPLICATE_KEYS = ("uq_company_facility_biz_no", "unique:company.facility_id, company.biz_no")


class DuplicateCompany(Conflict):
    """A company with the same 사업자등록번호 is registered at the facility: ``existing_id``
    names it, so that the GUI can open it instead."""

    def __init__(self, existing_id: int, existing_name: str):
        super().__init__(DUPLICATE, "biz_no")
        self.existing_id = existing_id
        self.existing_name = existing_name


def _contact_row(c: CompanyContact) -> ContactRow:
    return ContactRow(c.id, c.company_id, mask_name(c.name), c.role, mask_phone(c.phone) if c.phone else "",
                      mask_email(c.email))


class CompanyPart(CompaniesBase):
    def _duplicate(self, s, facility_id: int, biz_no: str, except_id: int | None = None) -> None:
        row = s.exec(select(Company.id, Company.name).where(Company.facility_id == facility_id,
                                                            Company.biz_no == biz_no)).first()
        if row is not None and row[0] != except_id:
            raise DuplicateCompany(row[0], row[1])

    def _flush(self, s, facility_id: int, biz_no: str) -> None:
        try:
            s.flush()
        except IntegrityError as exc:
            if violated_constraint(exc) in DUPLICATE_KEYS:  # a second desk registered it meanwhile
                raise Conflict(DUPLICATE, "biz_no") from None
            raise

    def create_company(self, actor: Actor, facility_id: int, data: dict | CompanyInput) -> int:
        """Register a company; returns its id. A 사업자등록번호 already registered at the
        facility is ``DuplicateCompany`` (carrying the existing id); bad input a
        ``ValidationError`` naming its field. Nothing is written then."""
        require(actor, Perm.COMPANY_EDIT, facility_id)
        inp = validate(CompanyInput, data)
        now = self.clock()

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_EDIT, facility_id)
            owner = inp.owner_id
            if owner is not None:
                access.check_staff(s, facility_id, owner, "owner_id")
            elif actor.user_id in access.matching_staff(s, facility_id):
                owner = actor.user_id  # the city admin registers a company without an owner
            self._duplicate(s, facility_id, inp.biz_no)
            row = Company(facility_id=facility_id, **inp.model_dump(exclude={"found_on", "owner_id"}),
                          found_on=inp.found_on or self.today(), owner_id=owner, version=1,
                          created_at=now, created_by=actor.user_id)
            s.add(row)
            self._flush(s, facility_id, inp.biz_no)
            return row.id

        return self.db.write(work, actor=actor)

    def update_company(self, actor: Actor, company_id: int, data: dict | CompanyInput, version: int) -> int:
        """Change a company; returns its new version (``Conflict`` if another desk changed
        it since ``version``)."""
        inp = validate(CompanyInput, data)

        def work(s):
            row = self._company(s, actor, company_id, Perm.COMPANY_EDIT, lock=True)
            access.check_version(row, version)
            if inp.owner_id is not None and inp.owner_id != row.owner_id:
                access.check_staff(s, row.facility_id, inp.owner_id, "owner_id")
            self._duplicate(s, row.facility_id, inp.biz_no, except_id=row.id)
            for key, value in inp.model_dump(exclude={"found_on", "owner_id"}).items():
                setattr(row, key, value)
            row.found_on = inp.found_on or row.found_on
            row.owner_id = inp.owner_id or row.owner_id
            row.version += 1
            s.add(row)
            self._flush(s, row.facility_id, inp.biz_no)
            return row.version

        return self.db.write(work, actor=actor)

    def _company(self, s, actor: Actor, company_id: int, perm: Perm, lock: bool = False) -> Company:
        row = s.get(Company, company_id, with_for_update=lock)
        if row is None:
            raise not_found("company_id")
        access.require_at(s, actor, perm, row.facility_id)
        return row

    def _rows(self, s, companies) -> list[CompanyRow]:
        if not companies:
            return []
        ids = [c.id for c in companies]
        contacts: dict[int, list[ContactRow]] = {}
        for c in s.exec(select(CompanyContact).where(CompanyContact.company_id.in_(ids), CompanyContact.active)
                        .order_by(CompanyContact.id)).all():
            contacts.setdefault(c.company_id, []).append(_contact_row(c))
        open_jobs = dict(s.exec(select(JobOpening.company_id, func.count()).where(
            JobOpening.company_id.in_(ids), JobOpening.status == OpeningStatus.OPEN)
            .group_by(JobOpening.company_id)).all())
        who = access.names(s, [c.owner_id for c in companies])
        return [CompanyRow(c.id, c.facility_id, c.name, bizno.formatted(c.biz_no), c.representative, c.industry,
                           c.size, c.certified, c.certified_year, c.address, c.district, c.website, c.found_via,
                           c.found_on, c.owner_id, who.get(c.owner_id, ""), c.notes, c.version,
                           open_jobs.get(c.id, 0), tuple(contacts.get(c.id, ())))
                for c in companies]

    def get_company(self, actor: Actor, company_id: int) -> CompanyRow:
        def work(s):
            return self._rows(s, [self._company(s, actor, company_id, Perm.COMPANY_VIEW)])[0]

        return self.db.read(work)

    def companies(self, actor: Actor, facility_id: int, query: str = "", *, limit: int = 200,
                  offset: int = 0) -> list[CompanyRow]:
        """The facility's companies by name; ``query`` a fragment of the name or the
        사업자등록번호 (digits, with or without hyphens). Contacts masked."""
        require(actor, Perm.COMPANY_VIEW, facility_id)
        text = search_text("query", query)
        check_page(limit, offset)

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            q = select(Company).where(Company.facility_id == facility_id)
            if text:
                digits = "".join(ch for ch in text if ch.isdigit())
                like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                cond = Company.name.ilike(like, escape="\\")
                if digits and len(digits) == len(text.replace("-", "")):
                    cond = or_(cond, Company.biz_no.like(f"%{digits}%"))
                q = q.where(cond)
            rows = s.exec(q.order_by(Company.name, Company.id).limit(limit).offset(offset)).all()
            return self._rows(s, list(rows))

        return self.db.read(work)

    def match_staff(self, actor: Actor, facility_id: int) -> list[tuple[int, str]]:
        """The facility's counselors and managers (id, display name) by name: who may own a
        company or a referral (the choices of the 담당 상담사 field)."""
        require(actor, Perm.COMPANY_VIEW, facility_id)

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            who = access.names(s, access.matching_staff(s, facility_id))
            return sorted(who.items(), key=lambda p: (p[1], p[0]))

        return self.db.read(work)

    # -- contacts -----------------------------------------------------------------------
    def add_contact(self, actor: Actor, company_id: int, data: dict | ContactInput) -> int:
        inp = validate(ContactInput, data)

        def work(s):
            company = self._company(s, actor, company_id, Perm.COMPANY_EDIT)
            c = CompanyContact(company_id=company.id, facility_id=company.facility_id, **inp.model_dump())
            s.add(c)
            s.flush()
            return c.id

        return self.db.write(work, actor=actor)

    def _contact(self, s, actor: Actor, contact_id: int, perm: Perm) -> CompanyContact:
        c = s.get(CompanyContact, contact_id)
        if c is None or not c.active:
            raise not_found("contact_id")
        access.require_at(s, actor, perm, c.facility_id)
        return c

    def update_contact(self, actor: Actor, contact_id: int, data: dict | ContactInput) -> None:
        inp = validate(ContactInput, data)

        def work(s):
            c = self._contact(s, actor, contact_id, Perm.COMPANY_EDIT)
            for key, value in inp.model_dump().items():
                setattr(c, key, value)
            s.add(c)

        self.db.write(work, actor=actor)

    def remove_contact(self, actor: Actor, contact_id: int) -> None:
        """The contact leaves the company's list (kept, inactive)."""

        def work(s):
            c = self._contact(s, actor, contact_id, Perm.COMPANY_EDIT)
            c.active = False
            s.add(c)

        self.db.write(work, actor=actor)

    def reveal_contact(self, actor: Actor, contact_id: int) -> ContactView:
        """A contact person in full: recorded as an audit read (who, which contact, when)."""

        def work(s):
            c = self._contact(s, actor, contact_id, Perm.COMPANY_VIEW)
            record(s, AuditAction.READ, "company_contact", c.id, facility_id=c.facility_id,
                   detail=f"기업 담당자 연락처 열람 (기업 #{c.company_id})")
            return ContactView(c.id, c.company_id, c.name, c.role, format_phone(c.phone) if c.phone else "",
                               c.email)

        return self.db.write(work, actor=actor)
