"""Reading an import file into a table of text cells: Excel (.xlsx, openpyxl in read-only
mode) or CSV in UTF-8, UTF-8 with a BOM, UTF-16 (Excel's "유니코드 텍스트") or
CP949/EUC-KR, detected in that order.

Whatever the bytes, the result is a ``SourceTable`` or an ``ImportFileError`` with a Korean
message; never another exception and never a value of the file in the message. A cell is
always text (``""`` when empty): dates become ISO text, whole numbers lose their ``.0``.
Rows are numbered as a spreadsheet shows them (the header row is 1); blank rows are left out.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from models.imports.errors import ImportFileError

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000  # data rows
MAX_COLUMNS = 200
MAX_CELL = 10_000  # characters: longer is no field of ours, and csv refuses more than its limit

EMPTY = "파일이 비어 있습니다. 첫 줄에 열 이름, 그 아래에 한 줄에 한 명씩 적힌 파일을 고르세요."
NO_ROWS = "열 이름 아래에 가져올 행이 없습니다."
TOO_BIG = "파일이 너무 큽니다(50MB까지). 파일을 나누어 가져오세요."
TOO_MANY_ROWS = f"한 번에 가져올 수 있는 행은 {MAX_ROWS:,}행까지입니다. 파일을 나누어 가져오세요."
TOO_MANY_COLUMNS = f"열이 너무 많습니다({MAX_COLUMNS}개까지). 가져올 열만 남긴 파일을 고르세요."
CELL_TOO_LONG = f"한 칸에 글자가 너무 많습니다({MAX_CELL:,}자까지). 파일을 확인하세요."
BAD_XLSX = ("엑셀 파일을 읽을 수 없습니다. 파일이 손상되었거나 .xlsx 형식이 아닙니다. "
            "엑셀에서 열어 .xlsx 또는 CSV로 다시 저장해 보세요.")
OLD_XLS = "예전 엑셀 형식(.xls)은 읽을 수 없습니다. 엑셀에서 .xlsx 또는 CSV(UTF-8)로 저장한 뒤 가져오세요."
UNKNOWN_ENCODING = ("파일의 글자 인코딩을 알 수 없습니다(UTF-8, CP949가 아닙니다). "
                    "엑셀에서 'CSV UTF-8(쉼표로 분리)'로 다시 저장해 보세요.")
WRONG_ENCODING = "파일이 {0} 인코딩이 아닙니다. 인코딩을 '자동 감지'로 두거나 다른 인코딩을 고르세요."
BAD_CSV = "CSV 파일의 형식이 올바르지 않습니다(따옴표가 닫히지 않았거나 줄이 깨졌습니다). 파일을 확인하세요."
CANNOT_OPEN = "파일을 열 수 없습니다. 경로와 읽기 권한을 확인하세요."

# what the user may force instead of detection, and how each detected encoding is named
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16", "cp949": "CP949 (EUC-KR)"}
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class SourceTable:
    """A file read as a table. ``rows[i]`` is the text of row ``numbers[i]`` (as the
    spreadsheet counts), padded to the header's width."""

    name: str  # the file name (never shown in logs or the audit log)
    kind: str  # "xlsx" or "csv"
    encoding: str | None  # a label of ENCODINGS for CSV; None for xlsx
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...]

    @property
    def described(self) -> str:
        """'CSV · CP949 (EUC-KR) · 52행' — what the dialog shows of the file."""
        kind = "엑셀(.xlsx)" if self.kind == "xlsx" else "CSV"
        enc = f" · {self.encoding}" if self.encoding else ""
        return f"{kind}{enc} · {len(self.rows):,}행"


