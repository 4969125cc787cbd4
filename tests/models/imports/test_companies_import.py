"""Importing companies through the companies service, on both backends: the service's own
validation, duplicates by 사업자등록번호 at the facility, merge through update_company, all
in one transaction."""

from __future__ import annotations

import pytest

from models.companies import bizno
from models.core.errors import Conflict, PermissionDenied, ValidationError
from models.imports import engine, mapping, reading
from models.imports.errors import RowsRejected
from models.imports.targets import target
from tests.factories.companies import company_data
from tests.models.util import audit_rows, count

COMPANIES = target("companies")
HEADERS = ["회사명", "사업자번호", "대표자명", "업종", "규모", "강소기업", "인증연도", "소재지", "자치구", "비고"]


def _row(n: int, **over) -> list[str]:
    row = {"회사명": f"가져온기업 {n}", "사업자번호": bizno.formatted(bizno.make(f"{200000000 + n:09d}")),
           "대표자명": "박대표", "업종": "정보통신업", "규모": "스타트업", "강소기업": "예", "인증연도": "2024",
           "소재지": "서울시 마포구 월드컵로 1", "자치구": "마포구", "비고": ""}
    row.update(over)
    return [row[h] for h in HEADERS]


def _preview(services, actor, fid, rows, encoding="cp949"):
    data = ("\r\n".join(",".join(r) for r in [HEADERS, *rows]) + "\r\n").encode(encoding)
    table = reading.read_bytes(data, "companies.csv")
    return engine.preview(services, actor, fid, COMPANIES, table, mapping.auto_map(table.headers, COMPANIES.fields))


def test_companies_are_registered_through_the_service_with_labels_read_as_codes(services, world):
    pv = _preview(services, world.counselor, world.a, [_row(1), _row(2, 업종="J. 정보통신업", 규모="중소기업",
                                                                  강소기업="아니오", 인증연도="")])
    assert not pv.errors
    report = engine.commit(services, world.counselor, pv)
    assert (report.new, report.written) == (2, True)
    rows = {c.name: c for c in services.companies.companies(world.counselor, world.a)}
    one, two = rows["가져온기업 1"], rows["가져온기업 2"]
    assert (one.industry.value, one.size.value, one.certified, one.certified_year) == ("J", "startup", True, 2024)
    assert (two.size.value, two.certified, two.certified_year) == ("sme", False, None)
    assert one.owner_id == world.counselor.user_id  # as create_company decides it
    assert len(audit_rows(services.db, entity="company", action="insert")) == 2
    assert len(audit_rows(services.db, entity="import:companies")) == 1


def test_bad_rows_get_the_services_own_messages_and_nothing_is_written(services, world):
    pv = _preview(services, world.counselor, world.a, [
        _row(1), _row(2, 사업자번호="124-81-00997"), _row(3, 규모="거대기업", 자치구="해운대구"),
        _row(4, 강소기업="아니오")])
    assert pv.error_lines() == [
        (3, "사업자등록번호", bizno.INVALID),
        (4, "기업 규모", "대기업, 중견기업, 중소기업, 스타트업 중 하나로 적으세요."),
        (4, "자치구", "서울시 자치구를 목록에서 선택하세요."),
        (5, "인증 연도", "인증 연도는 서울형 강소기업으로 인증된 기업에만 입력합니다."),
    ]
    with pytest.raises(RowsRejected):
        engine.commit(services, world.counselor, pv)
    assert count(services.db, "company") == 0


def test_a_registered_biz_no_is_a_duplicate_and_merge_updates_it_with_its_version(services, world):
    cs = services.companies
    number = bizno.make("200000001")
    existing = cs.create_company(world.counselor, world.a, company_data(biz_no=number, representative="김대표"))
    pv = _preview(services, world.counselor, world.a, [_row(1, 대표자명="새대표", 비고=""), _row(2)])
    (dup,) = pv.duplicates
    assert dup.matches[0].id == existing and dup.matches[0].why == "사업자등록번호 같음"
    report = engine.commit(services, world.counselor, pv, {dup.index: engine.Action.MERGE, 1: engine.Action.NEW})
    assert (report.new, report.merged) == (1, 1)
    after = cs.get_company(world.counselor, existing)
    assert (after.name, after.representative, after.version) == ("가져온기업 1", "새대표", 2)
    assert after.notes == company_data()["notes"]  # an empty cell keeps what was registered
    update = audit_rows(services.db, entity="company", action="update")[-1]
    assert update.new_values["representative"] == "새대표"


def test_the_same_biz_no_twice_in_one_file_is_an_error(services, world):
    pv = _preview(services, world.counselor, world.a, [_row(1), _row(1, 회사명="다른 이름")])
    assert pv.error_lines() == [(3, "사업자등록번호", "파일의 2행과 같은 기업입니다. 한 행만 남기세요.")]


def test_a_company_changed_since_the_preview_fails_the_whole_import(services, world):
    cs = services.companies
    existing = cs.create_company(world.counselor, world.a, company_data(biz_no=bizno.make("200000001")))
    pv = _preview(services, world.counselor, world.a, [_row(2), _row(1)])
    cs.update_company(world.manager, existing, company_data(biz_no=bizno.make("200000001"), notes="바뀜"), 1)
    with pytest.raises(Conflict, match="다른 곳에서"):
        engine.commit(services, world.counselor, pv, {pv.duplicates[0].index: engine.Action.MERGE})
    assert count(services.db, "company") == 1  # the new one of row 2 is not kept


def test_companies_need_a_matching_facility_and_the_edit_permission(services, world):
    with pytest.raises(ValidationError, match="시설을 고르세요"):
        _preview(services, world.admin, None, [_row(1)])
    with pytest.raises(PermissionDenied):
        _preview(services, world.front_desk, world.a, [_row(1)])
