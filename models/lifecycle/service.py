"""The backup use cases the GUI and the command line call.

Backups and restores are the city administrator's (``admin``; the command line acts as
``cli:<os user>``, an administrator). The daily backup is the app's own job, whoever is
logged in at the desk: it runs as the actor ``system:backup``.

Every copy made is recorded in the audit log of the database it copies (출력, entity
``database``: a copy holds every personal record), verified or not; a copy that could not
be made records nothing, and a copy whose record could not be written is removed again. A restore is recorded in the restored database (변경, entity
``database``) once it is open, naming the copy and the file kept aside.

On PostgreSQL the backups belong to the server (``SERVER_MANAGED``): the copies, the list
and restore are refused with that message; ``dump_server`` runs ``pg_dump -Fc`` for the
command line.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from models.core import audit_chain
from models.core.audit import record
from models.core.db import Database
from models.core.enums import AuditAction
from models.core.errors import PermissionDenied
from models.core.migrate import upgrade
from models.core.permissions import Actor, acting_as
from models.core.service import Service
from models.core.time import SEOUL, utcnow
from models.lifecycle.backup import (
    STEP_PAGES,
    STEP_SLEEP_S,
    BackupEntry,
    BackupError,
    default_folder,
    list_copies,
    make_copy,
    new_copy_path,
    remove_copy,
)
from models.lifecycle.pgdump import pg_dump
from models.lifecycle.restore import PROBE_TIMEOUT_S, RestoreResult, restore_file
from models.lifecycle.retention import Retention, removable

AUTO_ACTOR = Actor(None, "system:backup", "자동 백업")
ADMIN_ONLY = "백업과 복원은 시 담당자(관리자)만 할 수 있습니다."
SERVER_MANAGED = ("PostgreSQL 데이터베이스의 백업은 서버가 맡습니다(서버 관리자의 pg_dump, 기본 백업과 WAL 보관). "
                  "이 프로그램은 서버 데이터베이스를 백업하거나 복원하지 않습니다. 명령줄의 'main.py backup'은 "
                  "pg_dump가 설치되어 있으면 pg_dump -Fc 파일을 만듭니다.")


def require_admin(actor: Actor | None) -> Actor:
    if actor is None or not actor.is_admin:
        raise PermissionDenied(ADMIN_ONLY)
    return actor


@dataclass(frozen=True)
class BackupResult:
    entry: BackupEntry
    removed: list[Path] = field(default_factory=list)  # old copies the retention removed

    @property
    def ok(self) -> bool:
        return self.entry.good


@dataclass(frozen=True)
class BackupStatus:
    """What the 시스템 관리 page shows."""

    server_managed: bool
    folder: Path | None
    retention: Retention
    entries: list[BackupEntry]
    due: bool
    database: str  # the status bar's label of the database


def seoul_text(moment: datetime) -> str:
    """``2026-12-01(화) 09:00`` in Seoul time."""
    local = moment.astimezone(SEOUL)
    return f"{local:%Y-%m-%d}({'월화수목금토일'[local.weekday()]}) {local:%H:%M}"


class BackupService(Service):
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow, *, folder: Path | None = None,
                 retention: Retention | None = None, step_pages: int = STEP_PAGES,
                 sleep_s: float = STEP_SLEEP_S):
        super().__init__(db, clock)
        self.folder = Path(folder) if folder is not None else default_folder()
        self.retention = retention or Retention.from_env()
        self._step_pages, self._sleep_s = step_pages, sleep_s

    @classmethod
    def of(cls, services, **kw) -> BackupService:
        """The service on the database and clock of a ``models.registry.Services``."""
        return cls(services.db, services.clock, **kw)

    @property
    def server_managed(self) -> bool:
        return not self.db.is_sqlite

    def _path(self) -> Path:
        if self.server_managed:
            raise BackupError(SERVER_MANAGED)
        path = self.db.sqlite_path
        if path is None:
            raise BackupError("메모리 데이터베이스는 백업할 수 없습니다.")
        return path

    def _copies(self) -> list[BackupEntry]:
        return list_copies(self.folder, self._path().stem)

    def _live(self, actor: Actor) -> None:
        """The permission, and the account as it is now (one read: ``check_live``)."""
        require_admin(actor)
        if actor.user_id is not None:
            self.db.read(lambda s: None)

    # -- reading ----------------------------------------------------------------------
    def status(self, actor: Actor) -> BackupStatus:
        require_admin(actor)
        if self.server_managed:
            return BackupStatus(True, None, self.retention, [], False, self.db.describe())
        entries = self._copies()
        return BackupStatus(False, self.folder, self.retention, entries, self._due(entries),
                            self.db.describe())

    def list_backups(self, actor: Actor) -> list[BackupEntry]:
        """This database's copies in the backup folder, newest first."""
        require_admin(actor)
        return self._copies()

    def is_due(self) -> bool:
        """No verified copy taken today (Seoul); never on PostgreSQL."""
        return not self.server_managed and self.db.sqlite_path is not None and self._due(self._copies())

    def _due(self, entries: list[BackupEntry]) -> bool:
        today = self.today()
        return not any(e.good and e.taken_at.astimezone(SEOUL).date() == today for e in entries)

    def writes_since(self, actor: Actor, entry: BackupEntry) -> int | None:
        """How many audit rows the database gained since ``entry`` was taken: the changes,
        reads and outputs a restore of it loses (None when the copy does not say)."""
        require_admin(actor)
        if entry.audit_seq is None:
            return None
        seq = self.db.read(lambda s: audit_chain.head(s.connection()).seq)
        return max(0, seq - entry.audit_seq)

    # -- copies -------------------------------------------------------------------------
    def backup_now(self, actor: Actor, target: Path | None = None) -> BackupResult:
        """A copy now: into the backup folder (then the retention runs, if it verified), or
        to ``target`` (no retention there)."""
        self._live(actor)
        return self._take(actor, Path(target) if target is not None else None)

    def backup_if_due(self) -> BackupResult | None:
        """The daily copy, when none was verified today (see ``is_due``)."""
        if not self.is_due():
            return None
        return self._take(AUTO_ACTOR, None)

    def _take(self, actor: Actor, target: Path | None) -> BackupResult:
        source, now = self._path(), self.clock()
        into_folder = target is None
        path = new_copy_path(self.folder, source.stem, now) if into_folder else target
        entry = make_copy(source, path, now, busy_ms=self.db.busy_timeout_ms,
                          step_pages=self._step_pages, sleep_s=self._sleep_s)
        verdict = "검증됨" if entry.good else "검증 실패"
        detail = f"데이터베이스 백업 {entry.name} ({verdict}, 표 {entry.tables}개, {entry.rows:,}행)"

        def audit(s) -> None:
            record(s, AuditAction.OUTPUT, "database", entry.name[:50], detail=detail[:200])

        try:
            self.db.write(audit, actor=actor)
        except BaseException:
            remove_copy(entry.path)  # no copy of the personal data without its audit row
            raise
        removed: list[Path] = []
        if into_folder and entry.good:
            for old in removable(self._copies(), self.retention, entry, now):
                remove_copy(old.path)
                removed.append(old.path)
        return BackupResult(entry, removed)

    def dump_server(self, actor: Actor, target: Path | None = None) -> Path:
        """PostgreSQL: ``pg_dump -Fc`` to ``target`` (default: the backup folder)."""
        self._live(actor)
        if not self.server_managed:
            raise BackupError("SQLite 데이터베이스는 pg_dump가 아니라 온라인 백업으로 복사합니다.")
        if target is None:
            name = self.db.url.database or "yjd"
            target = self.folder / f"{name}-{self.clock().astimezone(SEOUL):%Y%m%d-%H%M%S}.dump"
        done = pg_dump(self.db.url, Path(target))

        def audit(s) -> None:
            record(s, AuditAction.OUTPUT, "database", done.name[:50],
                   detail=f"데이터베이스 백업 (pg_dump -Fc) {done.name}"[:200])

        self.db.write(audit, actor=actor)
        return done


