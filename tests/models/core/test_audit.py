"""The audit trail: who, when, what; masked personal data; reads; append-only storage."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.audit_log.service import AuditFilter
from models.core.audit_table import AuditLog
from models.core.enums import AuditAction
from models.facilities.tables import Room
from tests.factories.world import youth_data
from tests.models.util import audit_dump, audit_rows, count, load


def test_insert_records_who_when_entity_id_and_new_values(services, world):
    before = datetime.now(UTC)
    rid = services.facilities.add_room(world.manager, world.a,
                                       {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    after = datetime.now(UTC)

    [row] = audit_rows(services.db, entity="room")
    assert row.action is AuditAction.INSERT
    assert (row.user_id, row.username) == (world.manager.user_id, "manager")
    assert row.entity_id == str(rid) and row.facility_id == world.a
    assert row.at.tzinfo is not None and before <= row.at <= after
    assert row.old_values is None
    assert row.new_values == {"id": rid, "facility_id": world.a, "name": "스터디룸 A",
                              "kind": "study_room", "capacity": 4, "is_active": True}


def test_update_records_only_the_changed_values_old_and_new(services, world):
    rid = services.facilities.add_room(world.admin, world.a,
                                       {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    services.facilities.update_room(world.manager, rid,
                                    {"name": "스터디룸 A", "kind": "study_room", "capacity": 6})
    # saving without a change records nothing
    services.facilities.update_room(world.manager, rid,
                                    {"name": "스터디룸 A", "kind": "study_room", "capacity": 6})

    rows = audit_rows(services.db, entity="room", entity_id=str(rid))
    assert [r.action for r in rows] == [AuditAction.INSERT, AuditAction.UPDATE]
    assert rows[1].username == "manager"
    assert (rows[1].old_values, rows[1].new_values) == ({"capacity": 4}, {"capacity": 6})


def test_delete_records_the_old_values(services, world):
    rid = services.facilities.add_room(world.admin, world.a,
                                       {"name": "상담실", "kind": "counseling_room", "capacity": 2})

    def delete(s):
        s.delete(s.get(Room, rid))

    services.db.write(delete, actor=world.admin)

    row = audit_rows(services.db, entity="room", action=AuditAction.DELETE)[0]
    assert (row.username, row.entity_id, row.new_values) == ("admin", str(rid), None)
    assert row.old_values["name"] == "상담실" and row.old_values["capacity"] == 2


def test_personal_data_is_masked_and_password_hashes_never_stored(services, world):
    yid = services.youth.create(world.counselor, world.a, youth_data())
    services.youth.update(world.counselor, world.a, yid,
                          youth_data(name="홍길순", phone="010-9876-4321", email="new@example.com"))
    services.accounts.reset_password(world.admin, world.counselor.user_id, "secret2024")

    insert, update = audit_rows(services.db, entity="youth", entity_id=str(yid))
    assert insert.new_values["name"] == "홍*동"
    assert insert.new_values["phone"] == "010-****-5678"
    assert insert.new_values["email"] == "h***@example.com"
    assert insert.new_values["birth_date"] == "1998-**-**"
    assert insert.new_values["district"] == "마포구"  # not personal enough to mask
    assert update.old_values == {"name": "홍*동", "phone": "010-****-5678",
                                 "email": "h***@example.com", "updated_at": None}
    assert update.new_values == {"name": "홍*순", "phone": "010-****-4321",
                                 "email": "n***@example.com", "updated_at": services.clock().isoformat()}

    [pw] = [r for r in audit_rows(services.db, entity="user_account", action=AuditAction.UPDATE)
            if "password_hash" in (r.new_values or {})]
    assert pw.new_values["password_hash"] == "(비밀번호)"
    everything = audit_dump(services.db)
    for secret in ("홍길동", "홍길순", "01012345678", "01098764321", "1234-5678", "hong@",
                   "1998-03-15", "$argon2", "secret2024", "pass1234", "admin1234"):
        assert secret not in everything, secret


def test_contact_writes_a_read_row(services, world):
    yid = services.youth.create(world.admin, world.a, youth_data())
    contact = services.youth.contact(world.front_desk, world.a, yid)
    assert (contact.phone, contact.email) == ("01012345678", "hong@example.com")

    [read] = audit_rows(services.db, action=AuditAction.READ)
    assert (read.username, read.user_id) == ("frontdesk", world.front_desk.user_id)
    assert (read.entity, read.entity_id, read.facility_id) == ("youth", str(yid), world.a)
    assert read.detail == "연락처 전체 열람"
    # the masked lists are not reads of personal data
    services.youth.search(world.front_desk, world.a, "홍")
    services.youth.get(world.front_desk, world.a, yid)
    assert len(audit_rows(services.db, action=AuditAction.READ)) == 1


def test_admin_filters_the_log(services, world):
    yid = services.youth.create(world.counselor, world.a, youth_data())
    services.youth.contact(world.counselor, world.a, yid)
    audit = services.audit
    rows = audit.list(world.admin, AuditFilter(username="Counselor"))
    assert {(r.action, r.entity) for r in rows} == {("insert", "youth"), ("read", "youth")}
    assert rows[0].action == "read"  # newest first
    assert audit.count(world.admin, AuditFilter(entity="youth", action="read")) == 1
    assert audit.count(world.admin, AuditFilter(facility_id=world.b)) == 1  # its creation
    today = services.clock().date()
    assert audit.count(world.admin, AuditFilter(date_from=today.replace(year=today.year + 1))) == 0
    assert {"youth", "facility", "user_account", "role_grant"} <= set(audit.entities(world.admin))
    assert "counselor" in audit.usernames(world.admin)


def test_the_log_names_rooms_facilities_and_staff_but_not_youths(services, world):
    room = services.facilities.add_room(world.admin, world.a, {"name": "스터디룸 A", "kind": "study_room",
                                                               "capacity": 4})
    yid = services.youth.create(world.counselor, world.a, youth_data())
    services.rooms.book(world.front_desk, world.a, {
        "room_id": room, "youth_id": yid, "day": "2026-11-30", "start": "14:00", "end": "16:00",
        "identity_confirmed": True})
    [row] = services.audit.list(world.admin, AuditFilter(entity="booking"))
    facility_name = services.facilities.get(world.admin, world.a).name
    assert row.refs["room_id"] == {room: "스터디룸 A"}
    assert row.refs["facility_id"] == {world.a: facility_name}
    assert row.refs["created_by"] == {world.front_desk.user_id: "frontdesk"}
    assert "youth_id" not in row.refs  # a youth's name is personal data: the log keeps the id
    assert row.new_values["youth_id"] == yid


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET username = 'mallory'",
    "DELETE FROM audit_log",
    "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
])
def test_database_refuses_to_change_the_audit_log(db, world, statement):
    before = count(db, "audit_log")
    names = {a.username for a in audit_rows(db)}
    assert before > 0
    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text(statement))
    assert count(db, "audit_log") == before
    assert {a.username for a in audit_rows(db)} == names


def test_orm_changes_to_the_audit_log_are_refused_too(db, world):
    first = load(db, lambda s: s.get(AuditLog, audit_rows(db)[0].id))

    def tamper(s):
        row = s.get(AuditLog, first.id)
        row.detail = "tampered"
        s.add(row)

    with pytest.raises(DBAPIError):
        db.write(tamper)
    assert load(db, lambda s: s.get(AuditLog, first.id)).detail == first.detail
