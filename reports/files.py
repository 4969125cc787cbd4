"""Where a writer may write, and writing there atomically.

``check_target(path, formats)`` refuses, before anything is written, an extension the
writer does not make, a folder that is not there and a path that names a folder.
``write_atomically(path, write)`` has ``write(temp)`` fill a new file in the same folder and
then moves it over ``path`` with ``os.replace``: a write that fails part-way leaves no half
file behind and never touches a file already at ``path``. Every ``OSError`` on the way
comes out as an ``OutputError``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Sequence
from pathlib import Path

from reports.errors import OutputError, is_directory, missing_dir, output_error, unknown_format


def check_target(path: str | os.PathLike, formats: Sequence[str]) -> Path:
    """``path`` as a ``Path`` when a file with one of ``formats`` (".csv", ...) can go there."""
    path = Path(path)
    if path.suffix.lower() not in formats:
        raise unknown_format(path, formats)
    try:
        if not path.parent.is_dir():
            raise missing_dir(path)
        if path.is_dir():
            raise is_directory(path)
    except OSError as exc:  # a name the file system cannot even look up
        raise output_error(exc, path) from exc
    return path


def _new_temp(path: Path) -> Path:
    """An empty new file next to ``path`` (same folder, so ``os.replace`` is a rename),
    hidden, short (a name near the length limit still fits) and ending in the same
    extension; made with the usual permissions (0o666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(10):
        temp = path.with_name(f".~yjd-{secrets.token_hex(6)}{path.suffix}")
        try:
            os.close(os.open(temp, flags, 0o666))
            return temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name next to {path.name}")


def _sync(temp: Path) -> None:
    fd = os.open(temp, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Run ``write(temp)`` and move ``temp`` to ``path``. Raises ``OutputError``."""
    temp = None
    try:
        temp = _new_temp(path)
        write(temp)
        _sync(temp)
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise output_error(exc, path) from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
    return path


__all__ = ["OutputError", "check_target", "write_atomically"]
