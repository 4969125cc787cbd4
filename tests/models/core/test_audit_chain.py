"""The audit log as a hash chain (issue 9, defects 3 and 4): every way to change, replace,
remove or cut its rows is refused by the database or named by ``check``."""

from __future__ import annotations

import json
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from models.core import audit_chain, audit_head
from models.core.audit_chain import SQLITE_TRIGGERS
from models.core.errors import AuthError
from models.core.integrity import check
from models.core.migrate import backup_sqlite
from models.core.migrate import upgrade as migrate_upgrade
from tests.factories.world import youth_data
from tests.models.util import audit_rows, count


def busy_day(services, world) -> None:
    """A day at the desk: a room, youths, a booking, a contact view, an update, logins."""
    room = services.facilities.add_room(world.manager, world.a,
                                        {"name": "스터디룸 A", "kind": "study_room", "capacity": 4})
    y1 = services.youth.create(world.counselor, world.a, youth_data())
    y2 = services.youth.create(world.front_desk, world.a,
                               youth_data(name="김하늘", phone="010-2468-1357", birth_date="1999-05-12"))
    services.rooms.book(world.front_desk, world.a, {
        "room_id": room, "youth_id": y1, "day": "2026-11-30", "start": "14:00", "end": "16:00",
        "identity_confirmed": True})
    services.youth.contact(world.front_desk, world.a, y2)
    services.youth.update(world.counselor, world.a, y1, youth_data(district="관악구"))
    services.accounts.authenticate("manager", "pass1234")
    with pytest.raises(AuthError):
        services.accounts.authenticate("manager", "wrong-password")


def sqlite_only(db) -> None:
    if not db.is_sqlite:
        pytest.skip("the head file is kept beside an SQLite file")


def head_file(db):
    return audit_head.beside(db.sqlite_path)


def attack(db, *statements: str) -> None:
    """Statements run as the tables' owner (the test server's superuser on PostgreSQL)."""
    with db.engine.begin() as conn:
        for s in statements:
            conn.execute(text(s))


def drop_guards(db) -> list[str]:
    if db.is_sqlite:
        return [f"DROP TRIGGER {name}" for name in SQLITE_TRIGGERS]
    return ["ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate"]


def restore_guards(db) -> list[str]:
    if db.is_sqlite:
        return list(SQLITE_TRIGGERS.values())
    return ["ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only",
            "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate"]


