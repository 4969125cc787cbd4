"""Smoke test of the benchmark runner (tests/benchmarks/run.py): every measure runs on a
tiny synthetic database and the JSON has the agreed shape. Timings are never asserted."""

from __future__ import annotations

import json

from tests.benchmarks import run as runner
from tests.benchmarks.measures import all_measures

KEYS = {"name", "app_ms", "baseline", "baseline_ms", "ratio", "rows"}
STABLE = {"youth_search_name", "youth_search_phone", "audit_page", "booth_week", "booth_publish",
          "book", "day_view", "startup", "export_csv", "help"}


def test_every_measure_runs_and_the_json_has_its_shape(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert runner.main(["--quick", "--sizes", "300,600", "--samples-scale", "0.1",
                        "--json", str(out)]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(figures, list) and figures
    for f in figures:
        assert KEYS <= f.keys()
        assert isinstance(f["name"], str) and isinstance(f["baseline"], str)
        assert isinstance(f["app_ms"], float) and f["app_ms"] > 0
        assert f["baseline_ms"] is None or isinstance(f["baseline_ms"], float)
        assert f["ratio"] is None or isinstance(f["ratio"], float)
        assert f["rows"] is None or isinstance(f["rows"], int)
        assert f["verdict"] in ("PASS", "FAIL", "-")
    names = [f["name"] for f in figures]
    assert STABLE <= set(names)
    assert set(names) == {m.name for m in all_measures()}
    # the series measures ran at both stages, with their rows
    youth = [f["rows"] for f in figures if f["name"] == "youth_search_name"]
    assert youth == [300, 600]
    printed = capsys.readouterr().out
    assert "growth (app median per stage):" in printed and "verdict" in printed
