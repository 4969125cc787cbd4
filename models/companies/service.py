"""The companies service (issue 13): the company registry and its contacts, job openings,
the matching pipeline, retention follow-ups and the monthly counts, one
``Services.companies``.

Each part is its own ``Service`` subclass (so every public method taking an ``actor`` is
wrapped in the live permission check); this class only joins them. The retention
follow-ups go into the counseling area's follow-up queue through ``followup_scheduler``
and ``followup_closer`` (models.registry gives them), so that companies imports no
counseling.
"""

from __future__ import annotations

from models.companies.companies import CompanyPart, DuplicateCompany
from models.companies.matchdays import MatchingDayPart
from models.companies.openings import OpeningPart
from models.companies.pipeline import PipelinePart
from models.companies.reports import ReportPart
from models.companies.retention import RetentionPart

__all__ = ["CompaniesService", "DuplicateCompany"]


class CompaniesService(CompanyPart, OpeningPart, PipelinePart, RetentionPart, ReportPart, MatchingDayPart):
    """See the parts: ``companies``, ``openings``, ``pipeline``, ``retention``, ``reports``,
    ``matchdays``."""
