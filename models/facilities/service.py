"""Facilities and their rooms and booths. Facilities are deactivated, never deleted."""

from __future__ import annotations

from sqlmodel import func, select

from models.core.errors import NotFound, PermissionDenied, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.validation import validate
from models.facilities.enums import FacilityStatus
from models.facilities.schemas import FacilityInput, FacilityRow, RoomInput, RoomRow
from models.facilities.tables import Facility, Room


def facility_row(f: Facility) -> FacilityRow:
    return FacilityRow(
        f.id, f.code, f.name, f.kind, f.region, f.district, f.operator, f.opened_on, f.area_m2,
        f.seats, f.course_count, f.status, f.is_active, dict(f.opening_hours or {}), f.note)


def room_row(r: Room) -> RoomRow:
    return RoomRow(r.id, r.facility_id, r.name, r.kind, r.capacity, r.is_active)


class FacilityService(Service):
    # -- reading ------------------------------------------------------------------
    def list_for(self, actor: Actor, include_inactive: bool = False) -> list[FacilityRow]:
        """Facilities the actor works in: all of them for an admin."""

        def work(s):
            q = select(Facility).order_by(Facility.kind, Facility.name)
            if not include_inactive:
                q = q.where(Facility.is_active)
            if not actor.is_admin:
                ids = actor.facility_ids
                if not ids:
                    return []
                q = q.where(Facility.id.in_(ids))
            return [facility_row(f) for f in s.exec(q).all()]

        return self.db.read(work)

    def first_choice(self, actor: Actor) -> str | None:
        """The facility a user who has chosen none yet starts in: of the actor's operating
        facilities, the one with the most active rooms and booths (an admin otherwise lands
        on the first of them in name order, a campus not yet opened with nothing in it)."""

        def work(s):
            rooms = func.count(Room.id)
            q = (select(Facility.code, rooms).outerjoin(Room, (Room.facility_id == Facility.id) & Room.is_active)
                 .where(Facility.is_active, Facility.status == FacilityStatus.OPEN)
                 .group_by(Facility.id, Facility.code, Facility.kind, Facility.name)
                 .order_by(rooms.desc(), Facility.kind, Facility.name).limit(1))
            if not actor.is_admin:
                if not actor.facility_ids:
                    return None
                q = q.where(Facility.id.in_(actor.facility_ids))
            row = s.exec(q).first()
            return row[0] if row else None

        return self.db.read(work)

    def list_all(self, include_inactive: bool = True) -> list[FacilityRow]:
        """Every facility, for the CLI and seeding (not personal data)."""

        def work(s):
            q = select(Facility).order_by(Facility.kind, Facility.name)
            if not include_inactive:
                q = q.where(Facility.is_active)
            return [facility_row(f) for f in s.exec(q).all()]

        return self.db.read(work)

    def get(self, actor: Actor, facility_id: int) -> FacilityRow:
        require(actor, Perm.FACILITY_VIEW, facility_id)
        return self.db.read(lambda s: facility_row(self._facility(s, facility_id)))

    def by_code(self, code: str) -> FacilityRow:
        def work(s):
            f = s.exec(select(Facility).where(Facility.code == (code or "").strip().upper())).first()
            if f is None:
                raise NotFound(f"알 수 없는 시설 코드입니다: {code}")
            return facility_row(f)

        return self.db.read(work)

    def _facility(self, s, facility_id: int) -> Facility:
        f = s.get(Facility, facility_id)
        if f is None:
            raise NotFound("시설을 찾을 수 없습니다.")
        return f

    def _check_code_free(self, s, code: str, own_id: int | None = None) -> None:
        other = s.exec(select(Facility.id).where(Facility.code == code)).first()
        if other is not None and other != own_id:
            raise ValidationError.single("code", "이미 사용 중인 시설 코드입니다.")

    # -- writing ------------------------------------------------------------------
    def create(self, actor: Actor | None, data: dict | FacilityInput) -> int:
        """Create a facility (admin). ``actor=None`` is only used by seeding."""
        if actor is not None:
            require(actor, Perm.FACILITY_CREATE)
        inp = validate(FacilityInput, data)

        def work(s):
            self._check_code_free(s, inp.code)
            f = Facility(**inp.model_dump(), is_active=True, created_at=self.clock())
            s.add(f)
            s.flush()
            return f.id

        return self.db.write(work, actor=actor)

    def update(self, actor: Actor, facility_id: int, data: dict | FacilityInput) -> None:
        require(actor, Perm.FACILITY_EDIT, facility_id)
        inp = validate(FacilityInput, data)

        def work(s):
            f = self._facility(s, facility_id)
            self._check_code_free(s, inp.code, facility_id)
            if not actor.is_admin and inp.code != f.code:
                raise PermissionDenied("시설 코드는 시 담당자만 바꿀 수 있습니다.")
            for key, value in inp.model_dump().items():
                setattr(f, key, value)
            f.updated_at = self.clock()
            s.add(f)

        self.db.write(work, actor=actor)

    def set_active(self, actor: Actor, facility_id: int, active: bool) -> None:
        require(actor, Perm.FACILITY_DEACTIVATE)

        def work(s):
            f = self._facility(s, facility_id)
            f.is_active = active
            f.updated_at = self.clock()
            s.add(f)

        self.db.write(work, actor=actor)

    # -- rooms and booths -----------------------------------------------------------
    def rooms(self, actor: Actor, facility_id: int, include_inactive: bool = True) -> list[RoomRow]:
        require(actor, Perm.FACILITY_VIEW, facility_id)

        def work(s):
            q = select(Room).where(Room.facility_id == facility_id).order_by(Room.kind, Room.name)
            if not include_inactive:
                q = q.where(Room.is_active)
            return [room_row(r) for r in s.exec(q).all()]

        return self.db.read(work)

    def _check_room_name(self, s, facility_id: int, name: str, own_id: int | None = None) -> None:
        other = s.exec(select(Room.id).where(Room.facility_id == facility_id, Room.name == name)).first()
        if other is not None and other != own_id:
            raise ValidationError.single("name", "이 시설에 같은 이름의 공간이 있습니다.")

    def add_room(self, actor: Actor | None, facility_id: int, data: dict | RoomInput) -> int:
        if actor is not None:
            require(actor, Perm.ROOM_MANAGE, facility_id)
        inp = validate(RoomInput, data)

        def work(s):
            self._facility(s, facility_id)
            self._check_room_name(s, facility_id, inp.name)
            room = Room(facility_id=facility_id, **inp.model_dump())
            s.add(room)
            s.flush()
            return room.id

        return self.db.write(work, actor=actor)

    def update_room(self, actor: Actor, room_id: int, data: dict | RoomInput) -> None:
        inp = validate(RoomInput, data)

        def work(s):
            room = s.get(Room, room_id)
            if room is None:
                raise NotFound("공간을 찾을 수 없습니다.")
            require(actor, Perm.ROOM_MANAGE, room.facility_id)
            self._check_room_name(s, room.facility_id, inp.name, room_id)
            for key, value in inp.model_dump().items():
                setattr(room, key, value)
            s.add(room)

        self.db.write(work, actor=actor)
