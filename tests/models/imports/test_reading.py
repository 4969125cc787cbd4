"""Reading import files and mapping their columns: no database."""

from __future__ import annotations

import codecs
import io
import zipfile
from datetime import date, datetime

import pytest

from models.core.errors import ValidationError
from models.imports import mapping, reading
from models.imports.errors import ImportFileError
from models.imports.youth import FIELDS as YOUTH_FIELDS
from tests.models.imports.files import HEADERS, csv_bytes, xlsx_bytes, youths

ROWS = [["홍길동", "1998-03-15", "010-1234-5678", "", "마포구", "온라인", "2026-11-01"],
        ["김다은", "1999.7.1", "01022223333", "d@example.com", "서울특별시 강남구", "현장방문", "2026/11/02"]]


@pytest.mark.parametrize("encoding, label", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"),
                                             ("cp949", "CP949 (EUC-KR)"), ("utf-16", "UTF-16")])
def test_each_encoding_is_detected_and_korean_names_survive(encoding, label):
    t = reading.read_bytes(csv_bytes(ROWS, encoding, sep="\t" if encoding == "utf-16" else ","), "a.csv")
    assert t.encoding == label
    assert t.headers == tuple(HEADERS)  # no BOM glued to the first header
    assert [r[0] for r in t.rows] == ["홍길동", "김다은"]
    assert t.numbers == (2, 3)
    assert t.described == f"CSV · {label} · 2행"


def test_euc_kr_file_reads_as_cp949():
    t = reading.read_bytes(csv_bytes(ROWS, "euc-kr"), "a.csv")
    assert t.encoding == "CP949 (EUC-KR)" and t.rows[1][0] == "김다은"


@pytest.mark.parametrize("text", ["id\n홍\n", "a,b\n창,탁\n", "no\n천타\n"])
def test_short_cp949_that_is_also_valid_utf8_reads_as_cp949(text):
    data = text.encode("cp949")
    data.decode("utf-8")  # valid UTF-8 too: 홍 is C8 AB, UTF-8's ȫ (345 syllables are so)
    t = reading.read_bytes(data, "a.csv")
    assert t.encoding == "CP949 (EUC-KR)" and t.rows[0][0] == text.split("\n")[1].split(",")[0]


def test_a_latin_letter_in_utf8_stays_utf8():
    t = reading.read_bytes("name\nCafé José\n".encode(), "a.csv")
    assert t.encoding == "UTF-8" and t.rows[0][0] == "Café José"


def test_forced_encoding_that_does_not_fit_is_a_korean_message():
    with pytest.raises(ImportFileError, match="UTF-8 인코딩이 아닙니다"):
        reading.read_bytes(csv_bytes(ROWS, "cp949"), "a.csv", encoding="utf-8")
    assert reading.read_bytes(csv_bytes(ROWS, "cp949"), "a.csv", encoding="cp949").rows[0][0] == "홍길동"


def test_bytes_of_no_known_encoding_are_refused_in_korean():
    with pytest.raises(ImportFileError, match="인코딩을 알 수 없습니다"):
        reading.read_bytes(b"a,b\n\x80\xff,\xff\xff\n", "a.csv")  # neither UTF-8 nor CP949


def test_blank_rows_are_left_out_and_rows_keep_their_spreadsheet_numbers():
    data = "이름,생년월일\n\n홍길동,1998-03-15\n,\n김다은,1999-07-01\n".encode()
    t = reading.read_bytes(data, "a.csv")
    assert [r[0] for r in t.rows] == ["홍길동", "김다은"]
    assert t.numbers == (3, 5)


def test_short_rows_are_padded_and_a_semicolon_file_is_split():
    t = reading.read_bytes("이름;생년월일;연락처\n홍길동;1998-03-15\n".encode(), "a.csv")
    assert t.headers == ("이름", "생년월일", "연락처") and t.rows == (("홍길동", "1998-03-15", ""),)


