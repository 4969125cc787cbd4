"""The caseload (사례관리): youths assigned to counselors per facility, their stage,
closing with an outcome and reopening, and the caseload view with the last contact, the
next follow-up and the days since the last contact (flagged past the facility's
``stale_days``, 30 by default).

A manager assigns and transfers (a transfer needs a reason); a counselor may take an
unassigned youth. Every change is a ``CaseEvent`` (append-only): the assignment history.
"The last contact" is the latest live one-to-one session at the facility; group sessions
are not counted as contact.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from models.accounts.tables import RoleGrant, UserAccount
from models.core.enums import Role
from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.text import check_text
from models.core.time import SEOUL
from models.counseling import access
from models.counseling.access import CONFLICT, CounselingBase, load_settings, not_found
from models.counseling.enums import CaseEventKind, CaseStage, CaseStatus, FollowupStatus, Outcome
from models.counseling.schemas import CaseEventRow, CaseRow, CounselorRow
from models.counseling.tables import REASON_MAX, Case, CaseEvent, CounselingSession, Followup
from models.youth.tables import Youth

SORTS = ("last_contact", "days", "name", "stage", "next_followup")


class CaseloadPart(CounselingBase):
    def _case(self, s, case_id: int, actor: Actor, perm: Perm = Perm.COUNSELING_WRITE) -> Case:
        case = s.get(Case, case_id, with_for_update=True)
        if case is None:
            raise not_found("case_id")
        require(actor, perm, case.facility_id)
        return case

    @staticmethod
    def _event(s, case: Case, kind: CaseEventKind, actor: Actor, now, *, from_counselor=None,
               to_counselor=None, from_value=None, to_value=None, reason: str = "") -> None:
        s.add(CaseEvent(case_id=case.id, facility_id=case.facility_id, kind=kind,
                        from_counselor_id=from_counselor, to_counselor_id=to_counselor,
                        from_value=from_value, to_value=to_value, reason=reason, at=now, by=actor.user_id))

    @staticmethod
    def _reason(reason, required: str | None = None) -> str:
        return check_text("reason", reason, REASON_MAX, required=required,
                          too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")

    # -- assigning ------------------------------------------------------------------
    def assign(self, actor: Actor, facility_id: int, youth_id: int, counselor_id: int,
               reason: str = "") -> int:
        """Put the youth on ``counselor_id``'s caseload at the facility (opening the case
        when there is none); returns the case id. A counselor may only take an unassigned
        youth for themselves; a manager assigns anyone and transfers (with a reason) a
        youth another counselor holds."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)
        if counselor_id != actor.user_id:
            require(actor, Perm.COUNSELING_ASSIGN, facility_id)
        reason = self._reason(reason)
        now = self.clock()
        manager = actor.can(Perm.COUNSELING_ASSIGN, facility_id)

        def work(s):
            access.check_youth(s, youth_id)
            access.check_counselor(s, facility_id, counselor_id)
            case = s.exec(select(Case).where(Case.facility_id == facility_id, Case.youth_id == youth_id)
                          .with_for_update()).first()
            kind = CaseEventKind.ASSIGN if manager and counselor_id != actor.user_id else CaseEventKind.TAKE
            if case is None:
                case = Case(facility_id=facility_id, youth_id=youth_id, counselor_id=counselor_id,
                            stage=CaseStage.INITIAL, status=CaseStatus.OPEN, opened_at=now, version=1)
                s.add(case)
                s.flush()
                self._event(s, case, CaseEventKind.OPEN, actor, now, to_value=CaseStage.INITIAL.value)
                self._event(s, case, kind, actor, now, to_counselor=counselor_id, reason=reason)
                return case.id
            if case.status is CaseStatus.CLOSED:
                raise Conflict("종결된 사례입니다. 먼저 사례를 재개하세요.")
            if case.counselor_id == counselor_id:
                return case.id
            if case.counselor_id is not None:
                if not manager:
                    raise Conflict("이미 다른 상담사가 맡고 있는 청년입니다. 담당 이관은 시설 관리자가 합니다.")
                if not reason:
                    raise ValidationError.single("reason", "이관 사유를 입력하세요.")
                kind = CaseEventKind.TRANSFER
            self._event(s, case, kind, actor, now, from_counselor=case.counselor_id, to_counselor=counselor_id,
                        reason=reason)
            case.counselor_id = counselor_id
            case.version += 1
            s.add(case)
            return case.id

        return self.db.write(work, actor=actor)

    def take(self, actor: Actor, facility_id: int, youth_id: int) -> int:
        """The counselor takes an unassigned youth onto their own caseload."""
        return self.assign(actor, facility_id, youth_id, actor.user_id)

    def transfer(self, actor: Actor, case_id: int, counselor_id: int, reason: str) -> None:
        """A manager moves a case to another counselor; the reason is kept in its history."""
        reason = self._reason(reason, "이관 사유를 입력하세요.")
        now = self.clock()

        def work(s):
            case = self._case(s, case_id, actor, Perm.COUNSELING_ASSIGN)
            access.check_counselor(s, case.facility_id, counselor_id)
            if case.status is CaseStatus.CLOSED:
                raise Conflict("종결된 사례입니다. 먼저 사례를 재개하세요.")
            if case.counselor_id == counselor_id:
                raise ValidationError.single("counselor_id", "이미 이 상담사가 맡고 있습니다.")
            self._event(s, case, CaseEventKind.TRANSFER, actor, now, from_counselor=case.counselor_id,
                        to_counselor=counselor_id, reason=reason)
            case.counselor_id = counselor_id
            case.version += 1
            s.add(case)

        self.db.write(work, actor=actor)

    def _responsible(self, actor: Actor, case: Case) -> None:
        if case.counselor_id not in (None, actor.user_id) and not access.is_manager(actor, case.facility_id):
            raise Conflict("담당 상담사나 시설 관리자만 이 사례를 바꿀 수 있습니다.")

    def set_stage(self, actor: Actor, case_id: int, stage: CaseStage | str, version: int | None = None) -> None:
        try:
            stage = CaseStage(stage)
        except ValueError:
            raise ValidationError.single("stage", "목록에서 선택하세요.") from None
        now = self.clock()

        def work(s):
            case = self._case(s, case_id, actor)
            if version is not None and version != case.version:
                raise Conflict(CONFLICT)
            self._responsible(actor, case)
            if case.status is CaseStatus.CLOSED:
                raise Conflict("종결된 사례입니다. 먼저 사례를 재개하세요.")
            if case.stage is stage:
                return
            self._event(s, case, CaseEventKind.STAGE, actor, now, from_value=case.stage.value, to_value=stage.value)
            case.stage = stage
            case.version += 1
            s.add(case)

        self.db.write(work, actor=actor)

    def close_case(self, actor: Actor, case_id: int, outcome: Outcome | str, reason: str = "") -> None:
        try:
            outcome = Outcome(outcome)
        except ValueError:
            raise ValidationError.single("outcome", "종결 사유(결과)를 고르세요.") from None
        reason = self._reason(reason)
        now = self.clock()

        def work(s):
            case = self._case(s, case_id, actor)
            self._responsible(actor, case)
            if case.status is CaseStatus.CLOSED:
                raise Conflict("이미 종결된 사례입니다.")
            self._event(s, case, CaseEventKind.CLOSE, actor, now, from_value=case.stage.value,
                        to_value=outcome.value, reason=reason)
            case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, now
            case.version += 1
            s.add(case)

        self.db.write(work, actor=actor)

    def reopen_case(self, actor: Actor, case_id: int, reason: str = "") -> None:
        """Reopen a closed case at the stage it had; its assignment stays."""
        reason = self._reason(reason)
        now = self.clock()

        def work(s):
            case = self._case(s, case_id, actor)
            self._responsible(actor, case)
            if case.status is CaseStatus.OPEN:
                raise Conflict("진행 중인 사례입니다.")
            self._event(s, case, CaseEventKind.REOPEN, actor, now, from_value=case.outcome.value,
                        to_value=case.stage.value, reason=reason)
            case.status, case.outcome, case.closed_at = CaseStatus.OPEN, None, None
            case.version += 1
            s.add(case)

        self.db.write(work, actor=actor)

    # -- reading --------------------------------------------------------------------
    def counselors(self, actor: Actor, facility_id: int) -> list[CounselorRow]:
        """The staff who may hold cases at the facility (an active counselor or manager
        role there, on an active account), by name: whom a manager assigns to."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)

        def work(s):
            ids = access.counseling_staff(s, facility_id)
            if not ids:
                return []
            managers = set(s.exec(select(RoleGrant.user_id).where(
                RoleGrant.facility_id == facility_id, RoleGrant.role == Role.MANAGER,
                RoleGrant.revoked_at.is_(None), RoleGrant.user_id.in_(ids))).all())
            rows = s.exec(select(UserAccount.id, UserAccount.display_name, UserAccount.username)
                          .where(UserAccount.id.in_(ids))).all()
            return sorted((CounselorRow(uid, name, login, uid in managers) for uid, name, login in rows),
                          key=lambda r: (r.manager, r.name, r.id))

        return self.db.read(work)

    def caseload(self, actor: Actor, facility_id: int, *, counselor_id: int | None = None,
                 everyone: bool = False, unassigned: bool = False, include_closed: bool = False,
                 flagged_only: bool = False,
                 stage: CaseStage | None = None, sort: str = "last_contact") -> list[CaseRow]:
        """The cases of one counselor at the facility (default the actor; ``everyone`` for
        all, ``unassigned`` for the cases nobody holds), open ones unless
        ``include_closed``, sorted by ``sort`` (one of ``SORTS``; the longest without
        contact first for last_contact and days)."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        if sort not in SORTS:
            raise ValidationError.single("sort", "정렬 기준이 올바르지 않습니다.")
        who = None if everyone else counselor_id or actor.user_id
        today = self.today()

        def work(s):
            q = (select(Case, Youth.name, UserAccount.display_name)
                 .join(Youth, Youth.id == Case.youth_id)
                 .outerjoin(UserAccount, UserAccount.id == Case.counselor_id)
                 .where(Case.facility_id == facility_id))
            if unassigned:
                q = q.where(Case.counselor_id.is_(None))
            elif who:
                q = q.where(Case.counselor_id == who)
            if not include_closed:
                q = q.where(Case.status == CaseStatus.OPEN)
            if stage is not None:
                q = q.where(Case.stage == CaseStage(stage))
            rows = s.exec(q).all()
            youths = [c.youth_id for c, _, _ in rows]
            last, nxt = self._contacts(s, facility_id, youths, today)
            stale = load_settings(s, facility_id).stale_days
            out = [self._case_row(c, yn, cn, last.get(c.youth_id), nxt.get(c.youth_id), today, stale)
                   for c, yn, cn in rows]
            if flagged_only:
                out = [r for r in out if r.flagged]
            return _sorted(out, sort)

        return self.db.read(work)

    @staticmethod
    def _contacts(s, facility_id: int, youths: list[int], today: date):
        if not youths:
            return {}, {}
        last, nxt = {}, {}
        for i in range(0, len(youths), 900):  # IN lists stay within SQLite's variable limit
            chunk = youths[i:i + 900]
            last.update(s.exec(select(CounselingSession.youth_id, func.max(CounselingSession.held_at)).where(
                CounselingSession.facility_id == facility_id, CounselingSession.youth_id.in_(chunk),
                CounselingSession.voided_at.is_(None)).group_by(CounselingSession.youth_id)).all())
            nxt.update(s.exec(select(Followup.youth_id, func.min(Followup.due_on)).where(
                Followup.facility_id == facility_id, Followup.youth_id.in_(chunk),
                Followup.status == FollowupStatus.OPEN).group_by(Followup.youth_id)).all())
        return last, nxt

    @staticmethod
    def _case_row(c: Case, youth_name, counselor_name, last, nxt, today: date, stale: int) -> CaseRow:
        since = (last or c.opened_at).astimezone(SEOUL).date()
        days = max(0, (today - since).days)
        return CaseRow(c.id, c.facility_id, c.youth_id, youth_name, c.counselor_id, counselor_name, c.stage,
                       c.status, c.outcome, c.opened_at.astimezone(SEOUL),
                       c.closed_at.astimezone(SEOUL) if c.closed_at else None,
                       last.astimezone(SEOUL) if last else None, days, nxt,
                       c.status is CaseStatus.OPEN and days >= stale, c.version)

    def case_of(self, actor: Actor, facility_id: int, youth_id: int) -> CaseRow | None:
        """The youth's case at the facility, if any."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        today = self.today()

        def work(s):
            row = s.exec(select(Case, Youth.name, UserAccount.display_name)
                         .join(Youth, Youth.id == Case.youth_id)
                         .outerjoin(UserAccount, UserAccount.id == Case.counselor_id)
                         .where(Case.facility_id == facility_id, Case.youth_id == youth_id)).first()
            if row is None:
                return None
            c, yn, cn = row
            last, nxt = self._contacts(s, facility_id, [youth_id], today)
            return self._case_row(c, yn, cn, last.get(youth_id), nxt.get(youth_id), today,
                                  load_settings(s, facility_id).stale_days)

        return self.db.read(work)

    def case_history(self, actor: Actor, case_id: int) -> list[CaseEventRow]:
        """Everything that happened to the case, oldest first: assignments and transfers
        (with their reasons), stages, closing and reopening."""

        def work(s):
            case = s.get(Case, case_id)
            if case is None:
                raise not_found("case_id")
            require(actor, Perm.COUNSELING_VIEW, case.facility_id)
            rows = s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)
                          .order_by(CaseEvent.at, CaseEvent.id)).all()
            who = access.names(s, [x for e in rows for x in (e.from_counselor_id, e.to_counselor_id, e.by)])
            return [CaseEventRow(e.id, e.case_id, e.kind, who.get(e.from_counselor_id),
                                 who.get(e.to_counselor_id), e.from_value, e.to_value, e.reason,
                                 e.at.astimezone(SEOUL), who.get(e.by, "")) for e in rows]

        return self.db.read(work)


def _sorted(rows: list[CaseRow], sort: str) -> list[CaseRow]:
    far = date.max
    keys = {
        "last_contact": lambda r: (-r.days_since_contact, r.youth_name),
        "days": lambda r: (-r.days_since_contact, r.youth_name),
        "name": lambda r: (r.youth_name, r.id),
        "stage": lambda r: (r.status.value, list(CaseStage).index(r.stage), r.youth_name),
        "next_followup": lambda r: (r.next_followup_on or far, r.youth_name),
    }
    return sorted(rows, key=keys[sort])
