"""Which copies the retention keeps: 7 daily, 4 weekly and 12 monthly (configurable).

As in grandfather-father-son schemes (borg's and restic's ``prune``): each rule keeps the
newest verified copy of each of its most recent periods that have one — the last 7 Seoul
days, the last 4 ISO weeks, the last 12 calendar months; a copy kept by any rule stays.
Only verified copies count (``BackupEntry.good``), and the newest verified copy is always
kept.

A copy is removed only after a newer one was verified: ``removable`` is asked right after
a copy passed its verification, with that copy, and offers only copies older than it. A
copy that failed its verification removes nothing. Copies that are not good (corrupt,
changed since verified) go once a newer verified copy exists and no rule keeps them; a
copy without a manifest only when it is also more than a day old (another desk may still
be verifying it).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.core.time import SEOUL
from models.lifecycle.backup import BackupEntry, State

log = logging.getLogger(__name__)
KEEP_ENV = "YJD_BACKUP_KEEP"  # "daily,weekly,monthly", e.g. "7,4,12"
UNVERIFIED_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class Retention:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    def __post_init__(self):
        for name in ("daily", "weekly", "monthly"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
                raise ValueError(f"retention {name} must be an integer from 0 to 1000")

    @classmethod
    def from_env(cls) -> Retention:
        """``YJD_BACKUP_KEEP`` ("7,4,12"), else the defaults (a bad value is logged)."""
        text = os.environ.get(KEEP_ENV)
        if not text:
            return cls()
        try:
            daily, weekly, monthly = (int(p) for p in text.split(","))
            return cls(daily, weekly, monthly)
        except ValueError:
            log.warning("%s=%r is not daily,weekly,monthly; the defaults 7,4,12 apply", KEEP_ENV, text)
            return cls()

    @property
    def text(self) -> str:
        return f"일별 {self.daily}개, 주별 {self.weekly}개, 월별 {self.monthly}개"


def _periods(moment: datetime) -> tuple:
    day = moment.astimezone(SEOUL).date()
    iso = day.isocalendar()
    return day, (iso.year, iso.week), (day.year, day.month)


def kept(entries: list[BackupEntry], retention: Retention) -> set:
    """The paths of the copies the rules keep (verified copies only)."""
    good = sorted((e for e in entries if e.good), key=lambda e: e.order, reverse=True)
    keep = {good[0].path} if good else set()
    for index, count in enumerate((retention.daily, retention.weekly, retention.monthly)):
        seen: set = set()
        for entry in good:  # newest first: the first of a period is its newest
            period = _periods(entry.taken_at)[index]
            if period in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(period)
            keep.add(entry.path)
    return keep


def removable(entries: list[BackupEntry], retention: Retention, verified: BackupEntry,
              now: datetime) -> list[BackupEntry]:
    """The copies to remove now that ``verified`` passed its verification: older than it
    and kept by no rule (see the module's text)."""
    if not verified.good:
        return []
    keep = kept(entries, retention)
    out = []
    for e in entries:
        if e.path in keep or e.path == verified.path or e.order >= verified.order:
            continue
        if e.state is State.UNVERIFIED and now - e.taken_at < UNVERIFIED_GRACE:
            continue
        out.append(e)
    return out
