"""Every area's measures. An area (counseling, matching, courses…) adds a module here
exposing ``MEASURES`` (a list of ``core.Measure``); ``run.py`` runs them all: the areas
of ``AREAS`` first, in that order, then any other module of this package by name."""

from __future__ import annotations

import importlib
import pkgutil

AREAS = ["youth", "audit", "booths", "rooms", "counseling", "app"]


def area_names() -> list[str]:
    """``AREAS`` in order, with any other area module of the package before ``app`` (the
    process measures, which run last)."""
    found = {m.name for m in pkgutil.iter_modules(__path__)}
    extra = sorted(n for n in found - set(AREAS) if not n.startswith("_") and n != HELPERS)
    return [a for a in AREAS[:-1] if a in found] + extra + ["app"]


HELPERS = "rawsql"  # shared raw-SQL baselines, not an area


def all_measures():
    out = []
    for area in area_names():
        out += importlib.import_module(f"{__name__}.{area}").MEASURES
    return out
