"""Job matching days (일자리 매칭데이): the event (date, place, hours), the openings and so
the companies taking part, the youths registered, on-site interviews in 20-minute slots,
and their results flowing into the pipeline with the channel 매칭데이.

Neither a company nor a youth is booked twice in one slot: the service says so first; the
database's partial unique indexes (migration 0011) are the last line against two desks
booking at once, and the second gets ``Conflict``. A result (합격, 불합격 with its reason,
or 면접 진행: a further round) goes into the youth's referral to that opening: made with
the channel 매칭데이 if there was none, taken to 면접 on the day (the on-site interview
skips 서류 전형: the matching day's own path), then moved on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pydantic import field_validator
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select

from models.companies import access
from models.companies.access import CompaniesBase, not_found
from models.companies.enums import Channel, Stage
from models.companies.openings import accepts_referrals
from models.companies.tables import (
    NAME_MAX,
    NOTE_SHORT,
    SLOT_MINUTES,
    Company,
    InterviewSlot,
    JobOpening,
    MatchingDay,
    MatchingDayOpening,
    MatchingDayYouth,
    Referral,
    ReferralTransition,
)
from models.core.db import violated_constraint
from models.core.errors import Conflict, ValidationError
from models.core.permissions import Actor, Perm, require
from models.core.service import NOT_FOUND
from models.core.text import check_text, hhmm_text, optional_text, required_text
from models.core.time import SEOUL, local
from models.core.validation import validate

NOT_FOUND.update({"day_id": "매칭데이를 찾을 수 없습니다.", "slot_id": NOT_FOUND.get("slot_id", "면접 회차를 찾을 수 없습니다.")})
COMPANY_TAKEN = "이 기업은 그 시간에 이미 면접이 잡혀 있습니다. 다른 시간을 고르세요."
YOUTH_TAKEN = "이 청년은 그 시간에 이미 다른 기업 면접이 잡혀 있습니다. 다른 시간을 고르세요."
TAKEN_KEYS = {"uq_interview_company_slot": COMPANY_TAKEN, "uq_interview_youth_slot": YOUTH_TAKEN,
              "unique:interview_slot.day_id, interview_slot.company_id, interview_slot.slot_no": COMPANY_TAKEN,
              "unique:interview_slot.day_id, interview_slot.youth_id, interview_slot.slot_no": YOUTH_TAKEN}
RESULTS = (Stage.INTERVIEW, Stage.PASSED, Stage.REJECTED)


class MatchingDayInput(SQLModel):
    title: str
    held_on: date
    place: str = ""
    starts: str = "10:00"
    ends: str = "17:00"

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, v):
        return required_text(v, "행사 이름을 입력하세요.", NAME_MAX, f"행사 이름은 {NAME_MAX}자 이하로 입력하세요.")

    @field_validator("place", mode="before")
    @classmethod
    def _place(cls, v):
        return optional_text(v, 200, "장소는 200자 이하로 입력하세요.")

    @field_validator("starts", "ends", mode="before")
    @classmethod
    def _time(cls, v):
        return hhmm_text(v)

    @field_validator("ends")
    @classmethod
    def _order(cls, v, info):
        start = info.data.get("starts")
        if start and v <= start:
            raise ValueError("종료 시각은 시작 시각보다 늦어야 합니다.")
        return v


@dataclass(frozen=True)
class DayOpening:
    opening_id: int
    company_id: int
    company_name: str
    title: str


@dataclass(frozen=True)
class InterviewRow:
    id: int
    slot_no: int
    starts_at: datetime  # Seoul
    opening_id: int
    company_id: int
    company_name: str
    youth_id: int
    youth_name: str
    referral_id: int | None


@dataclass(frozen=True)
class MatchingDayRow:
    id: int
    facility_id: int
    title: str
    held_on: date
    place: str
    starts: str
    slots: int
    slot_starts: tuple[str, ...]  # HH:MM of each slot
    openings: tuple[DayOpening, ...]
    youth_ids: tuple[int, ...]
    interviews: tuple[InterviewRow, ...]
    youth_names: tuple[str, ...] = ()  # of ``youth_ids``, in their order (the desk tells them apart)


def _minutes(hhmm: str) -> int:
    h, m = map(int, hhmm.split(":"))
    return h * 60 + m


def slot_start(day: MatchingDay, slot_no: int) -> datetime:
    return local(day.held_on, time()) + timedelta(minutes=_minutes(day.starts) + SLOT_MINUTES * slot_no)


class MatchingDayPart(CompaniesBase):
    def create_matching_day(self, actor: Actor, facility_id: int, data: dict | MatchingDayInput) -> int:
        require(actor, Perm.COMPANY_EDIT, facility_id)
        inp = validate(MatchingDayInput, data)
        slots = (_minutes(inp.ends) - _minutes(inp.starts)) // SLOT_MINUTES
        if slots < 1:
            raise ValidationError.single("ends", f"면접 시간은 {SLOT_MINUTES}분 이상이어야 합니다.")
        now = self.clock()

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_EDIT, facility_id)
            d = MatchingDay(facility_id=facility_id, title=inp.title, held_on=inp.held_on, place=inp.place,
                            starts=inp.starts, slots=min(slots, 72), created_at=now, created_by=actor.user_id)
            s.add(d)
            s.flush()
            return d.id

        return self.db.write(work, actor=actor)

    def _day(self, s, actor: Actor, day_id: int, perm: Perm) -> MatchingDay:
        d = s.get(MatchingDay, day_id)
        if d is None:
            raise not_found("day_id")
        access.require_at(s, actor, perm, d.facility_id)
        return d

    def add_day_opening(self, actor: Actor, day_id: int, opening_id: int) -> None:
        """An opening of the facility taking part (its company with it)."""

        def work(s):
            d = self._day(s, actor, day_id, Perm.COMPANY_EDIT)
            o = s.get(JobOpening, opening_id)
            if o is None or o.facility_id != d.facility_id:
                raise ValidationError.single("opening_id", "이 시설의 구인 공고를 찾을 수 없습니다.")
            if s.get(MatchingDayOpening, (d.id, o.id)) is None:
                s.add(MatchingDayOpening(day_id=d.id, opening_id=o.id, company_id=o.company_id,
                                         facility_id=d.facility_id))
                s.flush()

        self.db.write(work, actor=actor)

    def register_youth(self, actor: Actor, day_id: int, youth_id: int) -> None:
        now = self.clock()

        def work(s):
            d = self._day(s, actor, day_id, Perm.MATCH_EDIT)
            access.check_youth(s, youth_id)
            if s.get(MatchingDayYouth, (d.id, youth_id)) is None:
                s.add(MatchingDayYouth(day_id=d.id, youth_id=youth_id, facility_id=d.facility_id,
                                       registered_at=now, registered_by=actor.user_id))
                s.flush()

        self.db.write(work, actor=actor)

    def book_interview(self, actor: Actor, day_id: int, opening_id: int, youth_id: int, slot_no: int) -> int:
        """An on-site interview of a registered youth with the company of a taking-part
        opening in slot ``slot_no`` (0: the first 20 minutes); returns its id."""
        now = self.clock()

        def work(s):
            d = self._day(s, actor, day_id, Perm.MATCH_EDIT)
            part = s.get(MatchingDayOpening, (d.id, opening_id))
            if part is None:
                raise ValidationError.single("opening_id", "이 매칭데이에 참여하는 공고가 아닙니다.")
            if s.get(MatchingDayYouth, (d.id, youth_id)) is None:
                raise ValidationError.single("youth_id", "이 매칭데이에 등록한 청년이 아닙니다.")
            if not (isinstance(slot_no, int) and not isinstance(slot_no, bool) and 0 <= slot_no < d.slots):
                raise ValidationError.single("slot_no", "면접 시간을 목록에서 고르세요.")
            live = select(InterviewSlot.id).where(InterviewSlot.day_id == d.id, InterviewSlot.slot_no == slot_no,
                                                  InterviewSlot.cancelled_at.is_(None))
            if s.exec(live.where(InterviewSlot.company_id == part.company_id)).first() is not None:
                raise ValidationError.single("slot_no", COMPANY_TAKEN)
            if s.exec(live.where(InterviewSlot.youth_id == youth_id)).first() is not None:
                raise ValidationError.single("slot_no", YOUTH_TAKEN)
            row = InterviewSlot(day_id=d.id, facility_id=d.facility_id, opening_id=opening_id,
                                company_id=part.company_id, youth_id=youth_id, slot_no=slot_no, created_at=now,
                                created_by=actor.user_id)
            s.add(row)
            try:
                s.flush()
            except IntegrityError as exc:
                message = TAKEN_KEYS.get(violated_constraint(exc) or "")
                if message:  # another desk booked it meanwhile
                    raise Conflict(message, "slot_no") from None
                raise
            return row.id

        return self.db.write(work, actor=actor)

    def cancel_interview(self, actor: Actor, slot_id: int) -> None:
        now = self.clock()

        def work(s):
            row = s.get(InterviewSlot, slot_id, with_for_update=True)
            if row is None:
                raise not_found("slot_id")
            access.require_at(s, actor, Perm.MATCH_EDIT, row.facility_id)
            if row.cancelled_at is not None or row.referral_id is not None:
                raise Conflict("이미 취소되었거나 결과를 기록한 면접입니다.")
            row.cancelled_at, row.cancelled_by = now, actor.user_id
            s.add(row)

        self.db.write(work, actor=actor)

    def record_interview_result(self, actor: Actor, slot_id: int, result: Stage | str, note: str = "") -> int:
        """The result of an on-site interview into the pipeline: 면접 (a further round),
        합격, or 불합격 with its reason in ``note``; returns the referral's id."""
        try:
            result = Stage(result)
        except ValueError:
            raise ValidationError.single("result", "목록에서 선택하세요.") from None
        if result not in RESULTS:
            raise ValidationError.single("result", "면접 결과는 면접 진행, 합격, 불합격 중에서 고르세요.")
        note = check_text("note", note, NOTE_SHORT, multiline=True,
                          required="불합격 사유를 입력하세요." if result is Stage.REJECTED else None)
        now = self.clock()

        def work(s):
            row = s.get(InterviewSlot, slot_id, with_for_update=True)
            if row is None:
                raise not_found("slot_id")
            access.require_at(s, actor, Perm.MATCH_EDIT, row.facility_id)
            if row.cancelled_at is not None or row.referral_id is not None:
                raise Conflict("이미 취소되었거나 결과를 기록한 면접입니다.")
            d = s.get(MatchingDay, row.day_id)
            if d.held_on > self.today():
                raise ValidationError.single("result", "매칭데이가 끝난 뒤에 결과를 기록하세요.")
            r = s.exec(select(Referral).where(Referral.opening_id == row.opening_id,
                                              Referral.youth_id == row.youth_id).with_for_update()).first()
            moves, made = [], r is None
            if r is None:
                o = s.get(JobOpening, row.opening_id)
                if not accepts_referrals(o, d.held_on):
                    raise ValidationError.single("result", "모집중이 아닌 공고라 추천으로 옮길 수 없습니다.")
                r = Referral(facility_id=row.facility_id, opening_id=o.id, company_id=o.company_id,
                             youth_id=row.youth_id, counselor_id=actor.user_id, channel=Channel.MATCHING_DAY,
                             referred_on=d.held_on, stage=Stage.REFERRED, moved_on=d.held_on, version=1,
                             created_at=now, created_by=actor.user_id)
                s.add(r)
                s.flush()
                moves.append((None, Stage.REFERRED, f"{d.title} 현장 면접 신청"))
            if r.stage in (Stage.REFERRED, Stage.SCREENING):
                moves.append((r.stage, Stage.INTERVIEW, f"{d.title} 현장 면접"))
            elif r.stage is not Stage.INTERVIEW:
                raise ValidationError.single("result", f"이 청년의 추천은 이미 '{r.stage.label}' 단계입니다.")
            if d.held_on < r.moved_on:
                raise ValidationError.single("result", "추천 기록의 마지막 단계 변경이 매칭데이보다 뒤입니다.")
            if result is not Stage.INTERVIEW:
                moves.append((Stage.INTERVIEW, result, note))
            for frm, to, text in moves:
                s.add(ReferralTransition(referral_id=r.id, facility_id=r.facility_id, from_stage=frm, to_stage=to,
                                         happened_on=d.held_on, note=text, at=now, by=actor.user_id))
            if moves:
                r.stage = moves[-1][1]
                r.moved_on = d.held_on
                r.version += len(moves) - made  # a new referral's first transition is its version 1
                s.add(r)
            row.referral_id = r.id
            s.add(row)
            s.flush()
            return r.id

        return self.db.write(work, actor=actor)

    def matching_day(self, actor: Actor, day_id: int) -> MatchingDayRow:
        def work(s):
            return self._day_rows(s, [self._day(s, actor, day_id, Perm.COMPANY_VIEW)])[0]

        return self.db.read(work)

    def matching_days(self, actor: Actor, facility_id: int) -> list[MatchingDayRow]:
        require(actor, Perm.COMPANY_VIEW, facility_id)

        def work(s):
            access.require_at(s, actor, Perm.COMPANY_VIEW, facility_id)
            days = s.exec(select(MatchingDay).where(MatchingDay.facility_id == facility_id)
                          .order_by(MatchingDay.held_on.desc(), MatchingDay.id.desc())).all()
            return self._day_rows(s, list(days))

        return self.db.read(work)

    def _day_rows(self, s, days) -> list[MatchingDayRow]:
        out = []
        for d in days:
            parts = s.exec(select(MatchingDayOpening, JobOpening.title, Company.name)
                           .join(JobOpening, JobOpening.id == MatchingDayOpening.opening_id)
                           .join(Company, Company.id == MatchingDayOpening.company_id)
                           .where(MatchingDayOpening.day_id == d.id)).all()
            youth = tuple(s.exec(select(MatchingDayYouth.youth_id).where(MatchingDayYouth.day_id == d.id)
                                 .order_by(MatchingDayYouth.youth_id)).all())
            slots = s.exec(select(InterviewSlot).where(InterviewSlot.day_id == d.id,
                                                       InterviewSlot.cancelled_at.is_(None))
                           .order_by(InterviewSlot.slot_no, InterviewSlot.company_id)).all()
            names = access.youth_names(s, [i.youth_id for i in slots] + list(youth))
            companies = {p.company_id: name for p, _, name in parts}
            out.append(MatchingDayRow(
                d.id, d.facility_id, d.title, d.held_on, d.place, d.starts, d.slots,
                tuple(slot_start(d, n).astimezone(SEOUL).strftime("%H:%M") for n in range(d.slots)),
                tuple(DayOpening(p.opening_id, p.company_id, name, title) for p, title, name in parts), youth,
                tuple(InterviewRow(i.id, i.slot_no, slot_start(d, i.slot_no).astimezone(SEOUL), i.opening_id,
                                   i.company_id, companies.get(i.company_id, ""), i.youth_id,
                                   names.get(i.youth_id, ""), i.referral_id) for i in slots),
                tuple(names.get(y, "") for y in youth)))
        return out
