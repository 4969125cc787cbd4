"""``main.py report monthly`` and ``main.py report city``, in-process on a small demo
(60 youths): the PDFs and the evidence workbook are written and each printout recorded
once as an output without personal data; the PDF text holds none of the demo youths'
names or phones (every one of them is looked for); bad input is one Korean line, exit 1,
nothing written and nothing recorded. The plug-in's parser imports nothing heavy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.factories.cli import cli, make_demo, output_count, query

ROOT = Path(__file__).resolve().parents[2]
MONTH = "2026-11"
pytestmark = pytest.mark.usefixtures("quiet_logging")
NEEDS_POPPLER = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return make_demo(tmp_path_factory.mktemp("cli-report"))


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _phones(phone: str) -> set[str]:
    return {phone, f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", phone[3:], f"{phone[3:7]}-{phone[7:]}"}


@NEEDS_POPPLER
def test_reports_hold_counts_only(capsys, demo, folder):
    codes = [r[0] for r in query(demo, "SELECT code FROM facility WHERE status = 'open' ORDER BY code")]
    chosen = [c for c in codes if c.startswith("ACAD-")][:1] + [c for c in codes if c.startswith("CAFE-")][:1] + \
        ["MATCH-DESK"]
    before = output_count(demo)
    texts = []
    for code in chosen:
        pdf, xlsx = folder / f"{code}.pdf", folder / f"{code}.xlsx"
        code_, out, err = cli(capsys, "report", "monthly", "--facility", code, "--month", MONTH, "-o", pdf,
                              "--evidence", xlsx, "--db", demo)
        assert code_ == 0, err
        assert "운영 실적" in out and "저장했습니다" in out and pdf.exists() and xlsx.exists()
        text = _text(pdf)
        assert "2026년 11월 월간 운영 실적" in text and "운영 실적" in text
        texts.append(text)
        wb = load_workbook(xlsx, read_only=True)
        assert wb.sheetnames == ["요약", "근거"]
    city = folder / "city.pdf"
    code_, out, err = cli(capsys, "report", "city", "--month", MONTH, "-o", city, "--db", demo)
    assert code_ == 0, err
    texts.append(_text(city))
    assert "도심권" in texts[-1] and "서울시 전체" in texts[-1] and "개소 예정" in texts[-1]
    region = folder / "region.pdf"
    assert cli(capsys, "report", "city", "--month", MONTH, "--region", "서북권", "-o", region, "--db", demo)[0] == 0
    texts.append(_text(region))
    assert "서북권" in texts[-1] and "도심권" not in texts[-1]
    # every demo youth's name and phone, looked for in every PDF
    youths = query(demo, "SELECT name, phone, birth_date FROM youth")
    assert len(youths) == 60
    everything = "\n".join(texts)
    squeezed = "".join(everything.split())
    for name, phone, birth in youths:
        assert name not in squeezed, name
        assert not any(p in squeezed for p in _phones(phone)), phone
        assert birth not in everything
    rows = query(demo, "SELECT entity, detail, username, old_values, new_values FROM audit_log "
                       "WHERE action = 'output' ORDER BY id")[before:]
    assert len(rows) == len(chosen) + 2 and {r[0] for r in rows} == {"monthly_summary"}
    for _entity, detail, username, old, new in rows:
        assert username.startswith("cli:") and old in (None, "null") and new in (None, "null")
        assert not any(name in detail or phone in detail for name, phone, _ in youths)


@pytest.mark.parametrize(("args", "message"), [
    (["monthly", "--facility", "MATCH-DESK", "--month", "2026-13"], "--month 는 YYYY-MM"),
    (["monthly", "--facility", "MATCH-DESK", "--month", "11월"], "--month 는 YYYY-MM"),
    (["monthly", "--facility", "NO-SUCH", "--month", MONTH], "알 수 없는 시설 코드입니다"),
    (["city", "--month", MONTH, "--region", "북극권"], "알 수 없는 권역입니다"),
])
def test_bad_input_is_one_korean_line_and_writes_nothing(capsys, demo, folder, args, message):
    before = output_count(demo)
    code, out, err = cli(capsys, "report", *args, "-o", folder / "x.pdf", "--db", demo)
    assert code == 1 and err.startswith("오류: ") and message in err and len(err.strip().splitlines()) == 1
    assert out == "" and not list(folder.iterdir()) and output_count(demo) == before


def test_an_unwritable_path_is_refused_before_anything(capsys, demo, folder):
    before = output_count(demo)
    for target, message in ((folder / "missing" / "x.pdf", "폴더가 없습니다"), (folder / "x.docx", ".pdf"),
                            (folder, "")):
        code, out, err = cli(capsys, "report", "monthly", "--facility", "MATCH-DESK", "--month", MONTH, "-o", target,
                             "--db", demo)
        assert code == 1 and err.startswith("오류: ") and message in err
    code, _, err = cli(capsys, "report", "monthly", "--facility", "MATCH-DESK", "--month", MONTH, "-o",
                       folder / "x.pdf", "--evidence", folder / "x.csv", "--db", demo)
    assert code == 1 and ".xlsx" in err
    assert not list(folder.iterdir()) and output_count(demo) == before


def test_the_parser_imports_nothing_heavy():
    code = ("import sys, argparse; import cli.commands.report as r; p = argparse.ArgumentParser(); "
            "r.add_parser(p.add_subparsers()); "
            "heavy = [n for n in ('models.registry', 'sqlalchemy', 'sqlmodel', 'PySide6', 'reportlab', 'openpyxl') "
            "if n in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stderr
