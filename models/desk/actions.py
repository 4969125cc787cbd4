"""What the front desk does to a booking on the day, the same for rooms and booths:
check in, confirm a no-show, cancel with a reason code. Each function changes the row in
place after checking that the action is allowed now; the caller owns the session. Also the
youth row lock every new booking takes before its per-youth rules are counted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from models.core.errors import Conflict, RuleViolation, ValidationError
from models.core.text import check_text
from models.desk.enums import BookingStatus, CancelCode
from models.youth.tables import Youth

CHECK_IN_EARLY = timedelta(minutes=30)


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


CHECK_IN_MESSAGE = "입실은 예약 시작 30분 전부터 종료 전까지 할 수 있습니다."


def check_in_open(starts: datetime, ends: datetime, now: datetime) -> bool:
    """Whether a booking from ``starts`` to ``ends`` can be checked in at ``now``."""
    return starts - CHECK_IN_EARLY <= now < ends


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
