"""상담: counseling sessions, follow-ups, the caseload, group sessions and counts (issue 12).

Every counseling write announces ``Topic.COUNSELING``. A write that changes a youth's
timeline (a session logged, edited, voided or added to; a group session and its
attendees) announces ``Topic.YOUTH`` too (``TIMELINE_TOPICS``), because the youth record
(``gui.youth.page``), which shows that timeline, listens to ``Topic.YOUTH`` alone.
"""

from gui.context import Topic

TIMELINE_TOPICS = (Topic.COUNSELING, Topic.YOUTH)
