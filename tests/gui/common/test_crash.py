"""The last-resort error report: the log never carries a youth's data."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from gui.common import crash
from models.core.masking import scrub_error

PG_CHECK = ('new row for relation "booking" violates check constraint "ck_booking_headcount"\n'
            "DETAIL:  Failing row contains (7, 1, 2, 홍길동, 010-1234-5678, 0, 메모(조용히)\n"
            "010-5555-6666 두 번째 줄).\n"
            "[SQL: INSERT INTO booking ...]\n(Background on this error at: https://sqlalche.me/e/21/gkpj)")
PG_UNIQUE_KO = ('중복된 키 값이 "uq_youth_email" 고유 제약 조건을 위반함\n'
                "상세정보:  (lower(email))=(hong@example.kr) 키가 이미 있습니다.")
PG_EXCLUDE = ('conflicting key value violates exclusion constraint "booking_no_overlap"\n'
              "DETAIL:  Key (room_id, tstzrange(starts_at, ends_at))=(1, [\"2026-11-30\",)) conflicts "
              "with existing key (room_id, tstzrange(starts_at, ends_at))=(1, [\"2026-11-30\",)).")


class DriverError(Exception):
    """Stands in for a psycopg error: a message in any language and its diagnostics."""

    def __init__(self, message: str, detail: str):
        super().__init__(message)
        self.diag = SimpleNamespace(message_detail=detail)


@pytest.mark.expect_worker_errors  # it reports one on purpose
def test_unexpected_error_is_logged_without_the_failing_row(qapp, caplog):
    qapp.setProperty("yjd_quiet_errors", True)
    orig = DriverError("값이 제약 조건을 위반함\n실패한 자료: (홍길동, 010-1234-5678)",
                       "실패한 자료: (홍길동, 010-1234-5678)")
    with caplog.at_level(logging.ERROR, logger="yjd.crash"):
        try:
            try:
                raise orig
            except DriverError as inner:
                raise RuntimeError(PG_CHECK) from inner
        except RuntimeError as exc:
            crash.report(exc)
    text = caplog.text
    assert "ck_booking_headcount" in text and "RuntimeError" in text  # still useful to a developer
    for secret in ("홍길동", "010-1234-5678", "조용히", "010-5555-6666"):
        assert secret not in text


def test_scrub_error_cuts_every_detail_block_and_keeps_the_rest():
    scrubbed = scrub_error(PG_CHECK)
    assert "DETAIL:  (값 숨김)\n[SQL: INSERT INTO booking ...]" in scrubbed
    assert "ck_booking_headcount" in scrubbed and "010-5555-6666" not in scrubbed
    assert "hong@example.kr" not in scrub_error(PG_UNIQUE_KO)
    assert "uq_youth_email" in scrub_error(PG_UNIQUE_KO)
    assert "2026-11-30" not in scrub_error(PG_EXCLUDE) and "booking_no_overlap" in scrub_error(PG_EXCLUDE)
    plain = "database is locked"
    assert scrub_error(plain) == plain