@pytest.fixture
def guarded(db):
    """``db``; on PostgreSQL (one database for the whole run) the guards are put back after
    the test."""
    yield db
    if db.is_postgresql:
        with db.engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log"))
            conn.execute(text("CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "
                              "audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"))
            conn.execute(text("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                              "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"))


def problems(db) -> list[str]:
    return check(db).problems


# ------------------------------------------------------------------- a normal day
def test_a_busy_day_leaves_an_intact_chain_and_the_head_file_at_its_end(services, world):
    busy_day(services, world)
    report = check(services.db)
    assert report.ok, report.problems
    rows = audit_rows(services.db)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert report.chain.count == len(rows) == count(services.db, "audit_log") > 10
    assert report.chain.head == audit_chain.Head(rows[-1].seq, rows[-1].row_hash)
    if services.db.is_sqlite:
        assert audit_head.read(head_file(services.db)) == report.chain.head


def test_each_row_hash_covers_its_fields_and_the_row_before(services, world):
    busy_day(services, world)
    rows = audit_rows(services.db)
    prev = audit_chain.GENESIS
    for r in rows:
        fields = {k: getattr(r, k) for k in audit_chain.FIELDS}
        assert audit_chain.row_hash(prev, fields) == r.row_hash
        assert audit_chain.row_hash(prev, {**fields, "detail": "x"}) != r.row_hash
        prev = r.row_hash


def test_concurrent_writers_on_postgresql_append_one_chain(services, world):
    if not services.db.is_postgresql:
        pytest.skip("SQLite writers are serialised by BEGIN IMMEDIATE")
    errors = []

    def work(i):
        try:
            for j in range(5):
                services.facilities.add_room(world.manager, world.a, {
                    "name": f"스터디룸 {i}-{j}", "kind": "study_room", "capacity": 4})
        except Exception as exc:  # pragma: no cover - shown by the assert
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = check(services.db)
    assert report.ok, report.problems
    assert report.chain.count == count(services.db, "audit_log")


# ------------------------------------------------------------------- refused by the database
def test_replace_of_an_audit_row_is_refused(guarded, world):
    db = guarded
    before = [(r.id, r.row_hash, r.username) for r in audit_rows(db)]
    if db.is_sqlite:
        statements = ["INSERT OR REPLACE INTO audit_log (id, at, action, entity, username) "
                      "SELECT id, at, action, entity, 'mallory' FROM audit_log WHERE id = 2",
                      "REPLACE INTO audit_log (id, at, action, entity, username) "
                      "SELECT id, at, action, entity, 'mallory' FROM audit_log WHERE id = 2"]
    else:
        statements = ["INSERT INTO audit_log (id, at, action, entity, username) "
                      "SELECT id, at, action, entity, 'mallory' FROM audit_log WHERE id = 2 "
                      "ON CONFLICT (id) DO UPDATE SET username = 'mallory'"]
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"):
            attack(db, statement)
    assert [(r.id, r.row_hash, r.username) for r in audit_rows(db)] == before
    assert check(db).ok


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET username = 'mallory' WHERE id = 2",
    "DELETE FROM audit_log WHERE id = 2",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
])
def test_update_delete_and_truncate_are_refused(guarded, world, statement):
    db = guarded
    if db.is_sqlite and statement.startswith("TRUNCATE"):
        pytest.skip("SQLite has no TRUNCATE (DELETE FROM is refused above)")
    before = count(db, "audit_log")
    with pytest.raises(DBAPIError, match="append-only"):
        attack(db, statement)
    assert count(db, "audit_log") == before
    assert check(db).ok


