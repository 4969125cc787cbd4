"""The matching pipeline: refer a youth to an opening (추천), move the referral through
서류 전형 → 면접 → 합격 → 입사 or end it (불합격, 본인 포기, 기업 취소, with a reason).

Every move appends a ``ReferralTransition`` (who, when, from, to, note) and updates the
referral's cached stage and version in the same transaction; the history is never
rewritten (the table's triggers refuse it). A move the stage rules (``enums.ALLOWED``) do
not allow is a ``RuleViolation``; a manager may make it with a written reason, kept on
the transition and so in the audit log. A move carries the version its maker saw: the
second of two counselors moving the same referral gets ``Conflict`` and nothing is
written. A hire (입사) puts the retention follow-ups at 1, 3 and 6 months in the
counselor's queue (``retention``).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.companies import access, retention
from models.companies.access import CompaniesBase, load_settings, not_found
from models.companies.enums import ALLOWED, ENDED, PIPELINE, Stage
from models.companies.openings import accepts_referrals
from models.companies.schemas import (
    Board,
    BoardColumn,
    ReferralInput,
    ReferralRow,
    SettingsInput,
    SettingsRow,
    TimelineItem,
    TransitionRow,
)
from models.companies.tables import (
    NOTE_SHORT,
    REASON_MAX,
    Company,
    JobOpening,
    MatchingSettings,
    Referral,
    ReferralTransition,
)
from models.core.db import violated_constraint
from models.core.errors import Conflict, PermissionDenied, RuleViolation, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.text import check_text
from models.core.time import SEOUL
from models.core.validation import validate

TWICE = "이미 이 공고에 추천한 청년입니다. 기존 추천 기록을 여세요."
TWICE_KEYS = ("uq_referral_opening_youth", "unique:referral.opening_id, referral.youth_id")
CLOSED = "모집중이 아니거나 마감일이 지난 공고에는 추천할 수 없습니다."
FUTURE = "오늘 이후의 날짜로는 기록할 수 없습니다."
BEFORE_REFERRAL = "입사일은 추천일보다 빠를 수 없습니다."
BEFORE_LAST = "단계 변경일은 직전 단계 변경일({day})보다 빠를 수 없습니다."
NOT_ALLOWED = "'{frm}' 단계에서 '{to}'(으)로 바로 옮길 수 없습니다. 시설 관리자가 사유를 적어 예외로 처리할 수 있습니다."
SAME_STAGE = "이미 '{stage}' 단계입니다."
NO_REASON = "'{to}' 처리 사유를 입력하세요."
OVERRIDE_MANAGER = "단계 규칙의 예외 처리는 시설 관리자만 할 수 있습니다."


def _stage(value, field: str = "to_stage") -> Stage:
    try:
        return Stage(value)
    except ValueError:
        raise ValidationError.single(field, "목록에서 선택하세요.") from None


class PipelinePart(CompaniesBase):
    # -- settings -----------------------------------------------------------------------
    def match_settings(self, actor: Actor, facility_id: int) -> SettingsRow:
        require(actor, Perm.COMPANY_VIEW, facility_id)
        return self.db.read(lambda s: load_settings(s, facility_id))

    def set_match_settings(self, actor: Actor, facility_id: int, data: dict | SettingsInput) -> SettingsRow:
        """The facility's stale threshold (days without a move; 14 by default)."""
        require(actor, Perm.MATCH_OVERRIDE, facility_id)
        inp = validate(SettingsInput, data)

        def work(s):
            access.require_at(s, actor, Perm.MATCH_OVERRIDE, facility_id)
            row = s.get(MatchingSettings, facility_id) or MatchingSettings(facility_id=facility_id)
            row.stale_days = inp.stale_days
            s.add(row)
            return SettingsRow(facility_id, inp.stale_days)

        return self.db.write(work, actor=actor)

    # -- referring ----------------------------------------------------------------------
    def refer(self, actor: Actor, facility_id: int, data: dict | ReferralInput) -> int:
        """Refer a youth to an opening of the facility (stage 추천); returns the referral's
        id. Refused, with nothing written: an opening that is not 모집중 or past its
        deadline, a youth already referred to it, a date in the future."""
        require(actor, Perm.MATCH_EDIT, facility_id)
        inp = validate(ReferralInput, data)
        today = self.today()
        day = inp.referred_on or today
        if day > today:
            raise ValidationError.single("referred_on", FUTURE)
        counselor = inp.counselor_id or actor.user_id
        now = self.clock()

        def work(s):
            access.require_at(s, actor, Perm.MATCH_EDIT, facility_id)
            opening = s.get(JobOpening, inp.opening_id)
            if opening is None or opening.facility_id != facility_id:
                raise ValidationError.single("opening_id", "이 시설의 구인 공고를 찾을 수 없습니다.")
            if not accepts_referrals(opening, today):
                raise ValidationError.single("opening_id", CLOSED)
            access.check_youth(s, inp.youth_id)
            access.check_staff(s, facility_id, counselor, "counselor_id")  # the city admin names one
            if s.exec(select(Referral.id).where(Referral.opening_id == opening.id,
                                                Referral.youth_id == inp.youth_id)).first() is not None:
                raise ValidationError.single("youth_id", TWICE)
            r = Referral(facility_id=facility_id, opening_id=opening.id, company_id=opening.company_id,
                         youth_id=inp.youth_id, counselor_id=counselor, channel=inp.channel, referred_on=day,
                         stage=Stage.REFERRED, moved_on=day, version=1, created_at=now, created_by=actor.user_id)
            s.add(r)
            try:
                s.flush()
            except IntegrityError as exc:
                if violated_constraint(exc) in TWICE_KEYS:
                    raise Conflict(TWICE, "youth_id") from None
                raise
            s.add(ReferralTransition(referral_id=r.id, facility_id=facility_id, from_stage=None,
                                     to_stage=Stage.REFERRED, happened_on=day, note=inp.note, at=now,
                                     by=actor.user_id))
            s.flush()
            return r.id

        return self.db.write(work, actor=actor)

    def move(self, actor: Actor, referral_id: int, to_stage: Stage | str, version: int, *,
             on: date | None = None, note: str = "", override_reason: str | None = None) -> int:
        """Move a referral to ``to_stage`` on ``on`` (a Seoul day, default today; for 입사
        the hire date); returns the new version. An ending (불합격, 본인 포기, 기업 취소)
        needs its reason in ``note``. A move the rules do not allow needs a manager and
        ``override_reason``."""
        to = _stage(to_stage)
        note = check_text("note", note, NOTE_SHORT, too_long=f"메모는 {NOTE_SHORT}자 이하로 입력하세요.",
                          multiline=True)
        if to in ENDED and not note:
            raise ValidationError.single("note", NO_REASON.format(to=to.label))
        reason = None
        if override_reason is not None and str(override_reason).strip():
            reason = check_text("override_reason", override_reason, REASON_MAX,
                                too_long=f"사유는 {REASON_MAX}자 이하로 입력하세요.")
        today = self.today()
        if on is not None and not isinstance(on, date):
            raise ValidationError.single("on", "날짜 형식이 올바르지 않습니다(예: 2024-03-01).")
        day = on or today
        if day > today:
            raise ValidationError.single("on", FUTURE)
        now = self.clock()

        def work(s):
            r = s.get(Referral, referral_id, with_for_update=True)
            if r is None:
                raise not_found("referral_id")
            access.require_at(s, actor, Perm.MATCH_EDIT, r.facility_id)
            access.check_version(r, version)
            if to is r.stage:
                raise ValidationError.single("to_stage", SAME_STAGE.format(stage=to.label))
            if to not in ALLOWED[r.stage]:
                if reason is None:
                    raise RuleViolation("stage_order", NOT_ALLOWED.format(frm=r.stage.label, to=to.label))
                if not access.is_manager(actor, r.facility_id):
                    raise PermissionDenied(OVERRIDE_MANAGER)
            if day < r.referred_on:
                raise ValidationError.single("on", BEFORE_REFERRAL if to is Stage.HIRED else
                                             BEFORE_LAST.format(day=r.referred_on.isoformat()))
            if day < r.moved_on:
                raise ValidationError.single("on", BEFORE_LAST.format(day=r.moved_on.isoformat()))
            was = r.stage
            s.add(ReferralTransition(referral_id=r.id, facility_id=r.facility_id, from_stage=was, to_stage=to,
                                     happened_on=day, note=note,
                                     override_reason=reason if to not in ALLOWED[was] else None,
                                     at=now, by=actor.user_id))
            r.stage, r.moved_on = to, day
            r.version += 1
            s.add(r)
            s.flush()
            if to is Stage.HIRED:
                retention.schedule(self, s, r, day, actor, now)
            elif was is Stage.HIRED:
                retention.cancel(self, s, r)
            s.flush()
            return r.version

        return self.db.write(work, actor=actor)

    # -- reading ------------------------------------------------------------------------
    def _referral(self, s, actor: Actor, referral_id: int) -> Referral:
        r = s.get(Referral, referral_id)
        if r is None:
            raise not_found("referral_id")
        access.require_at(s, actor, Perm.COMPANY_VIEW, r.facility_id)
        return r

    def _referral_rows(self, s, actor: Actor, referrals) -> list[ReferralRow]:
        if not referrals:
            return []
        openings = dict(s.exec(select(JobOpening.id, JobOpening.title).where(
            JobOpening.id.in_({r.opening_id for r in referrals}))).all())
        companies = dict(s.exec(select(Company.id, Company.name).where(
            Company.id.in_({r.company_id for r in referrals}))).all())
        youth = access.youth_names(s, [r.youth_id for r in referrals])
        who = access.names(s, [r.counselor_id for r in referrals])
        stale_days = {f: load_settings(s, f).stale_days for f in {r.facility_id for r in referrals}}
        today = self.today()
        out = []
        for r in referrals:
            since = (today - r.moved_on).days
            manager = access.is_manager(actor, r.facility_id) and actor.can(Perm.MATCH_EDIT, r.facility_id)
            if not actor.can(Perm.MATCH_EDIT, r.facility_id):
                nexts: tuple[Stage, ...] = ()
            elif manager:
                nexts = tuple(st for st in Stage if st is not r.stage)
            else:
                nexts = tuple(st for st in Stage if st in ALLOWED[r.stage])
            out.append(ReferralRow(
                r.id, r.facility_id, r.opening_id, openings.get(r.opening_id, ""), r.company_id,
                companies.get(r.company_id, ""), r.youth_id, youth.get(r.youth_id, ""), r.counselor_id,
                who.get(r.counselor_id, ""), r.channel, r.referred_on, r.stage, r.moved_on, since,
                not r.stage.terminal and since >= stale_days[r.facility_id], r.version, nexts,
                tuple(st for st in Stage if st in ALLOWED[r.stage])))
        return out

    def get_referral(self, actor: Actor, referral_id: int) -> ReferralRow:
        def work(s):
            return self._referral_rows(s, actor, [self._referral(s, actor, referral_id)])[0]

        return self.db.read(work)

    def history(self, actor: Actor, referral_id: int) -> list[TransitionRow]:
        """Every move of the referral, the first (the referral itself) first."""

        def work(s):
            r = self._referral(s, actor, referral_id)
            rows = s.exec(select(ReferralTransition).where(ReferralTransition.referral_id == r.id)
                          .order_by(ReferralTransition.id)).all()
            who = access.names(s, [t.by for t in rows])
            return [TransitionRow(t.id, t.referral_id, t.from_stage, t.to_stage, t.happened_on,
                                  t.at.astimezone(SEOUL), t.by, who.get(t.by, ""), t.note, t.override_reason)
                    for t in rows]

        return self.db.read(work)

    def board(self, actor: Actor, opening_id: int) -> Board:
        """The opening's referrals in one column per stage: 추천 … 입사, then 불합격, 본인
        포기, 기업 취소; in a column the longest unmoved first."""

        def work(s):
            o = s.get(JobOpening, opening_id)
            if o is None:
                raise not_found("opening_id")
            access.require_at(s, actor, Perm.COMPANY_VIEW, o.facility_id)
            opening = self._opening_rows(s, [o])[0]
            rows = self._referral_rows(s, actor, list(s.exec(select(Referral).where(
                Referral.opening_id == o.id).order_by(Referral.moved_on, Referral.id)).all()))
            order = list(PIPELINE) + [st for st in Stage if st in ENDED]
            return Board(opening, tuple(BoardColumn(st, st.label, tuple(r for r in rows if r.stage is st))
                                        for st in order))

        return self.db.read(work)

    def youth_referrals(self, actor: Actor, facility_id: int, youth_id: int) -> list[ReferralRow]:
        """The youth's referrals at the facility, the newest first."""
        require(actor, Perm.COMPANY_VIEW, facility_id)

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            rows = s.exec(select(Referral).where(Referral.facility_id == facility_id, Referral.youth_id == youth_id)
                          .order_by(Referral.referred_on.desc(), Referral.id.desc())).all()
            return self._referral_rows(s, actor, list(rows))

        return self.db.read(work)

    def referrals(self, actor: Actor, facility_id: int, *, counselor_id: int | None = None,
                  everyone: bool = False, stale_only: bool = False, open_only: bool = True) -> list[ReferralRow]:
        """The referrals of a counselor (default the actor; ``everyone`` for all) at the
        facility, still in the pipeline unless ``open_only=False``; ``stale_only`` those
        unmoved for the facility's stale days. The longest unmoved first."""
        require(actor, Perm.COMPANY_VIEW, facility_id)
        who = None if everyone else counselor_id or actor.user_id

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            q = select(Referral).where(Referral.facility_id == facility_id)
            if who:
                q = q.where(Referral.counselor_id == who)
            if open_only or stale_only:
                q = q.where(Referral.stage.in_([st for st in Stage if not st.terminal]))
            rows = self._referral_rows(s, actor, list(s.exec(q.order_by(Referral.moved_on, Referral.id)).all()))
            return [r for r in rows if r.stale] if stale_only else rows

        return self.db.read(work)

    def timeline(self, actor: Actor, facility_id: int, youth_id: int) -> list[TimelineItem]:
        """The matching part of the youth record's timeline: every move of the youth's
        referrals at the facility, newest first (the shape of counseling's timeline)."""
        require(actor, Perm.COMPANY_VIEW, facility_id)

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            rows = s.exec(select(ReferralTransition, JobOpening.title, Company.name)
                          .join(Referral, Referral.id == ReferralTransition.referral_id)
                          .join(JobOpening, JobOpening.id == Referral.opening_id)
                          .join(Company, Company.id == Referral.company_id)
                          .where(Referral.facility_id == facility_id, Referral.youth_id == youth_id)
                          .order_by(ReferralTransition.at.desc(), ReferralTransition.id.desc())).all()
            # newest first; moves at the same instant (a matching day's result) by their order
            return [TimelineItem(t.at.astimezone(SEOUL), "referral", t.referral_id, t.facility_id,
                                 f"{company} · {title} · {t.to_stage.label}", t.note)
                    for t, title, company in rows]

        return self.db.read(work)
