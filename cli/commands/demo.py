"""``demo``: fill an empty database with the deterministic demo data set; ``--demo`` uses
the same code to open the GUI on it. ``--scale city`` builds the city-scale data set
instead (every facility, ten years, about 500,000 youths and 1,000,000 room bookings)."""

from __future__ import annotations

import sys
import time
from dataclasses import replace

from cli.commands.facilities import print_facility_table
from cli.common import EXIT_STORAGE, db_options, fail, open_services


def add_parser(sub) -> None:
    d = sub.add_parser("demo", help="데모 데이터를 만듭니다",
                       description="빈 데이터베이스에 시설·계정·청년 데모 데이터를 만듭니다. "
                                   "--scale city 는 서울시 전체 규모(10년, 청년 약 50만 명, 공간 예약 약 100만 건)입니다.")
    db_options(d, suppress=True)
    d.add_argument("--seed", type=int, default=2023, help="난수 시드 (같은 시드 = 같은 데이터)")
    d.add_argument("--scale", choices=("default", "city"), default="default",
                   help="default: 화면 확인용 작은 데모 (기본), city: 서울시 전체 규모")
    d.add_argument("--youth", type=int, default=None,
                   help="청년 수 (기본 1800, --scale city 는 500000; 도시 규모의 예약은 이에 비례)")
    d.add_argument("--years", type=float, default=None,
                   help="--scale city 의 이력 기간(년, 기본 10)")


def account_lines(accounts) -> list[str]:
    """The demo accounts (username / password / role / facility), one indented row each,
    the columns aligned by display width: a role label is Korean, two columns a character."""
    from reports.text_table import display_width, pad
    rows = [[a.username, a.password, a.role.label, a.facility_code or "서울시 전체"] for a in accounts]
    if not rows:
        return []
    widths = [max(display_width(r[i]) for r in rows) for i in range(3)]
    return ["  " + "  ".join([*(pad(c, w) for c, w in zip(r[:3], widths, strict=True)), r[3]]) for r in rows]


def with_accounts(describe, summary, db_label: str) -> str:
    """``describe(summary, db_label)`` (models.demo) with the account rows from
    ``account_lines`` instead of its own, which pad by characters and so misalign Korean."""
    return "\n".join([describe(replace(summary, accounts=[]), db_label),
                      *account_lines(summary.accounts)])


def print_demo(services) -> None:
    from models.demo import DEMO_ACCOUNTS, DemoSummary, describe
    n = len(services.facilities.list_all())
    print(with_accounts(describe, DemoSummary(n, 0, 0, DEMO_ACCOUNTS), services.db.describe()).replace(
        " · 공간 0개 · 청년 0명", ""))
    print_facility_table(services)


def fill_demo(services, seed: int = 2023, youth: int = 1800) -> None:
    from models.demo import describe, generate
    summary = generate(services, seed=seed, youth_count=youth)
    print(with_accounts(describe, summary, services.db.describe()))
    print_facility_table(services)


class ProgressBar:
    """A one-line text bar on stderr, redrawn in place on a terminal and every tenth
    otherwise (a log file gets a few lines, not thousands)."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self._last_tenth = -1

    def __call__(self, done: int, total: int, counts: dict) -> None:
        share = done / total if total else 1.0
        tenth = int(share * 10)
        if not self.tty and tenth == self._last_tenth and done != total:
            return
        self._last_tenth = tenth
        filled = int(share * self.width)
        line = (f"[{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} "
                f"청년 {counts.get('youth', 0):,} · 예약 {counts.get('booking', 0):,} · "
                f"AI 면접 {counts.get('booth_booking', 0):,} · 감사 {counts.get('audit_log', 0):,} · "
                f"{time.monotonic() - self.started:,.0f}초")
        self.stream.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and done == total:
            self.stream.write("\n")
        self.stream.flush()


def fill_city(services, seed: int = 2023, youth: int | None = None, years: float | None = None) -> None:
    from models.demo import CITY_YEARS, CITY_YOUTH, CityPlan, describe_city, generate_city
    plan = CityPlan.scaled(CITY_YOUTH if youth is None else youth,
                           CITY_YEARS if years is None else years, seed)
    summary = generate_city(services, plan, progress=ProgressBar())
    print(with_accounts(describe_city, summary, services.db.describe()))


def run(args, url: str) -> int:
    city = args.scale == "city"
    youth = args.youth if args.youth is not None else (None if city else 1800)
    limit = 1_000_000 if city else 200_000
    if youth is not None and (youth < 0 or youth > limit):
        return fail(f"--youth 는 0~{limit} 사이여야 합니다.", EXIT_STORAGE)
    if args.years is not None and (not city or not 0.05 <= args.years <= 10):
        return fail("--years 는 --scale city 와 함께 0.05~10 사이로 지정합니다.", EXIT_STORAGE)
    services = open_services(url)
    if services.accounts.has_users():
        return fail("이미 계정이 있는 데이터베이스입니다. 데모 데이터는 빈 데이터베이스에만 만듭니다.")
    if city:
        fill_city(services, args.seed, youth, args.years)
    else:
        fill_demo(services, args.seed, youth)
    return 0
