"""``user add``: create a staff account from the terminal (audited as ``cli:<os user>``)."""

from __future__ import annotations

import getpass
import os
import sys

from cli.common import db_options, fail


def add_parser(sub) -> None:
    u = sub.add_parser("user", help="사용자 계정 관리", description="사용자 계정 관리")
    usub = u.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    ua = usub.add_parser("add", help="사용자를 만듭니다",
                         description="사용자를 만듭니다. 비밀번호는 터미널에서 묻거나 YJD_PASSWORD에서 읽습니다.")
    db_options(ua, suppress=True)
    ua.add_argument("name", help="아이디 (영문 소문자로 시작)")
    ua.add_argument("--role", required=True, choices=["admin", "manager", "counselor", "front_desk"])
    ua.add_argument("--facility", metavar="CODE", help="시설 코드 (admin 외 역할에 필수)")
    ua.add_argument("--display-name", help="표시 이름 (기본: 아이디)")


def _read_password() -> str | None:
    if os.environ.get("YJD_PASSWORD"):
        return os.environ["YJD_PASSWORD"]
    if not sys.stdin or not sys.stdin.isatty():
        return None
    first = getpass.getpass("비밀번호: ")
    if first != getpass.getpass("비밀번호 확인: "):
        print("오류: 비밀번호가 서로 다릅니다.", file=sys.stderr)
        return None
    return first


def run(services, args) -> int:
    from models.core.errors import ValidationError
    from models.core.permissions import system_actor
    facility_id = None
    if args.role != "admin":
        if not args.facility:
            return fail("admin 이외의 역할에는 --facility 시설 코드가 필요합니다.")
        facility_id = services.facilities.by_code(args.facility).id
    password = _read_password()
    if password is None:
        return fail("비밀번호를 입력받지 못했습니다. 터미널에서 실행하거나 YJD_PASSWORD를 설정하세요.")
    actor = system_actor(getpass.getuser())
    data = {"username": args.name, "display_name": args.display_name or args.name, "password": password}
    try:
        services.accounts.create_user(actor, data, grants=[(args.role, facility_id)])
    except ValidationError as exc:
        return fail(" / ".join(exc.errors.values()))
    where = args.facility.upper() if facility_id else "서울시 전체"
    print(f"사용자 {data['username'].lower()} 을(를) 만들었습니다: {args.role} · {where}")
    return 0


