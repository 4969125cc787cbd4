"""What the front desk does to a booking on the day, the same for rooms and booths:
check in, confirm a no-show, cancel with a reason code, and undo a check-in or a no-show
the same day. Each function changes the row in place after checking that the action is
allowed now; the caller owns the session. Also the youth row lock every new booking takes
before its per-youth rules are counted.

**Undo.** A check-in (입실) or a confirmed no-show (노쇼 확정) can be taken back until the
end of the Seoul day it was made on, by the user who made it (``checked_in_by`` /
``cancelled_by``) or by a manager of the facility (``Perm.BOOKING_RULES``; an administrator
too). The booking returns to 예약 with what the action wrote cleared, so a no-show undone
no longer counts toward the sanction (it is counted by status). Whether the time is still
free is the caller's to check (rooms: the overlap guard; booths: the slot's one active
booking).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from models.core.audit import record
from models.core.enums import AuditAction
from models.core.errors import (
    Conflict,
    DomainError,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from models.core.permissions import Actor, Perm
from models.core.text import check_text
from models.core.time import SEOUL, day_bounds
from models.desk.enums import BookingStatus, CancelCode
from models.youth.tables import Youth

CHECK_IN_EARLY = timedelta(minutes=30)
EARLY_TEXT = f"{CHECK_IN_EARLY.seconds // 60}분"  # as the messages say it


def lock_youth(s, youth_id: int):
    """Load the youth a new booking is for, holding the row until the transaction ends.

    The per-youth rules (3 hours a day, the weekly booth limit, the no-show sanction) count
    the youth's other bookings, so two desks booking one youth at the same moment must not
    both count before either has written. On PostgreSQL the row lock queues the second desk
    behind the first (``FOR NO KEY UPDATE``, which still lets other transactions insert rows
    that refer to the youth); on SQLite ``BEGIN IMMEDIATE`` already serialises writers.
    Take it as the first statement of the transaction: under a snapshot isolation level
    anything read before it would predate the other desk's booking.
    """
    return s.get(Youth, youth_id, with_for_update={"key_share": True})


def lock_youth_of(s, booking_model, booking_id: int) -> None:
    """``lock_youth`` for the youth of an existing booking, still as the first statement."""
    youth_of = sa.select(booking_model.youth_id).where(booking_model.id == booking_id).scalar_subquery()
    s.execute(sa.select(Youth.id).where(Youth.id == youth_of).with_for_update(key_share=True))


def validate_cancel(by: str, reason: str) -> str:
    if by not in ("youth", "staff"):
        raise ValidationError.single("by", "취소 주체를 선택하세요.")
    reason = check_text("reason", reason, 200, too_long="사유는 200자 이하로 입력하세요.", multiline=True)
    if by == "staff" and not reason:
        raise ValidationError.single("reason", "직원 취소는 사유를 적어야 합니다.")
    return reason


def _require_booked(b) -> None:
    if b.status != BookingStatus.BOOKED:
        raise Conflict(f"이미 {b.status.label} 처리된 예약입니다.")


CHECK_IN_MESSAGE = f"입실은 예약 시작 {EARLY_TEXT} 전부터 종료 전까지 할 수 있습니다."


def check_in_opens(starts: datetime) -> datetime:
    """When a booking starting at ``starts`` can first be checked in."""
    return starts - CHECK_IN_EARLY


def check_in_open(starts: datetime, ends: datetime, now: datetime) -> bool:
    """Whether a booking from ``starts`` to ``ends`` can be checked in at ``now``."""
    return check_in_opens(starts) <= now < ends


def check_in(b, starts: datetime, ends: datetime, now: datetime, user_id: int | None) -> None:
    _require_booked(b)
    if not check_in_open(starts, ends, now):
        raise RuleViolation("check_in", CHECK_IN_MESSAGE)
    b.status = BookingStatus.CHECKED_IN
    b.checked_in_at = now
    if hasattr(b, "checked_in_by"):
        b.checked_in_by = user_id


def no_show(b, starts: datetime, now: datetime, grace_minutes: int, user_id: int | None) -> None:
    _require_booked(b)
    if now < starts + timedelta(minutes=grace_minutes):
        raise RuleViolation("grace", f"노쇼는 예약 시작 {grace_minutes}분 후부터 처리할 수 있습니다.")
    b.status = BookingStatus.NO_SHOW
    b.cancel_code = CancelCode.NO_SHOW
    b.cancelled_at = now
    b.cancelled_by = user_id


UNDO_DAY_MESSAGE = "{what}은(는) 처리한 날 안에만 되돌릴 수 있습니다({day} 처리). 시설 관리자에게 문의하세요."
UNDO_WHO_MESSAGE = "{what}은(는) 처리한 직원이나 시설 관리자만 되돌릴 수 있습니다."
UNDO_LABELS = {BookingStatus.CHECKED_IN: "입실", BookingStatus.NO_SHOW: "노쇼 확정"}


def undo_until(at: datetime | None) -> datetime | None:
    """The end of the Seoul day of ``at`` (midnight after it): until then it can be undone."""
    if at is None:
        return None
    return day_bounds(at.astimezone(SEOUL).date())[1]


def _done(b) -> tuple[datetime | None, int | None]:
    """When and by whom the booking's check-in or no-show was made."""
    if b.status == BookingStatus.CHECKED_IN:
        return b.checked_in_at, getattr(b, "checked_in_by", None)
    if b.status == BookingStatus.NO_SHOW:
        return b.cancelled_at, b.cancelled_by
    return None, None


