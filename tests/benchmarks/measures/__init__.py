"""Every area's measures. A later area (counseling, matching, courses…) adds a module here
exposing ``MEASURES`` (a list of ``core.Measure``) and its name to ``AREAS``; ``run.py``
runs them all, in this order."""

from __future__ import annotations

import importlib

AREAS = ["youth", "audit", "booths", "rooms", "app"]


def all_measures():
    out = []
    for area in AREAS:
        out += importlib.import_module(f"{__name__}.{area}").MEASURES
    return out
