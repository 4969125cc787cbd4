"""Fuzzing the importer (issue 16): more than 10,000 cases, no crash, no partial write.

- bytes of any kind, named .csv, .xlsx or nothing: a table or ``ImportFileError``;
- tables of Korean text with commas, quotes and line breaks written by ``csv`` in each
  encoding: read back cell for cell;
- workbooks, whole and with bytes flipped: a table or ``ImportFileError``;
- cells of every field of both targets: the validated input or a ``ValidationError`` whose
  messages quote no cell;
- a few hundred small files through a real preview and commit on SQLite: either the report's
  rows are all written, or nothing is (the registry's count, the audit chain intact).

The parse-only cases run in memory; the whole module stays well under 30 s.
"""

from __future__ import annotations

import csv
import io
import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.core import audit_chain
from models.core.errors import DomainError, ValidationError
from models.imports import engine, mapping, reading
from models.imports.errors import ImportFileError
from models.imports.targets import target
from tests.conftest import FakeClock
from tests.factories.fuzz import SPECIAL
from tests.factories.world import make_world
from tests.models.imports.files import HEADERS, xlsx_bytes, youths
from tests.models.util import count

YOUTH, COMPANIES = target("youth"), target("companies")
FAST = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}
SYLLABLES = "가나다라마바사아자차카타파하홍길동김이박최정민준서연지호하윤구월일년"
CELL_CHARS = SYLLABLES + "abc019 ,;\t\"'\r\n-./@"  # an alphabet string: quick to draw from
cell = st.text(CELL_CHARS, max_size=8)
NAMES = st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a", "a.xls", "A.CSV"])


@settings(max_examples=4000, **FAST)
@given(st.binary(max_size=400), NAMES)
def test_any_bytes_are_a_table_or_a_korean_message(data, name):
    try:
        t = reading.read_bytes(data, name)
    except ImportFileError as exc:
        assert exc.message and not any(ch in exc.message for ch in "\x00\ufffd")
        return
    assert t.rows and all(len(r) == len(t.headers) for r in t.rows)
    assert len(t.numbers) == len(t.rows) and list(t.numbers) == sorted(set(t.numbers))


HEADER_CHARS = SYLLABLES + "abc019 ,\"'\r\n-./@"  # no tab or semicolon


@settings(max_examples=2000, **FAST)
@given(st.lists(st.text(HEADER_CHARS, max_size=8), min_size=1, max_size=4),
       st.lists(st.lists(cell, min_size=1, max_size=4), min_size=1, max_size=4),
       st.sampled_from(["utf-8", "utf-8-sig", "cp949", "utf-16"]))
def test_csv_in_each_encoding_reads_back_cell_for_cell(header, body, encoding):
    out = io.StringIO(newline="")
    csv.writer(out, delimiter="\t" if encoding == "utf-16" else ",", lineterminator="\r\n").writerows([header, *body])
    want = [[c.strip() for c in r] for r in [header, *body]]
    for r in want:
        while r and not r[-1]:
            r.pop()
    want = [r for r in want if r]
    try:
        t = reading.read_bytes(out.getvalue().encode(encoding), "f.csv")
    except ImportFileError as exc:
        assert len(want) < 2, exc.message  # a header alone, or only blank cells
        return
    if encoding == "cp949" and t.encoding == "UTF-8":
        return  # bytes that are CP949 and UTF-8 alike, next to a Latin letter: UTF-8 wins (reading._cp949_in_disguise)
    width = max(len(r) for r in want)
    assert t.headers == tuple((want[0] + [""] * width)[i] or f"열{i + 1}" for i in range(width))
    assert [list(r) for r in t.rows] == [r + [""] * (width - len(r)) for r in want[1:]]


WORKBOOK = xlsx_bytes(youths(3))
XLSX_VALUES = st.one_of(cell, st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.booleans(),
                        st.dates(), st.datetimes(), st.none())


