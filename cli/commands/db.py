"""``db upgrade`` and ``db grant``: the PostgreSQL owner's commands (see
``models.core.db_roles``): bring the schema to head, and set up the role the app connects
with (SELECT and INSERT only on the audit log, no ownership)."""

from __future__ import annotations

import os

from cli.common import db_options, fail

NOT_POSTGRESQL = ("'db grant'는 PostgreSQL 데이터베이스에만 씁니다. SQLite 파일에는 역할이 없습니다"
                  "(--database-url postgresql://소유자@서버/yjd 로 실행하세요).")


def add_parser(sub) -> None:
    d = sub.add_parser("db", help="PostgreSQL 소유자 명령: 스키마 업그레이드, 앱 역할 설정",
                       description="데이터베이스 소유자 역할로 실행하는 명령입니다.")
    dsub = d.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = dsub.add_parser("upgrade", help="스키마를 최신으로 올립니다(소유자 역할로 실행)",
                         description="스키마를 최신 버전으로 올리고 버전을 알려 줍니다.")
    db_options(up, suppress=True)
    g = dsub.add_parser(
        "grant", help="앱이 접속할 역할을 만들고 권한을 줍니다(PostgreSQL, 소유자 역할로 실행)",
        description="앱 역할을 만들거나 고칩니다: 앱 테이블에 SELECT/INSERT/UPDATE/DELETE, "
                    "감사 기록(audit_log)에는 SELECT와 INSERT만, 소유권은 주지 않습니다. "
                    "비밀번호는 --password 또는 환경변수 YJD_APP_PASSWORD에서 읽습니다(없으면 바꾸지 않음).")
    db_options(g, suppress=True)
    g.add_argument("--app-role", required=True, metavar="NAME", help="앱 역할 이름, 예: yjd_app")
    g.add_argument("--password", help="앱 역할의 로그인 비밀번호 (기본: YJD_APP_PASSWORD)")


def args_error(args, url: str) -> str | None:
    """Refused before anything opens the database (no SQLite file is made)."""
    if args.db_command == "grant" and not url.startswith("postgresql"):
        return NOT_POSTGRESQL
    return None


def run(services, args) -> int:
    from models.core.db_roles import RoleError, grant_app_role
    from models.core.migrate import status
    db = services.db
    if args.db_command == "upgrade":  # open_services has brought it to head
        print(f"데이터베이스: {db.describe()}")
        print(f"스키마 버전: {status(db).current} (최신)")
        return 0
    password = args.password or os.environ.get("YJD_APP_PASSWORD") or None
    try:
        granted = grant_app_role(db, args.app_role, password)
    except RoleError as exc:
        return fail(exc.message)
    made = "만들고" if granted.created else "확인하고"
    print(f"앱 역할 {granted.role}을(를) {made} 권한을 주었습니다: 테이블 {granted.tables}개, "
          "감사 기록은 SELECT·INSERT만.")
    print(f"앱은 이 역할로 접속하세요. 예: --database-url postgresql://{granted.role}@"
          f"{db.url.host or 'localhost'}/{db.url.database}")
    return 0
