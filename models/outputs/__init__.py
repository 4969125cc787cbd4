"""Use cases that join a service, a writer (reports/) and the audit record: exports, day
sheets, later monthly PDFs, backups and imports. The GUI and the CLI both call them."""
