"""Test modules share builders through tests/factories/, never by importing each other.

Importing a test module from another one runs its tests' module code twice under two names,
drags its fixtures along as "redefined" parameters and couples unrelated test files. This
check reads every Python file under tests/ (test modules, conftests, factories) and fails on
any import of a ``test_*`` module.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

#: files owned elsewhere that still import a test module; each is to switch to
#: tests/factories/ and then leave this list. Nothing may be added to it.
NOT_YET_MOVED: set[str] = set()


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def imported_test_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, module) of every import of a ``test_*`` module in ``source``, the text of the
    module named ``module`` (which resolves relative imports)."""
    package = module.rsplit(".", 1)[0].split(".")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # from .test_x import y / from . import test_x
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        hit = next((n for n in names if n.startswith("tests.") and n.rsplit(".", 1)[-1].startswith("test_")),
                   None)
        if hit:
            found.append((node.lineno, hit))
    return sorted(found)


def offenders() -> dict[str, list[tuple[int, str]]]:
    out = {}
    for path in sorted(TESTS.rglob("*.py")):
        hits = imported_test_modules(path.read_text(encoding="utf-8"), _module_name(path))
        if hits:
            out[path.relative_to(ROOT).as_posix()] = hits
    return out


def test_no_test_module_imports_another():
    found = offenders()
    new = {path: hits for path, hits in found.items() if path not in NOT_YET_MOVED}
    assert new == {}, ("import shared builders from tests/factories/ instead of another test "
                       f"module: {new}")


def test_the_check_sees_every_import_form():
    """The check is not blind: each way of importing a test module is found, and imports
    of factories and conftests are not."""
    source = (
        "from tests.models.rooms.test_room_bookings import book\n"
        "import tests.models.booths.test_booths\n"
        "from tests.gui.rooms import test_rooms_page\n"
        "from .test_room_dialogs import show\n"
        "from tests.factories.rooms import book as b\n"
        "from tests.conftest import FAST_HASHER\n"
        "from . import conftest\n"
        "def f():\n"
        "    from tests.models.booths.test_booth_slots import slot_id\n")
    assert imported_test_modules(source, "tests.gui.rooms.test_sample") == [
        (1, "tests.models.rooms.test_room_bookings"),
        (2, "tests.models.booths.test_booths"),
        (3, "tests.gui.rooms.test_rooms_page"),
        (4, "tests.gui.rooms.test_room_dialogs"),
        (9, "tests.models.booths.test_booth_slots"),
    ]


def test_the_list_of_files_not_yet_moved_only_shrinks():
    """Every file on the list still exists (a renamed one must not hide a new offender)."""
    assert all((ROOT / path).exists() for path in NOT_YET_MOVED)
