"""``python main.py check``: integrity of the database and its schema version.

Besides SQLite's own checks it verifies the audit log: the guarding triggers are there
with their own text (SQLite) or there and enabled (PostgreSQL: ``pg_trigger.tgenabled``),
the hash chain follows from the first row to the last (the first row that does not is
named by id and seq), and on SQLite the head file beside the database is not ahead of the
log (see ``models.core.audit_head``). It reads only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from models.core import audit_chain, audit_head
from models.core.audit_chain import PG_FUNCTION, PG_TRIGGERS, SQLITE_TRIGGERS, ChainReport
from models.core.db import Database, translate
from models.core.migrate import CHAIN_REVISION, includes, status


@dataclass
class CheckReport:
    schema_current: str | None
    schema_head: str
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure
    chain: ChainReport | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.schema_current == self.schema_head


# tables an area keeps append-only with triggers of its own migration (0010: counseling
# addenda and case events; 0011: referral transitions), checked like the audit log's when the database holds them:
# SQLite's refusing triggers by name, PostgreSQL's there and enabled (names only: core
# knows no area's code)
APPEND_ONLY_TABLES = ("counseling_addendum", "counseling_case_event", "referral_transition", "course_status_change",
                      "course_roll_change")
_SQLITE_GUARDS = ("no_update", "no_delete", "no_replace")
_PG_GUARDS = ("append_only", "no_truncate")


def append_only_problems(conn, sqlite: bool, tables) -> list[str]:
    problems = []
    for table in APPEND_ONLY_TABLES:
        if table not in tables:
            continue
        if sqlite:
            found = set(conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)).scalars())
            missing = [f"{table}_{g}" for g in _SQLITE_GUARDS if f"{table}_{g}" not in found]
            disabled: list[str] = []
        else:
            rows = dict(conn.execute(sa.text(
                "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = to_regclass(:t) AND NOT tgisinternal"),
                {"t": table}).all())
            missing = [f"{table}_{g}" for g in _PG_GUARDS if f"{table}_{g}" not in rows]
            disabled = [f"{table}_{g}" for g in _PG_GUARDS if rows.get(f"{table}_{g}") == "D"]
        if missing:
            problems.append(f"추가 전용(append-only) 보호 트리거가 없습니다: {', '.join(missing)}.")
        if disabled:
            problems.append(f"추가 전용(append-only) 보호 트리거가 꺼져 있습니다(DISABLE): {', '.join(disabled)}.")
    return problems


def _tables(conn) -> list[str]:
    """The tables the database holds (read from the database, so core needs no area)."""
    return sorted(t for t in sa.inspect(conn).get_table_names() if t != "alembic_version")


def check(db: Database) -> CheckReport:
    st = status(db)
    report = CheckReport(st.current, st.head)
    if st.current is None:
        report.problems.append("스키마가 없습니다(빈 데이터베이스). 프로그램을 한 번 실행하면 만들어집니다.")
        return report
    chained = includes(st.current, CHAIN_REVISION)
    try:
        with db.engine.connect() as conn:
            if db.is_sqlite:
                result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    report.problems.append("무결성 검사 실패: " + "; ".join(result[:5]))
                fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if fk:
                    report.problems.append(f"외래 키 위반 {len(fk)}건")
            if chained:
                verdict = _verify_audit(db, conn)
                report.chain = verdict.chain
                report.problems += verdict.problems
                report.notes += verdict.notes
            else:  # a schema before the chain (check does not upgrade)
                report.problems += (_sqlite_triggers(conn, False) if db.is_sqlite
                                    else _pg_triggers(conn, False))
            tables = _tables(conn)
            report.problems += append_only_problems(conn, db.is_sqlite, tables)
            for table in tables:
                report.counts[table] = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
    except DBAPIError as exc:
        raise translate(exc) or exc from None
    return report


@dataclass(frozen=True)
class AuditVerdict:
    """The audit log's guards, chain and head file (``check`` and the audit page)."""

    chain: ChainReport
    problems: list[str]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_audit(db: Database, conn=None) -> AuditVerdict:
    """The audit log alone: triggers, the whole chain, the head file, on ``conn`` (a
    session's connection) or a connection of its own. It reads only."""
    if conn is not None:
        return _verify_audit(db, conn)
    try:
        with db.engine.connect() as own:
            return _verify_audit(db, own)
    except DBAPIError as exc:
        raise translate(exc) or exc from None


