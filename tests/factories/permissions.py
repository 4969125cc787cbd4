"""The permission matrix's calls and who may make each: shared by the matrix test
(tests/models/core/test_permissions.py) and the live check's (test_live_permissions.py).

Each ``Call`` names a service call; ``ALLOWED`` says which roles may make it at their own
facility (at another facility only the admin may); ``WRITES`` the calls that write.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from models.core.enums import Role
from tests.factories.world import youth_data
from tests.models.util import facility_data

ROLES = ["admin", "manager", "counselor", "front_desk", "no_role"]
_serial = itertools.count(1)


def _n() -> int:
    return next(_serial)


@dataclass(frozen=True)
class Call:
    name: str
    run: object  # (services, actor, target: SimpleNamespace) -> None
    prepare: object = None  # (services, world, facility_id) -> dict of extra target values
    per_facility: bool = True  # False: the call has no facility (accounts, audit, create)


def _user(sv, w, fid):
    uid = sv.accounts.create_user(
        w.admin, {"username": f"target{_n()}", "display_name": "대상", "password": "pass1234"})
    grant = sv.accounts.grant_role(w.admin, uid, Role.COUNSELOR, fid)
    return {"user_id": uid, "grant_id": grant}


def _room(sv, w, fid):
    return {"room_id": sv.facilities.add_room(
        w.admin, fid, {"name": f"스터디룸 {_n()}", "kind": "study_room", "capacity": 4})}


def _fresh_youth():
    """A youth that duplicates no one: its own birth date and phone."""
    n = _n()
    return youth_data(name="김청년", birth_date=date(1995, 1, 1) + timedelta(days=n),
                      phone=f"010{n:08d}")


def _youth(sv, w, fid):
    return {"youth_id": sv.youth.create(w.admin, fid, _fresh_youth())}


def _facility_input(sv, t):
    data = sv.facilities.get(t.admin, t.fid).as_input()
    return {**data, "name": f"{data['name']} {_n()}"}


def _company_data() -> dict:
    from tests.factories.companies import company_data
    return company_data(_n())


def _company(sv, w, fid):
    from tests.factories.companies import company_data
    cid = sv.companies.create_company(w.admin, fid, company_data(_n()))
    return {"company_id": cid}


def _contact(sv, w, fid):
    from tests.factories.companies import contact_data
    cid = _company(sv, w, fid)["company_id"]
    return {"contact_id": sv.companies.add_contact(w.admin, cid, contact_data())}


def _opening(sv, w, fid):
    from tests.factories.companies import opening_data
    cid = _company(sv, w, fid)["company_id"]
    return {"opening_id": sv.companies.open_job(w.admin, cid, opening_data()), **_youth(sv, w, fid),
            "counselor_id": _user(sv, w, fid)["user_id"]}


def _referral(sv, w, fid):
    t = _opening(sv, w, fid)
    rid = sv.companies.refer(w.admin, fid, {"opening_id": t["opening_id"], "youth_id": t["youth_id"],
                                            "channel": "online", "counselor_id": t["counselor_id"]})
    return {"referral_id": rid}


def _matching_day(sv, w, fid):
    t = _opening(sv, w, fid)
    did = sv.companies.create_matching_day(w.admin, fid, {"title": "매칭데이", "held_on": date(2026, 11, 27)})
    sv.companies.add_day_opening(w.admin, did, t["opening_id"])
    sv.companies.register_youth(w.admin, did, t["youth_id"])
    return {"day_id": did, **t}


CALLS = [
    Call("facilities.create",
         lambda sv, a, t: sv.facilities.create(a, facility_data(code=f"NEW-{_n()}")),
         per_facility=False),
    Call("facilities.update",
         lambda sv, a, t: sv.facilities.update(a, t.fid, _facility_input(sv, t))),
    Call("facilities.set_active", lambda sv, a, t: sv.facilities.set_active(a, t.fid, True)),
    Call("facilities.add_room",
         lambda sv, a, t: sv.facilities.add_room(
             a, t.fid, {"name": f"회의실 {_n()}", "kind": "meeting_room", "capacity": 8})),
    Call("facilities.update_room",
         lambda sv, a, t: sv.facilities.update_room(
             a, t.room_id, {"name": f"스터디룸 {_n()}", "kind": "study_room", "capacity": 6}),
         prepare=_room),
    Call("accounts.list_users", lambda sv, a, t: sv.accounts.list_users(a), per_facility=False),
    Call("accounts.create_user",
         lambda sv, a, t: sv.accounts.create_user(
             a, {"username": f"new{_n()}", "display_name": "새 직원", "password": "pass1234"}),
         per_facility=False),
    Call("accounts.grant_role",
         lambda sv, a, t: sv.accounts.grant_role(a, t.user_id, Role.FRONT_DESK, t.fid),
         prepare=_user),
    Call("accounts.revoke_role", lambda sv, a, t: sv.accounts.revoke_role(a, t.grant_id),
         prepare=_user),
    Call("accounts.reset_password",
         lambda sv, a, t: sv.accounts.reset_password(a, t.user_id, "newpass123"), prepare=_user),
    Call("accounts.set_active",
         lambda sv, a, t: sv.accounts.set_active(a, t.user_id, False), prepare=_user),
    Call("youth.search", lambda sv, a, t: sv.youth.search(a, t.fid, "김")),
    Call("youth.get", lambda sv, a, t: sv.youth.get(a, t.fid, t.youth_id), prepare=_youth),
    Call("youth.contact", lambda sv, a, t: sv.youth.contact(a, t.fid, t.youth_id),
         prepare=_youth),
    Call("youth.create", lambda sv, a, t: sv.youth.create(a, t.fid, _fresh_youth())),
    Call("youth.update",
         lambda sv, a, t: sv.youth.update(a, t.fid, t.youth_id, _fresh_youth()), prepare=_youth),
    Call("audit.list", lambda sv, a, t: sv.audit.list(a), per_facility=False),
    Call("counseling.log_session",
         lambda sv, a, t: sv.counseling.log_session(
             a, t.fid, {"youth_id": t.youth_id, "mode": "phone", "kind": "initial", "summary": "첫 상담"}),
         prepare=_youth),
    Call("counseling.caseload", lambda sv, a, t: sv.counseling.caseload(a, t.fid, everyone=True)),
    Call("counseling.take", lambda sv, a, t: sv.counseling.take(a, t.fid, t.youth_id), prepare=_youth),
    Call("counseling.monthly_counts", lambda sv, a, t: sv.counseling.monthly_counts(a, t.fid, 2026, 11)),
    Call("youth.record_sensitive_consent",
         lambda sv, a, t: sv.youth.record_sensitive_consent(a, t.fid, t.youth_id, date(2026, 11, 1)),
         prepare=_youth),
    Call("companies.create_company", lambda sv, a, t: sv.companies.create_company(
        a, t.fid, _company_data())),
    Call("companies.companies", lambda sv, a, t: sv.companies.companies(a, t.fid, "기업")),
    Call("companies.reveal_contact", lambda sv, a, t: sv.companies.reveal_contact(a, t.contact_id),
         prepare=_contact),
    Call("companies.open_job", lambda sv, a, t: sv.companies.open_job(
        a, t.company_id, {"title": "인턴 모집", "employment_type": "intern"}), prepare=_company),
    Call("companies.refer", lambda sv, a, t: sv.companies.refer(
        a, t.fid, {"opening_id": t.opening_id, "youth_id": t.youth_id, "channel": "on_site",
                   "counselor_id": t.counselor_id}), prepare=_opening),
    Call("companies.move", lambda sv, a, t: sv.companies.move(a, t.referral_id, "screening", 1),
         prepare=_referral),
    Call("companies.move_override", lambda sv, a, t: sv.companies.move(
        a, t.referral_id, "hired", 1, override_reason="매칭데이 현장 채용"), prepare=_referral),
    Call("companies.board", lambda sv, a, t: sv.companies.board(a, t.opening_id), prepare=_opening),
    Call("companies.monthly_counts", lambda sv, a, t: sv.companies.monthly_counts(a, t.fid, 2026, 11)),
    Call("companies.create_matching_day", lambda sv, a, t: sv.companies.create_matching_day(
        a, t.fid, {"title": "일자리 매칭데이", "held_on": date(2026, 12, 10), "place": "시민청"})),
    Call("companies.book_interview", lambda sv, a, t: sv.companies.book_interview(
        a, t.day_id, t.opening_id, t.youth_id, 0), prepare=_matching_day),
    Call("companies.set_match_settings",
         lambda sv, a, t: sv.companies.set_match_settings(a, t.fid, {"stale_days": 1 + _n() % 300})),
]

ADMIN_ONLY = {"admin"}
FACILITY_STAFF = {"admin", "manager", "counselor", "front_desk"}
COUNSELING_STAFF = {"manager", "counselor"}
MATCHING_STAFF = {"admin", "manager", "counselor"}
# who may make the call at their own facility; at another facility only the admin may
ALLOWED = {
    "facilities.create": ADMIN_ONLY,
    "facilities.update": {"admin", "manager"},
    "facilities.set_active": ADMIN_ONLY,
    "facilities.add_room": {"admin", "manager"},
    "facilities.update_room": {"admin", "manager"},
    "accounts.list_users": ADMIN_ONLY,
    "accounts.create_user": ADMIN_ONLY,
    "accounts.grant_role": ADMIN_ONLY,
    "accounts.revoke_role": ADMIN_ONLY,
    "accounts.reset_password": ADMIN_ONLY,
    "accounts.set_active": ADMIN_ONLY,
    "youth.search": FACILITY_STAFF,
    "youth.get": FACILITY_STAFF,
    "youth.contact": FACILITY_STAFF,
    "youth.create": FACILITY_STAFF,
    "youth.update": FACILITY_STAFF,
    "audit.list": ADMIN_ONLY,
    # counseling text is the facility's counseling staff's; the city admin counts only
    "counseling.log_session": COUNSELING_STAFF,
    "counseling.caseload": COUNSELING_STAFF,
    "counseling.take": COUNSELING_STAFF,
    "counseling.monthly_counts": {"admin", "manager", "counselor"},
    "youth.record_sensitive_consent": COUNSELING_STAFF,
    # companies and matching: the facility's counselors and manager, the city admin
    # everywhere; the front desk none; rule overrides and settings the manager
    "companies.create_company": MATCHING_STAFF,
    "companies.companies": MATCHING_STAFF,
    "companies.reveal_contact": MATCHING_STAFF,
    "companies.open_job": MATCHING_STAFF,
    "companies.refer": MATCHING_STAFF,
    "companies.move": MATCHING_STAFF,
    "companies.move_override": {"admin", "manager"},
    "companies.board": MATCHING_STAFF,
    "companies.monthly_counts": MATCHING_STAFF,
    "companies.set_match_settings": {"admin", "manager"},
    "companies.create_matching_day": MATCHING_STAFF,
    "companies.book_interview": MATCHING_STAFF,
}
WRITES = {"facilities.create", "facilities.update", "facilities.set_active",
          "facilities.add_room", "facilities.update_room", "accounts.create_user",
          "accounts.grant_role", "accounts.revoke_role", "accounts.reset_password",
          "accounts.set_active", "youth.contact", "youth.create", "youth.update",
          "counseling.log_session", "counseling.take", "youth.record_sensitive_consent",
          "companies.create_company", "companies.reveal_contact", "companies.open_job", "companies.refer",
          "companies.move", "companies.move_override", "companies.set_match_settings",
          "companies.create_matching_day", "companies.book_interview"}
