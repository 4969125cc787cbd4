"""The data lifecycle (issue 16): backups and restore of the SQLite file, and later the
retention and destruction of personal data, the youth's own requests and imports.

- ``models.lifecycle.backup``: one verified copy of the SQLite file (SQLite's online backup
  API, a step at a time), its manifest beside it, and the list of copies;
- ``models.lifecycle.retention``: which copies the 7 daily, 4 weekly and 12 monthly keep;
- ``models.lifecycle.restore``: putting a copy in place of the database file, the current
  file kept aside, refused while another program has the file open;
- ``models.lifecycle.pgdump``: ``pg_dump -Fc`` of a PostgreSQL database;
- ``models.lifecycle.service``: the use cases the GUI and the command line call, with their
  permission checks and audit records.
"""
