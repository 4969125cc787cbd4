"""Retention: 7 daily, 4 weekly and 12 monthly copies (configurable); an old copy goes only
after a newer one was verified, and a copy that failed its verification removes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from models.core.time import SEOUL
from models.lifecycle.backup import BackupEntry, State
from models.lifecycle.retention import Retention, kept, removable


def _entry(day: date, state: State = State.VERIFIED, at: time = time(9, 0)) -> BackupEntry:
    moment = datetime.combine(day, at, SEOUL).astimezone(UTC)
    return BackupEntry(Path(f"/b/yjd-{day:%Y%m%d}-{at:%H%M%S}.db"), moment, 4096, state)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _kept_days(entries, retention) -> list[date]:
    paths = kept(entries, retention)
    return sorted(e.taken_at.astimezone(SEOUL).date() for e in entries if e.path in paths)


def test_a_copy_a_day_for_fourteen_months_keeps_seven_days_four_weeks_and_twelve_months():
    entries = [_entry(d) for d in _days(date(2025, 10, 1), date(2026, 11, 27))]  # ends on a Friday
    assert _kept_days(entries, Retention()) == [
        # the newest of each of the last 12 months (November is the 27th, kept daily)
        date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
        date(2026, 5, 31), date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31), date(2026, 9, 30),
        date(2026, 10, 31),
        # the newest of each of the last 4 ISO weeks (Sundays; this week's is the 27th)
        date(2026, 11, 8), date(2026, 11, 15),
        # the last 7 days, of which the 22nd is also the newest of its week
        date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25),
        date(2026, 11, 26), date(2026, 11, 27),
    ]


def test_the_counts_are_configurable_and_only_verified_copies_count():
    days = _days(date(2026, 11, 1), date(2026, 11, 27))
    entries = [_entry(d, State.CORRUPT if d.day in (26, 27) else State.VERIFIED) for d in days]
    assert _kept_days(entries, Retention(daily=2, weekly=1, monthly=1)) == [date(2026, 11, 24), date(2026, 11, 25)]
    # nothing configured: the newest verified copy stays all the same
    assert _kept_days(entries, Retention(0, 0, 0)) == [date(2026, 11, 25)]
    with pytest.raises(ValueError):
        Retention(daily=-1)


def test_several_copies_a_day_keep_the_days_newest():
    entries = [_entry(date(2026, 11, 27), at=time(h, 0)) for h in (8, 12, 18)]
    assert [e.name for e in entries if e.path in kept(entries, Retention())] == ["yjd-20261127-180000.db"]


def test_the_keep_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("YJD_BACKUP_KEEP", "3,2,6")
    assert Retention.from_env() == Retention(3, 2, 6)
    monkeypatch.setenv("YJD_BACKUP_KEEP", "a lot")
    assert Retention.from_env() == Retention(7, 4, 12)


def test_removal_offers_only_copies_older_than_the_one_just_verified():
    now = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    old = [_entry(d) for d in _days(date(2026, 11, 1), date(2026, 11, 26))]
    newer_bad = _entry(date(2026, 11, 27), State.CORRUPT, at=time(11, 0))
    fresh = _entry(date(2026, 11, 27), at=time(10, 0))
    recent_unverified = BackupEntry(Path("/b/yjd-20261127-093000.db"), now - timedelta(minutes=30), 1,
                                    State.UNVERIFIED)
    entries = [*old, recent_unverified, fresh, newer_bad]
    gone = removable(entries, Retention(daily=3, weekly=0, monthly=0), fresh, now)
    # the 25th and 26th stay (with today's, three days), the bad copy newer than it stays
    # reported, and a copy another desk may still be verifying stays
    assert sorted(e.taken_at.astimezone(SEOUL).date().day for e in gone) == list(range(1, 25))
    assert newer_bad not in gone and recent_unverified not in gone
    # a copy that did not verify removes nothing
    assert removable(entries, Retention(1, 0, 0), newer_bad, now) == []


@pytest.mark.usefixtures("world")
def test_the_service_removes_old_copies_only_after_a_verified_one(db, services, backups, make_fake_copy,
                                                                   rot_copies):
    if not db.is_sqlite:
        pytest.skip("the SQLite file's backups")
    from models.core.permissions import system_actor
    backups.retention = Retention(daily=3, weekly=0, monthly=0)
    actor = system_actor("test")
    old = [make_fake_copy(backups.folder, "yjd", d) for d in _days(date(2026, 11, 17), date(2026, 11, 26))]
    other_db = make_fake_copy(backups.folder, "demo", date(2026, 11, 1))  # another database's copy
    rot_copies(True)
    failed = backups.backup_now(actor)
    assert not failed.ok and failed.removed == [] and all(p.exists() for p in old)

    rot_copies(False)
    done = backups.backup_now(actor)
    assert done.ok
    assert sorted(done.removed) == sorted([*old[:8], failed.entry.path])  # the bad one is older
    left = [e.name for e in backups.list_backups(actor)]
    assert left == [done.entry.name, old[9].name, old[8].name]
    assert all(not p.exists() for p in old[:8]) and other_db.exists()
    assert not any(p.name.startswith(failed.entry.name) for p in backups.folder.iterdir())  # manifest too
