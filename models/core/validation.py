"""Turn pydantic errors into ``ValidationError`` with Korean, per-field messages.

Input models are SQLModel classes without ``table=True``, so pydantic validates them.
Their own validators raise ``ValueError`` with a Korean message; type errors that pydantic
raises itself (text in a number field, a bad date) are given Korean messages here.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TypeVar

import pydantic

from models.core.errors import ValidationError

M = TypeVar("M", bound=pydantic.BaseModel)

TYPE_MESSAGES = {
    "int_parsing": "숫자(정수)를 입력하세요.",
    "int_from_float": "소수점 없는 숫자를 입력하세요.",
    "float_parsing": "숫자를 입력하세요.",
    "int_type": "숫자(정수)를 입력하세요.",
    "float_type": "숫자를 입력하세요.",
    "date_parsing": "날짜 형식이 올바르지 않습니다(예: 2024-03-01).",
    "date_from_datetime_parsing": "날짜 형식이 올바르지 않습니다(예: 2024-03-01).",
    "date_type": "날짜 형식이 올바르지 않습니다(예: 2024-03-01).",
    "date_from_datetime_inexact": "날짜 형식이 올바르지 않습니다(예: 2024-03-01).",
    "missing": "필수 입력 항목입니다.",
    "enum": "목록에서 선택하세요.",
    "string_too_long": "너무 깁니다.",
    "string_too_short": "필수 입력 항목입니다.",
    "bool_parsing": "예/아니오 중에서 선택하세요.",
    "greater_than": "0보다 커야 합니다.",
    "greater_than_equal": "0 이상이어야 합니다.",
    "less_than_equal": "값이 너무 큽니다.",
    "dict_type": "형식이 올바르지 않습니다.",
}


NO_SUCH_DATE = "없는 날짜입니다. 월(1~12)과 그 달의 날수를 확인하세요."
_DATE_SHAPE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def _no_such_date(value) -> bool:
    """``value`` is written as a date (YYYY-MM-DD) but names no day, such as 1990-13-45 or
    2025-02-29: the user needs to hear that, not the format again."""
    m = _DATE_SHAPE.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        return False
    try:
        date(*map(int, m.groups()))
    except ValueError:
        return True
    return False


def korean_errors(exc: pydantic.ValidationError) -> dict[str, str]:
    out: dict[str, str] = {}
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "__all__"
        if field in out:
            continue
        if err["type"] == "value_error":
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
        elif err["type"].startswith("date") and _no_such_date(err.get("input")):
            msg = NO_SUCH_DATE
        else:
            msg = TYPE_MESSAGES.get(err["type"], "입력값이 올바르지 않습니다.")
        out[field] = msg
    return out


def validate(model: type[M], data: dict | M) -> M:
    """Validate ``data`` into ``model`` or raise ``ValidationError`` naming each bad field."""
    if isinstance(data, model):
        data = data.model_dump()
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise ValidationError(korean_errors(exc)) from None