# ------------------------------------------------------------------- found by check
def test_a_removed_or_disabled_guard_is_named(guarded, world):
    db = guarded
    if db.is_sqlite:  # SQLite cannot switch a trigger off: it can only be dropped
        attack(db, "DROP TRIGGER audit_log_no_replace")
        assert problems(db) == ["감사 기록 보호 트리거가 없습니다: audit_log_no_replace."]
        attack(db, "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
                   "BEGIN SELECT 1; END")  # a harmless trigger under the same name
        assert problems(db) == ["감사 기록 보호 트리거가 바뀌었습니다: audit_log_no_replace."]
        return
    attack(db, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate")
    assert problems(db) == ["감사 기록 보호 트리거가 꺼져 있습니다(DISABLE): audit_log_no_truncate."]
    attack(db, "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate",
           "ALTER TABLE audit_log DISABLE TRIGGER ALL")
    assert problems(db) == ["감사 기록 보호 트리거가 꺼져 있습니다(DISABLE): "
                            "audit_log_append_only, audit_log_no_truncate."]
    attack(db, "ALTER TABLE audit_log ENABLE TRIGGER ALL",
           "DROP TRIGGER audit_log_append_only ON audit_log")
    assert problems(db) == ["감사 기록 보호 트리거가 없습니다: audit_log_append_only."]


def _broken(db) -> audit_chain.Broken:
    report = check(db)
    assert not report.ok
    assert report.chain.broken is not None, report.problems
    assert any(p.startswith("감사 기록 체인이 끊어졌습니다") and f"id {report.chain.broken.id}(" in p
               for p in report.problems)
    return report.chain.broken


def test_an_updated_row_with_the_guards_off_is_named(guarded, world):
    db = guarded
    attack(db, *drop_guards(db), "UPDATE audit_log SET username = 'mallory' WHERE id = 3",
           *restore_guards(db))
    broken = _broken(db)
    assert (broken.id, broken.seq) == (3, 3) and "해시가 맞지 않습니다" in broken.reason


def test_a_replaced_row_with_the_guards_off_is_named(guarded, world):
    db = guarded
    verb = "INSERT OR REPLACE INTO" if db.is_sqlite else "INSERT INTO"
    tail = "" if db.is_sqlite else " ON CONFLICT (id) DO UPDATE SET username = 'mallory'"
    attack(db, *drop_guards(db),
           f"{verb} audit_log (id, at, user_id, username, action, entity, entity_id, facility_id, "
           "old_values, new_values, detail, seq, row_hash) SELECT id, at, user_id, 'mallory', "
           "action, entity, entity_id, facility_id, old_values, new_values, detail, seq, row_hash "
           f"FROM audit_log WHERE id = 4{tail}", *restore_guards(db))
    assert [r.username for r in audit_rows(db, id=4)] == ["mallory"]
    broken = _broken(db)
    assert (broken.id, broken.seq) == (4, 4)


def test_a_deleted_row_is_named_by_the_row_after_it(guarded, world):
    db = guarded
    attack(db, *drop_guards(db), "DELETE FROM audit_log WHERE id = 5", *restore_guards(db))
    broken = _broken(db)
    assert (broken.id, broken.seq) == (6, 6) and "순번이 5이어야 하는데 6입니다" in broken.reason


def test_a_row_slipped_in_is_named(guarded, world):
    db = guarded
    attack(db, "INSERT INTO audit_log (at, action, entity, username) "
               "SELECT at, action, entity, 'mallory' FROM audit_log WHERE id = 1")
    broken = _broken(db)
    assert broken.seq is None and broken.id == count(db, "audit_log")


def test_a_removed_tail_is_caught(guarded, world):
    """An attacker who may drop the triggers cuts the last rows and puts the triggers back.
    The chain left is whole, only shorter: the head file beside the SQLite file says how
    long it was. On PostgreSQL the app's role cannot drop or switch off the triggers (see
    test_db_roles.py); a switched-off trigger is named."""
    db = guarded
    n = count(db, "audit_log")
    if db.is_postgresql:
        attack(db, *drop_guards(db), "DELETE FROM audit_log WHERE id > 5")
        assert any("꺼져 있습니다" in p for p in problems(db))
        return
    attack(db, *drop_guards(db), "DELETE FROM audit_log WHERE id > 5", *restore_guards(db))
    report = check(db)
    assert report.chain.ok and report.chain.head.seq == 5
    assert report.problems == [f"감사 기록의 끝이 잘렸습니다: 헤드 파일에는 순번 {n}까지 있는데 "
                               "데이터베이스에는 순번 5까지만 있습니다(정전 직후라면 마지막 저장이 사라졌을 수도 있습니다)."]
    # the whole log emptied the same way
    attack(db, *drop_guards(db), "DELETE FROM audit_log", *restore_guards(db))
    assert any("끝이 잘렸습니다" in p for p in problems(db))


def test_a_rewritten_tail_with_valid_hashes_is_caught_by_the_head_file(db, services, world):
    sqlite_only(db)
    """Whoever knows the format can cut the last row and append a forged one with a hash
    that follows: the chain is whole, the head file's hash at that seq is not the row's."""
    saved = audit_head.read(head_file(db))
    last = audit_rows(db)[-1]
    with db.engine.begin() as conn:
        for s in drop_guards(db):
            conn.execute(text(s))
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": last.id})
        forged = {k: getattr(last, k) for k in audit_chain.FIELDS}
        forged["username"] = "mallory"
        prev = audit_chain.head(conn)
        forged["row_hash"] = audit_chain.row_hash(prev.hash, forged)
        conn.execute(audit_chain.AUDIT.insert(), [forged])
        for s in restore_guards(db):
            conn.execute(text(s))
    report = check(db)
    assert report.chain.ok and report.chain.head.seq == saved.seq
    assert report.problems == [f"감사 기록의 순번 {saved.seq} 행이 헤드 파일의 해시와 다릅니다"
                               "(기록의 끝이 바뀌었거나 다른 데이터베이스의 헤드 파일입니다)."]


# ------------------------------------------------------------------- the head file
def test_the_head_file_follows_every_commit_and_never_moves_back(db, services, world):
    sqlite_only(db)
    path = head_file(db)
    first = audit_head.read(path)
    assert first.seq == count(db, "audit_log")
    ahead = audit_chain.Head(first.seq + 100, "f" * 64)
    audit_head.write(path, ahead)
    yid = services.youth.create(world.counselor, world.a, youth_data())
    assert audit_head.read(path) == ahead  # a file ahead of the log stays the evidence
    assert any("끝이 잘렸습니다" in p for p in problems(db))
    audit_head.write(path, first)  # behind the log: benign, and moved on by the next write
    assert check(db).ok
    services.youth.contact(world.counselor, world.a, yid)
    assert audit_head.read(path) == check(db).chain.head
    assert audit_head.read(path).seq == count(db, "audit_log") > first.seq + 1


def test_a_missing_head_file_is_a_note_and_the_next_write_makes_it(db, services, world):
    sqlite_only(db)
    path = head_file(db)
    path.unlink()
    report = check(db)
    assert report.ok and report.notes == [
        f"감사 기록 헤드 파일({path.name})이 없어 기록의 끝이 잘렸는지는 확인하지 못했습니다. "
        "다음 저장 때 새로 만들어집니다."]
    assert not path.exists()  # check writes nothing
    services.youth.create(world.counselor, world.a, youth_data())
    assert audit_head.read(path) == check(db).chain.head


@pytest.mark.parametrize("content", ["", "{", '{"seq": 3}', '{"seq": -1, "hash": "00"}',
                                     json.dumps({"seq": True, "hash": "0" * 64})])
def test_an_unreadable_head_file_is_a_problem_and_is_left_alone(db, services, world, content):
    sqlite_only(db)
    head_file(db).write_text(content)
    assert problems(db) == ["감사 기록 헤드 파일을 읽을 수 없습니다(손상되었거나 바뀌었습니다): "
                            "yjd.db.audit-head"]
    services.youth.create(world.counselor, world.a, youth_data())
    assert head_file(db).read_text() == content


def test_a_backup_carries_the_head_file(db, world):
    sqlite_only(db)
    target = backup_sqlite(db, "0006")
    assert audit_head.read(audit_head.beside(target)) == audit_head.read(head_file(db))


def test_a_new_database_gets_a_head_file_at_the_genesis(tmp_path):
    from models.core.db import Database, sqlite_url
    db = Database(sqlite_url(tmp_path / "new.db"))
    migrate_upgrade(db)
    assert audit_head.read(tmp_path / "new.db.audit-head") == audit_chain.EMPTY
    assert check(db).ok
    db.dispose()


# ------------------------------------------------------------------- the audit page's check
def test_the_audit_service_verifies_for_admins_and_names_the_broken_row(guarded, services, world):
    from models.core.errors import PermissionDenied
    db = guarded
    with pytest.raises(PermissionDenied):
        services.audit.verify(world.manager)
    ok = services.audit.verify(world.admin)
    assert ok.ok and ok.rows == ok.last_seq == count(db, "audit_log") and ok.problems == ()
    attack(db, *drop_guards(db), "UPDATE audit_log SET detail = 'x' WHERE id = 3", *restore_guards(db))
    bad = services.audit.verify(world.admin)
    assert not bad.ok and (bad.broken_id, bad.broken_seq, bad.rows) == (3, 3, 2)
    assert "해시가 맞지 않습니다" in bad.broken_reason and bad.problems == ()
