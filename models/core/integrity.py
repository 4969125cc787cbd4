"""``python main.py check``: integrity of the database and its schema version."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from models.core.db import Database, translate
from models.core.migrate import status


@dataclass
class CheckReport:
    schema_current: str | None
    schema_head: str
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and self.schema_current == self.schema_head




def _tables(conn) -> list[str]:
    """The tables the database holds (read from the database, so core needs no area)."""
    return sorted(t for t in sa.inspect(conn).get_table_names() if t != "alembic_version")


def check(db: Database) -> CheckReport:
    st = status(db)
    report = CheckReport(st.current, st.head)
    if st.current is None:
        report.problems.append("스키마가 없습니다(빈 데이터베이스). 프로그램을 한 번 실행하면 만들어집니다.")
        return report
    try:
        with db.engine.connect() as conn:
            if db.is_sqlite:
                result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    report.problems.append("무결성 검사 실패: " + "; ".join(result[:5]))
                fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if fk:
                    report.problems.append(f"외래 키 위반 {len(fk)}건")
                triggers = {r[0] for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
                if not {"audit_log_no_update", "audit_log_no_delete"} <= triggers:
                    report.problems.append("감사 기록 보호 트리거가 없습니다.")
            else:
                found = conn.execute(sa.text(
                    "SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_log_append_only'")).scalar()
                if not found:
                    report.problems.append("감사 기록 보호 트리거가 없습니다.")
            for table in _tables(conn):
                report.counts[table] = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
    except DBAPIError as exc:
        raise translate(exc) or exc from None
    return report
