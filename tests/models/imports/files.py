"""Import files for the importer's tests (models, CLI, GUI): youth rows with Korean names,
written as CSV in any encoding or as an .xlsx workbook. Not a test module: the CLI and GUI
tests import it (tests/factories holds the other areas' builders)."""

from __future__ import annotations

import io

FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "지호", "하윤", "도윤", "서준", "예은", "지우", "수아", "현우"]
HEADERS = ["성명", "생년월일", "휴대폰", "이메일", "거주지", "모집 경로", "개인정보 동의일"]


def youths(n: int, start: int = 0) -> list[list[str]]:
    """``n`` distinct, valid youths from number ``start`` on (names with birth dates, and
    phones, all different)."""
    out = []
    for k in range(start, start + n):
        name = FAMILY[k % len(FAMILY)] + GIVEN[(k // len(FAMILY)) % len(GIVEN)]
        birth = f"{1990 + k // 200 % 12}-{1 + k % 12:02d}-{1 + k % 28:02d}"
        out.append([name, birth, f"010-{5000 + k // 10000:04d}-{k % 10000:04d}", f"y{k}@example.com",
                    "마포구", "온라인", "2026-11-01"])
    return out
def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", headers=HEADERS, sep: str = ",") -> bytes:
    lines = [sep.join(headers)] + [sep.join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: list[list], headers=HEADERS) -> bytes:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for r in rows:
        sheet.append(list(r))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
