"""Time: instants are stored as aware UTC and shown in Asia/Seoul; a day, a week and a
month are Seoul calendar units."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


SEOUL = ZoneInfo("Asia/Seoul")


def local(day: date, hhmm: str | time) -> datetime:
    """A wall-clock time in Seoul on ``day`` as an aware datetime."""
    t = hhmm if isinstance(hhmm, time) else time.fromisoformat(hhmm)
    return datetime.combine(day, t, SEOUL)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), SEOUL)
    return start, start + timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
