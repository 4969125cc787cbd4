"""The one error of every writer in ``reports/``: a file that cannot be written.

``OutputError.message`` is Korean and safe to show in the GUI banner and on the command
line (``오류: <message>``): it names at most the file the user chose (its name, never the
folders above it) and no personal data. The cause is told by ``errno`` (and, on Windows,
``winerror``) and the exception type, never by the operating system's English text.

It is a ``DomainError``, so the GUI worker hands it to a page's ``on_error`` and the
command line ends with exit code 1, like any other refusal.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path

from models.core.errors import DomainError

# Windows: a file another program holds open (Excel locks the workbook it shows)
WIN_SHARING_VIOLATION, WIN_LOCK_VIOLATION = 32, 33


class OutputError(DomainError):
    """A file the app was asked to write could not be written. ``kind`` says why."""

    FORMAT = "format"  # an extension the writer does not make
    MISSING_DIR = "missing_dir"  # the folder is not there (or a part of the path is a file)
    IS_DIRECTORY = "is_directory"  # the path names a folder
    DENIED = "denied"  # no write permission, a read-only disk, or open in another program
    DISK_FULL = "disk_full"
    BAD_NAME = "bad_name"  # a name the file system refuses (too long, forbidden characters)
    FAILED = "failed"  # any other error of the operating system

    def __init__(self, kind: str, message: str, file_name: str = ""):
        super().__init__(message)
        self.kind = kind
        self.file_name = file_name


def _quoted(path: str | Path) -> str:
    return f"‘{Path(path).name}’"


def formats_text(formats: Sequence[str]) -> str:
    if len(formats) == 1:
        return f"{formats[0]} 여야"
    if len(formats) == 2:
        return f"{formats[0]} 또는 {formats[1]} 중 하나여야"
    return f"{', '.join(formats)} 중 하나여야"


def unknown_format(path: str | Path, formats: Sequence[str]) -> OutputError:
    return OutputError(OutputError.FORMAT, f"파일 확장자는 {formats_text(formats)} 합니다.",
                       Path(path).name)


def missing_dir(path: str | Path) -> OutputError:
    return OutputError(OutputError.MISSING_DIR,
                       f"{_quoted(path)} 파일을 저장할 폴더가 없습니다. 다른 위치를 고르세요.",
                       Path(path).name)


def is_directory(path: str | Path) -> OutputError:
    return OutputError(OutputError.IS_DIRECTORY,
                       f"{_quoted(path)}은(는) 폴더입니다. 저장할 파일 이름을 입력하세요.",
                       Path(path).name)


MESSAGES = {
    OutputError.DENIED: "{name} 파일에 쓸 수 없습니다. 파일이 다른 프로그램(Excel, PDF 뷰어 등)에서 "
                        "열려 있으면 닫고 다시 시도하고, 아니면 쓰기 권한이 있는 다른 위치를 고르세요.",
    OutputError.DISK_FULL: "디스크 공간이 부족해 {name} 파일을 저장하지 못했습니다. "
                           "공간을 확보하거나 다른 위치를 고르세요.",
    OutputError.BAD_NAME: "{name} 파일 이름을 쓸 수 없습니다. 이름을 짧게 하거나 특수 문자를 빼고 "
                          "다시 입력하세요.",
    OutputError.FAILED: "{name} 파일을 저장하지 못했습니다{code}. 다른 위치를 고르거나 잠시 후 다시 "
                        "시도하세요.",
}

DENIED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, getattr(errno, "ETXTBSY", -1)}
FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG}
NAME_ERRNOS = {errno.ENAMETOOLONG, errno.EINVAL, getattr(errno, "EILSEQ", -1)}


def output_error(exc: OSError, path: str | Path) -> OutputError:
    """The ``OutputError`` of an ``OSError`` met while writing ``path``."""
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return is_directory(path)
    if isinstance(exc, (FileNotFoundError, NotADirectoryError)) or code in (errno.ENOENT, errno.ENOTDIR):
        return missing_dir(path)
    if code in FULL_ERRNOS:
        kind = OutputError.DISK_FULL
    elif (isinstance(exc, PermissionError) or code in DENIED_ERRNOS
          or winerror in (WIN_SHARING_VIOLATION, WIN_LOCK_VIOLATION)):
        kind = OutputError.DENIED
    elif code in NAME_ERRNOS:
        kind = OutputError.BAD_NAME
    else:
        kind = OutputError.FAILED
    name = errno.errorcode.get(code, "") if code is not None else ""
    message = MESSAGES[kind].format(name=_quoted(path), code=f"({name})" if name else "")
    return OutputError(kind, message, Path(path).name)
