"""시스템 관리: backups and restore of the SQLite database (issue 16)."""
