"""사업자등록번호 (business registration number): ten digits, written 123-45-67890, the
last a check digit.

The standard algorithm: multiply the first nine digits by 1, 3, 7, 1, 3, 7, 1, 3, 5 and
add the products, plus the tens digit of the ninth digit times 5; the check digit is
(10 − sum mod 10) mod 10.
"""

from __future__ import annotations

import re

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
INVALID = "사업자등록번호가 올바르지 않습니다. 10자리 숫자와 마지막 검증 숫자를 확인하세요(예: 123-45-67891)."
_SHAPE = re.compile(r"\s*(\d{3})-?(\d{2})-?(\d{5})\s*")


def check_digit(first_nine: str) -> int:
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def normalise(value) -> str:
    """The ten digits of a valid number (with or without hyphens), or ``ValueError`` with
    the Korean message."""
    m = _SHAPE.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise ValueError(INVALID)
    digits = "".join(m.groups())
    if digits == "0" * 10 or check_digit(digits[:9]) != int(digits[9]):
        raise ValueError(INVALID)
    return digits


def is_valid(value) -> bool:
    try:
        normalise(value)
    except ValueError:
        return False
    return True


def formatted(digits: str) -> str:
    """'1234567891' -> '123-45-67891'."""
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else digits


def make(first_nine: str) -> str:
    """The valid number starting with ``first_nine`` (demo data and tests)."""
    return first_nine + str(check_digit(first_nine))
