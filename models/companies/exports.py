"""A month of one facility's matching for an export (``main.py export matches``): the 운영
실적 figures and the list of the month's referral events, with no youth and no contact.

- The figures are ``monthly_counts``'s (the definitions of ``models.companies.reports``):
  구인기업 발굴 by 발굴 경로, referrals, interviews and hires (청년-기업매칭) by channel.
- The events are the month's transitions at the facility (their Seoul day in the month),
  in day order: the day (a real date cell in the .xlsx), the referral's number
  (``R-000123``, what the 기업 page finds it by), the company, the opening, the channel,
  the stage it came from and went to. No youth (not even masked), no counselor's note, no
  ending reason or override reason (typed text may name a person), no contact person.

``month_export`` reads both in one transaction, hands them to ``write`` (the caller makes
the file: ``cli.commands.export_matches`` with ``reports.table_writer``; this area imports
no writer), and only then records the export in the audit log ("출력"): a file that cannot
be written records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from models.companies import access
from models.companies.enums import Channel, FoundVia, Stage
from models.companies.reports import UNKNOWN, month_days
from models.companies.schemas import MatchCounts
from models.companies.tables import Company, JobOpening, Referral, ReferralTransition
from models.core.audit import record
from models.core.enums import AuditAction
from models.core.permissions import Actor, Perm, acting_as, require
from models.facilities.tables import Facility

HEADERS = ("구분", "항목", "날짜", "추천 번호", "기업", "공고", "채널", "이전 단계", "단계", "건수")
WIDTHS = (14, 22, 12, 12, 24, 24, 10, 10, 10, 8)
FIGURES, EVENTS = "운영 실적", "추천 이력"
DIMENSIONS = {"found_via": "구인기업 발굴", "referral": "추천", "interview": "면접", "hire": "청년-기업매칭"}


def referral_ref(referral_id: int) -> str:
    """The referral's number as the export prints it."""
    return f"R-{referral_id:06d}"


@dataclass(frozen=True)
class MatchEvent:
    """One transition of the month, without any person."""

    on: date
    referral_id: int
    company: str
    opening: str
    channel: Channel
    from_stage: Stage | None
    to_stage: Stage


@dataclass(frozen=True)
class MatchExport:
    facility_name: str
    label: str  # YYYY-MM
    counts: MatchCounts
    events: tuple[MatchEvent, ...]

    def rows(self) -> list[tuple]:
        """The table under ``HEADERS``: the figures (each total, then its rows by route or
        channel), then one row per event."""
        c = self.counts
        out: list[tuple] = []
        for dimension, total in (("found_via", c.companies_found), ("referral", c.referrals),
                                 ("interview", c.interviews), ("hire", c.hires)):
            title = DIMENSIONS[dimension]
            out.append((FIGURES, title, None, "", "", "", "합계", "", "", total))
            enum = FoundVia if dimension == "found_via" else Channel
            by = c.by(dimension)
            for member in enum:
                if by.get(member.value):
                    out.append((FIGURES, title, None, "", "", "", member.label, "", "", by[member.value]))
            if by.get(UNKNOWN):
                out.append((FIGURES, title, None, "", "", "", "미분류", "", "", by[UNKNOWN]))
        for e in self.events:
            out.append((EVENTS, e.to_stage.label, e.on, referral_ref(e.referral_id), e.company, e.opening,
                        e.channel.label, e.from_stage.label if e.from_stage else "", e.to_stage.label, None))
        return out


def month_export(companies, actor: Actor, facility_id: int, year: int, month: int,
                 write: Callable[[MatchExport], object] | None = None) -> MatchExport:
    """The facility's matching of the month (see the module) from ``companies`` (the
    ``CompaniesService``); recorded as an output after ``write`` ran. Needs the month's
    counts and the companies of the facility (``MATCH_COUNTS`` and ``COMPANY_VIEW``)."""
    require(actor, Perm.MATCH_COUNTS, facility_id)
    require(actor, Perm.COMPANY_VIEW, facility_id)
    first, after = month_days(year, month)
    label = f"{year}-{month:02d}"
    counts = companies.monthly_counts(actor, facility_id, year, month)

    def work(s):
        access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
        facility = s.get(Facility, facility_id)
        rows = s.exec(select(ReferralTransition.happened_on, ReferralTransition.referral_id, Company.name,
                             JobOpening.title, Referral.channel, ReferralTransition.from_stage,
                             ReferralTransition.to_stage)
                      .join(Referral, Referral.id == ReferralTransition.referral_id)
                      .join(JobOpening, JobOpening.id == Referral.opening_id)
                      .join(Company, Company.id == Referral.company_id)
                      .where(ReferralTransition.facility_id == facility_id, ReferralTransition.happened_on >= first,
                             ReferralTransition.happened_on < after)
                      .order_by(ReferralTransition.happened_on, ReferralTransition.referral_id,
                                ReferralTransition.id)).all()
        table = MatchExport(facility.name, label, counts, tuple(MatchEvent(*r) for r in rows))
        if write is not None:
            write(table)
        record(s, AuditAction.OUTPUT, "referral_transition", None, facility_id=facility_id,
               detail=f"매칭 실적 내보내기 {label} (추천 이력 {len(rows)}건, 입사 {counts.hires}건)")
        return table

    with acting_as(actor):  # the account's live check, as the service's own methods
        return companies.db.write(work, actor=actor)
