"""Destroying a youth's personal data (PIPA §21): irreversible, in one transaction.

What ``erase`` does to each youth, inside the caller's transaction:

- the registry row is **overwritten**, not flagged: the name becomes ``(파기됨)``, the phone
  ``00000000000``, the e-mail empty, the birth date the first of January of the birth year,
  the sensitive-topics consent cleared. What stays is an anonymous stub: the id (bookings,
  sessions and referrals keep pointing to it), the birth year, the district, the channel,
  the consent date and period, the facility, so past monthly figures stay true;
- the youth's search-index rows (``youth_gram``) are deleted: no search finds the stub;
- the free text written about the youth is overwritten with ``(파기됨)`` where it was not
  empty (``TEXTS``): counseling summaries, confidential notes, next steps, void reasons,
  addenda and case-transfer reasons, activity plans; booking, booth and course notes and
  reasons; referral transitions' notes and override reasons, the roll's change reasons.
  The append-only tables accept exactly this overwrite (migrations 0014: counseling, 0015:
  referral transitions and roll changes). Counts, dates, states and grades stay.

Table-level access, not a callback of each area: the contracts let an area read another's
tables (booths and rooms read ``youth``), and one list of (table, columns) that a test
checks against every text column of every table holding a ``youth_id`` fails the day an
area adds a column of free text and forgets it here.

On SQLite the transaction runs with ``PRAGMA secure_delete=ON`` (freed pages are zeroed), and
``vacuum`` afterwards, outside it, rewrites the file so no old page keeps the old values. On
PostgreSQL ``vacuum`` asks the server to vacuum the tables (a dead row version is removed
by VACUUM; where the app's account may not, the server's own autovacuum does it).

The audit log is not rewritten: its personal values were masked when they were written.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

from models.core.errors import StorageError
from models.core.types import UTCDateTime
from models.youth.enums import DESTROYED_NAME

ERASED = DESTROYED_NAME  # the name, and every free text erased
ERASED_PHONE = "00000000000"
CATEGORIES = ("청년 기본정보(이름·전화번호·이메일·생년월일 월일), 검색 색인, 상담 기록(요약·비공개 메모·다음 단계·추가 기록·"
              "사례 이관 사유·취업활동계획), 예약·부스·교육과정의 메모와 사유, 추천 이력의 메모와 예외 사유, "
              "지난 출결 정정 사유")
METHOD = ("복구할 수 없도록 덮어쓰기(SQLite secure_delete), 검색 색인 삭제, 파일 재작성(VACUUM); "
          "익명 기록(출생연도·자치구·등록 경로)만 통계용으로 남김")

# table: (the text columns overwritten, how the table reaches the youth)
#   "youth_id": the table's own youth_id column; ("via", parent, fk): rows whose ``fk``
#   points to a row of ``parent`` (itself keyed by youth_id)
TEXTS: dict[str, tuple[tuple[str, ...], object]] = {
    "counseling_session": (("summary", "note", "next_step", "void_reason"), "youth_id"),
    "counseling_addendum": (("body", "reason"), ("counseling_session", "session_id")),
    "counseling_case_event": (("reason",), ("counseling_case", "case_id")),
    "activity_plan": (("goal",), "youth_id"),
    "activity_plan_step": (("title",), ("activity_plan", "plan_id")),
    "booking": (("note", "override_reason", "cancel_reason"), "youth_id"),
    "booking_series": (("note",), "youth_id"),
    "booth_booking": (("override_reason", "cancel_reason", "result_strengths", "result_improve"), "youth_id"),
    "consult_request": (("note",), "youth_id"),
    "course_application": (("override_reason", "withdraw_reason"), "youth_id"),
    "course_enrollment": (("drop_note",), "youth_id"),
    "course_followup": (("note",), "youth_id"),
    "course_attendance": (("reason",), ("course_enrollment", "enrollment_id")),
    "course_offer": (("reason",), ("course_application", "application_id")),
    "referral_transition": (("note", "override_reason"), ("referral", "referral_id")),
    "course_roll_change": (("reason",), ("course_enrollment", "enrollment_id")),
}
# text columns of youth-linked tables that are not about the person (checked by a test):
# a category or code, a time, an employer's name
NOT_ERASED = {
    ("youth", "district"), ("booking_series", "start_time"), ("booking_series", "end_time"),
    ("booth_booking", "result_grade"), ("course_enrollment", "certificate_no"),
    ("course_followup", "employer"), ("counseling_case_event", "from_value"),
    ("counseling_case_event", "to_value"),
}


def _t(name: str, *cols: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in cols))


YOUTH = _t("youth", "id", "name", "phone", "email", "birth_date", "sensitive_consent_on", "updated_at",
           "created_at", "registered_facility_id")
GRAM = _t("youth_gram", "youth_id")


def _existing(connection) -> set[str]:
    return set(sa.inspect(connection).get_table_names())


def _rows_of(table: str, reach, ids: list[int]):
    if reach == "youth_id":
        return sa.column("youth_id").in_(ids)
    parent, key = reach
    p = _t(parent, "id", "youth_id")
    return sa.column(key).in_(sa.select(p.c.id).where(p.c.youth_id.in_(ids)))


def erase_texts(s, ids: list[int]) -> int:
    """Overwrite the youth's free text in every table of ``TEXTS`` that exists; returns the
    rows changed."""
    conn = s.connection()
    present = _existing(conn)
    changed = 0
    for table, (columns, reach) in TEXTS.items():
        if table not in present or (isinstance(reach, tuple) and reach[0] not in present):
            continue
        t = _t(table, *columns)
        written = sa.or_(*[sa.and_(t.c[c].is_not(None), t.c[c] != "") for c in columns])
        values = {c: sa.case((sa.or_(t.c[c].is_(None), t.c[c] == ""), t.c[c]), else_=sa.literal(ERASED))
                  for c in columns}
        # only rows with something left to erase (an erased row is ERASED, not '': the
        # append-only triggers accept the overwrite only when it leaves every column marked)
        not_yet = sa.or_(*[sa.and_(t.c[c].is_not(None), t.c[c] != "", t.c[c] != ERASED) for c in columns])
        result = conn.execute(sa.update(t).where(_rows_of(table, reach, ids), written, not_yet).values(**values))
        changed += result.rowcount or 0
    return changed


def erase(s, ids: list[int], now: datetime) -> None:
    """Overwrite the personal data of the youths ``ids`` (see the module's text), in the
    session's transaction. Run inside ``secure_delete`` (SQLite)."""
    if not ids:
        return
    conn = s.connection()
    births = conn.execute(sa.select(YOUTH.c.id, YOUTH.c.birth_date).where(YOUTH.c.id.in_(ids))).all()
    for youth_id, birth in births:
        birth = birth if isinstance(birth, date) else date.fromisoformat(str(birth))
        conn.execute(sa.update(YOUTH).where(YOUTH.c.id == youth_id).values(
            name=ERASED, phone=ERASED_PHONE, email=None, birth_date=date(birth.year, 1, 1),
            sensitive_consent_on=None, updated_at=sa.bindparam("now", now, type_=UTCDateTime())))
    conn.execute(sa.delete(GRAM).where(GRAM.c.youth_id.in_(ids)))
    erase_texts(s, ids)


class secure_delete:
    """``PRAGMA secure_delete=ON`` on the session's SQLite connection for the block (the
    pooled connection gets its previous setting back)."""

    def __init__(self, s):
        self.s = s
        self.before = None

    def __enter__(self):
        conn = self.s.connection()
        if conn.dialect.name == "sqlite":
            self.before = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
        return self

    def __exit__(self, *exc):
        if self.before is not None:
            try:
                self.s.connection().exec_driver_sql(f"PRAGMA secure_delete={int(self.before)}")
            except Exception:  # the transaction is failing anyway; the setting is harmless
                pass
        return False


# every table destruction rewrites, so no old row version holding the text waits for autovacuum
VACUUM_TABLES = tuple(dict.fromkeys(("youth", "youth_gram", *TEXTS)))


def vacuum(db) -> str:
    """Rewrite the file (SQLite ``VACUUM``) or ask the server to vacuum the tables
    (PostgreSQL), outside any transaction. Returns a Korean line for the result; never
    raises for a busy database (the freed pages are zeroed already: ``secure_delete``)."""
    if db.is_sqlite:
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")
            return "데이터베이스 파일을 다시 썼습니다(VACUUM)."
        except sqlite3.Error:
            return ("다른 창이 데이터베이스를 쓰고 있어 VACUUM은 다음에 합니다. 지워진 내용은 이미 0으로 "
                    "덮어썼습니다(secure_delete).")
        finally:
            raw.close()
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM " + ", ".join(VACUUM_TABLES))
        return "서버에 표의 VACUUM을 요청했습니다."
    except Exception:
        return "PostgreSQL의 VACUUM은 서버(자동 VACUUM)가 맡습니다."


# -- the destroyed ids kept outside the database file ----------------------------------
@dataclass(frozen=True)
class DestroyedId:
    """A destroyed youth's id with its record's creation time: a restored older file may
    give the same id to a youth registered later (SQLite reuses the highest id freed), who
    must not be destroyed in its place."""

    youth_id: int
    created_at: str


def ids_file(db) -> Path | None:
    """``<database>.destroyed.json`` beside the SQLite file; None on PostgreSQL (the
    server's restore is the server's) and for a memory database."""
    path = db.sqlite_path if db.is_sqlite else None
    return None if path is None else path.with_name(f"{path.name}.destroyed.json")


def read_ids(path: Path | None) -> list[DestroyedId]:
    if path is None or not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [DestroyedId(int(e["youth_id"]), str(e["created_at"])) for e in data.get("destroyed", [])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise StorageError(StorageError.CORRUPT,
                           f"파기 기록 파일({path.name})을 읽지 못했습니다. 데이터베이스 옆의 이 파일이 손상되었거나 "
                           "읽을 수 없습니다. 파기와 복원은 이 파일을 고친 뒤 다시 하세요.") from None


def add_ids(path: Path | None, entries: list[DestroyedId]) -> None:
    """Add ``entries`` to the file (atomically: a temporary file, synced, then renamed)."""
    if path is None or not entries:
        return
    known = {(e.youth_id, e.created_at) for e in read_ids(path)}
    known |= {(e.youth_id, e.created_at) for e in entries}
    write_ids(path, [DestroyedId(i, c) for i, c in sorted(known)])


def write_ids(path: Path, entries: list[DestroyedId]) -> None:
    """The file with exactly ``entries`` (atomically: a temporary file, synced, renamed)."""
    known = sorted({(e.youth_id, e.created_at) for e in entries})
    body = {"note": "파기된 청년 기록의 번호(개인정보 아님). 복원 뒤 다시 파기하는 데 씁니다.",
            "destroyed": [{"youth_id": i, "created_at": c} for i, c in sorted(known)]}
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(body, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def created_text(value) -> str:
    """A youth's ``created_at`` as the file keeps it (aware UTC, ISO)."""
    if isinstance(value, datetime):
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.isoformat()
    return str(value)
