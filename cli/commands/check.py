"""``check``: integrity of the database and its schema version; changes nothing."""

from __future__ import annotations

import sys

from cli.common import EXIT_FAILED, db_options


def add_parser(sub) -> None:
    c = sub.add_parser("check", help="데이터베이스 무결성 검사와 스키마 버전",
                       description="무결성 검사를 하고 스키마 버전을 알려 줍니다. 데이터는 바꾸지 않습니다.")
    db_options(c, suppress=True)


def run(services, args) -> int:
    from models.core.integrity import check
    report = check(services.db)
    print(f"데이터베이스: {services.db.describe()}")
    state = "최신" if report.schema_current == report.schema_head else \
        f"업그레이드 필요 → {report.schema_head}"
    print(f"스키마 버전: {report.schema_current or '없음'} ({state})")
    for table, count in report.counts.items():
        print(f"  {table}: {count}")
    if report.chain is not None and report.chain.ok:
        print(f"감사 기록 체인: 정상 ({report.chain.count}행, 마지막 순번 {report.chain.head.seq})")
    for note in report.notes:
        print(f"참고: {note}")
    if report.problems:
        for p in report.problems:
            print(f"문제: {p}", file=sys.stderr)
        return EXIT_FAILED
    print("무결성 검사: 정상" if report.ok else "무결성 검사: 정상 (스키마 업그레이드 필요)")
    return 0 if report.ok else EXIT_FAILED


