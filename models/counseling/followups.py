"""The follow-up queue (후속조치): what a session with a follow-up date put in its
counselor's queue, done by the session that did it (``SessionInput.completes_followup_id``);
today's due and overdue ones with the days overdue; follow-ups promised without a session;
cancelling one."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, require
from models.counseling import access
from models.counseling.access import PAST_FOLLOWUP, CounselingBase, not_found
from models.counseling.enums import FollowupStatus
from models.counseling.schemas import FollowupRow
from models.counseling.tables import Followup


class FollowupPart(CounselingBase):
    def followups(self, actor: Actor, facility_id: int, *, counselor_id: int | None = None,
                  everyone: bool = False, until: date | None = None) -> list[FollowupRow]:
        """Open follow-ups due on or before ``until`` (default today: due today and
        overdue), of one counselor (default the actor; ``everyone`` for all),
        the most overdue first, each with its days overdue."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        today = self.today()
        until = until or today
        who = None if everyone else counselor_id or actor.user_id

        def work(s):
            q = select(Followup).where(Followup.facility_id == facility_id,
                                       Followup.status == FollowupStatus.OPEN, Followup.due_on <= until)
            if who:
                q = q.where(Followup.counselor_id == who)
            rows = s.exec(q.order_by(Followup.due_on, Followup.id)).all()
            return self._followup_rows(s, rows, today)

        return self.db.read(work)

    def youth_followups(self, actor: Actor, facility_id: int, youth_id: int) -> list[FollowupRow]:
        """Every follow-up of the youth at the facility (any state), by due date."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        today = self.today()

        def work(s):
            rows = s.exec(select(Followup).where(Followup.facility_id == facility_id,
                                                 Followup.youth_id == youth_id)
                          .order_by(Followup.due_on, Followup.id)).all()
            return self._followup_rows(s, rows, today)

        return self.db.read(work)

    def _followup_rows(self, s, rows, today: date) -> list[FollowupRow]:
        who = access.names(s, [f.counselor_id for f in rows])
        youth = access.youth_names(s, [f.youth_id for f in rows])
        return [FollowupRow(f.id, f.facility_id, f.youth_id, youth.get(f.youth_id, ""), f.counselor_id,
                            who.get(f.counselor_id, ""), f.due_on, f.status,
                            max(0, (today - f.due_on).days) if f.status is FollowupStatus.OPEN else 0,
                            f.source_session_id, f.done_session_id) for f in rows]

    def schedule_followup(self, actor: Actor, facility_id: int, youth_id: int, due_on: date,
                          counselor_id: int | None = None) -> int:
        """A follow-up without a session (a call promised at the desk)."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)
        if not isinstance(due_on, date):
            raise ValidationError.single("followup_on", "날짜 형식이 올바르지 않습니다(예: 2024-03-01).")
        if due_on < self.today():
            raise ValidationError.single("followup_on", PAST_FOLLOWUP)
        counselor = counselor_id or actor.user_id
        if counselor != actor.user_id:
            require(actor, Perm.COUNSELING_ASSIGN, facility_id)
        now = self.clock()

        def work(s):
            access.check_youth(s, youth_id)
            access.check_counselor(s, facility_id, counselor)
            f = Followup(facility_id=facility_id, youth_id=youth_id, counselor_id=counselor, due_on=due_on,
                         status=FollowupStatus.OPEN, created_at=now, created_by=actor.user_id)
            s.add(f)
            s.flush()
            return f.id

        return self.db.write(work, actor=actor)

    def cancel_followup(self, actor: Actor, followup_id: int) -> None:
        def work(s):
            f = s.get(Followup, followup_id, with_for_update=True)
            if f is None:
                raise not_found("followup_id")
            require(actor, Perm.COUNSELING_WRITE, f.facility_id)
            if f.status is not FollowupStatus.OPEN:
                raise Conflict("이미 완료되었거나 취소된 후속조치입니다.")
            f.status = FollowupStatus.CANCELLED
            s.add(f)

        self.db.write(work, actor=actor)
