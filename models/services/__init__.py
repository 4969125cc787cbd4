"""The service layer: every use case the GUI and the CLI offer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from argon2 import PasswordHasher

import models.audit  # noqa: F401  (registers the audit listener)
from models.db import Database
from models.services.accounts import AccountService
from models.services.audit_log import AuditFilter, AuditService
from models.services.booking_rules import BookingRuleService
from models.services.booking_series import SeriesService
from models.services.bookings import BookingService
from models.services.booth_slots import BoothSlotService
from models.services.booths import BoothService
from models.services.facilities import FacilityService
from models.services.waitlist import WaitlistService
from models.services.youth import YouthService
from models.tables.base import utcnow

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
        self.booking_rules = BookingRuleService(db, clock)
        self.bookings = BookingService(db, clock)
        self.series = SeriesService(db, clock, self.bookings)
        self.waitlist = WaitlistService(db, clock, self.bookings)
        self.booth_slots = BoothSlotService(db, clock)
        self.booths = BoothService(db, clock)
