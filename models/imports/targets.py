"""The import targets by key: ``main.py import <key>`` and the dialog find them here. A
later area (course applicants, issue 14) adds its target module and one line below."""

from __future__ import annotations

from models.imports.engine import Target


def target(key: str) -> Target:
    if key == "youth":
        from models.imports.youth import YouthTarget
        return YouthTarget()
    if key == "companies":
        from models.imports.companies import CompanyTarget
        return CompanyTarget()
    if key.startswith("applicants:"):  # "applicants:<course id>": one course's applicants (issue 14)
        from models.imports.applicants import applicants_target
        return applicants_target(key)
    raise KeyError(key)


KEYS = ("youth", "companies")