@pytest.mark.parametrize("data, message", [
    (b"", "비어 있습니다"), (b"  \r\n\r\n", "비어 있습니다"), (codecs.BOM_UTF8, "비어 있습니다"),
    ("이름,생년월일\n".encode(), "가져올 행이 없습니다"),
    (b'"a,b\n"x', "가져올 행이 없습니다"),  # one quoted header cell that runs to the end
])
def test_empty_or_header_only_files_are_korean_messages(data, message):
    with pytest.raises(ImportFileError, match=message):
        reading.read_bytes(data, "a.csv")


def test_xlsx_dates_and_numbers_come_out_as_text():
    data = xlsx_bytes([["홍길동", datetime(1998, 3, 15), 1012345678, None, "마포구", "온라인", date(2026, 11, 1)],
                       [None] * 7, ["김다은", "1999-07-01", "010-2222-3333", "", "강남구", "온라인", 3.5]])
    t = reading.read_bytes(data, "form.xlsx")
    assert t.kind == "xlsx" and t.encoding is None and t.described == "엑셀(.xlsx) · 2행"
    assert t.rows[0][:3] == ("홍길동", "1998-03-15", "1012345678")
    assert t.rows[0][6] == "2026-11-01" and t.rows[1][6] == "3.5"
    assert t.numbers == (2, 4)


@pytest.mark.parametrize("data", [
    b"PK\x03\x04" + b"\x00" * 40,  # a zip header with nothing behind it
    xlsx_bytes([["홍길동"]])[:300],  # a workbook cut short
    b"not a workbook at all",
])
def test_a_broken_xlsx_is_a_korean_message(data):
    with pytest.raises(ImportFileError, match="엑셀 파일을 읽을 수 없습니다"):
        reading.read_bytes(data, "broken.xlsx")


def test_a_zip_that_is_not_a_workbook_is_a_korean_message():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ImportFileError, match="엑셀 파일을 읽을 수 없습니다"):
        reading.read_bytes(buf.getvalue(), "x.xlsx")


def test_old_xls_is_refused_with_what_to_do():
    with pytest.raises(ImportFileError, match=r"\.xls"):
        reading.read_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old.xls")


def test_a_missing_file_is_a_korean_message(tmp_path):
    with pytest.raises(ImportFileError, match="열 수 없습니다"):
        reading.read_file(tmp_path / "none.csv")


def test_too_many_rows_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    with pytest.raises(ImportFileError, match="행까지"):
        reading.read_bytes(csv_bytes(youths(4)), "a.csv")


# -- mapping ------------------------------------------------------------------------
def test_auto_map_knows_korean_and_english_headers():
    headers = ["No", "성명", "생년월일(YYYY-MM-DD)", "연락처*", "E-mail", "거주 자치구", "Consent Date"]
    m = mapping.auto_map(headers, YOUTH_FIELDS)
    assert m == {"name": 1, "birth_date": 2, "phone": 3, "email": 4, "district": 5, "consent_on": 6}


def test_explicit_names_override_and_unknown_headers_are_ignored():
    headers = ["이름", "휴대폰", "보호자 연락처"]
    m = mapping.auto_map(headers, YOUTH_FIELDS)
    assert m["phone"] == 1
    m = mapping.apply_names(m, {"phone": "보호자 연락처", "email": "없는 열", "nofield": "이름"}, headers,
                            YOUTH_FIELDS)
    assert m == {"name": 0, "phone": 2}
    assert mapping.as_names(m, headers) == {"name": "이름", "phone": "보호자 연락처"}
    assert mapping.apply_names(m, {"phone": None}, headers, YOUTH_FIELDS) == {"name": 0}


def test_a_column_given_to_another_field_leaves_the_first():
    headers = ["이름", "연락처"]
    m = mapping.apply_names(mapping.auto_map(headers, YOUTH_FIELDS), {"email": "연락처"}, headers, YOUTH_FIELDS)
    assert m == {"name": 0, "email": 1}


def test_map_option_takes_keys_or_korean_labels():
    assert mapping.parse_map_option("name=성명, 휴대전화=연락처", YOUTH_FIELDS) == {"name": "성명", "phone": "연락처"}
    with pytest.raises(ValidationError) as e:
        mapping.parse_map_option("주소=거주지", YOUTH_FIELDS)
    assert "map" in e.value.errors
