"""``export bookings`` and ``export interview-slots``: a month of one facility to a file."""

from __future__ import annotations

import getpass
from pathlib import Path

from cli.common import db_options, fail


def add_parser(sub) -> None:
    e = sub.add_parser("export", help="예약 내보내기 (.ics/.csv/.xlsx)",
                       description="한 달치 예약을 파일로 내보냅니다. 형식은 확장자(.ics/.csv/.xlsx)로 정합니다.")
    esub = e.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    eb = esub.add_parser("bookings", help="스터디룸·회의실 예약",
                         description="한 시설의 한 달치 스터디룸·회의실 예약을 내보냅니다. 청년 이름은 가려집니다.")
    db_options(eb, suppress=True)
    eb.add_argument("--facility", required=True, metavar="CODE", help="시설 코드")
    eb.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    eb.add_argument("-o", "--output", required=True, metavar="FILE", help=".ics, .csv 또는 .xlsx")

    ei = esub.add_parser("interview-slots", help="AI 면접 부스 회차",
                         description="한 시설의 한 달치 AI 면접 부스 회차를 .csv 또는 .xlsx로 내보냅니다. 청년 이름은 가려집니다.")
    db_options(ei, suppress=True)
    ei.add_argument("--facility", required=True, metavar="CODE", help="시설 코드")
    ei.add_argument("--month", required=True, metavar="YYYY-MM", help="달 (서울 기준)")
    ei.add_argument("-o", "--output", required=True, metavar="FILE", help=".csv 또는 .xlsx")


def parse_month(text: str) -> tuple[int, int] | None:
    import re
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        return None
    return int(m.group(1)), int(m.group(2))


def args_error(args) -> str | None:
    """Bad --month or output path, checked before the database is opened."""
    if parse_month(args.month) is None:
        return "--month 는 YYYY-MM 형식이어야 합니다(예: 2026-11)."
    out = Path(args.output)
    allowed = (".ics", ".csv", ".xlsx") if args.export_what == "bookings" else (".csv", ".xlsx")
    if out.suffix.lower() not in allowed:
        return f"파일 확장자는 {', '.join(allowed)} 중 하나여야 합니다."
    if not out.parent.exists():
        return f"저장할 폴더가 없습니다: {out.parent}"
    return None


def run(services, args) -> int:
    from models.core.permissions import system_actor
    from reports.booth_exports import export_slots
    from reports.room_exports import ExportError, export_bookings
    month = parse_month(args.month)
    facility = services.facilities.by_code(args.facility)
    actor = system_actor(getpass.getuser())
    label = f"{month[0]}-{month[1]:02d}"
    try:
        if args.export_what == "bookings":
            rows = services.rooms.month_rows(actor, facility.id, *month)
            out = export_bookings(rows, args.output, facility_name=facility.name, month_label=label)
            print(f"예약 {len(rows)}건을 저장했습니다: {out}")
        else:
            rows = services.booths.month_slots(actor, facility.id, *month)
            out = export_slots(rows, args.output, title=f"{facility.name} AI 면접 회차 {label}")
            print(f"AI 면접 회차 {len(rows)}건을 저장했습니다: {out}")
    except ExportError as exc:
        return fail(str(exc))
    return 0


