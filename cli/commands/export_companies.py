"""The companies area's export plug-in as ``cli.commands.export`` finds it (its
``AREA_EXPORTS`` names the area "companies"): ``export matches``, in
``cli.commands.export_matches``."""

from __future__ import annotations

from cli.commands.export_matches import WHAT, add_parser, formats, run

__all__ = ["WHAT", "add_parser", "formats", "run"]