def read_file(path: str | Path, encoding: str | None = None) -> SourceTable:
    """Read ``path``; ``encoding`` (a key of ``ENCODINGS``) forces a CSV's encoding."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ImportFileError(TOO_BIG)
        data = p.read_bytes()
    except OSError:
        raise ImportFileError(CANNOT_OPEN) from None
    return read_bytes(data, p.name, encoding)


def read_bytes(data: bytes, name: str = "", encoding: str | None = None) -> SourceTable:
    if len(data) > MAX_BYTES:
        raise ImportFileError(TOO_BIG)
    if not data.strip():
        raise ImportFileError(EMPTY)
    suffix = Path(name).suffix.lower()
    if suffix == ".xls" or data.startswith(_OLE):
        raise ImportFileError(OLD_XLS)
    if suffix in (".xlsx", ".xlsm") or data.startswith(_ZIP):
        headers, rows, numbers = _xlsx(data)
        kind, label = "xlsx", None
    else:
        text, label = decode(data, encoding)
        headers, rows, numbers = _csv(text, label)
        kind = "csv"
    return SourceTable(name, kind, label, headers, rows, numbers)


# -- text ---------------------------------------------------------------------------
def decode(data: bytes, forced: str | None = None) -> tuple[str, str]:
    """The text of a CSV and the label of its encoding."""
    if forced is not None:
        if forced not in ENCODINGS:
            raise ImportFileError(UNKNOWN_ENCODING)
        codec = "utf-8-sig" if forced == "utf-8" else forced  # a BOM is no character
        try:
            return data.decode(codec), ENCODINGS[forced]
        except (UnicodeDecodeError, UnicodeError):
            raise ImportFileError(WRONG_ENCODING.format(ENCODINGS[forced])) from None
    candidates = []
    if data.startswith(codecs.BOM_UTF8):
        candidates.append("utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates.append("utf-16")
    candidates += ["utf-8", "cp949"]
    for codec in candidates:
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, UnicodeError):
            continue
        if codec == "utf-8" and _cp949_in_disguise(data, text):
            return data.decode("cp949"), ENCODINGS["cp949"]
        return text, ENCODINGS[codec]
    raise ImportFileError(UNKNOWN_ENCODING)


def _cp949_in_disguise(data: bytes, text: str) -> bool:
    """Some CP949 syllables are also valid UTF-8 (초, 최, 하, 홍… are two bytes that UTF-8
    reads as one Latin, Greek or Cyrillic letter), so a short CP949 file can decode as
    UTF-8. Korean text in UTF-8 always has characters from U+0800 up (Hangul is three
    bytes); when none is there and CP949 reads every other character as a Hangul syllable,
    the file is CP949. A letter such as é next to an ASCII letter (José, Café) is taken for
    what UTF-8 says it is."""
    if text.isascii() or any(ord(ch) >= 0x800 for ch in text):
        return False
    for i, ch in enumerate(text):
        if not ch.isascii() and any(0 <= j < len(text) and text[j].isascii() and text[j].isalpha()
                                    for j in (i - 1, i + 1)):
            return False
    try:
        korean = data.decode("cp949")
    except UnicodeDecodeError:
        return False
    return all(ch.isascii() or "\uac00" <= ch <= "\ud7a3" for ch in korean)


def _delimiter(text: str, label: str) -> str:
    """Excel's 유니코드 텍스트 (UTF-16) is tab-separated; otherwise the first of comma, tab
    and semicolon that the header line holds outside quotes (a comma file first)."""
    if label == ENCODINGS["utf-16"]:
        return "\t"
    line, quoted = [], False
    for ch in text.lstrip("\r\n"):
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        elif not quoted:
            line.append(ch)
    return next((d for d in (",", "\t", ";") if d in line), ",")


def _csv(text: str, label: str):
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError(EMPTY)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, label), strict=False)
    try:
        return _table(reader)
    except csv.Error:
        raise ImportFileError(BAD_CSV) from None


# -- Excel --------------------------------------------------------------------------
def _xlsx(data: bytes):
    import openpyxl  # only when a workbook is read

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, KeyError, ValueError) for a broken file
        raise ImportFileError(BAD_XLSX) from None
    try:
        sheet = book.active if book.active is not None else book.worksheets[0]
        return _table([_cell(v) for v in row] for row in
                       sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1))
    except ImportFileError:
        raise
    except Exception:  # a part of the workbook that does not parse
        raise ImportFileError(BAD_XLSX) from None
    finally:
        try:
            book.close()
        except Exception:  # closing a broken archive: nothing is lost
            pass


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


# -- both ---------------------------------------------------------------------------
def _table(records):
    headers: tuple[str, ...] | None = None
    rows, numbers = [], []
    for number, record in enumerate(records, start=1):
        cells = [c.strip() if isinstance(c, str) else _cell(c) for c in record]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue  # a blank row
        if len(cells) > MAX_COLUMNS:
            raise ImportFileError(TOO_MANY_COLUMNS)
        if any(len(c) > MAX_CELL for c in cells):
            raise ImportFileError(CELL_TOO_LONG)
        if headers is None:
            headers = tuple(c or f"열{i + 1}" for i, c in enumerate(cells))
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(TOO_MANY_ROWS)
        width = max(len(headers), len(cells))
        rows.append(tuple(cells) + ("",) * (width - len(cells)))
        numbers.append(number)
    if headers is None:
        raise ImportFileError(EMPTY)
    if not rows:
        raise ImportFileError(NO_ROWS)
    width = max(len(headers), *(len(r) for r in rows))
    headers = headers + tuple(f"열{i + 1}" for i in range(len(headers), width))
    rows = [r + ("",) * (width - len(r)) for r in rows]
    return headers, tuple(rows), tuple(numbers)
