"""The facility calendar, as pure functions: Korean public holidays (the ``holidays``
package) and weekly opening hours (``{"0": ["09:00", "18:00"], ...}``, Monday = "0").

Closure days are rows of the facilities area; ``models.facilities.calendar`` joins them in.
"""

from __future__ import annotations

from datetime import date, time
from functools import lru_cache


@lru_cache(maxsize=32)
def kr_holidays(year: int) -> dict[date, str]:
    import holidays  # ~90 ms to import: only when a date's holiday is first asked for
    return dict(holidays.country_holidays("KR", years=year, language="ko"))


def holiday_name(day: date) -> str | None:
    return kr_holidays(day.year).get(day)


def opening_span(facility, day: date) -> tuple[time, time] | None:
    """Opening and closing time on ``day``, or None on a weekly closed day. ``facility`` is
    anything with an ``opening_hours`` mapping (the table row or its DTO)."""
    span = (facility.opening_hours or {}).get(str(day.weekday()))
    if not span:
        return None
    return time.fromisoformat(span[0]), time.fromisoformat(span[1])


def closed_reason(facility, day: date, closure_reason: str | None = None, *,
                  closed: bool = False) -> str | None:
    """Why the facility is closed on ``day`` (Korean, for the user), or None when it is open.
    ``closed`` says the facility has a closure day on ``day``, with ``closure_reason``."""
    name = holiday_name(day)
    if name:
        return f"공휴일({name})"
    if closed:
        return f"휴관일({closure_reason or '시설 휴관'})"
    if opening_span(facility, day) is None:
        return "정기 휴무일"
    return None
