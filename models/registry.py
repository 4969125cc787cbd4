"""The service layer: every use case the GUI and the CLI offer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from argon2 import PasswordHasher

import models.core.audit  # noqa: F401  (registers the audit listener)
from models.accounts.service import AccountService
from models.audit_log.service import AuditFilter, AuditService
from models.booths import slots as booth_slots
from models.booths.service import BoothService
from models.booths.slots import BoothSlotService
from models.core.db import Database
from models.core.time import utcnow
from models.desk.rules import BookingRuleService
from models.facilities.service import FacilityService
from models.rooms import rules as rooms_rules
from models.rooms.series import RoomSeriesService
from models.rooms.service import RoomBookingService
from models.rooms.waitlist import RoomWaitlistService
from models.youth.service import YouthService

__all__ = ["AuditFilter", "Services"]


class Services:
    """One object per database, handed to the GUI and the CLI."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow,
                 hasher: PasswordHasher | None = None):
        self.db = db
        self.clock = clock
        self.accounts = AccountService(db, clock, hasher)
        self.facilities = FacilityService(db, clock)
        self.youth = YouthService(db, clock)
        self.audit = AuditService(db, clock)
        self.booking_rules = BookingRuleService(
            db, clock, day_counters=[rooms_rules.active_on, booth_slots.active_on])
        self.rooms = RoomBookingService(db, clock)
        self.room_series = RoomSeriesService(db, clock, self.rooms)
        self.room_waitlist = RoomWaitlistService(db, clock, self.rooms)
        self.booth_slots = BoothSlotService(db, clock)
        self.booths = BoothService(db, clock)
