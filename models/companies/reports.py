"""Monthly counts of matching (the 운영 실적 table), from what happened in the month in
Asia/Seoul, never from current state:

- 구인기업 발굴: companies whose 발굴일 falls in the month, by 발굴 경로;
- 청년-기업매칭: hires, the transitions to 입사 dated in the month, by the referral's
  channel; beside it referrals (the first transitions, to 추천) and interviews (the
  transitions to 면접) of the month, by channel.

A past month's figures do not change when a referral moves on later. Every total equals
the sum of its rows; a category not recorded is counted as 미분류 (key ``unknown``). The
rows carry no name and no youth.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func
from sqlmodel import select

from models.companies import access
from models.companies.access import CompaniesBase
from models.companies.enums import UNCATEGORISED, Channel, FoundVia, Stage
from models.companies.schemas import CountRow, MatchCounts
from models.companies.tables import Company, Referral, ReferralTransition
from models.core.errors import ValidationError
from models.core.permissions import Actor, Perm, require
from models.facilities.tables import Facility

UNKNOWN = "unknown"
COUNTED = {Stage.REFERRED: "referral", Stage.INTERVIEW: "interview", Stage.HIRED: "hire"}


def month_days(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and of the next one."""
    if not (isinstance(year, int) and isinstance(month, int) and not isinstance(year, bool)
            and 2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError.single("month", "월은 YYYY-MM 형식으로 입력하세요(예: 2024-03).")
    return date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1)


def _rows(dimension: str, enum, counts: Counter) -> list[CountRow]:
    rows = [CountRow(dimension, m.value, m.label, counts[m]) for m in enum if counts[m]]
    unknown = sum(n for k, n in counts.items() if k not in set(enum))
    if unknown:
        rows.append(CountRow(dimension, UNKNOWN, UNCATEGORISED, unknown))
    return rows


class ReportPart(CompaniesBase):
    def monthly_counts(self, actor: Actor, facility_id: int | None, year: int, month: int) -> MatchCounts:
        """The month's figures of a facility (``None``: every facility, the city admin)."""
        require(actor, Perm.MATCH_COUNTS, facility_id)
        first, after = month_days(year, month)

        def work(s):
            if facility_id is not None:
                access.require_at(s, actor, Perm.MATCH_COUNTS, facility_id)
            c = (select(Company.found_via, func.count()).where(Company.found_on >= first, Company.found_on < after)
                 .group_by(Company.found_via))
            t = (select(ReferralTransition.to_stage, Referral.channel, func.count())
                 .join(Referral, Referral.id == ReferralTransition.referral_id)
                 .where(ReferralTransition.happened_on >= first, ReferralTransition.happened_on < after,
                        ReferralTransition.to_stage.in_(list(COUNTED)))
                 .group_by(ReferralTransition.to_stage, Referral.channel))
            # one facility, or every one by its id: the indexes on (facility, day) serve the
            # month's range either way (city-wide without the list is a scan of the whole
            # history: 80-150 ms at 1 M transitions, against 5-60 ms with it)
            ids = [facility_id] if facility_id is not None else list(s.exec(select(Facility.id)).all())
            c = c.where(Company.facility_id.in_(ids))
            t = t.where(ReferralTransition.facility_id.in_(ids))
            found = Counter({k: n for k, n in s.exec(c).all()})
            per: dict[str, Counter] = {d: Counter() for d in COUNTED.values()}
            for stage, channel, n in s.exec(t).all():
                per[COUNTED[stage]][channel] += n
            rows = _rows("found_via", FoundVia, found)
            for dimension in ("referral", "interview", "hire"):
                rows += _rows(dimension, Channel, per[dimension])
            return MatchCounts(facility_id, year, month, sum(found.values()), sum(per["referral"].values()),
                               sum(per["interview"].values()), sum(per["hire"].values()), tuple(rows))

        return self.db.read(work)
