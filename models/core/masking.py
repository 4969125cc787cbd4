"""Masking and formatting of personal data for lists, logs and printouts."""

from __future__ import annotations

import re
from datetime import date

_NOT_DIGIT = re.compile(r"\D")  # compiled once: lists mask hundreds of phones a page


def digits(text: str) -> str:
    return _NOT_DIGIT.sub("", text or "")


def format_phone(phone: str) -> str:
    """'01012345678' -> '010-1234-5678'."""
    d = digits(phone)
    if len(d) == 11:
        return f"{d[:3]}-{d[3:7]}-{d[7:]}"
    if len(d) == 10:
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return d


def mask_phone(phone: str) -> str:
    """'01012345678' -> '010-****-5678'. The last four digits stay for identification."""
    d = digits(phone)
    if len(d) < 8:
        return "***"
    return f"{d[:3]}-****-{d[-4:]}"


def mask_name(name: str) -> str:
    """'홍길동' -> '홍*동', '김철' -> '김*', 'Alex Kim' -> 'A******m'."""
    n = (name or "").strip()
    if len(n) <= 1:
        return "*"
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]


def mask_email(email: str | None) -> str:
    if not email:
        return ""
    local, _, domain = email.partition("@")
    if not domain:
        return "***"
    return (local[:1] + "***") + "@" + domain


def mask_birth(value: date | str | None) -> str:
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return text[:4] + "-**-**"


MASKERS = {
    "phone": mask_phone,
    "name": mask_name,
    "email": mask_email,
    "birth": mask_birth,
}


# PostgreSQL's DETAIL field, in English or in the Korean message catalogue, up to the next
# part that SQLAlchemy appends ([SQL: ...], (Background on ...)) or the end
_DETAIL = re.compile(r"^(DETAIL|상세정보):[ \t]+.*?(?=\n\[SQL: |\n\(Background on |\Z)", re.S | re.M)


def scrub_error(text: str, details=()) -> str:
    """An exception text safe for a log. PostgreSQL's DETAIL field quotes the values of the
    row or key that broke a constraint (a youth's name, phone or note): each of ``details``
    (the exact DETAIL strings, from the driver's diagnostics) and every DETAIL block are cut
    out; the primary message, which names the constraint, stays. The statement's parameters
    are already hidden by the engine (``hide_parameters``)."""
    for detail in details:
        if detail:
            text = text.replace(detail, "(값 숨김)")
    return _DETAIL.sub(lambda m: f"{m.group(1)}:  (값 숨김)", text)


def error_details(exc: BaseException) -> list[str]:
    """The DETAIL strings of the database errors in ``exc``'s chain (psycopg's ``diag``)."""
    found, seen, todo = [], set(), [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        detail = getattr(getattr(e, "diag", None), "message_detail", None)
        if isinstance(detail, str) and detail:
            found.append(detail)
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    return found
