"""Group sessions (현직자 멘토링, 취업특강, 그룹상담, 취업 라이브 특강): one record with its
title, mentor or lecturer, time, mode and capacity, holding the youths who attended (found
in the registry or registered on the spot as walk-ins) and, for large online lectures, an
anonymous headcount. A group session counts once in each attending youth's history and
once as a session of the facility (``ReportPart.monthly_counts``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.text import check_text
from models.core.time import SEOUL, day_bounds
from models.core.validation import validate
from models.counseling import access
from models.counseling.access import CounselingBase, not_found
from models.counseling.schemas import AttendeeRow, GroupInput, GroupRow
from models.counseling.tables import REASON_MAX, GroupAttendance, GroupSession
from models.facilities.tables import Facility
from models.youth.tables import Youth

FUTURE = "프로그램 일시가 지금보다 뒤입니다. 진행한 프로그램만 기록할 수 있습니다."


def _full(capacity: int | None) -> str:
    return f"정원({capacity}명)이 찼습니다."


class GroupPart(CounselingBase):
    def log_group(self, actor: Actor, facility_id: int, data: dict | GroupInput) -> int:
        """Record a group session with its attendees; returns its id."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)
        inp = validate(GroupInput, data)
        now = self.clock()
        held = now if inp.held_at is None else inp.held_at
        if held > now:
            raise ValidationError.single("held_at", FUTURE)
        attendees = list(dict.fromkeys(inp.attendee_ids + inp.walk_in_ids))
        if inp.capacity is not None and len(attendees) > inp.capacity:
            raise ValidationError.single("attendee_ids", f"참석자가 정원({inp.capacity}명)보다 많습니다.")

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise not_found("facility_id")
            if attendees:
                found = set(s.exec(select(Youth.id).where(Youth.id.in_(attendees))).all())
                if len(found) != len(attendees):
                    raise ValidationError.single("attendee_ids", access.NO_YOUTH)
            g = GroupSession(facility_id=facility_id, kind=inp.kind, title=inp.title, presenter=inp.presenter,
                             held_at=held, duration_minutes=inp.duration_minutes, mode=inp.mode,
                             capacity=inp.capacity, headcount=inp.headcount, created_at=now,
                             created_by=actor.user_id)
            s.add(g)
            s.flush()
            walk = set(inp.walk_in_ids)
            for yid in attendees:
                s.add(GroupAttendance(group_session_id=g.id, youth_id=yid, facility_id=facility_id,
                                      walk_in=yid in walk, added_at=now, added_by=actor.user_id))
            s.flush()
            return g.id

        return self.db.write(work, actor=actor)

    def add_attendee(self, actor: Actor, group_id: int, youth_id: int, walk_in: bool = False) -> None:
        """Add one attendee (a walk-in is registered in the youth registry first)."""
        now = self.clock()

        def work(s):
            g = self._group(s, actor, group_id, Perm.COUNSELING_WRITE, lock=True)
            if g.voided_at is not None:
                raise Conflict("무효 처리된 프로그램입니다.")
            access.check_youth(s, youth_id)
            if s.get(GroupAttendance, (group_id, youth_id)) is not None:
                raise Conflict("이미 참석자로 등록된 청년입니다.", "youth_id")
            if g.capacity is not None:
                n = s.exec(select(func.count()).select_from(GroupAttendance)
                           .where(GroupAttendance.group_session_id == group_id)).one()
                if n >= g.capacity:
                    raise Conflict(_full(g.capacity))
            s.add(GroupAttendance(group_session_id=group_id, youth_id=youth_id, facility_id=g.facility_id,
                                  walk_in=bool(walk_in), added_at=now, added_by=actor.user_id))

        self.db.write(work, actor=actor)

    def void_group(self, actor: Actor, group_id: int, reason: str) -> None:
        reason = check_text("reason", reason, REASON_MAX, required="무효 처리 사유를 입력하세요.",
                            too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
        now = self.clock()

        def work(s):
            g = self._group(s, actor, group_id, Perm.COUNSELING_WRITE, lock=True)
            if g.voided_at is not None:
                raise Conflict("이미 무효 처리된 프로그램입니다.")
            if g.created_by != actor.user_id and not access.is_manager(actor, g.facility_id):
                raise PermissionDenied("프로그램 기록은 작성자나 시설 관리자만 무효 처리할 수 있습니다.")
            g.voided_at, g.voided_by, g.void_reason = now, actor.user_id, reason
            s.add(g)

        self.db.write(work, actor=actor)

    def _group(self, s, actor: Actor, group_id: int, perm: Perm, lock: bool = False) -> GroupSession:
        g = s.get(GroupSession, group_id, with_for_update=lock)
        if g is None:
            raise not_found("group_id")
        require(actor, perm, g.facility_id)
        return g

    @staticmethod
    def _group_row(g: GroupSession, count: int, attendees=()) -> GroupRow:
        return GroupRow(g.id, g.facility_id, g.kind, g.title, g.presenter, g.held_at.astimezone(SEOUL),
                        g.duration_minutes, g.mode, g.capacity, g.headcount, count, g.voided_at is not None,
                        g.void_reason, tuple(attendees))

    def group(self, actor: Actor, group_id: int) -> GroupRow:
        """One group session with its attendees (names in full, for the staff who run it)."""

        def work(s):
            g = self._group(s, actor, group_id, Perm.COUNSELING_VIEW)
            rows = s.exec(select(GroupAttendance.youth_id, Youth.name, GroupAttendance.walk_in)
                          .join(Youth, Youth.id == GroupAttendance.youth_id)
                          .where(GroupAttendance.group_session_id == group_id)
                          .order_by(Youth.name, Youth.id)).all()
            return self._group_row(g, len(rows), [AttendeeRow(*r) for r in rows])

        return self.db.read(work)

    def groups(self, actor: Actor, facility_id: int, first: date, last: date) -> list[GroupRow]:
        """The facility's group sessions held from ``first`` to ``last`` (Seoul days), with
        their attendee counts, in time order."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        start, _ = day_bounds(first)
        _, end = day_bounds(last)

        def work(s):
            counts = (select(GroupAttendance.group_session_id, func.count().label("n"))
                      .where(GroupAttendance.facility_id == facility_id)
                      .group_by(GroupAttendance.group_session_id).subquery())
            rows = s.exec(select(GroupSession, counts.c.n)
                          .outerjoin(counts, counts.c.group_session_id == GroupSession.id)
                          .where(GroupSession.facility_id == facility_id, GroupSession.held_at >= start,
                                 GroupSession.held_at < end).order_by(GroupSession.held_at)).all()
            return [self._group_row(g, n or 0) for g, n in rows]

        return self.db.read(work)
