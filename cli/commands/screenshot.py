"""``screenshot PAGE``: one page of the main window rendered offscreen to PNG."""

from __future__ import annotations

from pathlib import Path

from cli.common import db_options, fail


def add_parser(sub) -> None:
    s = sub.add_parser("screenshot", help="화면 하나를 PNG로 저장합니다 (문서·검토용)",
                       description="주 창의 화면 하나를 화면 없이(offscreen) 그려 PNG로 저장합니다.")
    db_options(s, suppress=True)
    from gui.shell.pages import PAGES  # no Qt import at this point
    s.add_argument("page", choices=PAGES, metavar="PAGE", help=", ".join(PAGES))
    s.add_argument("-o", "--output", required=True, metavar="FILE.png")
    s.add_argument("--user", metavar="NAME", help="이 사용자로 봅니다 (기본: 첫 관리자)")
    s.add_argument("--facility", metavar="CODE", help="이 시설로 봅니다")


def run(services, args) -> int:
    from gui.shell.screenshot import render
    out = Path(args.output)
    if not out.parent.exists():
        return fail(f"저장할 폴더가 없습니다: {out.parent}")
    render(services, args.page, out, username=args.user, facility_code=args.facility)
    print(f"저장했습니다: {out}")
    return 0


