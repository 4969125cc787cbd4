"""The month's matching for the export (models/companies/exports.py): the 운영 실적 figures
are the month's counts, the events are the month's transitions at the facility in day
order (not October's, not CAFE-B's), with referral numbers and no youth, contact, note or
reason; recorded once as an output after the file was written, nothing when the write
fails; the front desk and another facility's counselor are refused. On both backends."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from models.companies.exports import EVENTS, FIGURES, HEADERS, month_export, referral_ref
from models.core.errors import PermissionDenied
from tests.factories.companies import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    CONTACT_PHONE,
    company_data,
    opening_data,
    refer,
    walk,
)
from tests.factories.rooms import TODAY

NOTE = f"{CONTACT_NAME} 담당자 통화: 연봉 조건 불일치"


def _outputs(db) -> list[tuple]:
    with db.engine.connect() as c:
        return c.execute(text("SELECT username, entity, facility_id, detail FROM audit_log WHERE action = 'output' "
                              "ORDER BY id")).all()


@pytest.fixture
def month(services, world, mw):
    """November at CAFE-A: two referrals (one hired on the 26th, one ended with a typed
    reason), one referred in October; and a referral at CAFE-B."""
    r1 = refer(services, world.counselor, world, mw.opening, mw.y1, channel="on_site", day=date(2026, 11, 2))
    r2 = refer(services, world.counselor, world, mw.opening, mw.y2, channel="online", day=date(2026, 11, 5))
    r0 = refer(services, world.counselor, world, mw.opening, mw.y3, channel="online", day=date(2026, 10, 28))
    walk(services, world.counselor, r1, ["screening", "interview", "passed"], day=date(2026, 11, 20))
    walk(services, world.counselor, r1, ["hired"], day=date(2026, 11, 26))
    v = services.companies.get_referral(world.counselor, r2).version
    services.companies.move(world.counselor, r2, "withdrew", v, on=date(2026, 11, 9),
                            note=NOTE)
    cs = services.companies
    other = cs.create_company(mw.b_counselor, world.b, company_data(9))
    job = cs.open_job(mw.b_counselor, other, opening_data())
    cs.refer(mw.b_counselor, world.b, {"opening_id": job, "youth_id": mw.y1, "channel": "online",
                                       "referred_on": TODAY})
    return r0, r1, r2


def test_the_figures_and_the_months_events_without_any_person(services, world, mw, month, db):
    r0, r1, r2 = month
    written = []
    table = month_export(services.companies, world.counselor, world.a, 2026, 11, write=written.append)
    assert written == [table]
    counts = services.companies.monthly_counts(world.counselor, world.a, 2026, 11)
    assert table.counts == counts and (counts.referrals, counts.interviews, counts.hires) == (2, 1, 1)
    events = [(e.on, e.referral_id, e.to_stage.value) for e in table.events]
    assert events == [(date(2026, 11, 2), r1, "referred"), (date(2026, 11, 5), r2, "referred"),
                      (date(2026, 11, 9), r2, "withdrew"), (date(2026, 11, 20), r1, "screening"),
                      (date(2026, 11, 20), r1, "interview"), (date(2026, 11, 20), r1, "passed"),
                      (date(2026, 11, 26), r1, "hired")]
    assert r0 not in {e.referral_id for e in table.events}
    rows = table.rows()
    assert all(len(r) == len(HEADERS) for r in rows)
    figures = {(r[1], r[6]): r[9] for r in rows if r[0] == FIGURES}
    assert figures[("청년-기업매칭", "합계")] == 1 and figures[("청년-기업매칭", "현장방문")] == 1
    assert figures[("추천", "합계")] == 2 and figures[("추천", "온라인")] == 1
    assert figures[("구인기업 발굴", "합계")] == counts.companies_found
    hire = next(r for r in rows if r[0] == EVENTS and r[8] == "입사")
    assert hire[2] == date(2026, 11, 26) and hire[3] == referral_ref(r1) == f"R-{r1:06d}"
    assert hire[6] == "현장방문" and hire[7] == "합격"
    with db.engine.connect() as c:
        youth = [n for row in c.execute(text("SELECT name, phone FROM youth")).all() for n in row]
    cells = " ".join(str(v) for r in rows for v in r)
    for secret in [*youth, CONTACT_NAME, CONTACT_PHONE, "7777", CONTACT_EMAIL, NOTE, "연봉 조건"]:
        assert secret not in cells, secret
    [(who, entity, fid, detail)] = _outputs(db)
    assert (who, entity, fid) == (world.counselor.username, "referral_transition", world.a)
    assert detail == "매칭 실적 내보내기 2026-11 (추천 이력 7건, 입사 1건)"


def test_a_write_that_fails_records_nothing(services, world, mw, month, db):
    def broken(_table):
        raise OSError("disk full")

    with pytest.raises(OSError):
        month_export(services.companies, world.counselor, world.a, 2026, 11, write=broken)
    assert _outputs(db) == []


def test_the_front_desk_and_another_facilitys_counselor_are_refused(services, world, mw, db):
    with pytest.raises(PermissionDenied):
        month_export(services.companies, world.front_desk, world.a, 2026, 11)
    with pytest.raises(PermissionDenied):  # CAFE-B is not the counselor's facility
        month_export(services.companies, world.counselor, world.b, 2026, 11)
    assert _outputs(db) == []
