"""``export counseling``: a month of one facility's counseling as counts (.xlsx/.csv), by
day, counselor, type, mode (in person or remote), topic and group-session kind. Counts
only: no youth, no name of a youth, no summary or note; a counselor is named by their
account's username. Written by ``models.outputs.counseling.export_counseling_counts`` and
recorded as an output in the audit log.

A plug-in of ``cli.commands.export`` (see its ``AREA_EXPORTS``): this module imports
nothing heavy until ``run``.
"""

from __future__ import annotations

from cli.common import db_options

WHAT = ("counseling",)
FORMATS = (".csv", ".xlsx")  # models.outputs.counseling.COUNT_FORMATS, without importing it


def add_parser(esub) -> None:
    ec = esub.add_parser("counseling", help="상담 통계 (건수만)",
                         description="한 시설의 한 달치 상담을 건수로 .xlsx 또는 .csv로 내보냅니다: 일별, 상담사별, "
                                     "유형별, 방식별(대면·비대면), 주제별, 집단 프로그램. 청년 이름과 상담 내용은 "
                                     "들어가지 않습니다.")
    db_options(ec, suppress=True)
    ec.add_argument("--facility", required=True, metavar="CODE", help="시설 코드")
    ec.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    ec.add_argument("-o", "--output", required=True, metavar="FILE", help=".xlsx 또는 .csv")


def formats(args) -> tuple[str, ...]:
    return FORMATS


def run(services, args, actor) -> int:
    from cli.commands.export import parse_month
    from cli.common import fail
    from models.outputs import OutputError
    from models.outputs.counseling import export_counseling_counts
    year, month = parse_month(args.month)
    facility = services.facilities.by_code(args.facility)
    try:
        done = export_counseling_counts(services, actor, facility.id, year, month, args.output)
    except OutputError as exc:
        return fail(exc.message)
    print(f"상담 통계({year}-{month:02d}, 1:1 상담 {done.rows}건)를 저장했습니다: {done.path}")
    return 0