def undo_refusal(b, actor: Actor | None, now: datetime) -> DomainError | None:
    """Why ``actor`` may not undo the check-in or no-show of ``b`` now (the error to raise),
    or None if they may."""
    what = UNDO_LABELS.get(b.status)
    if what is None:
        return Conflict(f"되돌릴 입실이나 노쇼가 아닙니다(지금 {b.status.label}).")
    at, by = _done(b)
    until = undo_until(at)
    if until is None or now >= until:
        day = f"{at.astimezone(SEOUL):%m/%d}" if at is not None else "기록 없음"
        return RuleViolation("undo", UNDO_DAY_MESSAGE.format(what=what, day=day))
    manager = actor is not None and actor.can(Perm.BOOKING_RULES, b.facility_id)
    desk = actor is not None and actor.can(Perm.BOOKING_EDIT, b.facility_id)
    if not manager and not (desk and by is not None and by == actor.user_id):
        return PermissionDenied(UNDO_WHO_MESSAGE.format(what=what))
    return None


def undo_open_until(b, actor: Actor | None, now: datetime | None) -> datetime | None:
    """For the rows: until when ``actor`` may undo ``b``'s check-in or no-show (the end of
    that Seoul day), or None when they may not (now, or at all). The time being free again
    is not judged here: the undo itself checks it."""
    if now is None or b.status not in UNDO_LABELS or undo_refusal(b, actor, now) is not None:
        return None
    return undo_until(_done(b)[0])


def check_undo(b, status: BookingStatus, actor: Actor, now: datetime) -> None:
    """Raise unless ``actor`` may undo ``b``'s ``status`` (입실 or 노쇼) now; writes nothing."""
    if b.status != status:
        raise Conflict(f"{UNDO_LABELS[status]} 상태가 아니어서 되돌릴 수 없습니다(지금 {b.status.label}).")
    refusal = undo_refusal(b, actor, now)
    if refusal is not None:
        raise refusal


def undo_check_in(b, actor: Actor, now: datetime) -> None:
    """Back to 예약 from 입실, the check-in's time and user cleared."""
    check_undo(b, BookingStatus.CHECKED_IN, actor, now)
    b.status = BookingStatus.BOOKED
    b.checked_in_at = None
    if hasattr(b, "checked_in_by"):
        b.checked_in_by = None


def undo_no_show(b, actor: Actor, now: datetime) -> None:
    """Back to 예약 from 노쇼: the no-show no longer counts toward the sanction. The caller
    checks that the time is still free and flushes under its constraint guard."""
    check_undo(b, BookingStatus.NO_SHOW, actor, now)
    b.status = BookingStatus.BOOKED
    b.cancel_code = None
    b.cancelled_at = None
    b.cancelled_by = None


def record_undo(s, b, entity: str, what: str, where: str) -> None:
    """The audit line that names the undo ("입실 취소" / "노쇼 취소") and the booking's
    place and time (no personal data), after the flush recorded the status change itself."""
    record(s, AuditAction.UPDATE, entity, b.id, facility_id=b.facility_id, detail=f"{what} ({where})")


def cancel(b, starts: datetime, now: datetime, by: str, reason: str, late_minutes: int,
           user_id: int | None) -> CancelCode:
    """A youth's cancellation less than ``late_minutes`` before the start is a late cancel."""
    _require_booked(b)
    code = CancelCode.STAFF if by == "staff" else (
        CancelCode.LATE if now > starts - timedelta(minutes=late_minutes) else CancelCode.YOUTH)
    b.status = BookingStatus.CANCELLED
    b.cancel_code = code
    b.cancel_reason = reason or None
    b.cancelled_at = now
    b.cancelled_by = user_id
    return code


def sanction_end(no_show_times: list[datetime], now: datetime, limit: int, window_days: int,
                 sanction_days: int) -> datetime | None:
    """Each no-show that completes ``limit`` no-shows within ``window_days`` blocks new
    bookings for ``sanction_days`` from that no-show. The end of the block in force, or None."""
    times = sorted(no_show_times)
    window = timedelta(days=window_days)
    until = None
    for i, t in enumerate(times):
        if sum(1 for u in times[: i + 1] if u > t - window) >= limit:
            end = t + timedelta(days=sanction_days)
            if end > now and (until is None or end > until):
                until = end
    return until


def where_text(item, room_name: str) -> str:
    """The room or booth and the time of a booking or a slot (anything with ``starts_at``
    and ``ends_at``), for an audit line: no personal data."""
    st, en = item.starts_at.astimezone(SEOUL), item.ends_at.astimezone(SEOUL)
    return f"{room_name} {st:%m/%d %H:%M}–{en:%H:%M}"
