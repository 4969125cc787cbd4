"""``facilities``: the facility list as an aligned table or CSV."""

from __future__ import annotations

import sys

from cli.common import db_options


def add_parser(sub) -> None:
    f = sub.add_parser("facilities", help="시설 목록을 출력합니다",
                       description="시설 코드·이름·종류·권역·상태를 표로 출력합니다.")
    db_options(f, suppress=True)
    f.add_argument("--csv", action="store_true", help="CSV로 출력")


FACILITY_HEADERS = ["코드", "이름", "종류", "권역", "자치구", "상태"]


def _facility_rows(services):
    return [[f.code, f.name, f.kind.label, f.region.label, f.district,
             f.status.label + ("" if f.is_active else " (비활성)")]
            for f in services.facilities.list_all()]


def print_facility_table(services) -> None:
    from reports.text_table import aligned
    print()
    print(aligned(FACILITY_HEADERS, _facility_rows(services)))


def run(services, args) -> int:
    from reports.text_table import aligned, as_csv
    rows = _facility_rows(services)
    if args.csv:
        sys.stdout.write(as_csv(["code", "name", "kind", "region", "district", "status"],
                                [[f.code, f.name, f.kind.value, f.region.value, f.district, f.status.value]
                                 for f in services.facilities.list_all()]))
    else:
        print(aligned(FACILITY_HEADERS, rows))
    return 0


