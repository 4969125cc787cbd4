"""Property tests of masking and of input validation (hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from models.accounts.schemas import UserInput
from models.core.enums import SEOUL_DISTRICTS
from models.core.errors import ValidationError
from models.core.masking import digits, format_phone, mask_email, mask_name, mask_phone
from models.core.validation import validate
from models.facilities.schemas import FacilityInput, RoomInput, validate_opening_hours
from models.youth.schemas import YouthInput
from tests.factories.world import youth_data
from tests.models.util import facility_data

DIGITS = "0123456789"
mobile = st.builds(lambda p, rest: p + rest, st.sampled_from(["010"]),
                   st.text(DIGITS, min_size=8, max_size=8))
old_mobile = st.builds(lambda p, rest: p + rest, st.sampled_from(["011", "016", "017", "018", "019"]),
                       st.text(DIGITS, min_size=7, max_size=8))
# anything a form, a spreadsheet or a paste may hand over
junk = st.one_of(st.text(), st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(),
                 st.dates().map(str), st.lists(st.text(), max_size=3),
                 st.dictionaries(st.text(max_size=3), st.text(max_size=5), max_size=3))


# -- masking ---------------------------------------------------------------------------
@given(st.one_of(mobile, old_mobile))
def test_mask_phone_keeps_only_prefix_and_last_four(phone):
    masked = mask_phone(phone)
    assert masked == f"{phone[:3]}-****-{phone[-4:]}"
    assert digits(masked) == phone[:3] + phone[-4:]


@given(st.text())
@example("010-1234-5678")
@example("+82 10 1234 5678")
def test_mask_phone_never_reveals_the_middle_digits_of_anything(text):
    masked = mask_phone(text)
    d = digits(text)
    assert len(digits(masked)) <= 7
    if len(d) >= 8:
        assert masked.endswith(d[-4:]) and masked.startswith(d[:3])
        assert "****" in masked


@given(st.one_of(mobile, old_mobile))
def test_format_and_digits_round_trip(phone):
    formatted = format_phone(phone)
    assert digits(formatted) == phone
    assert format_phone(formatted) == formatted
    assert formatted.count("-") == 2


@given(st.text(min_size=1, max_size=30))
def test_mask_name_keeps_the_length_and_hides_the_middle(name):
    masked = mask_name(name)
    clean = name.strip()
    if len(clean) >= 2:
        assert len(masked) == len(clean) and masked[0] == clean[0]
        assert set(masked[1:-1] if len(clean) > 2 else masked[1:]) <= {"*"}


@given(st.emails())
def test_mask_email_keeps_the_domain_only(email):
    local, _, domain = email.partition("@")
    masked = mask_email(email)
    assert masked == local[0] + "***@" + domain  # the rest of the local part is gone


# -- validation never fails with anything but ValidationError ---------------------------
def _only_validation_errors(model, data):
    try:
        return validate(model, data)
    except ValidationError as exc:
        assert exc.errors and all(isinstance(m, str) and m for m in exc.errors.values())
        assert set(exc.errors) <= set(model.model_fields) | {"__all__"}
        return None


@given(st.fixed_dictionaries({}, optional={f: junk for f in YouthInput.model_fields}))
def test_youth_input_with_random_values_raises_only_validation_error(data):
    _only_validation_errors(YouthInput, data)


@given(st.dictionaries(st.sampled_from(list(YouthInput.model_fields)), st.text(), max_size=8))
def test_youth_input_with_random_text_over_a_valid_form(change):
    inp = _only_validation_errors(YouthInput, {**youth_data(), **change})
    if inp is not None:
        assert YouthInput.model_validate(inp.model_dump()) == inp  # valid output stays valid


@given(st.fixed_dictionaries({}, optional={f: junk for f in FacilityInput.model_fields}))
def test_facility_input_with_random_values_raises_only_validation_error(data):
    _only_validation_errors(FacilityInput, data)


@given(st.dictionaries(st.sampled_from(list(FacilityInput.model_fields)), st.text(), max_size=8),
       st.dictionaries(st.one_of(st.text(max_size=2), st.integers(-2, 9)),
                       st.one_of(st.none(), st.text(), st.lists(st.text(max_size=6), max_size=3)),
                       max_size=4))
def test_facility_input_with_random_text_and_hours(change, hours):
    _only_validation_errors(FacilityInput, {**facility_data(), **change})
    _only_validation_errors(FacilityInput, {**facility_data(), "opening_hours": hours})


@given(st.fixed_dictionaries({}, optional={f: junk for f in UserInput.model_fields}),
       st.fixed_dictionaries({}, optional={f: junk for f in RoomInput.model_fields}))
def test_user_and_room_input_raise_only_validation_error(user, room):
    _only_validation_errors(UserInput, user)
    _only_validation_errors(RoomInput, room)


@given(st.text(min_size=1, max_size=10), st.characters(codec="ascii", categories=["Cc"]),
       st.sampled_from(["name", "district", "email"]))
def test_control_characters_in_text_fields_are_refused(text, control, field):
    value = {"name": "홍길동", "district": "마포구", "email": "hong@example.com"}[field]
    with pytest.raises(ValidationError) as info:
        validate(YouthInput, youth_data(**{field: value[:1] + control + value[1:] + text}))
    assert field in info.value.errors
    with pytest.raises(ValidationError) as info:
        validate(FacilityInput, facility_data(name="일자리" + control + "카페" + text))
    assert "name" in info.value.errors


def test_notes_keep_line_breaks_but_not_other_control_characters():
    assert validate(FacilityInput, facility_data(note="첫 줄\n둘째 줄\t끝")).note == "첫 줄\n둘째 줄\t끝"
    with pytest.raises(ValidationError) as info:
        validate(FacilityInput, facility_data(note="메모\x00"))
    assert set(info.value.errors) == {"note"}


# -- phones in common formatting ----------------------------------------------------------
SEPARATORS = st.sampled_from(["", "-", " ", ".", " - "])


@given(mobile, SEPARATORS, st.sampled_from(["", " ", "\t"]), st.booleans())
@example("01012345678", "-", "", True)
def test_valid_phones_in_any_common_formatting_normalise_to_eleven_digits(phone, sep, pad, parens):
    head = f"({phone[:3]})" if parens else phone[:3]
    text = pad + sep.join([head, phone[3:7], phone[7:]]) + pad
    inp = validate(YouthInput, youth_data(phone=text))
    assert inp.phone == phone and len(inp.phone) == 11


@given(st.text(DIGITS, min_size=8, max_size=8), SEPARATORS)
def test_international_format_normalises_too(rest, sep):
    text = "+82" + sep + sep.join(["10", rest[:4], rest[4:]])
    assert validate(YouthInput, youth_data(phone=text)).phone == "010" + rest


@given(old_mobile)
def test_old_mobile_numbers_keep_their_length(phone):
    assert validate(YouthInput, youth_data(phone=format_phone(phone))).phone == phone


@pytest.mark.parametrize("phone", ["010-123-4567", "010-1234-567", "0101234567", "02-123-4567",
                                   "011-12-3456", "010-1234-56789", "1234"])
def test_phones_of_the_wrong_length_or_prefix_are_refused(phone):
    with pytest.raises(ValidationError) as info:
        validate(YouthInput, youth_data(phone=phone))
    assert set(info.value.errors) == {"phone"}


# -- a few fixed rules ----------------------------------------------------------------------
@given(st.sampled_from(SEOUL_DISTRICTS + ["서울 외"]), st.dates(date(1960, 1, 1), date(2020, 1, 1)))
def test_every_district_and_date_is_accepted(district, birth):
    inp = validate(YouthInput, youth_data(district=district, birth_date=birth, consent_on=birth))
    assert (inp.district, inp.birth_date) == (district, birth)


def test_opening_hours_are_normalised_and_checked():
    assert validate_opening_hours({"4": ["09:00", "18:00"], "0": ["08:30", "12:00"]}) == {
        "0": ["08:30", "12:00"], "4": ["09:00", "18:00"]}
    hours = validate(FacilityInput, facility_data(opening_hours={"5": ["10:00", "17:00"], 0: None}))
    assert hours.opening_hours == {"5": ["10:00", "17:00"]}
    for bad in ({"7": ["09:00", "18:00"]}, {"0": ["18:00", "09:00"]}, {"0": ["24:00", "25:00"]},
                {"x": ["09:00", "18:00"]}, {"0": "09:00-18:00"}, ["09:00"]):
        with pytest.raises(ValidationError) as info:
            validate(FacilityInput, facility_data(opening_hours=bad))
        assert set(info.value.errors) == {"opening_hours"}, bad


# -- the one text validator and the column range (issue 9, defect 5) ------------------------
BAD_CHARS = ["\x00", "\x01", "\x1b", "\x1f", "\x7f", "\ud800", "\udbff", "\udc00", "\udfff"]


@given(st.text(max_size=10), st.sampled_from(BAD_CHARS), st.text(max_size=10), st.booleans())
def test_text_with_a_control_character_or_a_lone_surrogate_is_refused(head, bad, tail, multiline):
    from models.core.text import CONTROL_MESSAGE, SURROGATE_MESSAGE, check_text, optional_text
    expected = SURROGATE_MESSAGE if "\ud800" <= bad <= "\udfff" else None
    with pytest.raises(ValueError) as info:
        optional_text("가" + head + bad + "나" + tail, 500, multiline=multiline)
    assert str(info.value) in ((expected,) if expected else (CONTROL_MESSAGE, SURROGATE_MESSAGE))
    with pytest.raises(ValidationError) as err:
        check_text("reason", head + "가" + bad + "나" + tail, 500, multiline=multiline)
    assert set(err.value.errors) == {"reason"}


def test_the_text_validator_strips_checks_length_and_line_breaks():
    from models.core.text import CONTROL_MESSAGE, check_text, optional_text, required_text
    assert optional_text(None, 10) == "" and optional_text("  가나 ", 10) == "가나"
    assert optional_text("첫 줄\n둘째 줄\t끝", 20, multiline=True) == "첫 줄\n둘째 줄\t끝"
    with pytest.raises(ValueError, match="제어 문자"):
        optional_text("첫 줄\n둘째 줄", 20)
    with pytest.raises(ValueError, match="10자 이하"):
        optional_text("가" * 11, 10)
    assert optional_text("가" * 10, 10) == "가" * 10
    with pytest.raises(ValueError, match="이름을 입력하세요"):
        required_text("   ", "이름을 입력하세요.", 10)
    with pytest.raises(ValidationError) as err:
        check_text("reason", "", 10, required="사유를 적으세요.")
    assert err.value.errors == {"reason": "사유를 적으세요."}
    assert check_text("reason", "\U0001F600 이모지", 10) == "\U0001F600 이모지"  # a full pair is fine
    assert CONTROL_MESSAGE.endswith("다시 입력하세요.")


def test_search_text_drops_what_no_column_holds():
    from models.core.text import search_text
    assert search_text("query", "길\x00\ud800동 ") == "길동"
    with pytest.raises(ValidationError) as err:
        search_text("query", "가" * 101)
    assert set(err.value.errors) == {"query"}


@pytest.mark.parametrize("value, ok", [(1, True), (2_147_483_647, True), (0, False), (-1, False),
                                       (2_147_483_648, False), (2**63, False), (True, False),
                                       ("1", False), (None, False)])
def test_ids_are_checked_against_the_32_bit_column(value, ok):
    from models.core.errors import NotFound
    from models.core.text import check_id, check_int, int_in_range
    assert int_in_range(value) is ok
    if ok:
        assert check_id(value) == value and check_int("n", value, 1, 2_147_483_647) == value
    else:
        with pytest.raises(NotFound):
            check_id(value, "예약을 찾을 수 없습니다.")
        with pytest.raises(ValidationError) as err:
            check_int("n", value, 1, 2_147_483_647)
        assert set(err.value.errors) == {"n"}


@pytest.mark.parametrize("field", ["room_id", "youth_id"])
@pytest.mark.parametrize("value", [0, -5, 2_147_483_648, 2**64])
def test_id_fields_of_inputs_refuse_what_the_column_cannot_hold(field, value):
    from models.rooms.schemas import BookingInput, WaitInput
    data = {"room_id": 1, "youth_id": 1, "day": "2026-11-30", "start": "10:00", "end": "11:00"}
    for model in (BookingInput, WaitInput):
        with pytest.raises(ValidationError) as err:
            validate(model, {**data, field: value})
        assert set(err.value.errors) == {field}


@pytest.mark.parametrize("headcount", [0, -1, 501, 2**31, 2**70])
def test_booking_and_waitlist_headcount_within_limits(headcount):
    from models.rooms.schemas import BookingInput, WaitInput
    data = {"room_id": 1, "youth_id": 1, "day": "2026-11-30", "start": "10:00", "end": "11:00"}
    for model in (BookingInput, WaitInput):
        assert validate(model, {**data, "headcount": 3}).headcount == 3
        with pytest.raises(ValidationError) as err:
            validate(model, {**data, "headcount": headcount})
        assert set(err.value.errors) == {"headcount"}


@pytest.mark.parametrize("field", ["grade", "strengths", "improve"])
def test_booth_result_texts_use_the_text_validator(field):
    from models.booths.schemas import ResultInput
    for bad in ("A\x00", "\udfff", "가" * 301):
        with pytest.raises(ValidationError) as err:
            validate(ResultInput, {field: bad})
        assert set(err.value.errors) == {field}


def test_lone_surrogates_in_youth_user_and_facility_texts_are_refused():
    for model, data, field in [(YouthInput, youth_data(name="홍\ud800동"), "name"),
                               (YouthInput, youth_data(email="a\udc00@example.com"), "email"),
                               (UserInput, {"username": "kim", "display_name": "김\ud800",
                                            "password": "pass1234"}, "display_name"),
                               (UserInput, {"username": "kim", "display_name": "김",
                                            "password": "pass1234\ud800"}, "password"),
                               (FacilityInput, facility_data(note="메모\udfff"), "note")]:
        with pytest.raises(ValidationError) as err:
            validate(model, data)
        assert set(err.value.errors) == {field}, (model, field)


@pytest.mark.parametrize(("value", "no_such_day"), [
    ("1990-13-45", True), ("2025-02-29", True), ("1999-04-31", True),
    ("1990-1-5x", False), ("abc", False), ("19901345", False)])
def test_a_date_in_the_right_shape_that_names_no_day_is_called_so(value, no_such_day):
    """Issue 11, item 10: not "use YYYY-MM-DD" for a date that is written so."""
    from models.core.errors import ValidationError
    from models.core.validation import NO_SUCH_DATE, validate
    from models.youth.schemas import YouthInput
    from tests.factories.world import youth_data
    with pytest.raises(ValidationError) as caught:
        validate(YouthInput, youth_data(birth_date=value))
    message = caught.value.errors["birth_date"]
    assert (message == NO_SUCH_DATE) is no_such_day
    assert no_such_day or "형식" in message
