"""The last-resort error report: the log never carries a youth's data."""

from __future__ import annotations

import logging

from gui import crash
from models.masking import scrub_error

PG_CHECK = ('new row for relation "booking" violates check constraint "ck_booking_headcount"\n'
            "DETAIL:  Failing row contains (7, 1, 2, 홍길동, 010-1234-5678, 0, 조용히).")
PG_UNIQUE = ('duplicate key value violates unique constraint "uq_youth_phone"\n'
             "DETAIL:  Key (phone)=(01012345678) already exists.")


def test_unexpected_error_is_logged_without_the_failing_row(qapp, caplog):
    qapp.setProperty("yjd_quiet_errors", True)
    with caplog.at_level(logging.ERROR, logger="yjd.crash"):
        try:
            raise RuntimeError(PG_CHECK)
        except RuntimeError as exc:
            crash.report(exc)
    text = caplog.text
    assert "ck_booking_headcount" in text and "RuntimeError" in text  # still useful to a developer
    assert "홍길동" not in text and "010-1234-5678" not in text and "조용히" not in text


def test_scrub_error_cuts_row_and_key_values_only():
    assert scrub_error(PG_CHECK).endswith("Failing row contains (값 숨김).")
    assert scrub_error(PG_UNIQUE).endswith("Key (phone)=(값 숨김) already exists.")
    plain = "database is locked"
    assert scrub_error(plain) == plain
