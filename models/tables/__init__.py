"""All table models; importing this package registers them on ``SQLModel.metadata``."""

from models.tables.account import RoleGrant, UserAccount
from models.tables.audit import AuditLog
from models.tables.booking import (
           Booking,
           BookingRules,
           BookingSeries,
           FacilityClosure,
           WaitlistEntry,
)
from models.tables.booth import BoothBooking, BoothRules, BoothSlot, BoothTemplate, ConsultRequest
from models.tables.facility import Facility, Room
from models.tables.youth import Youth

__all__ = ["AuditLog", "BoothBooking", "BoothRules", "BoothSlot", "BoothTemplate", "ConsultRequest",
           "Booking", "BookingRules", "BookingSeries", "Facility", "FacilityClosure",
           "Room", "RoleGrant", "UserAccount", "WaitlistEntry", "Youth"]
