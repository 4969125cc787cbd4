"""Counseling for the service tests: youths, a second counselor at CAFE-A and one at CAFE-B,
and session inputs.

FakeClock: Friday 2026-11-27 10:00 in Seoul.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import bindparam, text

from models.core.enums import Role
from models.core.types import UTCDateTime
from tests.factories.rooms import TODAY, add_youth, at

NOTE = "비밀메모-가족갈등과 부채 상담 내용"  # looked for in logs, errors and the audit log
SUMMARY = "요약-이력서 방향 논의"


def staff(services, world, username: str, role: Role = Role.COUNSELOR, facility=None):
    uid = services.accounts.create_user(
        world.admin, {"username": username, "display_name": f"{username} 직원", "password": "pass1234"},
        grants=[(role, facility or world.a)])
    return services.accounts.refresh_actor(uid)


def make_counseling(services, world) -> SimpleNamespace:
    """Three youths, a second counselor at CAFE-A and a counselor at CAFE-B."""
    return SimpleNamespace(
        y1=add_youth(services, world, 0), y2=add_youth(services, world, 1), y3=add_youth(services, world, 2),
        counselor2=staff(services, world, "counselor2"),
        b_counselor=staff(services, world, "bcounselor", facility=world.b))


def session_data(youth: int, **over) -> dict:
    data = {"youth_id": youth, "duration_minutes": 30, "mode": "phone", "kind": "deep",
            "topics": ["career"], "summary": SUMMARY, "note": NOTE, "next_step": "이력서 초안 보내기"}
    data.update(over)
    return data


def log(services, actor, world, youth, **over) -> int:
    return services.counseling.log_session(actor, world.a, session_data(youth, **over))


def consent(services, world, youth, day=None):
    services.youth.record_sensitive_consent(world.manager, world.a, youth, day or TODAY - timedelta(days=1))


UPDATE_ADDENDUM = text("UPDATE counseling_addendum SET body = 'x'")
DELETE_ADDENDUM = text("DELETE FROM counseling_addendum")
INSERT_SESSION = text(
    "INSERT INTO counseling_session (facility_id, youth_id, counselor_id, held_at, duration_minutes, mode, "
    "kind, summary, note, next_step, version, created_at, created_by) VALUES (:f, :y, :c, :h, :d, 'phone', "
    "'deep', '', '', '', 1, :h, :c)").bindparams(bindparam("h", type_=UTCDateTime()))


def raw_session(db, facility, youth, counselor, minutes=30) -> None:
    with db.engine.begin() as conn:
        conn.execute(INSERT_SESSION, {"f": facility, "y": youth, "c": counselor, "h": at(TODAY, "09:00"),
                                      "d": minutes})
