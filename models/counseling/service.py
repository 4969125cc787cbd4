"""The counseling service (issue 12): sessions and notes, follow-ups, the caseload, group
sessions, activity plans, counts and the timeline, one ``Services.counseling``.

Each part is its own ``Service`` subclass (so every public method taking an ``actor`` is
wrapped in the live permission check); this class only joins them. The AI-booth analysis
consultation a session answers is closed through ``consult_closer`` (models.registry gives
the booths area's), so that counseling imports no other area's service.
"""

from __future__ import annotations

from models.counseling.caseload import CaseloadPart
from models.counseling.exports import ExportPart
from models.counseling.followups import FollowupPart
from models.counseling.groups import GroupPart
from models.counseling.plans import PlanPart
from models.counseling.reports import ReportPart
from models.counseling.sessions import SessionPart

__all__ = ["CounselingService"]


class CounselingService(SessionPart, FollowupPart, CaseloadPart, GroupPart, PlanPart, ReportPart, ExportPart):
    """See the parts: ``sessions``, ``followups``, ``caseload``, ``groups``, ``plans``,
    ``reports``, ``exports``."""
