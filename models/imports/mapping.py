"""Columns to fields: each target declares its fields (``FieldSpec``) with the Korean and
English header words that name them; ``auto_map`` matches a file's headers to them, an
explicit mapping (field → header name) overrides it, and ``remembered`` form of a mapping is
by header name, so it applies to the next file of the same form whatever the column order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from models.core.errors import ValidationError
from models.imports.errors import MissingColumns


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the input model's field name
    label: str  # Korean, as the preview and the errors name it
    required: bool = False
    synonyms: tuple[str, ...] = ()
    default: str | None = None  # used when no column is mapped (the preview says so)
    hint: str = ""  # what the cell should hold, for the mapping combos' tooltips
    choices: tuple[str, ...] = field(default=())  # the words a choice field accepts (messages)
    mask: str | None = None  # a key of models.core.masking.MASKERS: how the preview shows it


_DROP = re.compile(r"\(.*?\)|\[.*?\]|[\s_\-.*·:/]")


def normalise_header(text: str) -> str:
    """'생년월일(YYYY-MM-DD)*' -> '생년월일', 'E-mail' -> 'email'."""
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = t.replace("필수", "")
    return _DROP.sub("", t)


def auto_map(headers: Sequence[str], fields: Sequence[FieldSpec]) -> dict[str, int]:
    """field key -> column index, for the headers that name a field (each column at most
    once, the first column that matches)."""
    words = {f.key: {normalise_header(w) for w in (f.key, f.label, *f.synonyms)} for f in fields}
    used: set[int] = set()
    out: dict[str, int] = {}
    norm = [normalise_header(h) for h in headers]
    for f in fields:
        for i, h in enumerate(norm):
            if i not in used and h and h in words[f.key]:
                out[f.key] = i
                used.add(i)
                break
    return out


def apply_names(mapping: dict[str, int], names: Mapping[str, str | None], headers: Sequence[str],
                fields: Sequence[FieldSpec]) -> dict[str, int]:
    """``mapping`` with ``names`` (field key -> header name, or None for no column) laid
    over it; names the file does not have are ignored (a remembered mapping of another
    form). A column given to a field leaves any other field it was auto-mapped to."""
    out = dict(mapping)
    keys = {f.key for f in fields}
    for key, name in names.items():
        if key not in keys:
            continue
        if name is None:
            out.pop(key, None)
            continue
        if name in headers:
            col = list(headers).index(name)
            for other in [k for k, c in out.items() if c == col and k != key]:
                del out[other]
            out[key] = col
    return out


def as_names(mapping: Mapping[str, int], headers: Sequence[str]) -> dict[str, str]:
    """The form to remember: field key -> header name."""
    return {k: headers[c] for k, c in mapping.items() if 0 <= c < len(headers)}


def parse_map_option(text: str, fields: Sequence[FieldSpec]) -> dict[str, str]:
    """``--map 'name=성명,phone=연락처'`` (a field by its key or Korean label) -> field key
    -> header name; ``ValidationError`` naming ``map`` for a field that does not exist."""
    by_word = {w: f.key for f in fields for w in (f.key, f.label, normalise_header(f.label))}
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, header = part.partition("=")
        key, header = key.strip(), header.strip()
        target = by_word.get(key) or by_word.get(normalise_header(key))
        if not sep or not header or target is None:
            known = ", ".join(f"{f.key}({f.label})" for f in fields)
            raise ValidationError.single("map", f"--map은 '필드=열 이름'을 쉼표로 이어 적습니다. 필드: {known}")
        out[target] = header
    return out


def check_required(mapping: Mapping[str, int], fields: Sequence[FieldSpec]) -> None:
    missing = [f.label for f in fields if f.required and f.key not in mapping and f.default is None]
    if missing:
        raise MissingColumns(missing)
