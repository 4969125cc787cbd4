"""Fuzzing the companies entry points that take user input: text with NUL and other control
characters, lone surrogates and very long strings, integers outside the 32-bit columns
(ids, versions, wages, headcounts), bad dates and enum values, next to valid values. Only
the app's own errors (``DomainError``) may come out, and then nothing was written; no error
message carries a contact's name, phone or e-mail. ``YJD_FUZZ_EXAMPLES`` cases per backend
over all the entry points (default 150)."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.core.errors import DomainError
from tests.factories.companies import CONTACT_EMAIL, CONTACT_NAME, company_data, refer
from tests.factories.fuzz import bad_int, id_or, int_or, text_or
from tests.factories.rooms import TODAY
from tests.models.util import table_counts

DATES = [None, TODAY, "2026-13-45", "어제", "2020-01-01", 20261127]


@pytest.fixture
def fz(services, world, db, mw):
    rid = refer(services, world.counselor, world, mw.opening, mw.y1)
    return SimpleNamespace(s=services.companies, w=world, db=db, mw=mw, rid=rid,
                           actors=[world.counselor, world.manager])


def _company(fz, draw):
    data = company_data(7, name=draw(text_or("새 기업")), biz_no=draw(st.one_of(
        st.sampled_from(["124-81-00998", "124-81-00997", "", "１２４８１００９９８"]), text_or("220-81-62517"))),
        representative=draw(text_or("")), industry=draw(st.sampled_from(["J", "Z", "", None])),
        size=draw(st.sampled_from(["sme", "x"])), certified=draw(st.sampled_from([True, False, "네"])),
        certified_year=draw(st.one_of(st.none(), int_or(2024))), address=draw(text_or("")),
        district=draw(st.sampled_from(["중구", "", "부산"])), website=draw(text_or("")),
        found_via=draw(st.sampled_from(["online", "tv", None])), found_on=draw(st.sampled_from(DATES)),
        owner_id=draw(st.one_of(st.none(), bad_int)), notes=draw(text_or("")))
    if draw(st.booleans()):
        return lambda: fz.s.create_company(draw(st.sampled_from(fz.actors)), draw(id_or(fz.w.a, fz.w.b)), data)
    return lambda: fz.s.update_company(fz.w.counselor, draw(id_or(fz.mw.company)), data, draw(int_or(1)))


def _contact(fz, draw):
    data = {"name": draw(text_or(CONTACT_NAME)), "role": draw(text_or("")),
            "phone": draw(st.one_of(st.sampled_from(["010-7777-8888", "7777", "010-7777-8888-9"]), text_or(""))),
            "email": draw(st.one_of(st.just(CONTACT_EMAIL), text_or("")))}
    if draw(st.booleans()):
        return lambda: fz.s.add_contact(fz.w.counselor, draw(id_or(fz.mw.company)), data)
    return lambda: fz.s.update_contact(fz.w.counselor, draw(id_or(fz.mw.contact)), data)


def _opening(fz, draw):
    data = {"title": draw(text_or("개발자")), "job_field": draw(text_or("")),
            "employment_type": draw(st.sampled_from(["permanent", "x"])),
            "wage": draw(st.one_of(st.none(), int_or(30_000_000))), "place": draw(text_or("")),
            "headcount": draw(int_or(1)), "deadline": draw(st.sampled_from(DATES))}
    which = draw(st.sampled_from(["open", "update", "status"]))
    if which == "open":
        return lambda: fz.s.open_job(fz.w.counselor, draw(id_or(fz.mw.company)), data)
    if which == "update":
        return lambda: fz.s.update_opening(fz.w.counselor, draw(id_or(fz.mw.opening)), data, draw(int_or(1)))
    return lambda: fz.s.set_opening_status(fz.w.counselor, draw(id_or(fz.mw.opening)),
                                           draw(st.sampled_from(["closed", "x", ""])), draw(int_or(1)))


def _pipeline(fz, draw):
    if draw(st.booleans()):
        data = {"opening_id": draw(id_or(fz.mw.opening)), "youth_id": draw(id_or(fz.mw.y2, fz.mw.y1)),
                "channel": draw(st.sampled_from(["online", "tv"])), "referred_on": draw(st.sampled_from(DATES)),
                "counselor_id": draw(st.one_of(st.none(), bad_int)), "note": draw(text_or(""))}
        return lambda: fz.s.refer(draw(st.sampled_from(fz.actors)), draw(id_or(fz.w.a)), data)
    return lambda: fz.s.move(draw(st.sampled_from(fz.actors)), draw(id_or(fz.rid)),
                             draw(st.sampled_from(["screening", "hired", "rejected", "nope"])), draw(int_or(1)),
                             on=draw(st.sampled_from(DATES)), note=draw(text_or("")),
                             override_reason=draw(st.one_of(st.none(), text_or("사유"))))


def _other(fz, draw):
    which = draw(st.sampled_from(["counts", "settings", "search", "retention"]))
    calls = {
        "counts": lambda: fz.s.monthly_counts(fz.w.manager, fz.w.a, draw(int_or(2026)), draw(int_or(11))),
        "settings": lambda: fz.s.set_match_settings(fz.w.manager, fz.w.a, {"stale_days": draw(int_or(14))}),
        "search": lambda: fz.s.companies(fz.w.counselor, fz.w.a, draw(text_or("기업")), limit=draw(int_or(50))),
        "retention": lambda: fz.s.record_retention(fz.w.counselor, draw(st.one_of(bad_int, st.just(1))),
                                                   draw(st.sampled_from(["employed", "left", "x"])),
                                                   draw(st.sampled_from(DATES))),
    }
    return calls[which]


ENTRY_POINTS = [_company, _contact, _opening, _pipeline, _other]
PER_ENTRY = max(1, int(os.environ.get("YJD_FUZZ_EXAMPLES", "150")) // len(ENTRY_POINTS))


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__.strip("_"))
def test_only_domain_errors_and_no_partial_writes(fz, entry):
    seen = {"cases": 0}

    @settings(max_examples=PER_ENTRY, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(st.data())
    def run(data):
        seen["cases"] += 1
        call = entry(fz, data.draw)
        before = table_counts(fz.db)
        try:
            call()
        except DomainError as exc:
            assert table_counts(fz.db) == before
            for secret in (CONTACT_NAME, CONTACT_EMAIL, "7777"):
                assert secret not in str(exc)

    run()
    assert seen["cases"] >= min(PER_ENTRY, 10)
