"""The follow-up queue (후속조치): what a session with a follow-up date put in its
counselor's queue, done by the session that did it (``SessionInput.completes_followup_id``);
today's due and overdue ones with the days overdue; follow-ups promised without a session
(상담 예약: a day, and optionally a start time on it and the mode planned); cancelling one
(with when: ``cancelled_at``, which the monthly summary reads)."""

from __future__ import annotations

import re
from datetime import date, time

from sqlmodel import select

from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, require
from models.counseling import access
from models.counseling.access import PAST_FOLLOWUP, CounselingBase, not_found
from models.counseling.enums import FollowupStatus, Mode
from models.counseling.schemas import FollowupRow
from models.counseling.tables import Followup

TIME_FORMAT = re.compile(r"(\d{1,2}):(\d{2})")
BAD_TIME = "시간은 00:00–23:59 사이에서 ‘14:00’처럼 입력하세요(비우면 시간 미정)."
BAD_MODE = "상담 방식은 대면, 전화, 화상, 온라인·메신저 가운데서 고르세요."


def parse_start_time(value) -> time | None:
    """A planned session's start time: a ``time``, or "HH:MM" text (blank: 시간 미정).
    Anything else is refused at the field ``start_time``."""
    if value is None or isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None) if value else None
    if not isinstance(value, str):
        raise ValidationError.single("start_time", BAD_TIME)
    text = value.strip()
    if not text:
        return None
    m = TIME_FORMAT.fullmatch(text)
    if m is None or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValidationError.single("start_time", BAD_TIME)
    return time(int(m[1]), int(m[2]))


def parse_mode(value) -> Mode | None:
    if value is None or isinstance(value, Mode):
        return value
    try:
        return Mode(value)
    except ValueError:
        raise ValidationError.single("mode", BAD_MODE) from None


def _queue_order(q):
    """By day, then by start time (a planned session without one last in its day)."""
    return q.order_by(Followup.due_on, Followup.start_time.is_(None), Followup.start_time, Followup.id)


class FollowupPart(CounselingBase):
    def followups(self, actor: Actor, facility_id: int, *, counselor_id: int | None = None,
                  everyone: bool = False, until: date | None = None) -> list[FollowupRow]:
        """Open follow-ups due on or before ``until`` (default today: due today and
        overdue), of one counselor (default the actor; ``everyone`` for all),
        the most overdue first, each with its days overdue; within a day by start time
        (none last)."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        today = self.today()
        until = until or today
        who = None if everyone else counselor_id or actor.user_id

        def work(s):
            q = select(Followup).where(Followup.facility_id == facility_id,
                                       Followup.status == FollowupStatus.OPEN, Followup.due_on <= until)
            if who:
                q = q.where(Followup.counselor_id == who)
            rows = s.exec(_queue_order(q)).all()
            return self._followup_rows(s, rows, today)

        return self.db.read(work)

    def youth_followups(self, actor: Actor, facility_id: int, youth_id: int) -> list[FollowupRow]:
        """Every follow-up of the youth at the facility (any state), by due date."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        today = self.today()

        def work(s):
            rows = s.exec(_queue_order(select(Followup).where(Followup.facility_id == facility_id,
                                                              Followup.youth_id == youth_id))).all()
            return self._followup_rows(s, rows, today)

        return self.db.read(work)

    def _followup_rows(self, s, rows, today: date) -> list[FollowupRow]:
        who = access.names(s, [f.counselor_id for f in rows])
        youth = access.youth_names(s, [f.youth_id for f in rows])
        return [FollowupRow(f.id, f.facility_id, f.youth_id, youth.get(f.youth_id, ""), f.counselor_id,
                            who.get(f.counselor_id, ""), f.due_on, f.status,
                            max(0, (today - f.due_on).days) if f.status is FollowupStatus.OPEN else 0,
                            f.source_session_id, f.done_session_id, f.start_time, f.mode) for f in rows]

    def schedule_followup(self, actor: Actor, facility_id: int, youth_id: int, due_on: date,
                          counselor_id: int | None = None, *, start_time: time | str | None = None,
                          mode: Mode | str | None = None) -> int:
        """A follow-up without a session (상담 예약, or a call promised at the desk): on a day,
        optionally at a start time on it (Seoul wall time, "HH:MM"; None or blank: 시간 미정)
        and with the mode planned, which the session logged from it starts with."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)
        if not isinstance(due_on, date):
            raise ValidationError.single("followup_on", "날짜 형식이 올바르지 않습니다(예: 2024-03-01).")
        if due_on < self.today():
            raise ValidationError.single("followup_on", PAST_FOLLOWUP)
        start_time, mode = parse_start_time(start_time), parse_mode(mode)
        counselor = counselor_id or actor.user_id
        if counselor != actor.user_id:
            require(actor, Perm.COUNSELING_ASSIGN, facility_id)
        now = self.clock()

        def work(s):
            access.check_youth(s, youth_id)
            access.check_counselor(s, facility_id, counselor)
            f = Followup(facility_id=facility_id, youth_id=youth_id, counselor_id=counselor, due_on=due_on,
                         start_time=start_time, mode=mode, status=FollowupStatus.OPEN, created_at=now,
                         created_by=actor.user_id)
            s.add(f)
            s.flush()
            return f.id

        return self.db.write(work, actor=actor)

    def cancel_followup(self, actor: Actor, followup_id: int) -> None:
        """Cancel an open follow-up; when is kept (``cancelled_at``)."""
        now = self.clock()

        def work(s):
            f = s.get(Followup, followup_id, with_for_update=True)
            if f is None:
                raise not_found("followup_id")
            require(actor, Perm.COUNSELING_WRITE, f.facility_id)
            if f.status is not FollowupStatus.OPEN:
                raise Conflict("이미 완료되었거나 취소된 후속조치입니다.")
            f.status, f.cancelled_at = FollowupStatus.CANCELLED, now
            s.add(f)

        self.db.write(work, actor=actor)
