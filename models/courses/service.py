"""The courses service (issue 14): a campus's training courses, applications, the
three-stage selection, acceptance and the reserve list, attendance, drop-out and
completion with its certificate, employment follow-ups, the funnel and the youth's
timeline, one ``Services.courses``.

Each part is its own ``Service`` subclass (so every public method taking an ``actor`` is
wrapped in the live permission check); this class only joins them. The employment
follow-ups also go into the counseling area's follow-up queue through
``followup_scheduler`` and ``followup_closer``, and an employer is looked up in the
company registry through ``company_names`` (models.registry gives all three), so that
courses imports no other area's service.
"""

from __future__ import annotations

from models.courses.acceptance import AcceptancePart
from models.courses.applications import ApplicationPart
from models.courses.attendance import AttendancePart
from models.courses.catalog import CatalogPart
from models.courses.completion import CompletionPart
from models.courses.outcomes import OutcomePart
from models.courses.reports import ReportPart
from models.courses.selection import SelectionPart

__all__ = ["CoursesService"]


class CoursesService(AcceptancePart, CatalogPart, ApplicationPart, SelectionPart, AttendancePart, CompletionPart,
                     OutcomePart, ReportPart):
    """See the parts: ``catalog``, ``applications``, ``selection``, ``acceptance``,
    ``attendance``, ``completion``, ``outcomes``, ``reports``."""
