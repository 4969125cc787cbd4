"""The import dialog of the shared importer (models/imports): file, encoding, column
mapping, preview with per-row errors and duplicates, commit with progress and report."""
