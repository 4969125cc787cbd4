"""The monthly summary writer (reports/monthly_summary.py) on documents made here: the
Korean font embedded with its bold face, numbers right-aligned with thousands separators,
months as ``2026년 11월``, a table split across pages repeating its header, pages numbered
``1 / N``, body text wrapped at spaces (no word cut in two); and the evidence workbook's
real date cells. Read back with poppler's ``pdftotext`` / ``pdffonts``."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from reports import monthly_summary as ms
from reports.monthly_summary import (
    BarsBlock,
    Column,
    Document,
    EvidenceSheet,
    Section,
    TableBlock,
    TrendBlock,
)

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                                reason="pdftotext / pdffonts (poppler-utils) are missing")

NOTE = ("이용률은 예약 시간을 운영 시간으로 나눈 값이며 공휴일과 휴관일은 운영 시간에서 뺍니다. "
        "노쇼율은 취소되지 않은 예약 가운데 노쇼로 확정된 예약의 비율입니다. ") * 3


def _pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _doc(rows: int = 90) -> Document:
    cols = (Column("공간", "text", 2), Column("예약"), Column("이용률", "pct"), Column("예약 시간", "hours"))
    big = TableBlock("공간별 예약", cols, tuple((f"스터디룸 {i}", 1234 * i, 12.5, 1.5 * i) for i in range(rows)),
                     bold_rows=frozenset({rows - 1}), note=NOTE)
    head = TableBlock("", (Column("구분", "text", 1.6), Column("계"), Column("현장방문")),
                      (("2026년 11월", 12345, 678),), groups=(("", 1), ("구직청년 모집", 2)))
    bars = BarsBlock("일별 예약", tuple(str(d) for d in range(1, 31)), (("예약", tuple(range(30))),), unit="건")
    trend = TrendBlock("", ("25.12", "26.01"), (("구직상담", (1000.0, 1200.0)), ("구직청년 모집", (3.0, 4.0))))
    return Document(f"{ms.month_label(2026, 11)} 월간 운영 실적 — 테스트 카페", ("출력 2026-12-01 09:00 · 관리자",),
                    (Section("운영 실적", (head,)), Section("스터디룸·회의실", (big, bars)), Section("12개월 추이", (trend,))),
                    ("무효 처리된 기록은 세지 않았습니다.",), "테스트 카페 · 2026년 11월 월간 운영 실적")


def test_labels_and_numbers():
    assert ms.month_label(2026, 11) == "2026년 11월"
    assert ms.number(1234567) == "1,234,567"
    assert ms.number(12.34, "pct") == "12.3%"
    assert ms.number(None) == "—"
    assert ms.number(4.4, "ratio") == "4.40 : 1"


def test_the_pdf_layout(tmp_path):
    path = tmp_path / "s.pdf"
    pages = ms.write_pdf(path, _doc())
    text = _pages(path)
    assert pages == len(text) >= 3
    for i, page in enumerate(text, 1):
        assert re.search(rf"\b{i}\s*/\s*{pages}\s*$", page.rstrip())  # numbered n / total, at the bottom
        assert "테스트 카페 · 2026년 11월 월간 운영 실적" in page
    assert "2026년 11월 월간 운영 실적" in text[0] and "12,345" in text[0]
    # the long table splits and its header repeats on the next page
    with_rows = [p for p in text if "스터디룸 5" in p or "스터디룸 80" in p]
    assert len(with_rows) >= 2 and all("예약 시간" in p and "이용률" in p for p in with_rows)
    assert "109,826" in "".join(text)  # 1,234 × 89 with its separators
    # right-aligned: a number ends where its header ends (same column edge)
    line = next(ln for ln in "".join(text).splitlines() if "스터디룸 10 " in ln)
    assert line.rstrip().endswith("15.0")
    # wrapped at spaces: every word of the note is whole on some line
    body = "\n".join(text)
    for word in set(NOTE.split()):
        assert word.strip(".") in body, word


def test_the_font_is_embedded_with_its_bold_face(tmp_path):
    path = tmp_path / "s.pdf"
    ms.write_pdf(path, _doc(rows=5))
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = [ln.split() for ln in out.splitlines()[2:] if ln.strip()]
    regular, bold = ms.fonts()
    if regular == bold:
        pytest.skip("no TrueType Korean font with a bold face on this machine")
    names = [f[0] for f in fonts]
    assert len({n.split("+")[-1] for n in names}) >= 2  # the regular face and the bold one
    assert any("bold" in n.lower() for n in names)
    assert all(f[-5] == "yes" for f in fonts), out  # every font embedded (emb column)


def test_the_evidence_workbook_has_real_dates(tmp_path):
    path = tmp_path / "e.xlsx"
    at = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
    ms.write_evidence(path, EvidenceSheet("근거", [("구직상담", "2026-11", "테스트 카페", 2, 2)],
                                          [("구직상담", "2026-11", "테스트 카페", "상담", 7, date(2026, 11, 30), at, "대면", 1),
                                           ("구직상담", "2026-11", "테스트 카페", "상담", 8, date(2026, 11, 2), None,
                                            "=1+1", 1)]))
    wb = load_workbook(path)
    assert wb.sheetnames == ["요약", "근거"]
    ev = wb["근거"]
    assert [c.value for c in ev[1]] == list(ms.EVIDENCE_HEADERS)
    assert ev["F2"].is_date and ev["F2"].value.date() == date(2026, 11, 30)
    assert ev["E2"].value == 7 and ev["I2"].value == 1
    assert ev["H3"].value == "=1+1" and ev["H3"].data_type == "s"  # text, not a formula
    assert wb["요약"]["D5"].value == 2
