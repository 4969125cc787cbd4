"""What every output use case shares: the result it hands back, and removing a written file
whose output could not be recorded."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from models.core.errors import ValidationError


@dataclass(frozen=True)
class OutputResult:
    """The file written and the number of rows in it, for the caller's message."""

    path: Path
    rows: int


@dataclass
class WrittenFile:
    """Used as ``with WrittenFile(path) as written:`` around the service call whose
    transaction writes the file (``written.done()`` once it is there) and then records the
    output. When the call fails after the file was written (the audit row or the commit
    failed), the file goes again: no personal data leaves without its audit row."""

    path: Path
    written: bool = field(default=False, init=False)

    def done(self) -> None:
        self.written = True

    def __enter__(self) -> WrittenFile:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc_type is not None and self.written:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        return False


def check_month(year: int, month: int) -> str:
    """``YYYY-MM`` of a month the exports accept (2000-01 to 2100-12)."""
    if not (isinstance(year, int) and isinstance(month, int) and 2000 <= year <= 2100 and 1 <= month <= 12):
        raise ValidationError.single("month", "달은 2000-01부터 2100-12 사이로 고르세요.")
    return f"{year}-{month:02d}"
