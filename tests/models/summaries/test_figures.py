"""The monthly summary's figures on a month of known records (tests/models/summaries/
builders.py): every figure exactly, the evidence adding up to each, the month's
boundaries in Asia/Seoul, voided sessions left out, and a past month unchanged when a
referral moves on. Both backends."""

from __future__ import annotations

from datetime import date

import pytest

from models.summaries import figures as F
from models.summaries.service import for_services
from tests.models.summaries.builders import (
    EXPECTED,
    LAST_YEAR,
    NOV,
    YEAR_TO_DATE,
    build_month,
    seoul,
)


@pytest.fixture
def month(services, clock, world):
    return build_month(services, clock, world)


def _counts(services, key, period, ids):
    return services.db.read(lambda s: F.counts(s, key, period, ids))


def _evidence(services, key, period, ids):
    return services.db.read(lambda s: F.evidence(s, key, period, ids))


def test_every_figure_of_the_month_exactly(services, world, month):
    nov = F.month(*NOV)
    for key, expected in EXPECTED.items():
        got = {k: v for k, v in _counts(services, key, nov, [world.a]).of(world.a).items() if v}
        if isinstance(expected, str):  # by room: "room:<value>"
            expected = {str(month.room): int(expected.split(":")[1])}
        assert got == expected, key


def test_last_year_and_year_to_date(services, world, month):
    for period, table in ((F.month(2025, 11), LAST_YEAR), (F.year_to_date(*NOV), YEAR_TO_DATE)):
        for key, expected in table.items():
            got = {k: v for k, v in _counts(services, key, period, [world.a]).of(world.a).items() if v}
            assert got == expected, (period.key, key)


def test_evidence_rows_add_up_to_every_figure(services, world, month):
    """For every named figure: the records it lists sum to the value it shows, in total
    and per category, for the facility and for every facility at once."""
    for period in (F.month(*NOV), F.month(2025, 11), F.year_to_date(*NOV)):
        for ids in ([world.a], None):
            for key in F.FIGURES:
                counts = _counts(services, key, period, ids)
                rows = _evidence(services, key, period, ids)
                assert sum(r.amount for r in rows) == counts.total(), (key, period.key)
                per = {}
                for r in rows:
                    per[r.category] = per.get(r.category, 0) + r.amount
                assert per == {k: v for k, v in counts.of().items() if v}, (key, period.key)
                assert all(period.first <= r.day < period.after for r in rows), key


def test_the_month_ends_at_midnight_in_seoul(services, world, month):
    """A youth registered, a session held and a booking made at 23:59 on 30 November
    count in November; those at 00:00 on 1 December count in December."""
    nov, dec = F.month(*NOV), F.month(2026, 12)
    assert month.youths[2] in {r.record_id for r in _evidence(services, "recruit", nov, [world.a])}
    assert month.youths[4] not in {r.record_id for r in _evidence(services, "recruit", nov, [world.a])}
    assert [r.record_id for r in _evidence(services, "recruit", dec, [world.a])] == [month.youths[4]]
    late = [r for r in _evidence(services, "counseling", nov, [world.a]) if r.record_id == month.sessions[3]]
    assert late and (late[0].at.hour, late[0].at.minute, late[0].day) == (23, 59, date(2026, 11, 30))
    assert [r.record_id for r in _evidence(services, "counseling", dec, [world.a])] == [month.sessions[4]]
    assert [r.record_id for r in _evidence(services, "room_bookings", dec, [world.a])] == [month.bookings[3]]
    assert [r.record_id for r in _evidence(services, "companies", dec, [world.a])] == [month.companies[3]]
    assert _counts(services, "hires", dec, [world.a]).of(world.a) == {"on_site": 1}


def test_voided_sessions_and_groups_are_left_out(services, world, month):
    nov = F.month(*NOV)
    ids = {r.record_id for r in _evidence(services, "counseling", nov, [world.a])}
    assert month.sessions[5] not in ids and len(ids) == 4
    groups = {r.record_id for r in _evidence(services, "group_sessions", nov, [world.a])}
    assert groups == {month.group}
    assert F.VOIDED_NOTE in for_services(services).facility(world.admin, world.a, *NOV).document.footnotes


def test_a_past_month_does_not_change_when_a_referral_moves_on(services, clock, world, month):
    svc = for_services(services)
    before = svc.facility(world.manager, world.a, *NOV)
    clock.now = seoul(2026, 12, 3, 10)
    month.walk(month.r3, [("screening", date(2026, 12, 2)), ("interview", date(2026, 12, 3))])
    after = svc.facility(world.manager, world.a, *NOV)
    assert [b.rows for b in after.tables()[:-1]] == [b.rows for b in before.tables()[:-1]]
    nov = F.month(*NOV)
    assert _counts(services, "interviews", nov, [world.a]).of(world.a) == {"online": 1, "on_site": 1}
    assert _counts(services, "interviews", F.month(2026, 12), [world.a]).of(world.a) == {"city_programme": 1}


def test_the_city_adds_up_the_facilities(services, world, month):
    nov = F.month(*NOV)
    city = _counts(services, "recruit", nov, None)
    assert city.of(world.a) == {"on_site": 2, "online": 1, "city_programme": 1}
    assert city.of(world.b) == {"online": 1}
    assert city.total() == 5


def test_the_months_of_the_trend(services, world, month):
    periods = F.trailing(*NOV, 12)
    assert periods[0].key == "2025-12" and periods[-1].key == "2026-11"
    values = services.db.read(lambda s: F.monthly(s, "recruit", periods, [world.a]))
    assert values[-1] == 4 and values[3] == 1 and sum(values) == 5  # March (the 4th): 1, November: 4
    assert services.db.read(lambda s: F.monthly(s, "counseling", [F.month(*NOV), F.month(2026, 12)],
                                                [world.a])) == [4, 1]
