"""The youth registry: duplicates, search, masking, validation, age and date rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from models.core.errors import DuplicateYouth, NotFound, ValidationError
from tests.factories.world import youth_data
from tests.models.util import count

# FakeClock: 2026-11-27 10:00 in Seoul


def test_same_name_and_birth_date_is_a_duplicate(services, world):
    first = services.youth.create(world.counselor, world.a, youth_data())
    with pytest.raises(DuplicateYouth) as info:
        services.youth.create(world.front_desk, world.a,
                              youth_data(phone="010-5555-0000", email=None))
    [candidate] = info.value.candidates
    assert (candidate.id, candidate.name, candidate.phone_masked) == (first, "홍길동", "010-****-5678")
    assert "이미 등록된 청년" in info.value.message
    assert count(services.db, "youth") == 1


def test_same_phone_in_any_formatting_is_a_duplicate(services, world):
    first = services.youth.create(world.counselor, world.a, youth_data())
    for phone in ["010-1234-5678", "01012345678", "010 1234 5678", " 010.1234.5678 ",
                  "+82 10-1234-5678"]:
        with pytest.raises(DuplicateYouth) as info:
            services.youth.create(world.counselor, world.a,
                                  youth_data(name="김철수", birth_date="2001-01-01", phone=phone))
        assert [c.id for c in info.value.candidates] == [first], phone
    assert count(services.db, "youth") == 1


def test_allow_duplicate_registers_anyway_and_both_are_offered_next_time(services, world):
    first = services.youth.create(world.counselor, world.a, youth_data())
    second = services.youth.create(world.counselor, world.a, youth_data(phone="010-2222-3333"),
                                   allow_duplicate=True)
    assert second != first
    with pytest.raises(DuplicateYouth) as info:
        services.youth.create(world.counselor, world.a, youth_data(phone="010-4444-5555"))
    assert [c.id for c in info.value.candidates] == [first, second]
    found = services.youth.find_duplicates(world.counselor, world.a,
                                           youth_data(name="박민수", phone="010-2222-3333"))
    assert [c.id for c in found] == [second]


def test_other_name_same_birth_date_is_not_a_duplicate(services, world):
    services.youth.create(world.counselor, world.a, youth_data())
    services.youth.create(world.counselor, world.a,
                          youth_data(name="홍길순", phone="010-9999-0000"))
    assert count(services.db, "youth") == 2


def test_update_checks_duplicates_against_others_only(services, world):
    a = services.youth.create(world.counselor, world.a, youth_data())
    b = services.youth.create(world.counselor, world.a,
                              youth_data(name="김철수", birth_date="2000-02-02", phone="010-2222-3333"))
    services.youth.update(world.counselor, world.a, a, youth_data(email="new@example.com"))
    with pytest.raises(DuplicateYouth) as info:
        services.youth.update(world.counselor, world.a, b,
                              youth_data(name="김철수", birth_date="2000-02-02", phone="010-1234-5678"))
    assert [c.id for c in info.value.candidates] == [a]
    assert services.youth.get(world.counselor, world.a, b).phone_masked == "010-****-3333"
    with pytest.raises(NotFound):
        services.youth.update(world.counselor, world.a, 999_999, youth_data())


def _register_some(services, world):
    people = [("홍길동", "1998-03-15", "010-1234-5678"), ("김길수", "1999-04-01", "010-2222-5678"),
              ("이영희", "2000-05-05", "010-3333-4444")]
    ids = {}
    for name, birth, phone in people:
        ids[name] = services.youth.create(world.counselor, world.a,
                                          youth_data(name=name, birth_date=birth, phone=phone))
    return ids


SEARCHES = [
    ("길", ["김길수", "홍길동"]),
    ("홍길동", ["홍길동"]),
    ("  영희 ", ["이영희"]),
    ("5678", ["김길수", "홍길동"]),
    ("3333-44", ["이영희"]),
    ("010", ["김길수", "이영희", "홍길동"]),
    ("56", []),  # fewer than three digits is not a phone search
    ("%", []),  # wildcards are literal
    ("_", []),
    ("", ["김길수", "이영희", "홍길동"]),
    ("길\x00", ["김길수", "홍길동"]),  # a pasted NUL is ignored, not a database error
]


def test_search_by_name_or_phone_fragment(services, world):
    _register_some(services, world)
    for query, expected in SEARCHES:
        rows = services.youth.search(world.front_desk, world.a, query)
        assert sorted(r.name for r in rows) == expected, query
        assert services.youth.count(world.front_desk, world.a, query) == len(expected), query


def test_search_is_newest_first_and_pages(services, world):
    ids = _register_some(services, world)
    rows = services.youth.search(world.counselor, world.a, "", limit=2)
    assert [r.id for r in rows] == [ids["이영희"], ids["김길수"]]
    assert [r.id for r in services.youth.search(world.counselor, world.a, "", limit=2, offset=2)] == [ids["홍길동"]]


def test_rows_carry_masked_contact_data_only(services, world):
    yid = services.youth.create(world.counselor, world.a, youth_data())
    row = services.youth.get(world.counselor, world.a, yid)
    assert row.phone_masked == "010-****-5678"
    assert row.email_masked == "h***@example.com"
    assert "1234" not in row.phone_masked and "hong@" not in row.email_masked
    assert not hasattr(row, "phone") and not hasattr(row, "email")
    assert row.registered_facility == "가 일자리카페"
    assert row.retention_until == date(2029, 11, 1)
    no_mail = services.youth.create(world.counselor, world.a,
                                    youth_data(name="김철수", phone="010-7777-8888", email=""))
    assert services.youth.get(world.counselor, world.a, no_mail).email_masked == ""


BAD_INPUTS = [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "홍길동1"}, "name"),
    ({"name": "가" * 51}, "name"),
    ({"name": "홍\x00동"}, "name"),  # PostgreSQL cannot store NUL
    ({"name": "홍\n동"}, "name"),
    ({"birth_date": "1998-02-30"}, "birth_date"),
    ({"birth_date": "어제"}, "birth_date"),
    ({"birth_date": ""}, "birth_date"),
    ({"phone": ""}, "phone"),
    ({"phone": "02-123-4567"}, "phone"),
    ({"phone": "010-1234-567"}, "phone"),
    ({"phone": "010-1234-56789"}, "phone"),
    ({"email": "not-an-email"}, "email"),
    ({"email": "a@b"}, "email"),
    ({"email": "a\x00@example.com"}, "email"),
    ({"district": "강남"}, "district"),
    ({"district": ""}, "district"),
    ({"channel": "telepathy"}, "channel"),
    ({"consent_on": "1990-01-01"}, "consent_on"),  # before the birth date
    ({"retention_years": 0}, "retention_years"),
    ({"retention_years": 11}, "retention_years"),
    ({"retention_years": "세 해"}, "retention_years"),
    ({"birth_date": "2012-01-01"}, "birth_date"),  # 14
    ({"birth_date": "1986-11-27"}, "birth_date"),  # 40 today
    ({"birth_date": "2027-01-01", "consent_on": "2027-01-02"}, "birth_date"),  # future
    ({"consent_on": "2026-11-28"}, "consent_on"),  # tomorrow
]


def test_bad_input_is_refused_per_field_and_writes_nothing(services, world):
    services.youth.create(world.counselor, world.a, youth_data())
    yid = services.youth.create(world.counselor, world.a,
                                youth_data(name="김철수", birth_date="2000-01-01", phone="010-2222-3333"))
    youth_before, audit_before = count(services.db, "youth"), count(services.db, "audit_log")
    row_before = services.youth.get(world.counselor, world.a, yid)
    wrong = []
    for change, field in BAD_INPUTS:
        data = {**youth_data(name="이영희", birth_date="2000-05-05", phone="010-3333-4444"), **change}
        for label, call in (
            ("create", lambda d=data: services.youth.create(world.counselor, world.a, d)),
            ("update", lambda d=data: services.youth.update(world.counselor, world.a, yid, d)),
        ):
            try:
                call()
                wrong.append(f"{label} {change}: accepted")
            except ValidationError as exc:
                if field not in exc.errors:
                    wrong.append(f"{label} {change}: {exc.errors}")
                elif not any("\uac00" <= ch <= "\ud7a3" for ch in exc.errors[field]):
                    wrong.append(f"{label} {change}: message not Korean: {exc.errors[field]}")
            except Exception as exc:  # noqa: BLE001 - reported below with the input
                wrong.append(f"{label} {change}: {exc!r}")
    assert wrong == []
    assert count(services.db, "youth") == youth_before
    assert count(services.db, "audit_log") == audit_before
    assert services.youth.get(world.counselor, world.a, yid) == row_before


def test_several_bad_fields_are_reported_together(services, world):
    with pytest.raises(ValidationError) as info:
        services.youth.create(world.counselor, world.a,
                              youth_data(name="", phone="123", email="x", district="부산"))
    assert set(info.value.errors) == {"name", "phone", "email", "district"}


def test_age_limits_follow_the_service_clock(services, world, clock):
    # 15th birthday tomorrow: not yet
    with pytest.raises(ValidationError, match="15~39세"):
        services.youth.create(world.counselor, world.a, youth_data(birth_date="2011-11-28"))
    clock.advance(days=1)
    services.youth.create(world.counselor, world.a, youth_data(birth_date="2011-11-28"))
    # 39 until the day before the 40th birthday
    services.youth.create(world.counselor, world.a,
                          youth_data(name="김철수", birth_date="1986-11-29", phone="010-2222-3333"))
    with pytest.raises(ValidationError, match="15~39세"):
        services.youth.create(world.counselor, world.a,
                              youth_data(name="김영수", birth_date="1986-11-28", phone="010-4444-3333"))


def test_today_is_the_date_in_seoul(services, world, clock):
    clock.now = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)  # already 28 November in Seoul
    services.youth.create(world.counselor, world.a,
                          youth_data(birth_date="2011-11-28", consent_on="2026-11-28"))
    clock.now = datetime(2026, 11, 27, 14, 59, tzinfo=UTC)  # 23:59 on the 27th in Seoul
    with pytest.raises(ValidationError) as info:
        services.youth.create(world.counselor, world.a,
                              youth_data(name="김철수", phone="010-2222-3333", consent_on="2026-11-28"))
    assert set(info.value.errors) == {"consent_on"}


def test_update_keeps_an_older_youth_editable(services, world, clock):
    yid = services.youth.create(world.counselor, world.a, youth_data(birth_date="1987-01-01"))
    clock.advance(days=400)  # now 40
    services.youth.update(world.counselor, world.a, yid,
                          youth_data(birth_date="1987-01-01", email="later@example.com"))
    assert services.youth.get(world.counselor, world.a, yid).email_masked == "l***@example.com"
    with pytest.raises(ValidationError) as info:
        services.youth.update(world.counselor, world.a, yid,
                              youth_data(birth_date="1987-01-01", consent_on="2030-01-01"))
    assert set(info.value.errors) == {"consent_on"}


def test_input_for_gives_full_values_and_records_the_read(services, world):
    yid = services.youth.create(world.counselor, world.a, youth_data())
    values = services.youth.input_for(world.counselor, world.a, yid)
    assert values["phone"] == "01012345678" and values["email"] == "hong@example.com"
    assert values["birth_date"] == date(1998, 3, 15)
    services.youth.update(world.counselor, world.a, yid, {**values, "district": "중구"})
    assert services.youth.get(world.counselor, world.a, yid).district == "중구"