def _verify_audit(db: Database, conn) -> AuditVerdict:
    head_file = audit_head.beside(db.sqlite_path) if db.sqlite_path is not None else None
    saved, bad_file = None, False
    if head_file is not None:
        try:
            saved = audit_head.read(head_file)
        except audit_head.BadHeadFile:
            bad_file = True
    notes: list[str] = []
    if db.is_sqlite:
        problems = _sqlite_triggers(conn, True)
    else:
        problems = _pg_triggers(conn, True)
        notes += _pg_owner_note(conn)
    chain = audit_chain.verify(conn, mark=saved.seq if saved else None)
    if chain.broken is not None:
        problems.append("감사 기록 체인이 끊어졌습니다. 첫 번째로 맞지 않는 행: " + chain.broken.describe())
    elif head_file is not None:
        problems += _head_file_problems(chain, notes, head_file, saved, bad_file)
    return AuditVerdict(chain, problems, notes)


_BEHIND = "감사 기록 보호 트리거가 없습니다: {}."
_CHANGED = "감사 기록 보호 트리거가 바뀌었습니다: {}."


def _sqlite_triggers(conn, chained: bool) -> list[str]:
    found = dict(conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").all())
    wanted = SQLITE_TRIGGERS if chained else {
        k: v for k, v in SQLITE_TRIGGERS.items() if k != "audit_log_no_replace"}
    missing = [name for name in wanted if name not in found]
    changed = [name for name, sql in wanted.items()
               if name in found and " ".join(found[name].split()) != " ".join(sql.split())]
    return ([_BEHIND.format(", ".join(missing))] if missing else []) + \
        ([_CHANGED.format(", ".join(changed))] if changed else [])


def _pg_triggers(conn, chained: bool) -> list[str]:
    rows = conn.execute(sa.text(
        "SELECT t.tgname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
        "JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE t.tgrelid = to_regclass('audit_log') AND NOT t.tgisinternal")).all()
    found = {r.tgname: r for r in rows}
    wanted = PG_TRIGGERS if chained else PG_TRIGGERS[:1]
    problems = []
    missing = [name for name in wanted if name not in found]
    if missing:
        problems.append(_BEHIND.format(", ".join(missing)))
    disabled = [name for name in wanted if name in found and found[name].tgenabled == "D"]
    if disabled:
        problems.append(f"감사 기록 보호 트리거가 꺼져 있습니다(DISABLE): {', '.join(disabled)}.")
    changed = [name for name in wanted if name in found and (
        found[name].proname != PG_FUNCTION or "RAISE EXCEPTION" not in found[name].prosrc)]
    if changed:
        problems.append(_CHANGED.format(", ".join(changed)))
    return problems


def _pg_owner_note(conn) -> list[str]:
    owner = conn.execute(sa.text(
        "SELECT pg_get_userbyid(relowner) = current_user FROM pg_class "
        "WHERE oid = to_regclass('audit_log')")).scalar()
    if owner:
        return ["이 역할이 감사 기록 테이블의 소유자입니다(트리거를 끄거나 테이블을 지울 수 있습니다). "
                "프로그램은 'python main.py db grant --app-role yjd_app'로 만든 앱 역할로 접속하세요."]
    return []


def _head_file_problems(chain: ChainReport, notes: list[str], path, saved,
                        bad_file: bool) -> list[str]:
    if bad_file:
        return [f"감사 기록 헤드 파일을 읽을 수 없습니다(손상되었거나 바뀌었습니다): {path.name}"]
    if saved is None:
        notes.append(f"감사 기록 헤드 파일({path.name})이 없어 기록의 끝이 잘렸는지는 확인하지 "
                            "못했습니다. 다음 저장 때 새로 만들어집니다.")
        return []
    if saved.seq > chain.head.seq:
        return [f"감사 기록의 끝이 잘렸습니다: 헤드 파일에는 순번 {saved.seq}까지 있는데 데이터베이스에는 "
                f"순번 {chain.head.seq}까지만 있습니다(정전 직후라면 마지막 저장이 사라졌을 수도 있습니다)."]
    expected = audit_chain.GENESIS if saved.seq == 0 else chain.marked
    if expected != saved.hash:
        return [f"감사 기록의 순번 {saved.seq} 행이 헤드 파일의 해시와 다릅니다"
                "(기록의 끝이 바뀌었거나 다른 데이터베이스의 헤드 파일입니다)."]
    return []
