"""The demo builder: a year of matching in the brief's proportions, consistent with what
the service would have written (each referral's stage is its last transition's, counts
add up, retention follow-ups in the counseling queue). On both backends."""

from __future__ import annotations

import random
import time
from datetime import date

from sqlalchemy import text

from models.companies.demo import generate_matching
from tests.factories.rooms import add_youth


def test_a_year_of_matching(services, world):
    youth = [add_youth(services, world, n) for n in range(60)]
    started = time.perf_counter()
    hires = generate_matching(services, world.admin, youth, random.Random(7), days_back=365, scale=0.25,
                              facility_code="CAFE-A")
    elapsed = time.perf_counter() - started
    assert hires > 100 and elapsed < 20
    with services.db.engine.connect() as conn:
        companies = conn.execute(text("SELECT count(*) FROM company")).scalar()
        mismatched = conn.execute(text(
            "SELECT count(*) FROM referral r WHERE r.stage <> (SELECT t.to_stage FROM referral_transition t "
            "WHERE t.referral_id = r.id ORDER BY t.id DESC LIMIT 1)")).scalar()
        hired = conn.execute(text("SELECT count(*) FROM referral_transition WHERE to_stage = 'hired'")).scalar()
    assert 100 < companies < 170 and mismatched == 0 and hired == hires
    total_hires = total_found = 0
    for month in range(1, 13):
        year = 2026 if month <= 11 else 2025
        c = services.companies.monthly_counts(world.admin, world.a, year, month)
        assert c.hires == sum(c.by("hire").values()) and c.companies_found == sum(c.by("found_via").values())
        total_hires += c.hires
        total_found += c.companies_found
    assert total_found <= companies and total_hires <= hires
    dec = services.companies.monthly_counts(world.admin, world.a, 2025, 12)
    assert dec.by("hire").get("online", 0) >= dec.by("hire").get("on_site", 0)
    assert services.counseling.followups(world.counselor, world.a, until=date(2027, 6, 1), everyone=True)
    board = services.companies.board(world.manager, services.companies.openings(world.manager, world.a)[0].id)
    assert board.columns
