"""Who sees what (PIPA): the summary is for the facility's counselors and manager; the
confidential note for its author, the youth's assigned counselor and the facility manager
only, each opening an audit read (who, whose, when); the front desk sees neither and the
city admin only counts. The service refuses, whatever the GUI shows; on both backends."""

from __future__ import annotations

import pytest

from models.core.enums import Role
from models.core.errors import PermissionDenied
from models.core.permissions import COUNSELING_TEXT, ROLE_PERMISSIONS, Perm
from tests.factories.counseling import NOTE, log, staff
from tests.models.util import audit_rows, count


@pytest.fixture
def case(services, world, cw):
    """A session by counselor2 (the author) about y1, whose case the manager then gives to
    the world's counselor (the assigned counselor)."""
    sid = log(services, cw.counselor2, world, cw.y1)
    case = services.counseling.case_of(world.manager, world.a, cw.y1)
    services.counseling.transfer(world.manager, case.id, world.counselor.user_id, "담당 조정")
    return sid


def _actors(services, world, cw):
    return {"author": cw.counselor2, "assigned": world.counselor, "manager": world.manager,
            "other_counselor": staff(services, world, "counselor3"), "front_desk": world.front_desk,
            "admin": world.admin, "other_facility": cw.b_counselor}


NOTE_READERS = {"author", "assigned", "manager"}
SUMMARY_READERS = NOTE_READERS | {"other_counselor"}


def test_who_may_open_the_note_and_who_sees_the_summary(services, world, cw, case):
    actors = _actors(services, world, cw)
    wrong = []
    for who, actor in actors.items():
        reads = count(services.db, "audit_log")
        try:
            view = services.counseling.note(actor, case)
            assert view.text == NOTE and NOTE not in repr(view)
            opened = True
        except PermissionDenied as exc:
            opened = False
            assert NOTE not in exc.message and count(services.db, "audit_log") == reads
        if opened != (who in NOTE_READERS):
            wrong.append(f"note {who}: {opened}")
        try:
            row = services.counseling.get_session(actor, case)
            seen = True
            if row.note_readable != (who in NOTE_READERS):
                wrong.append(f"note_readable {who}: {row.note_readable}")
        except PermissionDenied:
            seen = False
        if seen != (who in SUMMARY_READERS):
            wrong.append(f"summary {who}: {seen}")
    assert wrong == []


def test_every_opening_of_a_note_is_an_audit_read(services, world, cw, case, clock):
    services.counseling.note(world.manager, case)
    clock.advance(minutes=5)
    services.counseling.note(world.counselor, case)
    rows = [r for r in audit_rows(services.db, action="read") if r.entity == "counseling_session"]
    assert [(r.username, r.entity_id, r.facility_id) for r in rows] == [
        ("manager", str(case), world.a), ("counselor", str(case), world.a)]
    assert all(f"청년 #{cw.y1}" in r.detail and NOTE not in r.detail for r in rows)
    assert rows[1].at > rows[0].at


def test_the_front_desk_and_the_admin_get_nothing_but_counts(services, world, cw, case):
    for actor in (world.front_desk, world.admin):
        for call in (lambda a: services.counseling.youth_sessions(a, world.a, cw.y1),
                     lambda a: services.counseling.caseload(a, world.a, everyone=True),
                     lambda a: services.counseling.followups(a, world.a, everyone=True),
                     lambda a: services.counseling.timeline(a, world.a, cw.y1),
                     lambda a: services.counseling.log_session(a, world.a, {"youth_id": cw.y1, "mode": "phone",
                                                                           "kind": "deep"})):
            with pytest.raises(PermissionDenied):
                call(actor)
    assert services.counseling.monthly_counts(world.admin, world.a, 2026, 11).sessions == 1
    assert services.counseling.monthly_counts(world.admin, None, 2026, 11).sessions == 1
    with pytest.raises(PermissionDenied):
        services.counseling.monthly_counts(world.front_desk, world.a, 2026, 11)
    with pytest.raises(PermissionDenied):  # a manager counts their own facility only
        services.counseling.monthly_counts(world.manager, None, 2026, 11)


def test_the_admin_role_lacks_exactly_the_counseling_text_permissions():
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Perm) - COUNSELING_TEXT
    assert Perm.COUNSELING_COUNTS in ROLE_PERMISSIONS[Role.ADMIN]
    assert not ROLE_PERMISSIONS[Role.FRONT_DESK] & (COUNSELING_TEXT | {Perm.COUNSELING_COUNTS})


def test_an_admin_who_also_manages_a_facility_reads_its_notes(services, world, cw, case):
    services.accounts.grant_role(world.admin, world.admin.user_id, Role.MANAGER, world.a)
    admin = services.accounts.refresh_actor(world.admin.user_id)
    assert services.counseling.note(admin, case).text == NOTE
    with pytest.raises(PermissionDenied):
        services.counseling.caseload(admin, world.b, everyone=True)
