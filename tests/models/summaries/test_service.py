"""The summary service: who may see and print what, yearly targets and their % of the
year, the screen's tables naming the figure behind each cell, and the audit row of a
printout (no personal data). Both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from models.core.errors import PermissionDenied, ValidationError
from models.summaries import build
from models.summaries.service import for_services
from tests.models.summaries.builders import NAMES, NOV, build_month


@pytest.fixture
def month(services, clock, world):
    return build_month(services, clock, world)


def _headline(summary):
    return summary.tables()[0]


def test_the_operations_table_rows_and_totals(services, world, month):
    s = for_services(services).facility(world.manager, world.a, *NOV)
    t = _headline(s)
    labels = [c.label for c in t.columns]
    groups = [g for g, _ in t.groups]
    assert groups == ["", "구직청년 모집", "구인기업 발굴", "구직상담", "집단 프로그램", "청년-기업매칭"]
    assert labels[:5] == ["구분", "계", "현장방문", "온라인", "市 사업"]
    this, last, ytd, target, pct = t.rows
    assert this[0] == "2026년 11월" and last[0].startswith("전년동월 (2025년 11월")
    # 모집 계/현장/온라인/市, 발굴, 상담 계/대면/비대면, 집단, 매칭 계/현장/온라인/市
    assert this[1:] == (4, 2, 1, 1, 3, 4, 2, 2, 1, 1, 0, 1, 0)
    assert last[1:] == (1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0)
    assert ytd[1:6] == (5, 2, 2, 1, 3)
    assert target[1] is None and pct[1] is None  # no target yet
    assert t.note


def test_uncategorised_is_a_column_never_dropped(services, world, month):
    """A company without 발굴 경로 counts in 구인기업 발굴's total; a hire of a channel
    beyond the three (매칭데이) gets its own column so the parts still add up."""
    s = for_services(services).facility(world.manager, world.a, *NOV)
    t = _headline(s)
    assert t.rows[0][5] == 3  # 발굴: on_site, online and 미분류
    refs = t.refs[0]
    assert refs[5].figure == "companies" and refs[5].category is None
    c = for_services(services)
    assert [r.category for r in c.evidence(world.manager, refs[5])].count("unknown") == 1


def test_every_cell_lists_the_records_behind_it(services, world, month):
    svc = for_services(services)
    s = svc.facility(world.manager, world.a, *NOV)
    checked = 0
    for table in s.tables():
        for r, row in enumerate(table.refs):
            for c, ref in enumerate(row):
                if isinstance(ref, build.Ref):
                    rows = svc.evidence(world.manager, ref)
                    value = table.rows[r][c]
                    if isinstance(value, int) and not isinstance(value, bool):
                        assert sum(e.amount for e in rows) == value, (table.title, r, c)
                    elif isinstance(value, float):  # hours: minutes / 60
                        assert sum(e.amount for e in rows) == round(value * 60), (table.title, r, c)
                    checked += 1
    assert checked > 50


def test_who_may_see_and_print(services, world, month, tmp_path):
    svc = for_services(services)
    for actor in (world.counselor, world.front_desk):
        with pytest.raises(PermissionDenied):
            svc.facility(actor, world.a, *NOV)
    with pytest.raises(PermissionDenied):
        svc.facility(world.manager, world.b, *NOV)  # another facility
    with pytest.raises(PermissionDenied):
        svc.city(world.manager, *NOV)
    with pytest.raises(PermissionDenied):
        svc.print_facility(world.counselor, world.a, *NOV, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    ref = _headline(svc.facility(world.admin, world.a, *NOV)).refs[0][1]
    with pytest.raises(PermissionDenied):
        svc.evidence(world.counselor, ref)
    assert svc.city(world.admin, *NOV).scope == "city"
    assert svc.city(world.admin, *NOV, region="도심권").scope == "region"
    with pytest.raises(ValidationError):
        svc.city(world.admin, *NOV, region="북극권")
    with pytest.raises(ValidationError):
        svc.facility(world.manager, world.a, 2026, 13)


def test_yearly_targets_and_the_percent_reached(services, world, month):
    svc = for_services(services)
    with pytest.raises(PermissionDenied):
        svc.set_targets(world.counselor, world.a, 2026, {"recruit": 10})
    with pytest.raises(ValidationError) as e:
        svc.set_targets(world.manager, world.a, 2026, {"recruit": -1, "hires": "많이"})
    assert set(e.value.errors) == {"recruit", "hires"}
    assert svc.targets(world.manager, world.a, 2026).recruit is None  # nothing written
    svc.set_targets(world.manager, world.a, 2026, {"recruit": "2,000", "companies": 500, "hires": 1300})
    svc.set_targets(world.admin, world.a, 2026, {"recruit": 10, "companies": 6, "counseling": 8, "hires": 4})
    t = svc.targets(world.manager, world.a, 2026)
    assert (t.recruit, t.companies, t.counseling, t.hires) == (10, 6, 8, 4)
    rows = _headline(svc.facility(world.manager, world.a, *NOV)).rows
    assert rows[3][1] == 10 and rows[3][5] == 6 and rows[3][6] == 8 and rows[3][10] == 4
    # 누계: 5 youths of 10, 3 companies of 6, 4 sessions of 8, 1 hire of 4
    assert (rows[4][1], rows[4][5], rows[4][6], rows[4][10]) == ("50.0%", "50.0%", "50.0%", "25.0%")


def test_a_printout_is_audited_without_personal_data(services, world, month, tmp_path):
    svc = for_services(services)
    done = svc.print_facility(world.manager, world.a, *NOV, tmp_path / "a.pdf", tmp_path / "a.xlsx")
    assert done.rows >= 2 and (tmp_path / "a.pdf").stat().st_size > 10_000 and (tmp_path / "a.xlsx").exists()
    svc.print_city(world.admin, *NOV, tmp_path / "city.pdf")
    rows = services.db.read(lambda s: s.execute(text(
        "SELECT entity, entity_id, facility_id, detail, old_values, new_values, username FROM audit_log "
        "WHERE action = 'output' ORDER BY id")).all())
    assert [r[0] for r in rows] == ["monthly_summary", "monthly_summary"]
    assert rows[0][2] == world.a and rows[0][3].startswith("월간 운영 실적 출력 2026-11 시설 #")
    assert "PDF" in rows[0][3] and "근거 자료" in rows[0][3]
    assert rows[1][2] is None and "서울시 전체" in rows[1][3]
    for r in rows:
        assert r[1] is None and r[4] in (None, "null") and r[5] in (None, "null")
        assert not any(name in r[3] for name in NAMES) and "010" not in r[3]


def test_a_file_that_cannot_be_written_records_nothing(services, world, month, tmp_path):
    from models.outputs import OutputError
    svc = for_services(services)
    with pytest.raises(OutputError):
        svc.print_facility(world.manager, world.a, *NOV, tmp_path / "missing" / "a.pdf")
    with pytest.raises(OutputError):
        svc.print_facility(world.manager, world.a, *NOV, tmp_path / "a.txt")
    n = services.db.read(lambda s: s.execute(text("SELECT count(*) FROM audit_log WHERE action = 'output'")).scalar())
    assert n == 0 and not [p for p in tmp_path.iterdir() if p.suffix in (".pdf", ".txt") or p.name.startswith(".~")]
