"""The application context: services, the worker lanes, the actor, the facility, and the
change topics.

``AppContext`` carries the services, the worker (``load`` for reads on the read pool,
``run`` for writes on the one-thread write lane), the logged-in actor and the current
facility, and one app-wide ``changed`` signal: after a write, ``notify(Topic.X, ...)`` says
what changed, once, and each page whose ``listens_to`` meets it reloads itself. Topics are
an enum, so a misspelt one fails where it is written instead of silently skipping a refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum

from PySide6.QtCore import QObject, QSettings, Signal

from gui.common.worker import Worker
from models.core.permissions import Actor
from models.facilities.schemas import FacilityRow
from models.registry import Services

ORG, APP = "SeoulYouthJobs", "youth-jobs-desk"


def settings() -> QSettings:
    return QSettings(ORG, APP)


class Topic(Enum):
    """What a write changed; pages name the topics they show in ``listens_to``."""

    FACILITY = "facility"  # facilities and their details (the toolbar list too)
    ROOM = "room"  # rooms and booths of a facility
    USER = "user"  # staff accounts and role grants
    YOUTH = "youth"  # the youth registry
    BOOKING = "booking"  # room bookings, series, the waitlist, booking rules, closure days
    BOOTH = "booth"  # booth slots, templates, booth bookings, results, consultations
    COUNSELING = "counseling"  # sessions, follow-ups, caseloads, groups, plans
    COMPANIES = "companies"  # companies, contacts, openings, referrals, matching days
    COURSES = "courses"  # courses, applications, selection, attendance, completion


class Changes(frozenset):
    """The topics one write changed, and the widget that made it (``origin``), which may
    already show the change it made and need not read it again."""

    origin: object = None

    def __new__(cls, topics, origin=None):
        self = super().__new__(cls, topics)
        self.origin = origin
        return self


class AppContext(QObject):
    changed = Signal(object)  # frozenset[Topic]
    facilities_reloaded = Signal()  # the toolbar's facility list was read again
    facility_changed = Signal()
    actor_changed = Signal()

    def __init__(self, services: Services, worker: Worker | None = None, parent=None):
        super().__init__(parent)
        self.services = services
        self.worker = worker or Worker(self)
        self.actor: Actor | None = None
        self.facilities: list[FacilityRow] = []
        self.facility: FacilityRow | None = None

    @property
    def facility_id(self) -> int | None:
        return self.facility.id if self.facility else None

    @property
    def db_label(self) -> str:
        return self.services.db.describe()

    def set_actor(self, actor: Actor | None, facility_code: str | None = None,
                  facilities: list[FacilityRow] | None = None, preferred: str | None = None) -> None:
        """Log ``actor`` in. The login passes the facilities it read on the worker; without
        them (tests, screenshots) they are read here. The facility is ``facility_code``,
        else the one this user chose last (remembered per user), else ``preferred`` (the
        login's ``first_choice``: one with rooms), else the first."""
        self.actor = actor
        if facilities is None:
            facilities = self.services.facilities.list_for(actor) if actor else []
        self.facilities = list(facilities)
        remembered = facility_code or settings().value(f"facility/{actor.username}" if actor else "", "")
        codes = {f.code: f for f in self.facilities}
        self.facility = codes.get(remembered) or codes.get(preferred) or (
            self.facilities[0] if self.facilities else None)
        self.actor_changed.emit()
        self.facility_changed.emit()

    def reload_facilities(self) -> None:
        """Read the actor's facilities again (on the read pool) and keep the current one
        when it is still there; ``facilities_reloaded`` follows, and ``facility_changed``
        when the current one is gone."""
        actor = self.actor
        if actor is None:
            return

        def done(rows: list[FacilityRow]) -> None:
            if self.actor is not actor:  # logged out or switched meanwhile
                return
            current = self.facility_id
            self.facilities = rows
            found = next((f for f in rows if f.id == current), None) or (rows[0] if rows else None)
            switched = (found.id if found else None) != current
            self.facility = found
            self.facilities_reloaded.emit()
            if switched:
                self.facility_changed.emit()

        self.load(lambda: self.services.facilities.list_for(actor), done)

    def set_facility(self, facility_id: int | None) -> None:
        found = next((f for f in self.facilities if f.id == facility_id), None)
        if found is None or found == self.facility:
            return
        self.facility = found
        if self.actor:
            settings().setValue(f"facility/{self.actor.username}", found.code)
        self.facility_changed.emit()

    def run(self, fn: Callable[[], object], on_done=None, on_error=None) -> None:
        """A write on the write lane (in order)."""
        self.worker.run(fn, on_done, on_error)

    def load(self, fn: Callable[[], object], on_done=None, on_error=None) -> None:
        """A read on the read pool; the result comes back on the GUI thread."""
        self.worker.load(fn, on_done, on_error)

    def notify(self, *topics: Topic | Iterable[Topic], origin=None) -> None:
        """Say once what a write changed. ``origin`` is the page that made the change and
        shows it already (it is not reloaded). Facility and staff changes also reload the
        toolbar's facility list (on the read pool)."""
        flat: set[Topic] = set()
        for t in topics:
            flat.update([t] if isinstance(t, Topic) else t)
        if not flat or not all(isinstance(t, Topic) for t in flat):
            raise TypeError(f"notify() takes Topic members, not {topics!r}")
        changes = Changes(flat, origin)
        self.changed.emit(changes)
        if changes & {Topic.FACILITY, Topic.USER}:
            self.reload_facilities()
