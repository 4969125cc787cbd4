"""The company registry: the 사업자등록번호 check digit, duplicates refused with the existing
record offered, field checks; contact persons masked in lists, shown in full only by an
audit read, and never stored in the audit log or put in an exception; campuses have no
companies. On both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models.companies import bizno
from models.companies.service import DuplicateCompany
from models.core.errors import NotFound, PermissionDenied, ValidationError
from tests.factories.companies import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    INVALID,
    VALID,
    company_data,
    contact_data,
)
from tests.models.util import audit_dump, audit_rows, count


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_pass_the_check_digit(number):
    assert bizno.is_valid(number)
    assert len(bizno.normalise(number)) == 10


@pytest.mark.parametrize("number", INVALID)
def test_invalid_numbers_fail(number):
    assert not bizno.is_valid(number)


def test_the_check_digit_by_hand():
    # 1·1 + 2·3 + 3·7 + 4·1 + 5·3 + 6·7 + 7·1 + 8·3 + 9·5 = 165, + (9·5)//10 = 4 → 169 → 1
    assert bizno.check_digit("123456789") == 1
    assert bizno.formatted(bizno.normalise("1234567891")) == "123-45-67891"


def test_register_and_read_back(services, world):
    cid = services.companies.create_company(world.counselor, world.a, company_data(biz_no="124-81-00998"))
    row = services.companies.get_company(world.counselor, cid)
    assert (row.name, row.biz_no, row.industry.label, row.size.label) == (
        "테스트기업 1", "124-81-00998", "정보통신업", "스타트업")
    assert row.certified and row.certified_year == 2024 and row.found_via.label == "현장방문"
    assert row.owner_id == world.counselor.user_id and row.owner_name


def test_bad_number_is_refused_naming_its_field_and_writes_nothing(services, world):
    before = count(services.db, "company")
    with pytest.raises(ValidationError) as exc:
        services.companies.create_company(world.counselor, world.a, company_data(biz_no="124-81-00997"))
    assert "biz_no" in exc.value.errors and "사업자등록번호" in exc.value.errors["biz_no"]
    assert count(services.db, "company") == before


@pytest.mark.parametrize("field,value", [("name", ""), ("district", "부산진구"), ("industry", "Z"),
                                         ("size", "huge"), ("found_via", "tv"), ("website", "not a url"),
                                         ("name", "a\x00b"), ("notes", "x" * 2001)])
def test_bad_fields_are_named(services, world, field, value):
    with pytest.raises(ValidationError) as exc:
        services.companies.create_company(world.counselor, world.a, company_data(**{field: value}))
    assert field in exc.value.errors


def test_certified_year_needs_the_certification(services, world):
    with pytest.raises(ValidationError) as exc:
        services.companies.create_company(world.counselor, world.a, company_data(certified=False))
    assert "certified_year" in exc.value.errors
    cid = services.companies.create_company(world.counselor, world.a,
                                            company_data(certified=False, certified_year=None))
    assert not services.companies.get_company(world.counselor, cid).certified


def test_duplicate_offers_the_existing_record(services, world):
    first = services.companies.create_company(world.counselor, world.a, company_data(biz_no="220-81-62517"))
    before = count(services.db, "company")
    with pytest.raises(DuplicateCompany) as exc:
        services.companies.create_company(world.manager, world.a,
                                          company_data(2, name="다른 이름", biz_no="2208162517"))
    assert exc.value.existing_id == first and exc.value.field == "biz_no"
    assert count(services.db, "company") == before
    # another facility keeps its own registry
    assert services.companies.create_company(world.admin, world.b, company_data(biz_no="220-81-62517"))


def test_the_database_refuses_a_duplicate_too(services, world):
    services.companies.create_company(world.counselor, world.a, company_data(biz_no="124-81-00998"))
    with pytest.raises(IntegrityError), services.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO company (facility_id, name, biz_no, representative, certified, address, "
                          "district, website, found_on, notes, version, created_at) VALUES (:f, 'x', "
                          "'1248100998', '', false, '', '', '', '2026-11-01', '', 1, '2026-11-01')"),
                     {"f": world.a})


def test_update_with_version_and_conflict(services, world):
    from models.core.errors import Conflict
    cid = services.companies.create_company(world.counselor, world.a, company_data())
    row = services.companies.get_company(world.counselor, cid)
    v2 = services.companies.update_company(world.counselor, cid, {**row.as_input(), "name": "새 이름"}, row.version)
    assert v2 == 2
    with pytest.raises(Conflict):
        services.companies.update_company(world.manager, cid, {**row.as_input(), "name": "늦은 이름"}, row.version)
    assert services.companies.get_company(world.counselor, cid).name == "새 이름"
    other = services.companies.create_company(world.counselor, world.a, company_data(2))
    with pytest.raises(DuplicateCompany):
        services.companies.update_company(world.counselor, other, company_data(2, biz_no=row.biz_no), 1)


def test_search_by_name_fragment_and_number(services, world):
    services.companies.create_company(world.counselor, world.a, company_data(1, name="가나소프트"))
    services.companies.create_company(world.counselor, world.a, company_data(2, name="다라바이오",
                                                                              biz_no="124-81-00998"))
    assert [c.name for c in services.companies.companies(world.counselor, world.a, "소프")] == ["가나소프트"]
    assert [c.name for c in services.companies.companies(world.counselor, world.a, "124-81")] == ["다라바이오"]
    assert [c.name for c in services.companies.companies(world.counselor, world.a, "%")] == []
    assert len(services.companies.companies(world.counselor, world.a)) == 2


def test_contacts_are_masked_in_lists_and_revealed_with_an_audit_read(services, world, mw):
    row = services.companies.get_company(world.counselor, mw.company)
    (c,) = row.contacts
    assert CONTACT_NAME not in repr(row) and "7777" not in c.phone_masked and c.phone_masked.endswith("8888")
    assert c.name_masked == "한*당" and c.email_masked.startswith("r***@")
    assert CONTACT_EMAIL not in c.email_masked
    listed = services.companies.companies(world.counselor, world.a)
    assert CONTACT_PHONE not in repr(listed) and CONTACT_NAME not in repr(listed)
    reads = len(audit_rows(services.db, action="read", entity="company_contact"))
    view = services.companies.reveal_contact(world.counselor, mw.contact)
    assert (view.name, view.phone, view.email) == (CONTACT_NAME, "010-7777-8888", CONTACT_EMAIL)
    assert CONTACT_NAME not in repr(view) and "7777" not in repr(view)
    read = audit_rows(services.db, action="read", entity="company_contact")
    assert len(read) == reads + 1 and read[-1].entity_id == str(mw.contact)
    assert read[-1].user_id == world.counselor.user_id
    services.companies.update_contact(world.counselor, mw.contact, contact_data(phone="010-6666-5555",
                                                                                  name="두담당"))
    dump = audit_dump(services.db)
    for secret in (CONTACT_NAME, CONTACT_PHONE, "7777", CONTACT_EMAIL, "두담당", "6666", "01066665555"):
        assert secret not in dump


def test_front_desk_and_other_facilities_see_no_contact(services, world, mw):
    for actor in (world.front_desk, mw.b_counselor):
        reads = count(services.db, "audit_log")
        with pytest.raises(PermissionDenied) as exc:
            services.companies.reveal_contact(actor, mw.contact)
        assert CONTACT_NAME not in exc.value.message and count(services.db, "audit_log") == reads
    services.companies.remove_contact(world.counselor, mw.contact)
    with pytest.raises(NotFound):
        services.companies.reveal_contact(world.counselor, mw.contact)
    assert services.companies.get_company(world.counselor, mw.company).contacts == ()


def test_bad_contact_input_never_echoes_it(services, world, mw):
    with pytest.raises(ValidationError) as exc:
        services.companies.add_contact(world.counselor, mw.company, contact_data(phone="010-7777-88889999"))
    assert "phone" in exc.value.errors and "7777" not in exc.value.message
    with pytest.raises(ValidationError) as exc:
        services.companies.add_contact(world.counselor, mw.company, contact_data(email="recruit.han@@x"))
    assert "email" in exc.value.errors and "recruit" not in exc.value.message


def test_a_campus_has_no_companies(services, world):
    from tests.models.util import facility_data
    campus = services.facilities.create(world.admin, facility_data(code="CAMPUS-X", kind="campus"))
    with pytest.raises(PermissionDenied) as exc:
        services.companies.create_company(world.admin, campus, company_data())
    assert "매칭" in exc.value.message
    with pytest.raises(PermissionDenied):
        services.companies.companies(world.admin, campus)
