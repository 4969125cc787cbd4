"""청년일자리 데스크 — start-up. Everything else is in ``cli/`` (commands) and ``gui/``."""

import sys

from cli.main import run

if __name__ == "__main__":
    sys.exit(run())
