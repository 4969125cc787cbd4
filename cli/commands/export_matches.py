"""``export matches``: a month of one facility's matching (.csv/.xlsx): the 운영 실적
figures (구인기업 발굴 by route; referrals, interviews and hires by channel) and the
month's referral events (day, referral number R-000123, company, opening, channel, from
and to stage). No youth, no counselor's note or reason, no contact person. Read by
``models.companies.exports.month_export``, written with ``reports.table_writer`` (days as
real date cells in the .xlsx) and recorded as an output in the audit log once written.

A plug-in of ``cli.commands.export`` (see its ``AREA_EXPORTS`` and the interface at its
top); the file is named after the command (``export_matches``), so the list names
"matches". This module imports nothing heavy until ``run``.
"""

from __future__ import annotations

from cli.common import db_options

WHAT = ("matches",)
FORMATS = (".csv", ".xlsx")  # reports.table_writer.TABLE_FORMATS, without importing it


def add_parser(esub) -> None:
    em = esub.add_parser("matches", help="매칭 운영 실적 (건수와 추천 이력)",
                         description="한 시설의 한 달치 매칭 운영 실적을 .xlsx 또는 .csv로 내보냅니다: 구인기업 발굴(경로별), "
                                     "추천·면접·입사(채널별) 건수와 그 달의 추천 이력(날짜, 추천 번호, 기업, 공고, 채널, "
                                     "단계). 청년 이름, 연락처, 메모와 사유는 들어가지 않습니다.")
    db_options(em, suppress=True)
    em.add_argument("--facility", required=True, metavar="CODE", help="시설 코드")
    em.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    em.add_argument("-o", "--output", required=True, metavar="FILE", help=".xlsx 또는 .csv")


def formats(args) -> tuple[str, ...]:
    return FORMATS


def run(services, args, actor) -> int:
    from pathlib import Path

    from cli.commands.export import parse_month
    from cli.common import fail
    from models.companies.exports import HEADERS, WIDTHS, month_export
    from models.outputs import OutputError
    from models.outputs.common import WrittenFile, check_month
    from reports.files import check_target, write_atomically
    from reports.table_writer import SheetLayout, write_table

    year, month = parse_month(args.month)
    facility = services.facilities.by_code(args.facility)
    try:
        label = check_month(year, month)
        target = check_target(args.output, FORMATS)
        fmt = target.suffix.lower()
        with WrittenFile(target) as written:
            def write(table) -> None:
                layout = SheetLayout("매칭 실적", f"{table.facility_name} 매칭 운영 실적 {label} (이름·연락처 없음)",
                                     WIDTHS)
                write_atomically(target, lambda temp: write_table(temp, fmt, HEADERS, table.rows(), layout))
                written.done()

            table = month_export(services.companies, actor, facility.id, year, month, write=write)
    except OutputError as exc:
        return fail(exc.message)
    c = table.counts
    print(f"매칭 운영 실적({label}: 구인기업 발굴 {c.companies_found}곳, 추천 {c.referrals}건, 면접 {c.interviews}건, "
          f"입사 {c.hires}건, 추천 이력 {len(table.events)}건)을 저장했습니다: {Path(target)}")
    return 0
