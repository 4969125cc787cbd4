"""Fixtures of the backup tests: the backup service on the test database with a backup
folder of the test's own, and copies made up on disk for the retention."""

from __future__ import annotations

import json
import os
from datetime import datetime, time
from pathlib import Path

import pytest

from models.core.time import SEOUL
from models.lifecycle.backup import FORMAT, manifest_path
from models.lifecycle.service import BackupService


@pytest.fixture
def backups(services, tmp_path) -> BackupService:
    """The backup service on ``services``' database and clock, into ``tmp_path/backups``."""
    return BackupService.of(services, folder=tmp_path / "backups")


def fake_copy(folder: Path, stem: str, day, *, ok: bool = True, at: time = time(3, 0),
              manifest: bool = True) -> Path:
    """A made-up copy of ``stem`` taken on ``day`` (Seoul) with a manifest that says it was
    verified (``ok``), matching the file's size and time, as the list reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    moment = datetime.combine(day, at, SEOUL)
    path = folder / f"{stem}-{moment:%Y%m%d-%H%M%S}.db"
    path.write_bytes(b"x" * 4096)
    if manifest:
        stat = path.stat()
        data = {"format": FORMAT, "source": f"{stem}.db", "file": path.name, "created_at": moment.isoformat(),
                "ok": ok, "problems": [] if ok else ["무결성 검사: page 3 is never used"],
                "tables": {"t": 1}, "rows": 1, "schema": "0011", "audit_head": {"seq": 1, "hash": "0" * 64},
                "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": ""}
        manifest_path(path).write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def make_fake_copy():
    return fake_copy


def corrupt(path: Path, keep_time: bool = False) -> None:
    """Overwrite the middle of a copy with garbage (the same size); ``keep_time`` puts its
    modification time back, as a disk that rots quietly would leave it."""
    stat = path.stat()
    with path.open("r+b") as f:
        f.seek(stat.st_size // 2)
        f.write(os.urandom(8192))
        f.seek(4096)  # the second page's b-tree header too
        f.write(b"\xff" * 64)
    if keep_time:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.fixture
def corrupt_file():
    return corrupt


@pytest.fixture
def rot_copies(monkeypatch):
    """``rot_copies(True)``: every copy the backup makes from now on is damaged right after
    it is written, before its verification (a failing disk); ``rot_copies(False)`` ends it."""
    from models.lifecycle import backup as backup_module
    real_copy = backup_module.copy_database

    def copy_then_rot(source, target, **kw):
        restarts = real_copy(source, target, **kw)
        corrupt(target)
        return restarts

    def switch(on: bool) -> None:
        monkeypatch.setattr(backup_module, "copy_database", copy_then_rot if on else real_copy)

    return switch
