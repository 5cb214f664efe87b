"""Shared fixtures: the spaCy pipeline and the Annotator are built once per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def annotator():
    from orbat.annotate import Annotator

    return Annotator()
