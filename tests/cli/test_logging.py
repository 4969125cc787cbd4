"""The log file: one handler per file however often ``main`` runs in one process; its
timestamps in local time with the UTC offset."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

import pytest

from cli.common import setup_logging


def test_setting_up_logging_twice_adds_one_handler(tmp_path, monkeypatch):
    monkeypatch.setenv("YJD_LOG_DIR", str(tmp_path))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        first, second = setup_logging(), setup_logging()
        added = [h for h in root.handlers if h not in before]
        assert first == second == tmp_path / "yjd.log"
        assert len(added) == 1
        logging.getLogger("yjd.test").warning("한 번만 기록됩니다")
        added[0].flush()
        assert (tmp_path / "yjd.log").read_text(encoding="utf-8").count("한 번만 기록됩니다") == 1
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()


def _line_logged_at(folder, created: float) -> str:
    """The log file's line for a record made at ``created`` (a POSIX time), written by the
    handler ``setup_logging`` adds."""
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        setup_logging()
        (handler,) = [h for h in root.handlers if h not in before]
        handler.handle(logging.makeLogRecord({
            "name": "yjd.test", "levelno": logging.INFO, "levelname": "INFO",
            "msg": "시각 확인", "created": created, "msecs": 123.0}))
        handler.flush()
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()
    (line,) = (folder / "yjd.log").read_text(encoding="utf-8").splitlines()
    return line


@pytest.mark.parametrize(("zone", "stamp"), [
    ("Asia/Seoul", "2026-12-01 22:15:45.123+0900"),
    ("America/New_York", "2026-12-01 08:15:45.123-0500"),
    ("UTC", "2026-12-01 13:15:45.123+0000"),
])
def test_log_timestamps_are_local_time_with_the_offset(tmp_path, zone, stamp):
    created = datetime(2026, 12, 1, 13, 15, 45, 123000, tzinfo=UTC).timestamp()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("YJD_LOG_DIR", str(tmp_path))
            mp.setenv("TZ", zone)
            time.tzset()
            line = _line_logged_at(tmp_path, created)
    finally:
        time.tzset()  # back to the zone of the environment as it was
    assert line == f"{stamp} INFO yjd.test: 시각 확인"
