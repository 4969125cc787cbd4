"""The shared importer (issue 16, Imports; reused by issue 14 for course applicants):
``reading`` (xlsx / CSV in UTF-8, BOM, UTF-16, CP949), ``mapping`` (columns to fields),
``engine`` (preview with per-row Korean errors and duplicates; an all-or-nothing commit
with a report), ``targets`` (youth, companies). See ``engine`` for the target protocol."""
