"""Application context and start-up of the GUI.

``AppContext`` carries the services, the worker, the logged-in actor and the current
facility, and one app-wide ``changed`` signal: after a change a page emits what changed
("facility", "room", "user", "youth", ...) and every page refreshes itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Signal

from gui.common.worker import Worker
from models.core.permissions import Actor
from models.facilities.schemas import FacilityRow
from models.registry import Services

ORG, APP = "SeoulYouthJobs", "youth-jobs-desk"


def settings() -> QSettings:
    return QSettings(ORG, APP)


class AppContext(QObject):
    changed = Signal(str)
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

    def set_actor(self, actor: Actor | None, facility_code: str | None = None) -> None:
        self.actor = actor
        self.facilities = self.services.facilities.list_for(actor) if actor else []
        remembered = facility_code or settings().value(f"facility/{actor.username}" if actor else "", "")
        self.facility = next((f for f in self.facilities if f.code == remembered), None) or (
            self.facilities[0] if self.facilities else None)
        self.actor_changed.emit()
        self.facility_changed.emit()

    def reload_facilities(self) -> None:
        if self.actor is None:
            return
        current = self.facility_id
        self.facilities = self.services.facilities.list_for(self.actor)
        self.facility = next((f for f in self.facilities if f.id == current), None) or (
            self.facilities[0] if self.facilities else None)

    def set_facility(self, facility_id: int | None) -> None:
        found = next((f for f in self.facilities if f.id == facility_id), None)
        if found is None or found == self.facility:
            return
        self.facility = found
        if self.actor:
            settings().setValue(f"facility/{self.actor.username}", found.code)
        self.facility_changed.emit()

    def run(self, fn: Callable[[], object], on_done=None, on_error=None) -> None:
        self.worker.run(fn, on_done, on_error)

    def notify(self, what: str) -> None:
        if what in ("facility", "user"):
            self.reload_facilities()
        self.changed.emit(what)
