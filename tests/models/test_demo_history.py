"""The default demo's history (models/demo.py ``generate``), on a small demo: every open
café and every open campus counsels (a counselor made where the facility had none, the
campus's one shared with its courses), the cafés and the desk find companies and the
campuses none (only the matching kinds match), counseling and matching reach back about
fifteen months (the 전년동월 of the demo's month has figures), the demo accounts keep
their passwords, and the same seed gives the same rows. Both backends."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from sqlalchemy import text

from models.core.db import Database, sqlite_url
from models.demo import generate
from models.registry import Services
from tests.conftest import FAST_HASHER, FakeClock

NOW = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)  # the demo date, 10:00 in Seoul


def _rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_every_open_cafe_and_campus_counsels_and_the_cafes_match(db):
    services = Services(db, clock=FakeClock(NOW), hasher=FAST_HASHER)
    summary = generate(services, seed=7, youth_count=40)
    kinds = dict(_rows(db, "SELECT code, kind FROM facility WHERE status = 'open'"))
    sessions = dict(_rows(db, "SELECT f.code, count(*) FROM counseling_session c "
                              "JOIN facility f ON f.id = c.facility_id GROUP BY f.code"))
    companies = dict(_rows(db, "SELECT f.code, count(*) FROM company c JOIN facility f ON f.id = c.facility_id "
                               "GROUP BY f.code"))
    cafes = [c for c, k in kinds.items() if k == "job_cafe"]
    campuses = [c for c, k in kinds.items() if k == "campus"]
    assert len(cafes) >= 5 and len(campuses) >= 5
    assert all(sessions.get(c, 0) > 0 for c in kinds), sessions
    # a small demo stays small: a few sessions at each of the other facilities
    assert all(sessions[c] < 60 for c in [*cafes, *campuses] if c != "CAFE-CENTER"), sessions
    assert all(companies.get(c, 0) > 0 for c in [*cafes, "MATCH-DESK"]), companies
    assert not any(c in companies for c in campuses)
    assert summary.counseling_sessions == sum(sessions.values())

    # one counselor at each facility that had none; a campus's is the one its courses name
    counselors = dict(_rows(db, "SELECT f.code, count(*) FROM role_grant g JOIN facility f ON f.id = g.facility_id "
                                "WHERE g.role = 'counselor' GROUP BY f.code"))
    assert all(counselors[c] == 1 for c in [*cafes, *campuses]), counselors
    users = {u for (u,) in _rows(db, "SELECT username FROM user_account")}
    assert {"cafe-mapo-counselor1", "acad-ydp-counselor1", "acad-ydp-manager1"} <= users
    assert not {"cafe-center-counselor1", "match-desk-counselor1"} & users
    strays = _rows(db, "SELECT c.id FROM course c JOIN user_account u ON u.id = c.counselor_id "
                       "JOIN facility f ON f.id = c.facility_id WHERE u.username <> lower(f.code) || '-counselor1'")
    assert not strays
    for username, password in (("counselor", "counsel1234"), ("manager", "manager1234"),
                               ("match-manager1", "match12345"), ("cafe-mapo-counselor1", "cafe12345"),
                               ("acad-ydp-counselor1", "campus1234")):
        assert services.accounts.authenticate(username, password).username == username

    # fifteen months back: 2025-10 and 2025-11 have counseling and matching
    # (raw rows: SQLite's dates are text, PostgreSQL's dates; the first seven characters
    # are the month either way, held_at's in UTC)
    found = sorted(str(d)[:7] for (d,) in _rows(db, "SELECT found_on FROM company"))
    held = sorted(str(h)[:7] for (h,) in _rows(db, "SELECT held_at FROM counseling_session"))
    referred = {str(d)[:7] for (d,) in _rows(db, "SELECT referred_on FROM referral")}
    assert found[0] < "2025-10" and held[0] < "2025-10"
    assert {"2025-10", "2025-11"} <= set(held) and {"2025-10", "2025-11"} <= set(found)
    assert "2025-11" in referred or "2025-10" in referred

def test_the_same_seed_gives_the_same_history(tmp_path, sqlite_template):
    def make(name):
        path = tmp_path / name
        shutil.copy(sqlite_template, path)
        shutil.copy(f"{sqlite_template}.audit-head", f"{path}.audit-head")
        db = Database(sqlite_url(path))
        try:
            generate(Services(db, clock=FakeClock(NOW), hasher=FAST_HASHER), seed=11, youth_count=20)
            return [_rows(db, f"SELECT * FROM {t} ORDER BY id") for t in
                    ("counseling_session", "company", "referral", "counseling_case", "user_account")]
        finally:
            db.dispose()

    first, second = make("a.db"), make("b.db")
    # the password hashes are salted: everything else is the same
    assert first[:-1] == second[:-1]
    assert [r[:2] for r in first[-1]] == [r[:2] for r in second[-1]]
