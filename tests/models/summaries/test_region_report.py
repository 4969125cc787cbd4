"""The city summary for one region against the whole city: the whole city opens with the
regions' totals (권역별 합계) and their chart; a one-region report leaves both out (a
table and a chart of a single row and bar say nothing its own table's total row does not)
and keeps its facilities' table with the region's total. Checked on the documents and
the printed PDF's text. Both backends."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from models.summaries.service import for_services
from reports.monthly_summary import BarsBlock
from tests.models.summaries.builders import NOV, build_month


@pytest.fixture
def month(services, clock, world):
    built = build_month(services, clock, world)
    services.facilities.create(None, {
        "kind": "job_cafe", "region": "northwest", "district": "마포구", "operator": "city",
        "opening_hours": {str(d): ["09:00", "18:00"] for d in range(5)}, "code": "CAFE-C",
        "name": "다 일자리카페"})
    return built


def _titles(summary) -> list[str]:
    return [b.title for s in summary.document.sections for b in s.blocks]


def test_one_region_has_no_region_totals_table_or_chart(services, world, month):
    svc = for_services(services)
    city = svc.city(world.admin, *NOV)
    assert city.document.sections[0].title == "서울시 전체 합계"
    assert "권역별 합계" in _titles(city) and "권역별 실적" in _titles(city)
    totals = city.tables()[0]
    assert [r[0] for r in totals.rows] == ["도심권 (2곳)", "서북권 (1곳)", "서울시 전체 (3곳)"]

    region = svc.city(world.admin, *NOV, region="도심권")
    assert "권역별 합계" not in _titles(region) and "권역별 실적" not in _titles(region)
    assert not [b for s in region.document.sections for b in s.blocks if isinstance(b, BarsBlock)]
    assert [s.title for s in region.document.sections] == ["도심권"]
    (table,) = region.tables()
    assert [r[0] for r in table.rows] == ["가 일자리카페", "나 일자리카페", "도심권 계 (2곳)"]
    # the region's total row is the city's 도심권 row, figure for figure
    assert table.rows[-1][1:] == totals.rows[0][1:]
    assert region.document.meta[0] == "도심권 · 시설 2곳"
    # the city's own 도심권 section is the same table
    assert city.tables()[1].rows == table.rows


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_the_region_pdf_prints_no_region_totals(services, world, month, tmp_path):
    svc = for_services(services)
    svc.print_city(world.admin, *NOV, tmp_path / "city.pdf")
    svc.print_city(world.admin, *NOV, tmp_path / "region.pdf", region="도심권")

    def text(name):
        return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / name), "-"],
                              capture_output=True, text=True, check=True).stdout

    city, region = text("city.pdf"), text("region.pdf")
    assert "권역별 합계" in city and "서울시 전체 (3곳)" in city
    assert "권역별 합계" not in region and "권역별 실적" not in region and "도심권 전체 (" not in region
    assert "도심권 계 (2곳)" in region and "다 일자리카페" not in region
