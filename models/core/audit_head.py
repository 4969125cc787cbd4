"""The audit chain's head kept outside the database: ``<database file>.audit-head``.

A row removed from the end of the log leaves a chain that is still whole, only shorter.
So the last seq and hash are also kept in a small JSON file beside the SQLite file
(``{"seq": 42, "hash": "…"}``), written atomically (a temporary file, then ``os.replace``)
after every commit that appended audit rows, and copied with every backup
(``<backup file>.audit-head``). ``check`` compares it with the log:

- the log is shorter than the file says, or its row at the file's seq has another hash:
  the tail was cut or changed (a problem);
- the file is behind the log: benign (a crash between the commit and the file write,
  or another program's write that finished its file later);
- no file: a note. It is made by the upgrade that builds the chain (migration 0006, or a
  new database), and by the next write after it went missing (that write knows the rows it
  just committed exist; the log file records it), so from then on the tail is covered.

The file is not fsync-ed (that cost 5 ms a commit, twice a whole booking): like the
database itself (WAL with ``synchronous=NORMAL``), a power cut may lose its last writes.
The rename keeps it whole. A power cut can also lose the database's last commits while the
file kept them: ``check`` then reports a cut tail of those few rows, and says that a power
cut is one explanation.

A writer never moves the file backwards, nor over a file it cannot read: a file ahead of
the log stays the evidence until someone looks (restore a backup together with its
``.audit-head`` file; delete the file to start afresh).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path

from sqlalchemy.engine import URL

from models.core.audit_chain import Head

log = logging.getLogger(__name__)
SUFFIX = ".audit-head"
_HASH = re.compile(r"[0-9a-f]{64}")


class BadHeadFile(Exception):
    """The head file is there but holds no head (cut, edited, not JSON)."""


def path_for(url: URL) -> Path | None:
    """The head file of the SQLite database at ``url`` (None for PostgreSQL and memory)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    db = url.database[5:] if url.database.startswith("file:") else url.database
    return beside(Path(db.split("?", 1)[0]))


def beside(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + SUFFIX)


def read(path: Path) -> Head | None:
    """The head in the file, None when there is no file; ``BadHeadFile`` when it holds
    anything else."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadHeadFile(str(exc)) from None
    try:
        data = json.loads(text)
        seq, digest = data["seq"], data["hash"]
    except (ValueError, TypeError, KeyError):
        raise BadHeadFile("not a head") from None
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0 \
            or not isinstance(digest, str) or not _HASH.fullmatch(digest):
        raise BadHeadFile("not a head")
    return Head(seq, digest)


def write(path: Path, head: Head) -> None:
    """Replace the file with ``head``, atomically."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"seq": head.seq, "hash": head.hash}, f)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def advance(path: Path, head: Head) -> None:
    """After a commit that appended rows up to ``head``: move the file forward, never back
    (see the module's text). A file that cannot be written is logged, not raised: the
    commit is done, and a file behind the log is benign."""
    try:
        current = read(path)
    except BadHeadFile:
        log.warning("audit head file %s is unreadable; left as it is", path)
        return
    if current is not None and current.seq >= head.seq:
        return
    if current is None:
        log.info("audit head file %s was missing; written at seq %d", path, head.seq)
    try:
        write(path, head)
    except OSError as exc:
        log.warning("could not write the audit head file %s: %s", path, exc)
