"""The lifecycle area's outputs: the printed 파기 대장 (``reports.destruction_ledger``).

As every output: the file is written inside the service's transaction and recorded in the
audit log ("출력") only once it is there; a file that cannot be written raises
``OutputError`` and leaves neither the file nor an audit row.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.core.permissions import Actor
from models.core.time import SEOUL
from models.lifecycle.privacy import PrivacyService
from models.outputs.common import OutputResult, WrittenFile
from reports import destruction_ledger
from reports.files import check_target

LEDGER_FORMATS = destruction_ledger.FORMATS


def print_destruction_ledger(services, actor: Actor, facility_id: int | None, path: str | os.PathLike
                             ) -> OutputResult:
    """The ledger of the facility (``None``: every facility, the admin) to ``path`` (.pdf);
    ``rows`` of the result is the number of ledger rows."""
    target = check_target(path, LEDGER_FORMATS)
    with WrittenFile(target) as written:
        def write(rows, scope: str) -> None:
            destruction_ledger.build_ledger(target, rows, scope=scope, printed_by=actor.display_name,
                                            printed_at=services.clock().astimezone(SEOUL))
            written.done()

        rows = PrivacyService.of(services).print_ledger(actor, facility_id, write)
    return OutputResult(Path(target), len(rows))
