"""Masking and formatting of personal data for lists, logs and printouts."""

from __future__ import annotations

import re
from datetime import date


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


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


_ROW_DETAIL = re.compile(r"(Failing row contains )\(.*?\)(\.?)(?=\n|$)", re.S)
_KEY_DETAIL = re.compile(r"(Key \([^)]*\))=\(.*?\)( already exists| conflicts with| is not present)", re.S)


def scrub_error(text: str) -> str:
    """An exception text safe for a log: PostgreSQL's DETAIL lines quote the values of the
    row or key that broke a constraint (a youth's name or phone); they are cut out. The
    statement's parameters are already hidden by the engine (``hide_parameters``)."""
    text = _ROW_DETAIL.sub(r"\1(값 숨김)\2", text)
    return _KEY_DETAIL.sub(r"\1=(값 숨김)\2", text)
