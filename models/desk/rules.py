"""The booking rules of a facility and its closure days (manager), used by rooms and booths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlmodel import select

from models.core.errors import NotFound, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import check_text
from models.core.time import day_bounds
from models.core.validation import validate
from models.desk.schemas import DeskSetup, RulesInput, RulesRow
from models.desk.tables import BookingRules
from models.facilities.tables import Facility, FacilityClosure

DEFAULTS = RulesInput()


def rules_row(facility_id: int, r: BookingRules | None) -> RulesRow:
    src = r or DEFAULTS
    return RulesRow(facility_id, **{k: getattr(src, k) for k in RulesInput.model_fields})


def load_rules(s, facility_id: int) -> RulesRow:
    return rules_row(facility_id, s.get(BookingRules, facility_id))


def desk_setup(s, facility: Facility, around: date) -> DeskSetup:
    """The rules, opening hours and closure days of ``facility``, the closures from a year
    before ``around`` to a year after (as far as any booking can reach)."""
    closures = s.exec(select(FacilityClosure.day, FacilityClosure.reason).where(
        FacilityClosure.facility_id == facility.id,
        FacilityClosure.day >= date(around.year - 1, 1, 1),
        FacilityClosure.day <= date(around.year + 1, 12, 31))).all()
    return DeskSetup(facility.id, load_rules(s, facility.id), dict(facility.opening_hours or {}),
                     {d: r or "" for d, r in closures})


# (session, facility_id, start, end) -> active bookings in [start, end); one per booking kind
DayCounter = Callable[[object, int, datetime, datetime], int]


class BookingRuleService(Service):
    """Rules and closure days. ``day_counters`` count each kind's active bookings on a day
    (rooms, booths; registered by ``models.registry``), so that a day with bookings cannot
    be closed; the desk itself knows no booking kind."""

    def __init__(self, db, clock, day_counters: Sequence[DayCounter] = ()):
        super().__init__(db, clock)
        self.day_counters = tuple(day_counters)

    def get(self, actor: Actor, facility_id: int) -> RulesRow:
        require(actor, Perm.BOOKING_VIEW, facility_id)
        return self.db.read(lambda s: load_rules(s, facility_id))

    def setup(self, actor: Actor, facility_id: int) -> DeskSetup:
        """Rules, opening hours and closure days in one read (see ``DeskSetup``)."""
        require(actor, Perm.BOOKING_VIEW, facility_id)

        def work(s):
            facility = s.get(Facility, facility_id)
            if facility is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            return desk_setup(s, facility, self.today())

        return self.db.read(work)

    def update(self, actor: Actor, facility_id: int, data: dict | RulesInput) -> None:
        """Change the rules. A dict may name only the settings that change; the others
        keep their current values (not the defaults)."""
        require(actor, Perm.BOOKING_RULES, facility_id)
        if isinstance(data, dict):
            current = self.db.read(lambda s: load_rules(s, facility_id))
            data = {**{k: getattr(current, k) for k in RulesInput.model_fields}, **data}
        inp = validate(RulesInput, data)

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            row = s.get(BookingRules, facility_id) or BookingRules(facility_id=facility_id)
            for key, value in inp.model_dump().items():
                setattr(row, key, value)
            s.add(row)

        self.db.write(work, actor=actor)

    def closures(self, actor: Actor, facility_id: int, year: int | None = None) -> list[tuple[int, date, str]]:
        require(actor, Perm.BOOKING_VIEW, facility_id)

        def work(s):
            q = select(FacilityClosure).where(FacilityClosure.facility_id == facility_id)
            if year:
                q = q.where(FacilityClosure.day >= date(year, 1, 1), FacilityClosure.day <= date(year, 12, 31))
            return [(c.id, c.day, c.reason) for c in s.exec(q.order_by(FacilityClosure.day)).all()]

        return self.db.read(work)

    def add_closure(self, actor: Actor, facility_id: int, day: date, reason: str) -> int:
        require(actor, Perm.BOOKING_RULES, facility_id)
        reason = check_text("reason", reason, 100, too_long="사유는 100자 이하로 입력하세요.")

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            exists = s.exec(select(FacilityClosure.id).where(
                FacilityClosure.facility_id == facility_id, FacilityClosure.day == day)).first()
            if exists:
                raise ValidationError.single("day", "이미 휴관일로 등록된 날입니다.")
            start, end = day_bounds(day)
            booked = sum(count(s, facility_id, start, end) for count in self.day_counters)
            if booked:
                raise ValidationError.single(
                    "day", f"그날 예약이 {booked}건 있습니다. 예약을 먼저 취소한 뒤 휴관일로 지정하세요.")
            c = FacilityClosure(facility_id=facility_id, day=day, reason=reason)
            s.add(c)
            s.flush()
            return c.id

        return self.db.write(work, actor=actor)

    def remove_closure(self, actor: Actor, closure_id: int) -> None:
        def work(s):
            c = s.get(FacilityClosure, closure_id)
            if c is None:
                raise NotFound("휴관일을 찾을 수 없습니다.")
            require(actor, Perm.BOOKING_RULES, c.facility_id)
            s.delete(c)

        self.db.write(work, actor=actor)


def check_override(actor: Actor, facility_id: int, reason: str | None) -> str | None:
    if reason is None:
        return None
    require(actor, Perm.BOOKING_OVERRIDE, facility_id)
    text = check_text("override_reason", reason, 500, too_long="규칙 예외 사유는 500자 이하로 적으세요.",
                      multiline=True)
    if len(text) < 5:
        raise ValidationError.single("override_reason", "규칙 예외 사유를 5자 이상 적으세요.")
    return text
