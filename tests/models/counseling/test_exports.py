"""The month's counseling counts as an export (``month_table`` through
``models.outputs.counseling.export_counseling_counts``): by day (a real date cell in the
.xlsx), counselor (by username), type, mode, topic and group kind, the totals the sum of
their parts; recorded once as an output; no youth name and no text in the file; the front
desk is refused and nothing is written. Both backends."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from models.core.errors import PermissionDenied
from models.outputs.counseling import export_counseling_counts
from models.youth.tables import Youth
from tests.factories.counseling import NOTE, SUMMARY, consent, log
from tests.factories.rooms import TODAY, at
from tests.models.util import audit_rows


def busy_month(services, world, cw, clock):
    """Four live sessions in November (one voided on top), one in October, one group."""
    consent(services, world, cw.y2)
    log(services, world.counselor, world, cw.y1, mode="in_person", topics=["career", "job_skills"])
    log(services, world.counselor, world, cw.y2, topics=["mental_health"])
    log(services, cw.counselor2, world, cw.y3, kind="resume", held_at=at(TODAY - timedelta(days=1), "15:00"))
    log(services, cw.counselor2, world, cw.y1, kind="resume", held_at=at(TODAY - timedelta(days=1), "16:00"))
    voided = log(services, world.counselor, world, cw.y3)
    services.counseling.void_session(world.counselor, voided, "오기", 1)
    log(services, world.counselor, world, cw.y3, held_at=at(date(2026, 10, 30), "10:00"))
    services.counseling.log_group(world.counselor, world.a, {"kind": "lecture", "title": "취업특강", "headcount": 10,
                                                             "attendee_ids": [cw.y1, cw.y2]})


def youth_names(db) -> list[str]:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(Youth.__table__.select().with_only_columns(Youth.__table__.c.name))]


def rows_of(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_the_csv_counts_by_day_counselor_type_mode_and_topic(services, world, cw, clock, tmp_path):
    busy_month(services, world, cw, clock)
    out = tmp_path / "상담.csv"
    done = export_counseling_counts(services, world.manager, world.a, 2026, 11, out)
    assert done.rows == 4
    rows = rows_of(out)
    assert rows[0] == ["구분", "항목", "날짜", "건수", "참여 인원"]
    got = {(r[0], r[1] or r[2]): (r[3], r[4]) for r in rows[1:]}
    assert got[("합계", "1:1 상담")] == ("4", "") and got[("합계", "대면")] == ("1", "")
    assert got[("합계", "비대면")] == ("3", "") and got[("합계", "집단 프로그램")] == ("1", "12")
    assert got[("일별", "2026-11-26")] == ("2", "") and got[("일별", "2026-11-27")] == ("2", "")
    assert got[("상담사별", "counselor")] == ("2", "") and got[("상담사별", "counselor2")] == ("2", "")
    assert got[("유형별", "이력서·자기소개서")] == ("2", "") and got[("유형별", "심화상담")] == ("2", "")
    assert got[("방식별", "대면")] == ("1", "") and got[("방식별", "비대면(전화)")] == ("3", "")
    assert got[("주제별", "마음건강")] == ("1", "") and got[("주제별", "진로·직무탐색")] == ("3", "")
    assert got[("집단 프로그램", "취업특강")] == ("1", "12")
    assert sum(int(r[3]) for r in rows[1:] if r[0] == "일별") == 4  # a total is the sum of its parts
    text = out.read_text(encoding="utf-8-sig")
    for secret in [*youth_names(services.db), NOTE, SUMMARY, "counselor2 직원", "오기"]:
        assert secret not in text, secret
    assert "상담사" not in {c for r in rows for c in r}  # the counselor's display name is no cell
    [row] = audit_rows(services.db, action="output")
    assert row.username == "manager" and row.detail == "상담 통계 내보내기 2026-11 (상담 4건, 집단 1건)"


def test_the_xlsx_has_real_date_cells(services, world, cw, clock, tmp_path):
    busy_month(services, world, cw, clock)
    out = tmp_path / "상담.xlsx"
    export_counseling_counts(services, world.counselor, world.a, 2026, 11, out)
    ws = load_workbook(out).active
    assert ws["A1"].value.startswith("가 일자리카페 상담 통계 2026-11")
    days = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "일별"]
    assert [r[2].date() for r in days] == [date(2026, 11, 26), date(2026, 11, 27)]
    day_cell = next(c for c in ws["C"] if c.value is not None and c.row > 2)
    assert day_cell.number_format == "yyyy-mm-dd"


def test_the_front_desk_may_not_export_and_nothing_is_written(services, world, cw, clock, tmp_path):
    busy_month(services, world, cw, clock)
    out = tmp_path / "상담.csv"
    with pytest.raises(PermissionDenied):
        export_counseling_counts(services, world.front_desk, world.a, 2026, 11, out)
    assert not out.exists() and not audit_rows(services.db, action="output")
    export_counseling_counts(services, world.admin, world.a, 2026, 11, out)  # counts: the city admin may
    assert rows_of(out)[1] == ["합계", "1:1 상담", "", "4", ""]
