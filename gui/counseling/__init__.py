"""상담: counseling sessions, follow-ups, the caseload, group sessions and counts (issue 12)."""
