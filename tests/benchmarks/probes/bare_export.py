"""Baseline of ``main.py export bookings … -o FILE.csv``: the same SELECT (a facility's month
of room bookings with the room and youth names, in start order) with sqlite3 and csv.writer
(UTF-8 with BOM), nothing else.

Run: ``python bare_export.py DB CODE START END OUT`` (START/END as stored: UTC text)."""

import csv
import sqlite3
import sys

db, code, start, end, out = sys.argv[1:6]
con = sqlite3.connect(db)
rows = con.execute(
    "SELECT b.starts_at, b.ends_at, r.name, y.name, b.headcount, b.purpose, b.status,"
    " b.cancel_code, b.cancel_reason, b.walk_in, b.series_id, b.override_reason"
    " FROM booking b JOIN room r ON r.id = b.room_id JOIN youth y ON y.id = b.youth_id"
    " JOIN facility f ON f.id = b.facility_id"
    " WHERE f.code = ? AND b.starts_at >= ? AND b.starts_at < ? ORDER BY b.starts_at, r.name",
    (code, start, end))
with open(out, "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f)
    w.writerow(["시작", "종료", "공간", "청년", "인원", "목적", "상태", "취소 구분", "취소 사유",
                "현장 배정", "반복 예약", "규칙 예외 사유"])
    w.writerows(rows)
