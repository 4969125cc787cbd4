"""Builders shared by the tests: facilities and staff, youths, rooms, booths, the GUI pages.

Test modules import builders from here, never from another test module
(``tests/test_factories_only.py`` checks it). Shared fixtures are thin wrappers around these
builders, defined in the conftest of the folder that uses them.
"""
