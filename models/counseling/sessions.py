"""One-to-one sessions (상담일지): log, edit while unlocked, addenda once locked, void, the
confidential note (an audit read at each opening) and the facility's settings. The
follow-up queue is in ``followups``.

The author may edit a session for ``edit_hours`` (a facility setting, 48 by default) after
writing it; after that it is locked and changes are addenda with a reason, shown under the
original. Nothing is deleted: a mistaken entry is voided with a reason. Every change
carries the version the editor saw; a second saver gets ``Conflict(CONFLICT)`` and the
first save stands.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.core.audit import record
from models.core.db import violated_constraint
from models.core.enums import AuditAction
from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.text import check_text
from models.core.time import SEOUL, day_bounds
from models.core.validation import validate
from models.counseling import access
from models.counseling.access import (
    CONFLICT,
    PAST_FOLLOWUP,
    CounselingBase,
    load_settings,
    locks_at,
    not_found,
)
from models.counseling.enums import (
    AddendumTarget,
    CaseEventKind,
    CaseStage,
    CaseStatus,
    FollowupStatus,
    SessionKind,
    Topic,
)
from models.counseling.schemas import (
    AddendumRow,
    NoteView,
    SessionEdit,
    SessionInput,
    SessionRow,
    SettingsInput,
    SettingsRow,
)
from models.counseling.tables import (
    ADDENDUM_MAX,
    REASON_MAX,
    ActivityPlan,
    Addendum,
    Case,
    CaseEvent,
    CounselingSession,
    CounselingSettings,
    Followup,
    PlanStep,
    SessionTopic,
)
from models.facilities.tables import Facility

FUTURE = "상담 일시가 지금보다 뒤입니다. 이미 진행한 상담만 기록할 수 있습니다."
LOCKED = "작성 후 {hours}시간이 지나 잠긴 상담일지입니다. 바꿀 내용은 사유와 함께 추가 기록으로 남기세요."
NOT_AUTHOR = "상담일지는 작성한 사람만 고칠 수 있습니다. 바꿀 내용은 추가 기록으로 남기세요."
NOT_READER = "비공개 메모는 작성자, 담당 상담사와 시설 관리자만 볼 수 있습니다."
NOT_RESPONSIBLE = "이 상담일지에 추가 기록을 남기거나 무효 처리할 수 있는 사람은 작성자, 담당 상담사와 시설 관리자입니다."
VOIDED = "무효 처리된 상담일지입니다."
NO_REASON = "사유를 입력하세요."


def sensitive_refusal(topics, consent_on: date | None, day: date) -> str | None:
    """Why the sensitive topics among ``topics`` cannot be recorded for a session on ``day``
    (None when they can: the youth consented on or before that day)."""
    sensitive = [t for t in topics if Topic(t).sensitive]
    if not sensitive or (consent_on is not None and consent_on <= day):
        return None
    labels = "·".join(Topic(t).label for t in sensitive)
    return (f"{labels}은(는) 민감정보(개인정보 보호법 제23조)라 청년의 별도 동의가 있어야 고를 수 있습니다. "
            "청년 정보에서 민감정보 수집·이용 동의를 먼저 기록하세요.")


class SessionPart(CounselingBase):
    # -- settings -------------------------------------------------------------------
    def settings(self, actor: Actor, facility_id: int) -> SettingsRow:
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        return self.db.read(lambda s: load_settings(s, facility_id))

    def set_settings(self, actor: Actor, facility_id: int, data: dict | SettingsInput) -> SettingsRow:
        require(actor, Perm.COUNSELING_ASSIGN, facility_id)
        inp = validate(SettingsInput, data)

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise not_found("facility_id")
            row = s.get(CounselingSettings, facility_id) or CounselingSettings(facility_id=facility_id)
            row.edit_hours, row.stale_days = inp.edit_hours, inp.stale_days
            s.add(row)
            return SettingsRow(facility_id, inp.edit_hours, inp.stale_days)

        return self.db.write(work, actor=actor)

    # -- logging ----------------------------------------------------------------------
    def _when(self, held_at: datetime | None, now: datetime) -> datetime:
        held = now if held_at is None else held_at
        if held > now:
            raise ValidationError.single("held_at", FUTURE)
        return held

    def log_session(self, actor: Actor, facility_id: int, data: dict | SessionInput) -> int:
        """Log a one-to-one session; returns its id. See ``SessionInput`` for the follow-up,
        the booth request and the plan steps it may carry. Bad input is a
        ``ValidationError`` naming its field, and nothing is written."""
        require(actor, Perm.COUNSELING_WRITE, facility_id)
        inp = validate(SessionInput, data)
        now = self.clock()
        held = self._when(inp.held_at, now)
        if inp.followup_on is not None and inp.followup_on < self.today():
            raise ValidationError.single("followup_on", PAST_FOLLOWUP)
        counselor = inp.counselor_id or actor.user_id
        if counselor != actor.user_id:
            require(actor, Perm.COUNSELING_ASSIGN, facility_id)  # a manager logs for a counselor
        if inp.consult_request_id is not None and inp.kind is not SessionKind.AI_INTERVIEW_REVIEW:
            raise ValidationError.single("kind", "AI 면접 분석 컨설팅 요청은 'AI 면접 결과 상담' 유형으로 기록하세요.")

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise not_found("facility_id")
            youth = access.check_youth(s, inp.youth_id)
            access.check_counselor(s, facility_id, counselor)
            refusal = sensitive_refusal(inp.topics, youth.sensitive_consent_on, held.astimezone(SEOUL).date())
            if refusal:
                raise ValidationError.single("topics", refusal)
            followup = self._open_followup(s, facility_id, inp.youth_id, inp.completes_followup_id)
            steps = self._plan_steps(s, facility_id, inp.youth_id, inp.plan_step_ids)
            row = CounselingSession(
                facility_id=facility_id, youth_id=inp.youth_id, counselor_id=counselor, held_at=held,
                duration_minutes=inp.duration_minutes, mode=inp.mode, kind=inp.kind, summary=inp.summary,
                note=inp.note or "", next_step=inp.next_step, consult_request_id=inp.consult_request_id,
                version=1, created_at=now, created_by=actor.user_id)
            s.add(row)
            self._flush(s)
            for topic in inp.topics:
                s.add(SessionTopic(session_id=row.id, topic=topic, facility_id=facility_id))
            if inp.followup_on is not None:
                s.add(Followup(facility_id=facility_id, youth_id=inp.youth_id, counselor_id=counselor,
                               due_on=inp.followup_on, source_session_id=row.id,
                               status=FollowupStatus.OPEN, created_at=now, created_by=actor.user_id))
            if followup is not None:
                followup.status, followup.done_session_id, followup.done_at = FollowupStatus.DONE, row.id, now
                s.add(followup)
            for step in steps:
                if step.done_at is None:
                    step.done_at, step.done_by, step.done_session_id = now, actor.user_id, row.id
                    s.add(step)
            if inp.consult_request_id is not None:
                if self.consult_closer is None:
                    raise ValidationError.single("consult_request_id", "AI 면접 분석 컨설팅 요청을 연결할 수 없습니다.")
                self.consult_closer(s, inp.consult_request_id, facility_id, inp.youth_id)
            self._ensure_case(s, facility_id, inp.youth_id, counselor, actor, now)
            self._flush(s)
            return row.id

        return self.db.write(work, actor=actor)

    @staticmethod
    def _flush(s) -> None:
        try:
            s.flush()
        except IntegrityError as exc:
            if violated_constraint(exc) in ("uq_counseling_session_consult",
                                            "unique:counseling_session.consult_request_id"):
                raise Conflict("이 AI 면접 분석 컨설팅 요청은 이미 다른 상담으로 처리되었습니다.",
                               "consult_request_id") from None
            raise

    def _open_followup(self, s, facility_id: int, youth_id: int, followup_id: int | None) -> Followup | None:
        if followup_id is None:
            return None
        f = s.get(Followup, followup_id, with_for_update=True)
        if f is None or f.facility_id != facility_id or f.youth_id != youth_id:
            raise ValidationError.single("completes_followup_id", "이 청년의 후속조치가 아닙니다.")
        if f.status is not FollowupStatus.OPEN:
            raise ValidationError.single("completes_followup_id", "이미 완료되었거나 취소된 후속조치입니다.")
        return f

    def _plan_steps(self, s, facility_id: int, youth_id: int, step_ids: list[int]) -> list[PlanStep]:
        if not step_ids:
            return []
        steps = s.exec(select(PlanStep).join(ActivityPlan, ActivityPlan.id == PlanStep.plan_id).where(
            PlanStep.id.in_(step_ids), ActivityPlan.facility_id == facility_id,
            ActivityPlan.youth_id == youth_id)).all()
        if len(steps) != len(step_ids):
            raise ValidationError.single("plan_step_ids", "이 청년의 취업활동계획 단계가 아닙니다.")
        return list(steps)

    def _ensure_case(self, s, facility_id: int, youth_id: int, counselor: int, actor: Actor, now) -> None:
        """The first session of a youth at a facility opens the youth's case there,
        assigned to the session's counselor."""
        if access.assigned_case_exists(s, facility_id, youth_id):
            return
        case = Case(facility_id=facility_id, youth_id=youth_id, counselor_id=counselor,
                    stage=CaseStage.INITIAL, status=CaseStatus.OPEN, opened_at=now, version=1)
        s.add(case)
        s.flush()
        s.add(CaseEvent(case_id=case.id, facility_id=facility_id, kind=CaseEventKind.OPEN,
                        to_counselor_id=counselor, to_value=CaseStage.INITIAL.value,
                        reason="첫 상담 기록", at=now, by=actor.user_id))

    # -- changing -------------------------------------------------------------------
    def _may_respond(self, s, actor: Actor, row: CounselingSession) -> bool:
        """Author, the session's counselor, the assigned counselor or the manager."""
        return access.may_read_note(actor, row.facility_id, row.created_by, row.counselor_id,
                                    access.assigned_counselor(s, row.facility_id, row.youth_id))

    @staticmethod
    def _check_version(row, version) -> None:
        if isinstance(version, bool) or not isinstance(version, int) or version != row.version:
            raise Conflict(CONFLICT)  # True is no version (bool is an int)

    def update_session(self, actor: Actor, session_id: int, data: dict | SessionEdit, version: int) -> int:
        """The author changes an unlocked session; returns its new version. A locked
        session refuses (``Conflict``: add an addendum instead). ``note`` None (or left
        out) keeps the stored confidential note: an edit need not open it."""
        inp = validate(SessionEdit, data)
        now = self.clock()

        def work(s):
            row = self._load(s, actor, session_id, Perm.COUNSELING_WRITE)
            self._check_version(row, version)
            if row.voided_at is not None:
                raise Conflict(VOIDED)
            if row.created_by != actor.user_id:
                raise PermissionDenied(NOT_AUTHOR)
            settings = load_settings(s, row.facility_id)
            if now >= locks_at(row.created_at, settings):
                raise Conflict(LOCKED.format(hours=settings.edit_hours))
            held = self._when(inp.held_at or row.held_at, now)
            youth = access.check_youth(s, row.youth_id)
            refusal = sensitive_refusal(inp.topics, youth.sensitive_consent_on, held.astimezone(SEOUL).date())
            if refusal:
                raise ValidationError.single("topics", refusal)
            row.held_at, row.duration_minutes, row.mode, row.kind = held, inp.duration_minutes, inp.mode, inp.kind
            row.summary, row.next_step = inp.summary, inp.next_step
            if inp.note is not None:  # None: the note stays as it is (the editor never read it)
                row.note = inp.note
            row.version += 1
            row.updated_at, row.updated_by = now, actor.user_id
            s.add(row)
            old = set(s.exec(select(SessionTopic.topic).where(SessionTopic.session_id == row.id)).all())
            new = set(inp.topics)
            if old - new:
                s.execute(delete(SessionTopic).where(SessionTopic.session_id == row.id,
                                                     SessionTopic.topic.in_(old - new)))
            for topic in inp.topics:
                if topic not in old:
                    s.add(SessionTopic(session_id=row.id, topic=topic, facility_id=row.facility_id))
            s.flush()
            return row.version

        return self.db.write(work, actor=actor)

    def _load(self, s, actor: Actor, session_id: int, perm: Perm) -> CounselingSession:
        row = s.get(CounselingSession, session_id, with_for_update=True)
        if row is None:
            raise not_found("session_id")
        require(actor, perm, row.facility_id)
        return row

    def add_addendum(self, actor: Actor, session_id: int, body: str, reason: str,
                     target: AddendumTarget | str = AddendumTarget.SUMMARY) -> int:
        """An addendum to a session (locked or not): the text, its reason, who and when.
        Append-only; the original is never overwritten."""
        try:
            target = AddendumTarget(target)
        except ValueError:
            raise ValidationError.single("target", "목록에서 선택하세요.") from None
        body = check_text("body", body, ADDENDUM_MAX, required="추가 기록 내용을 입력하세요.",
                          too_long=f"추가 기록은 {ADDENDUM_MAX}자 이하로 입력하세요.", multiline=True)
        reason = check_text("reason", reason, REASON_MAX, required="추가 기록의 사유를 입력하세요.",
                            too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
        now = self.clock()

        def work(s):
            row = self._load(s, actor, session_id, Perm.COUNSELING_WRITE)
            if row.voided_at is not None:
                raise Conflict(VOIDED)
            if not self._may_respond(s, actor, row):
                raise PermissionDenied(NOT_RESPONSIBLE)
            a = Addendum(session_id=row.id, facility_id=row.facility_id, target=target, body=body,
                         reason=reason, created_at=now, created_by=actor.user_id)
            s.add(a)
            s.flush()
            return a.id

        return self.db.write(work, actor=actor)

    def void_session(self, actor: Actor, session_id: int, reason: str, version: int) -> None:
        """Void a mistaken entry with a reason: it stays, shown as voided, and counts
        nowhere. Its open follow-ups are cancelled, a follow-up it completed is open again,
        and the booth consultation it answered goes back to the queue."""
        reason = check_text("reason", reason, REASON_MAX, required="무효 처리 사유를 입력하세요.",
                            too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
        now = self.clock()

        def work(s):
            row = self._load(s, actor, session_id, Perm.COUNSELING_WRITE)
            self._check_version(row, version)
            if row.voided_at is not None:
                raise Conflict("이미 무효 처리된 상담일지입니다.")
            if row.created_by != actor.user_id and not access.is_manager(actor, row.facility_id):
                raise PermissionDenied("상담일지는 작성자나 시설 관리자만 무효 처리할 수 있습니다.")
            row.voided_at, row.voided_by, row.void_reason = now, actor.user_id, reason
            row.version += 1
            s.add(row)
            for f in s.exec(select(Followup).where(Followup.source_session_id == row.id,
                                                   Followup.status == FollowupStatus.OPEN)).all():
                f.status, f.cancelled_at = FollowupStatus.CANCELLED, now
                s.add(f)
            for f in s.exec(select(Followup).where(Followup.done_session_id == row.id)).all():
                f.status, f.done_session_id, f.done_at = FollowupStatus.OPEN, None, None
                s.add(f)
            if row.consult_request_id is not None and self.consult_closer is not None:
                self.consult_closer(s, row.consult_request_id, row.facility_id, row.youth_id, reopen=True)

        self.db.write(work, actor=actor)

    # -- reading --------------------------------------------------------------------
    def note(self, actor: Actor, session_id: int) -> NoteView:
        """The confidential note and its addenda, for its readers only. Each opening is
        recorded as an audit read (who, whose, when)."""

        def work(s):
            row = self._load(s, actor, session_id, Perm.COUNSELING_VIEW)
            if not self._may_respond(s, actor, row):
                raise PermissionDenied(NOT_READER)
            record(s, AuditAction.READ, "counseling_session", row.id, facility_id=row.facility_id,
                   detail=f"상담 비공개 메모 열람 (청년 #{row.youth_id})")
            addenda = self._addenda(s, [row.id], AddendumTarget.NOTE).get(row.id, ())
            return NoteView(row.id, row.youth_id, row.note, tuple(addenda))

        return self.db.write(work, actor=actor)

    def _addenda(self, s, session_ids, target: AddendumTarget) -> dict[int, list[AddendumRow]]:
        if not session_ids:
            return {}
        rows = s.exec(select(Addendum).where(Addendum.session_id.in_(session_ids), Addendum.target == target)
                      .order_by(Addendum.created_at, Addendum.id)).all()
        who = access.names(s, [a.created_by for a in rows])
        out: dict[int, list[AddendumRow]] = {}
        for a in rows:
            out.setdefault(a.session_id, []).append(AddendumRow(
                a.id, a.session_id, a.target, a.body, a.reason, a.created_at.astimezone(SEOUL),
                a.created_by, who.get(a.created_by, "")))
        return out

    def _rows(self, s, actor: Actor, sessions: list[CounselingSession]) -> list[SessionRow]:
        if not sessions:
            return []
        ids = [r.id for r in sessions]
        topics: dict[int, list[Topic]] = {}
        for sid, topic in s.exec(select(SessionTopic.session_id, SessionTopic.topic)
                                 .where(SessionTopic.session_id.in_(ids))).all():
            topics.setdefault(sid, []).append(topic)
        follow = dict(s.exec(select(Followup.source_session_id, Followup.due_on)
                             .where(Followup.source_session_id.in_(ids))).all())
        addenda = self._addenda(s, ids, AddendumTarget.SUMMARY)
        who = access.names(s, [r.counselor_id for r in sessions])
        youth = access.youth_names(s, [r.youth_id for r in sessions])
        assigned = {}
        settings = {}
        now = self.clock()
        out = []
        for r in sessions:
            key = (r.facility_id, r.youth_id)
            if key not in assigned:
                assigned[key] = access.assigned_counselor(s, *key)
            if r.facility_id not in settings:
                settings[r.facility_id] = load_settings(s, r.facility_id)
            lock = locks_at(r.created_at, settings[r.facility_id])
            live = r.voided_at is None
            responsible = access.may_read_note(actor, r.facility_id, r.created_by, r.counselor_id, assigned[key])
            order = {t: i for i, t in enumerate(Topic)}
            out.append(SessionRow(
                r.id, r.facility_id, r.youth_id, youth.get(r.youth_id, ""), r.counselor_id,
                who.get(r.counselor_id, ""), r.held_at.astimezone(SEOUL), r.duration_minutes, r.mode, r.kind,
                tuple(sorted(topics.get(r.id, []), key=order.get)), r.summary, r.next_step,
                has_note=bool(r.note), note_readable=responsible, version=r.version, created_by=r.created_by,
                created_at=r.created_at.astimezone(SEOUL), locks_at=lock.astimezone(SEOUL),
                locked=now >= lock, editable=live and now < lock and r.created_by == actor.user_id,
                can_add=live and responsible, voided=not live, void_reason=r.void_reason,
                voided_at=r.voided_at.astimezone(SEOUL) if r.voided_at else None,
                consult_request_id=r.consult_request_id, followup_on=follow.get(r.id),
                addenda=tuple(addenda.get(r.id, ()))))
        return out

    def get_session(self, actor: Actor, session_id: int) -> SessionRow:
        def work(s):
            row = s.get(CounselingSession, session_id)
            if row is None:
                raise not_found("session_id")
            require(actor, Perm.COUNSELING_VIEW, row.facility_id)
            return self._rows(s, actor, [row])[0]

        return self.db.read(work)

    def youth_sessions(self, actor: Actor, facility_id: int, youth_id: int) -> list[SessionRow]:
        """The youth's sessions at the facility, newest first (voided ones included)."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)

        def work(s):
            rows = s.exec(select(CounselingSession).where(
                CounselingSession.facility_id == facility_id, CounselingSession.youth_id == youth_id)
                .order_by(CounselingSession.held_at.desc(), CounselingSession.id.desc())).all()
            return self._rows(s, actor, list(rows))

        return self.db.read(work)

    def day_sessions(self, actor: Actor, facility_id: int, day: date | None = None,
                     counselor_id: int | None = None, everyone: bool = False) -> list[SessionRow]:
        """The sessions held on ``day`` (default today) at the facility, of one counselor
        (default the actor; ``everyone`` for all), in time order."""
        require(actor, Perm.COUNSELING_VIEW, facility_id)
        start, end = day_bounds(day or self.today())
        who = None if everyone else counselor_id or actor.user_id

        def work(s):
            q = select(CounselingSession).where(CounselingSession.facility_id == facility_id,
                                                CounselingSession.held_at >= start,
                                                CounselingSession.held_at < end)
            if who:
                q = q.where(CounselingSession.counselor_id == who)
            return self._rows(s, actor, list(s.exec(q.order_by(CounselingSession.held_at)).all()))

        return self.db.read(work)
