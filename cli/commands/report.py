"""``report monthly`` and ``report city``: the monthly performance summary (월간 운영 실적) as
PDF, and a facility's evidence workbook (근거 자료, .xlsx).

    main.py report monthly --facility CODE --month YYYY-MM -o FILE.pdf [--evidence FILE.xlsx]
    main.py report city --month YYYY-MM [--region 도심권] -o FILE.pdf

Run as the command-line support actor (``cli:<os user>``, city-wide). Each printout is
recorded in the audit log as an output; nothing of a youth is printed, to the file or here.
"""

from __future__ import annotations

import getpass

from cli.common import db_options, fail

NAMES = ("report",)


def add_parser(sub) -> None:
    r = sub.add_parser("report", help="월간 운영 실적 보고서 (PDF, 근거 자료 .xlsx)",
                       description="월간 운영 실적을 PDF로 만듭니다. 건수만 담으며 이름·연락처·상담 내용은 없습니다. "
                                   "출력은 감사 기록에 남습니다.")
    rsub = r.add_subparsers(dest="report_what", metavar="WHAT", required=True)
    m = rsub.add_parser("monthly", help="한 시설의 월간 운영 실적",
                        description="한 시설의 한 달 운영 실적(운영 실적 표, 서비스별 실적, 12개월 추이)을 PDF로 "
                                    "만들고, --evidence를 주면 수치마다 센 기록(id, 날짜, 분류)을 .xlsx로 저장합니다.")
    db_options(m, suppress=True)
    m.add_argument("--facility", required=True, metavar="CODE", help="시설 코드")
    m.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    m.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="PDF 파일")
    m.add_argument("--evidence", metavar="FILE.xlsx", help="근거 자료 파일 (.xlsx)")
    c = rsub.add_parser("city", help="서울시 전체 또는 한 권역의 월간 운영 실적",
                        description="권역마다 시설별 실적과 권역 계, 그리고 서울시 전체 계를 PDF로 만듭니다.")
    db_options(c, suppress=True)
    c.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    c.add_argument("--region", metavar="권역", help="도심권, 동남권, 동북권, 서남권 또는 서북권 (없으면 서울시 전체)")
    c.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="PDF 파일")


def _month(text: str) -> tuple[int, int] | None:
    from cli.commands.export import parse_month  # the exports' YYYY-MM, 2000-01 to 2100-12
    return parse_month(text)


def args_error(args) -> str | None:
    """A bad month, region or output path, said before anything is read or written."""
    from models.core.errors import ValidationError
    from models.summaries.service import parse_region
    from reports.errors import OutputError
    from reports.files import check_target
    from reports.monthly_summary import EVIDENCE_FORMATS, PDF_FORMATS
    if _month(args.month) is None:
        return f"--month 는 YYYY-MM 형식의 2000-01~2100-12 달이어야 합니다(예: 2026-11): {args.month}"
    try:
        if getattr(args, "region", None):
            parse_region(args.region)
        check_target(args.output, PDF_FORMATS)
        if getattr(args, "evidence", None):
            check_target(args.evidence, EVIDENCE_FORMATS)
    except (OutputError, ValidationError) as exc:
        return exc.message
    return None


def run_without_services(args, url: str) -> int | None:
    """A bad month, region or path ends here (exit 1, as the exports), before the database
    is opened."""
    problem = args_error(args)
    return fail(problem) if problem else None


def run(services, args) -> int:
    from models.core.errors import DomainError
    from models.core.permissions import system_actor
    from models.summaries.service import for_services
    year, month = _month(args.month)
    actor = system_actor(getpass.getuser())
    summaries = for_services(services)
    try:
        if args.report_what == "monthly":
            facility = services.facilities.by_code(args.facility)
            done = summaries.print_facility(actor, facility.id, year, month, args.output, args.evidence)
            print(f"{facility.name} {year}년 {month}월 운영 실적 ({done.rows}쪽)을 저장했습니다: {done.path}")
            if args.evidence:
                print(f"근거 자료를 저장했습니다: {args.evidence}")
        else:
            done = summaries.print_city(actor, year, month, args.output, args.region)
            where = args.region or "서울시 전체"
            print(f"{where} {year}년 {month}월 운영 실적 ({done.rows}쪽)을 저장했습니다: {done.path}")
    except DomainError as exc:
        return fail(exc.message)
    return 0
