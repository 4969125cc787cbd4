"""What every service shares: the database, the clock, and ids the database can hold.

Every public method of a service has its id arguments (``facility_id``, ``booking_id``, any
``…_id``) checked before it runs: an id outside the 32-bit INTEGER column (below 1 or above
2,147,483,647) names nothing, so the call raises ``NotFound`` instead of reaching the
driver (SQLite's ``OverflowError``, PostgreSQL's out-of-range errors). ``None`` stays allowed
where a method takes it (all facilities).

A method that takes an ``actor`` runs with it as the acting actor
(``models.core.permissions.acting_as``): every transaction it opens checks first that the
account is still active and its permissions unchanged since the actor was built."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date, datetime

from models.core.db import Database
from models.core.errors import NotFound
from models.core.permissions import acting_as
from models.core.text import int_in_range
from models.core.time import SEOUL, utcnow

NOT_FOUND = {
    "facility_id": "시설을 찾을 수 없습니다.", "registered_facility_id": "시설을 찾을 수 없습니다.",
    "room_id": "공간을 찾을 수 없습니다.", "youth_id": "청년 정보를 찾을 수 없습니다.",
    "booking_id": "예약을 찾을 수 없습니다.", "slot_id": "회차를 찾을 수 없습니다.",
    "entry_id": "대기 항목을 찾을 수 없습니다.", "waitlist_entry_id": "대기 항목을 찾을 수 없습니다.",
    "closure_id": "휴관일을 찾을 수 없습니다.", "request_id": "컨설팅 요청을 찾을 수 없습니다.",
    "user_id": "계정을 찾을 수 없습니다.", "grant_id": "권한을 찾을 수 없습니다.",
}


def _checked(fn: Callable) -> Callable:
    sig = inspect.signature(fn)
    names = [n for n in sig.parameters if n.endswith("_id")]
    takes_actor = "actor" in sig.parameters
    if not names and not takes_actor:
        return fn

    @functools.wraps(fn)
    def checked(*args, **kwargs):
        bound = sig.bind_partial(*args, **kwargs).arguments
        for name in names:
            value = bound.get(name)
            if isinstance(value, int) and not int_in_range(value):
                raise NotFound(NOT_FOUND.get(name, "찾는 항목이 없습니다."))
        with acting_as(bound.get("actor")):
            return fn(*args, **kwargs)

    return checked


class Service:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.clock = clock

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, member in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(member):
                setattr(cls, name, _checked(member))

    def today(self) -> date:
        """Today's date in Asia/Seoul."""
        return self.clock().astimezone(SEOUL).date()
