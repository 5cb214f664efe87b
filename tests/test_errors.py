"""The error catalogue: stable codes, and every message says what to do next."""

from __future__ import annotations

import re
import string

from orbat.errors import Code, OrbatError, ReadError


def test_every_message_formats_and_suggests_a_next_step():
    for code in Code:
        fields = {f for _, f, _, _ in string.Formatter().parse(code.value) if f}
        msg = str(OrbatError(code, **dict.fromkeys(fields, "X")))
        assert msg.startswith(code.name + " ")
        # a next step is an imperative sentence after the diagnosis
        assert len(re.split(r"[.;:]\s", msg)) >= 2, msg


def test_codes_are_unique_and_stable_in_form():
    names = [c.name for c in Code]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"E\d{3}", n) for n in names)


def test_read_error_is_an_orbat_error():
    e = ReadError(Code.E003, path="empty.html")
    assert isinstance(e, OrbatError) and "empty.html" in str(e) and e.code is Code.E003
