"""AI-interview booth bookings at the desk: book a slot, check in, no-show, cancel, walk-in,
tomorrow's reminders, results and analysis-consultation requests, the printable day sheet.

One active booking per youth per week is the facility default (``booth_rules``); a manager
may override it with a written reason. The no-show sanction of room bookings applies here
too, counted on booth bookings only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from models.accounts.tables import UserAccount
from models.booths.enums import ConsultStatus, SessionType, SlotState
from models.booths.schemas import (
    BoothBookingRow,
    ConsultRow,
    ReminderContact,
    ReminderRow,
    ResultInput,
    SheetRow,
    SlotRow,
    display_label,
)
from models.booths.slots import slot_rows
from models.booths.tables import BoothBooking, BoothRules, BoothSlot, ConsultRequest
from models.core.audit import record
from models.core.db import violated_constraint
from models.core.enums import AuditAction
from models.core.errors import Conflict, NotFound, RuleViolation, ValidationError
from models.core.masking import format_phone, mask_name, mask_phone
from models.core.permissions import Actor, Perm, require
from models.core.service import Service
from models.core.text import check_text, output_purpose
from models.core.time import SEOUL, day_bounds
from models.core.validation import validate
from models.desk import actions as desk_actions
from models.desk.actions import where_text
from models.desk.enums import ACTIVE_BOOKING_STATUSES, BookingStatus, CancelCode
from models.desk.rules import check_override, load_rules
from models.facilities.tables import Facility, Room
from models.lifecycle.requests import check_bookable
from models.youth.tables import Youth

RACE_MESSAGE = "방금 다른 창구에서 이 회차를 예약했습니다. 화면을 새로 고친 뒤 다른 회차를 고르세요."
UNDO_RACE_MESSAGE = "방금 다른 창구에서 이 회차를 배정해 노쇼를 되돌릴 수 없습니다."
ACTIVE_UNIQUE = ("uq_booth_booking_active", "unique:booth_booking.slot_id")



def weekly_limit(s, facility_id: int) -> int:
    r = s.get(BoothRules, facility_id)
    return r.weekly_limit if r else 1


def week_bounds(moment: datetime) -> tuple[datetime, datetime]:
    day = moment.astimezone(SEOUL).date()
    monday, _ = day_bounds(day - timedelta(days=day.weekday()))
    return monday, monday + timedelta(days=7)


def booth_row(b: BoothBooking, slot: BoothSlot, room_name: str, youth_name: str,
              grace: timedelta | None = None, now: datetime | None = None,
              consult: bool = False, actor: Actor | None = None) -> BoothBookingRow:
    """The desk's row of ``b``; with ``now`` and ``actor``, until when that actor may undo
    its check-in or no-show."""
    candidate = bool(grace is not None and now is not None and b.status == BookingStatus.BOOKED
                     and now >= slot.starts_at + grace)
    until = desk_actions.undo_open_until(b, actor, now) if actor is not None else None
    return BoothBookingRow(
        b.id, b.slot_id, b.facility_id, slot.room_id, room_name, slot.starts_at.astimezone(SEOUL),
        slot.ends_at.astimezone(SEOUL), b.youth_id, mask_name(youth_name), b.session_type, b.status,
        b.cancel_code, b.walk_in, b.override_reason, b.reminded_at is not None, b.result_received,
        b.result_grade, b.result_strengths, b.result_improve, candidate, consult,
        until.astimezone(SEOUL) if until else None)



class BoothService(Service):
    # -- rules ----------------------------------------------------------------------
    def weekly_limit(self, actor: Actor, facility_id: int) -> int:
        require(actor, Perm.BOOKING_VIEW, facility_id)
        return self.db.read(lambda s: weekly_limit(s, facility_id))

    def set_weekly_limit(self, actor: Actor, facility_id: int, limit) -> None:
        require(actor, Perm.BOOKING_RULES, facility_id)
        try:
            limit = int(limit)
        except (TypeError, ValueError):
            raise ValidationError.single("weekly_limit", "숫자(정수)를 입력하세요.") from None
        if not 1 <= limit <= 14:
            raise ValidationError.single("weekly_limit", "주당 예약 한도는 1~14회입니다.")

        def work(s):
            if s.get(Facility, facility_id) is None:
                raise NotFound("시설을 찾을 수 없습니다.")
            row = s.get(BoothRules, facility_id) or BoothRules(facility_id=facility_id)
            row.weekly_limit = limit
            s.add(row)

        self.db.write(work, actor=actor)

    # -- booking --------------------------------------------------------------------
    def book(self, actor: Actor, slot_id: int, youth_id: int, session_type: SessionType | str, *,
             override_reason: str | None = None, walk_in: bool = False) -> int:
        try:
            session_type = SessionType(session_type)
        except ValueError:
            raise ValidationError.single("session_type", "체험 종류를 선택하세요.") from None
        now = self.clock()

        def work(s):
            youth = desk_actions.lock_youth(s, youth_id)  # first, before anything is read
            slot = s.get(BoothSlot, slot_id)
            if slot is None:
                raise NotFound("회차를 찾을 수 없습니다.")
            require(actor, Perm.BOOKING_EDIT, slot.facility_id)
            override = check_override(actor, slot.facility_id, override_reason)
            if youth is None:
                raise ValidationError.single("youth_id", "청년을 선택하세요.")
            check_bookable(s, youth_id)  # consent withdrawn, record destroyed: no booking
            if slot.state == SlotState.BLOCKED:
                raise Conflict(f"차단된 회차입니다({slot.block_reason or '사유 없음'}).")
            if slot.ends_at <= now or (not walk_in and slot.starts_at <= now):
                raise RuleViolation("past", "이미 시작했거나 지난 회차입니다. 빈 회차는 '현장 배정'으로 채우세요."
                                    if not walk_in else "이미 끝난 회차입니다.")
            taken = s.exec(select(BoothBooking, Youth.name).join(Youth, Youth.id == BoothBooking.youth_id)
                           .where(BoothBooking.slot_id == slot.id,
                                  BoothBooking.status.in_(ACTIVE_BOOKING_STATUSES))).first()
            if taken:
                raise Conflict(f"이미 예약된 회차입니다: {mask_name(taken[1])}")
            if override is None:
                self._check_rules(s, slot, youth_id, now)
            b = BoothBooking(slot_id=slot.id, facility_id=slot.facility_id, youth_id=youth_id,
                             starts_at=slot.starts_at, session_type=session_type,
                             status=BookingStatus.BOOKED, walk_in=walk_in, override_reason=override,
                             override_by=actor.user_id if override else None, created_at=now,
                             created_by=actor.user_id, result_received=False)
            s.add(b)
            try:
                s.flush()
            except IntegrityError as exc:
                if violated_constraint(exc) in ACTIVE_UNIQUE:
                    raise Conflict(RACE_MESSAGE) from None
                raise
            return b.id

        return self.db.write(work, actor=actor)

    def _check_rules(self, s, slot: BoothSlot, youth_id: int, now: datetime) -> None:
        limit = weekly_limit(s, slot.facility_id)
        start, end = week_bounds(slot.starts_at)
        used = s.exec(select(func.count(BoothBooking.id)).where(
            BoothBooking.facility_id == slot.facility_id, BoothBooking.youth_id == youth_id,
            BoothBooking.status.in_(ACTIVE_BOOKING_STATUSES),
            BoothBooking.starts_at >= start, BoothBooking.starts_at < end)).one()
        if used >= limit:
            raise RuleViolation("weekly", f"AI 면접 부스는 한 주에 {limit}회까지 예약할 수 있습니다"
                                          f"(이번 주 이미 {used}회).")
        rules = load_rules(s, slot.facility_id)
        since = now - timedelta(days=rules.no_show_window_days + rules.sanction_days)
        times = s.exec(select(BoothBooking.starts_at).where(
            BoothBooking.facility_id == slot.facility_id, BoothBooking.youth_id == youth_id,
            BoothBooking.status == BookingStatus.NO_SHOW, BoothBooking.starts_at >= since,
            BoothBooking.starts_at <= now)).all()
        until = desk_actions.sanction_end(list(times), now, rules.no_show_limit,
                                          rules.no_show_window_days, rules.sanction_days)
        if until:
            raise RuleViolation(
                "sanction", f"AI 면접 부스 노쇼 {rules.no_show_limit}회로 "
                            f"{until.astimezone(SEOUL):%Y-%m-%d}까지 새 예약이 제한됩니다.")

    # -- on the day -----------------------------------------------------------------
    def _booking(self, s, actor: Actor, booking_id: int, perm: Perm = Perm.BOOKING_EDIT):
        b = s.get(BoothBooking, booking_id)
        if b is None:
            raise NotFound("예약을 찾을 수 없습니다.")
        require(actor, perm, b.facility_id)
        return b, s.get(BoothSlot, b.slot_id)

    def check_in(self, actor: Actor, booking_id: int) -> None:
        def work(s):
            b, slot = self._booking(s, actor, booking_id)
            desk_actions.check_in(b, slot.starts_at, slot.ends_at, self.clock(), actor.user_id)
            s.add(b)

        self.db.write(work, actor=actor)

    def mark_no_show(self, actor: Actor, booking_id: int) -> None:
        def work(s):
            b, slot = self._booking(s, actor, booking_id)
            grace = load_rules(s, b.facility_id).grace_minutes
            desk_actions.no_show(b, slot.starts_at, self.clock(), grace, actor.user_id)
            s.add(b)

        self.db.write(work, actor=actor)

    # -- undo, the same day ----------------------------------------------------------
    def undo_check_in(self, actor: Actor, booking_id: int) -> None:
        """Take a check-in back (입실 취소): 예약 again, the check-in's time and user cleared.
        Only on the Seoul day of the check-in, by the user who made it or a manager, and
        not once a result or an analysis consultation hangs on the session."""
        def work(s):
            b, slot = self._booking(s, actor, booking_id)
            now = self.clock()
            desk_actions.check_undo(b, BookingStatus.CHECKED_IN, actor, now)
            if b.result_received or b.result_grade or b.result_strengths or b.result_improve:
                raise Conflict("결과를 기록한 예약은 입실을 취소할 수 없습니다. 결과 기록을 먼저 비우세요.")
            if s.exec(select(ConsultRequest.id).where(ConsultRequest.booth_booking_id == b.id)).first():
                raise Conflict("분석 컨설팅을 요청한 예약은 입실을 취소할 수 없습니다.")
            desk_actions.undo_check_in(b, actor, now)
            s.add(b)
            s.flush()
            desk_actions.record_undo(s, b, "booth_booking", "입실 취소",
                                     where_text(slot, s.get(Room, slot.room_id).name))

        self.db.write(work, actor=actor)

    def undo_no_show(self, actor: Actor, booking_id: int) -> None:
        """Take a confirmed no-show back (노쇼 취소): 예약 again, so it no longer counts toward
        the sanction. Refused, with nothing written, when the slot has meanwhile gone to
        someone else (a walk-in) or been blocked. Only on the Seoul day of the no-show, by
        its user or a manager."""
        def work(s):
            b, slot = self._booking(s, actor, booking_id)
            now = self.clock()
            desk_actions.check_undo(b, BookingStatus.NO_SHOW, actor, now)  # before any change
            taken = s.exec(select(Youth.name).join(BoothBooking, BoothBooking.youth_id == Youth.id)
                           .where(BoothBooking.slot_id == slot.id, BoothBooking.id != b.id,
                                  BoothBooking.status.in_(ACTIVE_BOOKING_STATUSES))).first()
            if taken:
                raise Conflict(f"그 사이 이 회차에 {mask_name(taken)} 님이 배정되어 노쇼를 되돌릴 수 없습니다.")
            if slot.state == SlotState.BLOCKED:
                raise Conflict(f"그 사이 이 회차가 차단되어({slot.block_reason or '사유 없음'}) "
                               "노쇼를 되돌릴 수 없습니다.")
            desk_actions.undo_no_show(b, actor, now)
            s.add(b)
            try:
                s.flush()
            except IntegrityError as exc:
                if violated_constraint(exc) in ACTIVE_UNIQUE:
                    raise Conflict(UNDO_RACE_MESSAGE) from None
                raise
            desk_actions.record_undo(s, b, "booth_booking", "노쇼 취소",
                                     where_text(slot, s.get(Room, slot.room_id).name))

        self.db.write(work, actor=actor)

    def cancel(self, actor: Actor, booking_id: int, by: str, reason: str = "") -> CancelCode:
        reason = desk_actions.validate_cancel(by, reason)

        def work(s):
            b, slot = self._booking(s, actor, booking_id)
            late = load_rules(s, b.facility_id).late_cancel_minutes
            code = desk_actions.cancel(b, slot.starts_at, self.clock(), by, reason, late, actor.user_id)
            s.add(b)
            return code

        return self.db.write(work, actor=actor)

    def walk_in(self, actor: Actor, slot_id: int, youth_id: int, session_type) -> int:
        """Fill a freed slot (cancelled or no-show, even after its start) with a walk-in."""
        return self.book(actor, slot_id, youth_id, session_type, walk_in=True)

    def get(self, actor: Actor, booking_id: int) -> BoothBookingRow:
        def work(s):
            b, slot = self._booking(s, actor, booking_id, Perm.BOOKING_VIEW)
            room = s.get(Room, slot.room_id)
            youth = s.get(Youth, b.youth_id)
            grace = timedelta(minutes=load_rules(s, b.facility_id).grace_minutes)
            consult = s.exec(select(ConsultRequest.id).where(
                ConsultRequest.booth_booking_id == b.id)).first() is not None
            return booth_row(b, slot, room.name, youth.name, grace, self.clock(), consult, actor)

        return self.db.read(work)

    def day(self, actor: Actor, facility_id: int, day: date) -> list[SlotRow]:
        require(actor, Perm.BOOKING_VIEW, facility_id)
        start, end = day_bounds(day)
        return self.db.read(lambda s: slot_rows(s, facility_id, start, end, self.clock()))

    # -- reminders ------------------------------------------------------------------
    def reminders(self, actor: Actor, facility_id: int, day: date | None = None) -> list[ReminderRow]:
        """Booked youth of ``day`` (default tomorrow), names and phones masked for every
        role: a plain read, nothing recorded. The full name and number of one booking come
        from ``reminder_contact``, each view recorded."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        day = day or self.today() + timedelta(days=1)

        def work(s):
            start, end = day_bounds(day)
            rows = s.exec(select(BoothBooking.id, BoothBooking.session_type, BoothBooking.reminded_at,
                                 BoothSlot.starts_at, Room.name, Youth.name, Youth.phone)
                          .join(BoothSlot, BoothSlot.id == BoothBooking.slot_id)
                          .join(Room, Room.id == BoothSlot.room_id)
                          .join(Youth, Youth.id == BoothBooking.youth_id)
                          .where(BoothBooking.facility_id == facility_id,
                                 BoothBooking.status == BookingStatus.BOOKED,
                                 BoothSlot.starts_at >= start, BoothSlot.starts_at < end)
                          .order_by(BoothSlot.starts_at, Room.name)).all()
            return [ReminderRow(bid, starts.astimezone(SEOUL), room_name, mask_name(name),
                                mask_phone(phone), session_type, reminded_at is not None)
                    for bid, session_type, reminded_at, starts, room_name, name, phone in rows]

        return self.db.read(work)

    def reminder_contact(self, actor: Actor, booking_id: int) -> ReminderContact:
        """The full name and phone of one booking's youth, for the reminder call; only for
        roles allowed to see contacts, and each call is recorded as a read of personal data."""
        def work(s):
            b, slot = self._booking(s, actor, booking_id, Perm.BOOKING_VIEW)
            require(actor, Perm.YOUTH_CONTACT, b.facility_id)
            youth = s.get(Youth, b.youth_id)
            record(s, AuditAction.READ, "youth", youth.id, facility_id=b.facility_id,
                   detail=f"AI 면접 알림 연락처 열람 ({where_text(slot, s.get(Room, slot.room_id).name)})")
            return ReminderContact(b.id, youth.name, format_phone(youth.phone))

        return self.db.write(work, actor=actor)

    def set_reminded(self, actor: Actor, booking_id: int, reminded: bool) -> None:
        def work(s):
            b, _ = self._booking(s, actor, booking_id)
            b.reminded_at = self.clock() if reminded else None
            b.reminded_by = actor.user_id if reminded else None
            s.add(b)

        self.db.write(work, actor=actor)

    # -- after the session ----------------------------------------------------------
    def record_result(self, actor: Actor, booking_id: int, data: dict | ResultInput) -> None:
        inp = validate(ResultInput, data)

        def work(s):
            b, _ = self._booking(s, actor, booking_id)
            if b.status != BookingStatus.CHECKED_IN:
                raise Conflict("입실한 예약에만 결과를 기록할 수 있습니다.")
            b.result_received = inp.received
            b.result_grade = inp.grade or None
            b.result_strengths = inp.strengths or None
            b.result_improve = inp.improve or None
            s.add(b)

        self.db.write(work, actor=actor)

    def request_consult(self, actor: Actor, booking_id: int, note: str = "") -> int:
        note = check_text("note", note, 300, too_long="메모는 300자 이하로 입력하세요.", multiline=True)

        def work(s):
            b, _ = self._booking(s, actor, booking_id)
            if b.status != BookingStatus.CHECKED_IN:
                raise Conflict("입실한 예약에만 분석 컨설팅을 요청할 수 있습니다.")
            if s.exec(select(ConsultRequest.id).where(ConsultRequest.booth_booking_id == b.id)).first():
                raise Conflict("이미 분석 컨설팅을 요청한 예약입니다.")
            req = ConsultRequest(facility_id=b.facility_id, youth_id=b.youth_id, booth_booking_id=b.id,
                                 status=ConsultStatus.OPEN, note=note, requested_at=self.clock(),
                                 requested_by=actor.user_id)
            s.add(req)
            s.flush()
            return req.id

        return self.db.write(work, actor=actor)

    def consult_queue(self, actor: Actor, facility_id: int, status: ConsultStatus | None = ConsultStatus.OPEN
                      ) -> list[ConsultRow]:
        require(actor, Perm.BOOKING_VIEW, facility_id)

        def work(s):
            q = (select(ConsultRequest, BoothBooking, BoothSlot, Room.name, Youth.name, UserAccount.display_name)
                 .join(BoothBooking, BoothBooking.id == ConsultRequest.booth_booking_id)
                 .join(BoothSlot, BoothSlot.id == BoothBooking.slot_id)
                 .join(Room, Room.id == BoothSlot.room_id)
                 .join(Youth, Youth.id == ConsultRequest.youth_id)
                 .outerjoin(UserAccount, UserAccount.id == ConsultRequest.requested_by)
                 .where(ConsultRequest.facility_id == facility_id))
            if status is not None:
                q = q.where(ConsultRequest.status == status)
            rows = s.exec(q.order_by(ConsultRequest.requested_at)).all()
            return [ConsultRow(r.id, r.youth_id, mask_name(yn), b.id, b.session_type,
                               slot.starts_at.astimezone(SEOUL), rn, r.requested_at.astimezone(SEOUL),
                               by, r.status, r.note) for r, b, slot, rn, yn, by in rows]

        return self.db.read(work)

    def close_consult(self, actor: Actor, request_id: int) -> None:
        def work(s):
            r = s.get(ConsultRequest, request_id)
            if r is None:
                raise NotFound("요청을 찾을 수 없습니다.")
            require(actor, Perm.CONSULT_MANAGE, r.facility_id)
            r.status = ConsultStatus.DONE
            s.add(r)

        self.db.write(work, actor=actor)

    def history(self, actor: Actor, facility_id: int, youth_id: int) -> list[BoothBookingRow]:
        """The youth's booth sessions at this facility, newest first."""
        require(actor, Perm.BOOKING_VIEW, facility_id)

        def work(s):
            rows = s.exec(select(BoothBooking, BoothSlot, Room.name, Youth.name)
                          .join(BoothSlot, BoothSlot.id == BoothBooking.slot_id)
                          .join(Room, Room.id == BoothSlot.room_id)
                          .join(Youth, Youth.id == BoothBooking.youth_id)
                          .where(BoothBooking.facility_id == facility_id, BoothBooking.youth_id == youth_id)
                          .order_by(BoothSlot.starts_at.desc())).all()
            asked = set(s.exec(select(ConsultRequest.booth_booking_id).where(
                ConsultRequest.youth_id == youth_id)).all())
            return [booth_row(b, slot, rn, yn, consult=b.id in asked) for b, slot, rn, yn in rows]

        return self.db.read(work)

    # -- printouts and exports ------------------------------------------------------
    def day_sheet(self, actor: Actor, facility_id: int, room_id: int, day: date,
                  write: Callable[[str, str, list[SheetRow]], object] | None = None,
                  purpose: str | None = None) -> tuple[str, str, list[SheetRow]]:
        """(facility name, booth name, rows) for the printable day sheet. Phones are masked;
        printing is recorded in the audit log as an output of personal data, with the
        ``purpose`` of the printout when the desk gave one.

        ``write(facility, booth, rows)``, when given, produces the printout inside the same
        transaction: if it fails, no output is recorded."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        purpose = output_purpose(purpose)

        def work(s):
            facility = s.get(Facility, facility_id)
            room = s.get(Room, room_id)
            if facility is None or room is None or room.facility_id != facility_id:
                raise NotFound("부스를 찾을 수 없습니다.")
            start, end = day_bounds(day)
            now = self.clock()
            slots = slot_rows(s, facility_id, start, end, now, room_id=room_id)
            ids = [x.booking_id for x in slots if x.booking_id]
            youth = dict(s.exec(select(BoothBooking.id, Youth).join(Youth, Youth.id == BoothBooking.youth_id)
                                .where(BoothBooking.id.in_(ids))).all()) if ids else {}
            rows = []
            for x in slots:
                y = youth.get(x.booking_id)
                rows.append(SheetRow(x.time_text, y.name if y else "", mask_phone(y.phone) if y else "",
                                     x.session_type.label if x.session_type else "",
                                     f"차단({x.block_reason})" if x.display == "blocked" and x.block_reason
                                     else display_label(x, now)))
            if write is not None:
                write(facility.name, room.name, rows)
            record(s, AuditAction.OUTPUT, "booth_slot", None, facility_id=facility_id,
                   detail=f"AI 면접 일일 명단 출력 {room.name} {day:%Y-%m-%d} ({len(youth)}명)"
                          + (f" · 목적: {purpose}" if purpose else ""))
            return facility.name, room.name, rows

        return self.db.write(work, actor=actor)

    def month_slots(self, actor: Actor, facility_id: int, year: int, month: int,
                    write: Callable[[str, list[SlotRow]], object] | None = None) -> list[SlotRow]:
        """Every slot of a calendar month in Asia/Seoul, for exports (names masked).
        Recorded as an output; ``write(facility name, rows)``, when given, writes the file
        inside the same transaction first, as ``day_sheet`` does."""
        require(actor, Perm.BOOKING_VIEW, facility_id)
        first = date(year, month, 1)
        after = date(year + (month == 12), month % 12 + 1, 1)

        def work(s):
            start, _ = day_bounds(first)
            end, _ = day_bounds(after)
            rows = slot_rows(s, facility_id, start, end, self.clock())
            if write is not None:
                facility = s.get(Facility, facility_id)
                if facility is None:
                    raise NotFound("시설을 찾을 수 없습니다.")
                write(facility.name, rows)
            record(s, AuditAction.OUTPUT, "booth_slot", None, facility_id=facility_id,
                   detail=f"AI 면접 회차 내보내기 {year}-{month:02d} ({len(rows)}건)")
            return rows

        return self.db.write(work, actor=actor)
