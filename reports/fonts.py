"""Korean fonts for PDFs: a TrueType font found on this machine, embedded in the PDF.

Looked for, in order: ``YJD_PDF_FONT`` (a .ttf path), Malgun Gothic (Windows), Apple SD
Gothic Neo / AppleGothic (macOS), Nanum Gothic and Noto Sans CJK (Linux, fontconfig).
Without any, reportlab's built-in CID font HYGothic-Medium is used (not embedded; the
viewer supplies the glyphs).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

CANDIDATES = [
    ("C:/Windows/Fonts/malgun.ttf", "C:/Windows/Fonts/malgunbd.ttf"),
    ("/System/Library/Fonts/Supplemental/AppleGothic.ttf", None),
    ("/Library/Fonts/AppleGothic.ttf", None),
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"),
    ("/usr/share/fonts/nanum/NanumGothic.ttf", "/usr/share/fonts/nanum/NanumGothicBold.ttf"),
]


def _fc_match(family: str) -> str | None:
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:lang=ko"], capture_output=True,
                             text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out if out.lower().endswith(".ttf") and Path(out).exists() else None


@lru_cache(maxsize=1)
def korean_fonts() -> tuple[str, str]:
    """Register and return (regular, bold) font names for reportlab."""
    pairs = []
    if os.environ.get("YJD_PDF_FONT"):
        pairs.append((os.environ["YJD_PDF_FONT"], None))
    pairs += CANDIDATES
    found = _fc_match("NanumGothic")
    if found:
        pairs.append((found, None))
    for regular, bold in pairs:
        if Path(regular).is_file():
            try:
                pdfmetrics.registerFont(TTFont("YJD-Regular", regular))
                bold_name = "YJD-Regular"
                if bold and Path(bold).is_file():
                    pdfmetrics.registerFont(TTFont("YJD-Bold", bold))
                    bold_name = "YJD-Bold"
                return "YJD-Regular", bold_name
            except Exception:  # a broken font file: try the next one
                continue
    pdfmetrics.registerFont(UnicodeCIDFont("HYGothic-Medium"))
    return "HYGothic-Medium", "HYGothic-Medium"