def restore_database(db: Database, backup: Path, actor: Actor, *, clock: Callable[[], datetime] = utcnow,
                     timeout_s: float = PROBE_TIMEOUT_S) -> tuple[RestoreResult, Database]:
    """Put the copy ``backup`` in place of ``db``'s SQLite file and open it again, upgraded
    to this app's schema; the restore is recorded in it. ``db`` is disposed first (this
    process lets go of the file); on a refusal it stays usable and nothing changed.
    The destructions the copy predates are applied again (``models.lifecycle.privacy
    .reapply``: the ids kept beside the database file, a 파기 대장 row 복원 후 재적용).
    Returns the result and the restored file's ``Database``."""
    require_admin(actor)
    if not db.is_sqlite:
        raise BackupError(SERVER_MANAGED)
    path = db.sqlite_path
    if path is None:
        raise BackupError("메모리 데이터베이스는 복원할 수 없습니다.")
    if actor.user_id is not None and path.exists():
        with acting_as(actor):
            db.read(lambda s: None)  # the account as it is now
    def let_go() -> None:
        db.dispose()
        gc.collect()  # a connection returned to the pool the dispose replaced is closed

    db.dispose()
    result = restore_file(path, Path(backup), clock(), timeout_s=timeout_s, let_go=let_go)
    fresh = Database(db.url, busy_timeout_ms=db.busy_timeout_ms)
    upgrade(fresh)
    record_restore(fresh, actor, result)
    # a restore never brings a destroyed record back: the ids beside the file are destroyed again
    from models.lifecycle.privacy import reapply
    reapply(fresh, actor, result.backup.name, clock)
    return result, fresh


def record_restore(db: Database, actor: Actor, result: RestoreResult) -> None:
    """The restore in the restored database's audit log. The restored file may not know
    the account (made after the copy), or hold another under its id: the row then keeps
    the name without the id."""
    when = seoul_text(result.taken_at) if result.taken_at else "시각 미상"
    aside = result.kept_aside.name if result.kept_aside else "없음"
    detail = f"데이터베이스 복원: {when} 백업 {result.backup.name}, 이전 파일 보관: {aside}"

    def work(s) -> None:
        uid = actor.user_id
        if uid is not None and s.execute(sa.text("SELECT username FROM user_account WHERE id = :i"),
                                         {"i": uid}).scalar() != actor.username:
            uid = None  # not there, or another account under that id in the older file
        who = Actor(uid, actor.username, actor.display_name)
        record(s, AuditAction.UPDATE, "database", result.backup.name[:50], detail=detail[:200], actor=who)

    db.write(work)
