"""``demo --scale city``: the city-scale demo from the command line, on a small scale."""

from __future__ import annotations

import pytest

from tests.factories.cli import cli, query


@pytest.fixture(autouse=True)
def _quiet(quiet_logging):
    return quiet_logging


def test_a_small_city_from_the_command_line_passes_check(capsys, tmp_path):
    db = tmp_path / "city.db"
    code, out, err = cli(capsys, "demo", "--db", db, "--scale", "city", "--youth", "400",
                         "--years", "0.1", "--seed", "3")
    assert code == 0, err
    assert "청년 400명" in out and "admin1234" in out and "city12345" in out
    bar = [line for line in err.splitlines() if line.startswith("[")]
    assert bar and "100%" in bar[-1]  # the progress bar, on stderr
    assert query(db, "SELECT count(*) FROM youth")[0][0] == 400
    assert query(db, "SELECT count(*) FROM booking")[0][0] > 0
    code, out, err = cli(capsys, "check", "--db", db)
    assert code == 0, out + err
    assert "감사 기록 체인: 정상" in out


def test_the_default_scale_is_unchanged_and_the_limits_are_checked(capsys, tmp_path):
    code, out, _ = cli(capsys, "demo", "--db", tmp_path / "small.db", "--youth", "20")
    assert code == 0 and "청년 20명" in out and "도시 규모" not in out
    code, _, err = cli(capsys, "demo", "--db", tmp_path / "a.db", "--youth", "200001")
    assert code == 2 and "200000" in err
    code, _, err = cli(capsys, "demo", "--db", tmp_path / "b.db", "--years", "3")
    assert code == 2 and "--years" in err
    code, _, err = cli(capsys, "demo", "--db", tmp_path / "c.db", "--scale", "city", "--years", "11")
    assert code == 2 and "--years" in err
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "c.db").exists()
