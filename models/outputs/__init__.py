"""Use cases that join a service, a writer (reports/) and the audit record: exports, day
sheets, later monthly PDFs, backups and imports. The GUI and the CLI both call them.

Each use case reads its rows through the service (which checks the permission), has the
writer write the file atomically inside the service's transaction, and the service records
the output ("출력") in the audit log only after the file is there. A file that cannot be
written raises ``OutputError`` (a ``DomainError`` with a Korean message) and records nothing.
"""

from models.outputs.common import OutputResult
from reports.errors import OutputError

__all__ = ["OutputError", "OutputResult"]
