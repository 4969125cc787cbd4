"""Booking states and cancel codes, shared by room and booth bookings."""

from __future__ import annotations

from models.core.enums import LabeledEnum


class BookingStatus(LabeledEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @staticmethod
    def LABELS():
        return {"booked": "예약", "checked_in": "입실", "no_show": "노쇼", "cancelled": "취소"}

    @property
    def active(self) -> bool:
        """Active bookings hold their room: no other active booking may overlap them."""
        return self in (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


ACTIVE_BOOKING_STATUSES = ("booked", "checked_in")


class CancelCode(LabeledEnum):
    YOUTH = "youth"
    LATE = "late"
    STAFF = "staff"
    NO_SHOW = "no_show"

    @staticmethod
    def LABELS():
        return {"youth": "본인 취소", "late": "당일 늦은 취소", "staff": "직원 취소", "no_show": "노쇼"}
