"""The monthly access-log review (issue 16): per staff account, distinct youths whose
contacts and notes they opened, their outputs with purposes, unusual volume flagged against
their own median, and the review recorded in the audit log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models.core import audit
from models.core.audit_chain import verify
from models.core.errors import PermissionDenied, ValidationError
from models.core.time import SEOUL
from models.lifecycle.access_review import NO_USER, AccessReviewService, is_unusual
from tests.factories.counseling import consent, log, make_counseling
from tests.factories.rooms import add_youth


def _put(db, rows) -> None:
    """Audit rows at given times, in order (as the app appends them: chained)."""
    def work(s):
        audit._append(s, [{"at": at, "user_id": None, "username": who, "action": action, "entity": entity,
                           "entity_id": eid, "facility_id": None, "old_values": None, "new_values": None,
                           "detail": detail} for at, who, action, entity, eid, detail in rows])
    db.write(work)


# the log's ids follow its times; the app's own rows of the fixtures carry today's real time,
# so the made-up months are next year's
Y = datetime.now(UTC).year + 1


def _at(m, d=10, y=Y):
    return datetime(y, m, d, 3, 0, tzinfo=UTC)


@pytest.fixture
def review(services):
    return AccessReviewService.of(services)


def _staff(result, username):
    return next(s for s in result.staff if s.username == username)


def test_counts_distinct_youths_outputs_and_purposes(services, world, review):
    c = make_counseling(services, world)
    consent(services, world, c.y1)
    consent(services, world, c.y2)
    s1 = log(services, world.counselor, world, c.y1)
    s2 = log(services, world.counselor, world, c.y1)
    s3 = log(services, world.counselor, world, c.y2)
    for sid in (s1, s2, s3, s1):  # three sessions of two youths, one opened twice
        services.counseling.note(world.manager, sid)
    for y in (c.y1, c.y1, c.y2, c.y3):  # three youths' contacts, one opened twice
        services.youth.contact(world.front_desk, world.a, y)
    services.counseling.print_record(world.manager, world.a, c.y1, "취업 연계 기관 제출")
    now = datetime.now(SEOUL)  # the audit rows carry the real time
    _put(services.db, [(now, "manager", "output", "booking", None, "예약 내보내기 2026-11 (3건)")])

    month = review.month(world.admin, now.year, now.month)
    fd, mgr = _staff(month, "frontdesk"), _staff(month, "manager")
    assert (fd.youth_contacts, fd.notes, fd.outputs) == (3, 0, 0)
    assert mgr.notes == 2  # youths, not sessions or openings
    assert (mgr.outputs, mgr.without_purpose) == (2, 1)
    assert not month.reviewed and not fd.flagged

    rows = review.rows(world.admin, now.year, now.month, "manager")
    outputs = [r for r in rows if r.action == "output"]
    assert {r.purpose for r in outputs} == {"취업 연계 기관 제출", None}
    assert all("비밀메모" not in (r.what or "") for r in rows)  # the log holds no note text
    assert len([r for r in rows if r.action == "read"]) >= 4
    page = review.rows(world.admin, now.year, now.month, "manager", limit=2)
    rest = review.rows(world.admin, now.year, now.month, "manager", before_id=page[-1].id, limit=500)
    assert [r.id for r in page + rest] == [r.id for r in rows]


def test_flags_more_than_three_times_the_median_with_a_minimum(services, world, review):
    rows = []
    # six earlier months: "heavy" opens 10 youths a month, "light" 1; both accounts are old
    for m in range(5, 11):
        rows += [(_at(m), "heavy", "read", "youth", str(i), "연락처 전체 열람") for i in range(10)]
        rows += [(_at(m), "light", "read", "youth", "1", "연락처 전체 열람")]
    # November: heavy opens 40 (> 3 × 10), light 4 (> 3 × 1 but below the minimum), steady 10
    rows += [(_at(11), "heavy", "read", "youth", str(i), "연락처 전체 열람") for i in range(40)]
    rows += [(_at(11), "light", "read", "youth", str(i), "연락처 전체 열람") for i in range(4)]
    rows += [(_at(11), "heavy", "output", "booking", None, "예약 내보내기 · 목적: 월간 보고")]
    rows += [(_at(12, 1), "heavy", "read", "youth", str(i), "x") for i in range(100, 150)]  # next month
    _put(services.db, rows)

    month = review.month(world.admin, Y, 11)
    heavy, light = _staff(month, "heavy"), _staff(month, "light")
    assert heavy.youth_contacts == 40 and heavy.medians["youth_contacts"] == 10
    assert heavy.flags == {"youth_contacts"}
    assert light.youth_contacts == 4 and not light.flagged
    assert month.staff[0].username == "heavy"  # flagged first
    assert [r.purpose for r in review.rows(world.admin, Y, 11, "heavy") if r.action == "output"] == ["월간 보고"]
    assert not _staff(review.month(world.admin, Y, 10), "heavy").flagged


def test_rule_and_new_accounts(services, world, review):
    assert not is_unusual(4, 1) and is_unusual(10, 3) and not is_unusual(30, 10) and is_unusual(31, 10)
    assert is_unusual(10, 0) and not is_unusual(9, 0)
    assert not is_unusual(29, None) and is_unusual(30, None)
    # an account created this month has no earlier months: its zero months do not count
    now = datetime.now(SEOUL)
    _put(services.db, [(now, "counselor", "read", "youth", str(i), "") for i in range(12)])
    _put(services.db, [(now, None, "output", "database", "copy.db", "백업")])
    month = review.month(world.admin, now.year, now.month)
    assert _staff(month, "counselor").medians["youth_contacts"] is None
    assert not _staff(month, "counselor").flagged
    assert _staff(month, NO_USER).outputs == 1


def test_review_is_recorded_in_the_chained_log(services, world, review):
    add_youth(services, world, 0)
    with pytest.raises(ValidationError) as e:
        review.mark_reviewed(world.admin, 2026, 11, "  ")
    assert "note" in e.value.errors
    with pytest.raises(ValidationError):
        review.mark_reviewed(world.admin, 2027, 1, "미래")
    with pytest.raises(PermissionDenied):
        review.mark_reviewed(world.manager, 2026, 11, "점검")
    with pytest.raises(PermissionDenied):
        review.month(world.manager, 2026, 11)
    review.mark_reviewed(world.admin, 2026, 11, "이상 없음. 출력 목적 모두 기재됨")
    done = review.month(world.admin, 2026, 11).reviewed
    assert done.username == "admin" and done.note == "이상 없음. 출력 목적 모두 기재됨"
    assert review.month(world.admin, 2026, 10).reviewed is None
    with services.db.engine.connect() as c:
        assert verify(c).ok
    with pytest.raises(ValidationError):
        review.month(world.admin, 2026, 13)


def test_an_empty_month_and_a_clock_set_back(services, world, review):
    # December written first, then November's rows (a desk whose clock ran ahead, then set back)
    _put(services.db, [(_at(12, 5), "manager", "read", "youth", str(i), "연락처 전체 열람") for i in range(3)])
    _put(services.db, [(_at(11, 5), "manager", "read", "youth", str(i), "연락처 전체 열람") for i in range(5)])
    assert _staff(review.month(world.admin, Y, 11), "manager").youth_contacts == 5
    assert _staff(review.month(world.admin, Y, 12), "manager").youth_contacts == 3
    assert review.month(world.admin, Y, 3).staff == ()
