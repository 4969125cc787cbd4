"""Destruction reaches the append-only logs of other areas (issue 16, migration 0015): a
destroyed youth's referral notes and override reasons and roll-change reasons are
overwritten on both backends, while an ordinary UPDATE or DELETE of those rows is still
refused; and every free-text column of every table holding a youth's id is either erased
or named as not about the person."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers the tables)
from models.lifecycle.destruction import ERASED, NOT_ERASED, TEXTS
from models.lifecycle.privacy import PrivacyService
from models.lifecycle.tables import DestructionReason
from tests.factories.companies import make_matching, refer, walk
from tests.factories.rooms import at
from tests.models.courses.builders import START, make_campus, training_course


def raw(db, sql: str, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def refused(db, sql: str, **params) -> None:
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(sql), params)


def test_every_free_text_of_a_youths_rows_is_erased_or_named_as_not_personal():
    covered = {(t, c) for t, (cols, _) in TEXTS.items() for c in cols} | NOT_ERASED
    missing = []
    for table in SQLModel.metadata.sorted_tables:
        if "youth_id" not in table.c or table.name == "youth_gram":  # the index rows are deleted
            continue
        for column in table.c:
            text_type = isinstance(column.type, (sa.String, sa.Text)) and not getattr(column.type, "enums", None)
            if text_type and (table.name, column.name) not in covered:
                missing.append(f"{table.name}.{column.name}")
    for table, (_, reach) in TEXTS.items():  # the tables reached through a parent: every text column
        if isinstance(reach, tuple):
            for column in SQLModel.metadata.tables[table].c:
                if (isinstance(column.type, (sa.String, sa.Text)) and not getattr(column.type, "enums", None)
                        and (table, column.name) not in covered):
                    missing.append(f"{table}.{column.name}")
    assert missing == []
    assert ("referral_transition", "note") not in NOT_ERASED and ("course_roll_change", "reason") not in NOT_ERASED


def test_a_destroyed_youths_referral_notes_are_overwritten_and_the_log_stays_append_only(services, world):
    m = make_matching(services, world)
    mine, theirs = refer(services, world.counselor, world, m.opening, m.y1), refer(
        services, world.counselor, world, m.opening, m.y2)
    walk(services, world.counselor, mine, ["screening", "rejected"])
    walk(services, world.counselor, theirs, ["screening", "rejected"])
    # an override reason as a manager's exceptional move writes it
    with services.db.engine.begin() as conn:
        conn.execute(text("INSERT INTO referral_transition (referral_id, facility_id, from_stage, to_stage, "
                          "happened_on, note, override_reason, at, by) SELECT referral_id, facility_id, to_stage, "
                          "to_stage, happened_on, '재추천 요청 메모', '본인이 다시 원함', at, by FROM "
                          "referral_transition WHERE referral_id = :r ORDER BY id DESC LIMIT 1"), {"r": mine})
    notes = "SELECT note, override_reason FROM referral_transition WHERE referral_id = :r ORDER BY id"
    before_theirs = raw(services.db, notes, r=theirs)
    assert ("사유: 테스트", None) in raw(services.db, notes, r=mine)

    PrivacyService.of(services).delete_on_request(world.manager, world.a, m.y1, DestructionReason.REQUEST)

    after = raw(services.db, notes, r=mine)
    assert ("사유: 테스트", None) not in after and ("재추천 요청 메모", "본인이 다시 원함") not in after
    assert (ERASED, None) in after and (ERASED, ERASED) in after
    assert all(n in ("", ERASED) and o in (None, ERASED) for n, o in after)
    stages = "SELECT from_stage, to_stage, happened_on FROM referral_transition WHERE referral_id = :r ORDER BY id"
    assert len(raw(services.db, stages, r=mine)) == 4  # the moves themselves stay (the monthly figures)
    assert raw(services.db, notes, r=theirs) == before_theirs  # the other youth's untouched
    # the log is still append-only for everything else
    refused(services.db, "UPDATE referral_transition SET note = 'x' WHERE referral_id = :r", r=theirs)
    refused(services.db, f"UPDATE referral_transition SET note = '{ERASED}', to_stage = 'hired' "
                         "WHERE referral_id = :r", r=theirs)
    refused(services.db, f"UPDATE referral_transition SET happened_on = :d, note = '{ERASED}' "
                         "WHERE referral_id = :r", r=mine, d=date(2020, 1, 1))
    refused(services.db, "DELETE FROM referral_transition WHERE referral_id = :r", r=mine)
    assert raw(services.db, notes, r=theirs) == before_theirs


def test_a_destroyed_youths_roll_change_reasons_are_overwritten_and_the_log_stays_append_only(
        services, world, clock):
    env = make_campus(services, world)
    sc = training_course(services, env, clock, places=2, n=2)
    a, b = sc.trainees
    start = START
    clock.now = at(start, "17:00")
    services.courses.save_roll(env.counselor, sc.course, start, {a: "absent", b: "absent"})
    clock.now = at(date(2026, 12, 8), "09:30")
    services.courses.save_roll(env.manager, sc.course, start, {a: "late", b: "late"}, reason="출입 기록 확인 후 정정")
    youth_a = raw(services.db, "SELECT youth_id FROM course_enrollment WHERE id = :e", e=a)[0][0]
    reasons = "SELECT reason, from_kind, to_kind FROM course_roll_change WHERE enrollment_id = :e"

    PrivacyService.of(services).delete_on_request(world.admin, None, youth_a, DestructionReason.REQUEST)

    assert raw(services.db, reasons, e=a) == [(ERASED, "absent", "late")]
    assert raw(services.db, reasons, e=b) == [("출입 기록 확인 후 정정", "absent", "late")]
    refused(services.db, "UPDATE course_roll_change SET reason = 'x' WHERE enrollment_id = :e", e=b)
    refused(services.db, f"UPDATE course_roll_change SET reason = '{ERASED}', to_kind = 'absent' "
                         "WHERE enrollment_id = :e", e=b)
    refused(services.db, "DELETE FROM course_roll_change WHERE enrollment_id = :e", e=a)
    # the course's status history (the same PostgreSQL function) accepts no update at all
    refused(services.db, "UPDATE course_status_change SET by = by WHERE course_id = :c", c=sc.course)
    assert raw(services.db, reasons, e=b) == [("출입 기록 확인 후 정정", "absent", "late")]
