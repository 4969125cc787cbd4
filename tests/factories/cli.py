"""Builders of the command-line tests: run ``cli.main.main`` in-process and look into the
SQLite file it wrote."""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import cli.main as cli_main

HANGUL = re.compile("[가-힣]")
MONTH = datetime.now(ZoneInfo("Asia/Seoul")).strftime("%Y-%m")  # the demo books around today


def cli(capsys, *args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``main(args)``."""
    capsys.readouterr()
    code = cli_main.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def make_demo(folder: Path) -> Path:
    db = folder / "demo.db"
    assert cli_main.main(["demo", "--db", str(db), "--youth", "60"]) == 0
    return db


def query(db: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


def output_count(db: Path) -> int:
    return query(db, "SELECT count(*) FROM audit_log WHERE action = 'output'")[0][0]
