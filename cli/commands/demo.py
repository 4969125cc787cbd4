"""``demo``: fill an empty database with the deterministic demo data set; ``--demo`` uses
the same code to open the GUI on it."""

from __future__ import annotations

from cli.commands.facilities import print_facility_table
from cli.common import EXIT_STORAGE, db_options, fail, open_services


def add_parser(sub) -> None:
    d = sub.add_parser("demo", help="데모 데이터를 만듭니다",
                       description="빈 데이터베이스에 시설·계정·청년 데모 데이터를 만듭니다.")
    db_options(d, suppress=True)
    d.add_argument("--seed", type=int, default=2023, help="난수 시드 (같은 시드 = 같은 데이터)")
    d.add_argument("--youth", type=int, default=1800, help="청년 수 (기본 1800)")


def print_demo(services) -> None:
    from models.demo import DEMO_ACCOUNTS, DemoSummary, describe
    n = len(services.facilities.list_all())
    print(describe(DemoSummary(n, 0, 0, DEMO_ACCOUNTS), services.db.describe()).replace(
        " · 공간 0개 · 청년 0명", ""))
    print_facility_table(services)


def fill_demo(services, seed: int = 2023, youth: int = 1800) -> None:
    from models.demo import describe, generate
    summary = generate(services, seed=seed, youth_count=youth)
    print(describe(summary, services.db.describe()))
    print_facility_table(services)


def run(args, url: str) -> int:
    services = open_services(url)
    if services.accounts.has_users():
        return fail("이미 계정이 있는 데이터베이스입니다. 데모 데이터는 빈 데이터베이스에만 만듭니다.")
    if args.youth < 0 or args.youth > 200_000:
        return fail("--youth 는 0~200000 사이여야 합니다.", EXIT_STORAGE)
    fill_demo(services, args.seed, args.youth)
    return 0


