"""An error a command did not expect: the log gets the traceback without the row values
PostgreSQL quotes, stderr a Korean line naming the log, and the exit code is 1."""

from __future__ import annotations

import logging

import cli.main as cli_main
from cli.commands import facilities

QUOTED = ('new row for relation "youth" violates check constraint "ck_youth_phone"\n'
          "DETAIL:  Failing row contains (7, 홍길동, 1998-03-15, 010-1234-5678, hong@example.com).\n"
          "[SQL: INSERT INTO youth ...]")


def test_an_unexpected_error_is_scrubbed_in_the_log_and_never_printed(
        tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.setattr(cli_main, "setup_logging", lambda: tmp_path / "yjd.log")

    def broken(_services, _args):
        raise RuntimeError(QUOTED)

    monkeypatch.setattr(facilities, "run", broken)
    with caplog.at_level(logging.ERROR, logger="yjd.cli"):
        code = cli_main.main(["facilities", "--db", str(tmp_path / "app.db")])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("오류: 예기치 못한 오류가 발생했습니다(RuntimeError).")
    assert str(tmp_path / "yjd.log") in err
    assert "ck_youth_phone" in caplog.text and "Traceback" in caplog.text  # useful to a developer
    for secret in ("홍길동", "010-1234-5678", "hong@example.com"):
        assert secret not in err and secret not in out and secret not in caplog.text
