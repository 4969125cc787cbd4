"""The log file: one handler per file however often ``main`` runs in one process."""

from __future__ import annotations

import logging

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
