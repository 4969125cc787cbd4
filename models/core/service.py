"""What every service shares: the database and the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from models.core.db import Database
from models.core.time import SEOUL, utcnow


class Service:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.clock = clock

    def today(self) -> date:
        """Today's date in Asia/Seoul."""
        return self.clock().astimezone(SEOUL).date()
