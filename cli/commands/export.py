"""``export bookings`` and ``export interview-slots``: a month of one facility to a file."""

from __future__ import annotations

import getpass

from cli.common import db_options, fail

# Each area's own export is a module ``cli.commands.export_<area>`` with
#   add_parser(esub) -> None        adds its sub-command(s) (imports nothing heavy)
#   WHAT: tuple[str, ...]           the sub-command names it adds
#   formats(args) -> tuple[str, ...] the file extensions it writes, e.g. (".csv", ".xlsx")
#   run(services, args, actor) -> int
AREA_EXPORTS = ("counseling", "matches")


def area_modules():
    import importlib
    out = []
    for area in AREA_EXPORTS:
        try:
            out.append(importlib.import_module(f"cli.commands.export_{area}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"cli.commands.export_{area}":
                raise
    return out


def area_for(what: str):
    return next((m for m in area_modules() if what in m.WHAT), None)


def add_parser(sub) -> None:
    e = sub.add_parser("export", help="한 달치 예약·부스 회차·상담 통계·매칭 실적 내보내기 (.ics/.csv/.xlsx)",
                       description="한 시설의 한 달치 기록을 파일로 내보냅니다. 형식은 확장자(.ics/.csv/.xlsx)로 "
                                   "정합니다. 청년 이름은 가려지거나 빠집니다.")
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
    for module in area_modules():
        module.add_parser(esub)


def parse_month(text: str) -> tuple[int, int] | None:
    import re
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", (text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
        return None
    return int(m.group(1)), int(m.group(2))


def _formats(args) -> tuple[str, ...]:
    from models.outputs.exports import INTERVIEW_SLOT_FORMATS, ROOM_BOOKING_FORMATS
    area = area_for(args.export_what)
    if area is not None:
        return area.formats(args)
    return ROOM_BOOKING_FORMATS if args.export_what == "bookings" else INTERVIEW_SLOT_FORMATS


def args_error(args) -> str | None:
    """Bad --month or output path, checked before the database is opened (the output path
    with the same check, and the same words, as the export itself)."""
    from models.outputs import OutputError
    from models.outputs.exports import check_target
    if parse_month(args.month) is None:
        return "--month 는 YYYY-MM 형식이어야 합니다(예: 2026-11)."
    try:
        check_target(args.output, _formats(args))
    except OutputError as exc:
        return exc.message
    return None


def run(services, args) -> int:
    """Export through the use case of ``models.outputs.exports``: the file is written, then
    the export recorded in the audit log; a file that cannot be written records nothing and
    ends with ``오류: <message>`` and exit code 1, the words the GUI shows."""
    from models.core.permissions import system_actor
    from models.outputs import OutputError
    from models.outputs.exports import export_interview_slots, export_room_bookings
    year, month = parse_month(args.month)
    facility = services.facilities.by_code(args.facility)
    actor = system_actor(getpass.getuser())
    area = area_for(args.export_what)
    if area is not None:
        return area.run(services, args, actor)
    try:
        if args.export_what == "bookings":
            done = export_room_bookings(services, actor, facility.id, year, month, args.output)
            print(f"예약 {done.rows}건을 저장했습니다: {done.path}")
        else:
            done = export_interview_slots(services, actor, facility.id, year, month, args.output)
            print(f"AI 면접 회차 {done.rows}건을 저장했습니다: {done.path}")
    except OutputError as exc:
        return fail(exc.message)
    return 0