@settings(max_examples=200, **FAST)
@given(st.lists(st.tuples(st.integers(0, len(WORKBOOK) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_a_damaged_workbook_is_a_table_or_a_korean_message(flips):
    data = bytearray(WORKBOOK)
    for pos, value in flips:
        data[pos] = value
    try:
        reading.read_bytes(bytes(data), "form.xlsx")
    except ImportFileError as exc:
        assert "엑셀" in exc.message or exc.message


@settings(max_examples=100, **FAST)
@given(st.lists(st.lists(XLSX_VALUES, min_size=1, max_size=4), min_size=1, max_size=4))
def test_workbook_cells_of_any_type_become_text(rows):
    cleaned = [[v.replace("\r", "") if isinstance(v, str) else v for v in r] for r in rows]
    try:
        data = xlsx_bytes(cleaned, headers=["a", "b", "c", "d"])
    except Exception:  # openpyxl refuses to write the value (an illegal character)
        return
    try:
        t = reading.read_bytes(data, "f.xlsx")
    except ImportFileError as exc:
        assert "행이 없습니다" in exc.message
        return
    assert all(isinstance(c, str) for r in t.rows for c in r)


SERVICES = types.SimpleNamespace(db=None, clock=FakeClock())  # validation touches no database
YOUTH_KEYS = [f.key for f in YOUTH.fields]
COMPANY_KEYS = [f.key for f in COMPANIES.fields]
VALID_YOUTH = dict(zip(YOUTH_KEYS, ["홍길동", "1998-03-15", "010-1234-5678", "", "마포구", "온라인",
                                    "2026-11-01", "3"], strict=True))
VALID_COMPANY = {"name": "가나다기업", "biz_no": "124-81-00998", "industry": "J", "certified": "예",
                 "certified_year": "2024", "district": "중구"}
MARK = "쀍"  # a syllable no message holds: a cell carrying it must not be quoted back
spiked = st.builds(lambda a, c, b: a + c + b, cell, st.sampled_from(SPECIAL), cell)
marked = st.builds(lambda a, b: a + MARK + b, cell, cell)
fuzz_cell = st.one_of(cell, spiked, marked, st.text(max_size=10), st.sampled_from(
    ["", " ", "1998-02-30", "99999999", "0", "-1", "2147483648", "1e400", "nan", "예", "x" * 300]))


def _quotes_no_cell(exc: ValidationError) -> None:
    text = " ".join(exc.errors.values())
    assert MARK not in text and not any(ch in text for ch in SPECIAL)


@settings(max_examples=2500, **FAST)
@given(st.dictionaries(st.sampled_from(YOUTH_KEYS), fuzz_cell, max_size=3))
def test_youth_cells_are_an_input_or_korean_field_errors(over):
    cells = {**VALID_YOUTH, **over}
    try:
        inp = YOUTH.validate(SERVICES, cells)
    except ValidationError as exc:
        assert exc.errors and set(exc.errors) <= set(YOUTH_KEYS) | {"__all__"}
        _quotes_no_cell(exc)
        return
    assert inp.phone.isdigit() and 1 <= inp.retention_years <= 10


@settings(max_examples=1200, **FAST)
@given(st.dictionaries(st.sampled_from(COMPANY_KEYS), fuzz_cell, max_size=3))
def test_company_cells_are_an_input_or_korean_field_errors(over):
    cells = {**VALID_COMPANY, **over}
    try:
        inp = COMPANIES.validate(SERVICES, cells)
    except ValidationError as exc:
        assert exc.errors and set(exc.errors) <= set(COMPANY_KEYS) | {"__all__"}
        _quotes_no_cell(exc)
        return
    assert len(inp.biz_no) == 10


# -- through a real commit ------------------------------------------------------------
@pytest.fixture(scope="module")
def desk(sqlite_template, tmp_path_factory):
    import shutil

    from models.core.db import Database, sqlite_url
    from models.registry import Services
    from tests.conftest import FAST_HASHER
    path = tmp_path_factory.mktemp("fuzz-import") / "yjd.db"
    shutil.copy(sqlite_template, path)
    shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")
    db = Database(sqlite_url(path))
    services = Services(db, clock=FakeClock(), hasher=FAST_HASHER)
    world = make_world(services)
    yield services, world
    db.dispose()


POOL = youths(40)
row_strategy = st.one_of(
    st.sampled_from(range(len(POOL))).map(lambda i: list(POOL[i])),
    st.tuples(st.sampled_from(range(len(POOL))), st.integers(0, 6), fuzz_cell).map(
        lambda t: [c if k != t[1] else t[2] for k, c in enumerate(POOL[t[0]])]),
)


@settings(max_examples=300, **FAST)
@given(st.lists(row_strategy, min_size=1, max_size=5), st.sampled_from(["utf-8", "cp949", "utf-8-sig"]),
       st.sampled_from(["skip", "merge"]))
def test_a_commit_writes_every_row_it_reports_or_nothing(desk, rows, encoding, duplicates):
    services, world = desk
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([HEADERS, *rows])
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = out.getvalue().encode("utf-8", "replace")  # a lone surrogate no file can hold
    before_youth, before_audit = count(services.db, "youth"), count(services.db, "audit_log")
    try:
        table = reading.read_bytes(data, "f.csv")
        pv = engine.preview(services, world.admin, world.a, YOUTH, table,
                            mapping.auto_map(table.headers, YOUTH.fields))
        actions = {r.index: (engine.Action.MERGE if duplicates == "merge" and not r.merge_refusal
                             else engine.Action.SKIP) if r.matches else engine.Action.NEW
                   for r in pv.rows if r.ok}
        report = engine.commit(services, world.admin, pv, actions)
    except DomainError:
        assert count(services.db, "youth") == before_youth
        assert count(services.db, "audit_log") == before_audit
        return
    assert report.written and report.errors == 0
    assert count(services.db, "youth") == before_youth + report.new
    assert report.new + report.merged + report.skipped == len(pv.rows)


def test_the_audit_chain_holds_after_the_fuzzed_commits(desk):
    services, _ = desk
    with services.db.engine.connect() as conn:
        assert audit_chain.verify(conn).broken is None
