"""Hypothesis strategies of bad input the fuzz tests share: text with NUL and other control
characters, lone surrogates and very long strings, and integers outside the 32-bit columns,
each next to a valid value."""

from __future__ import annotations

from hypothesis import strategies as st

INT_MAX = 2_147_483_647
SPECIAL = ["\x00", "\x01", "\x0b", "\x1b", "\x7f", "\ud800", "\udfff", "\n", "\t", "\u200b", "\U0010ffff"]
plain = st.text(max_size=20)
spiked = st.builds(lambda a, c, b: a + c + b, plain, st.sampled_from(SPECIAL), plain)
long_text = st.builds(lambda c, n: c * n, st.sampled_from(["가", "a", " ", "가\x00"]), st.integers(100, 5000))
bad_text = st.one_of(spiked, st.text(st.characters(exclude_categories=()), max_size=30), long_text,
                     st.just(""), st.none())
bad_int = st.one_of(st.sampled_from([0, -1, INT_MAX, INT_MAX + 1, 2**63, -(2**31) - 1, 10**30]),
                    st.integers(min_value=-(2**80), max_value=2**80))


def text_or(valid):
    return st.one_of(st.just(valid), bad_text)


def int_or(valid):
    return st.one_of(st.just(valid), bad_int)


def id_or(*valid):
    return st.one_of(st.sampled_from(valid), bad_int)
