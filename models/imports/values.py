"""Cell text as the input models take it: the spellings a spreadsheet brings (dates written
1998.03.15 or 19980315, a phone number Excel stored as a number, labels instead of codes)
made into the form the target's own validator checks. What cannot be made sense of is left
as it is, so that the validator gives its own Korean message."""

from __future__ import annotations

import re
from collections.abc import Mapping

_DATE = re.compile(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*[.일]?")
_DATE8 = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?")


def date_text(text: str) -> str:
    """'1998.3.15', '1998/03/15', '1998년 3월 15일', '19980315' -> '1998-03-15'."""
    t = text.strip()
    m = _DATE.fullmatch(t) or _DATE8.fullmatch(t)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    m = _DATETIME.fullmatch(t)
    return m.group(1) if m else t


def phone_text(text: str) -> str:
    """A mobile number whose leading 0 a spreadsheet dropped (1012345678) gets it back."""
    t = text.strip()
    d = re.sub(r"\D", "", t)
    if d == t and len(d) in (9, 10) and d.startswith("1"):
        return "0" + d
    return t


def choice(text: str, words: Mapping[str, str]) -> str:
    """A label or a code of a choice field -> its code (``words``: normalised word -> code)."""
    key = re.sub(r"\s", "", text).lower()
    return words.get(key, text)


def choice_words(labels: Mapping[str, str], *extra: tuple[str, str]) -> dict[str, str]:
    """The words of an enum's ``LABELS()`` (code -> label), codes and labels both."""
    out = {}
    for code, label in labels.items():
        out[re.sub(r"\s", "", code).lower()] = code
        out[re.sub(r"\s", "", label).lower()] = code
    for word, code in extra:
        out[re.sub(r"\s", "", word).lower()] = code
    return out


YES = {"예", "y", "yes", "o", "true", "1", "네", "인증", "해당", "✓", "v"}
NO = {"아니오", "아니요", "n", "no", "x", "false", "0", "", "미인증", "해당없음", "-"}


def yes_no(text: str) -> str | bool:
    key = re.sub(r"\s", "", text).lower()
    if key in YES:
        return True
    if key in NO:
        return False
    return text


def int_text(text: str, unit: str = "") -> str:
    """'3년' -> '3'; other text stays for the validator."""
    t = text.strip()
    if unit and t.endswith(unit):
        t = t[: -len(unit)].strip()
    return t
