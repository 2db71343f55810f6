"""The examples in the access modules' docstrings hold."""
from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["graph.access.roles", "graph.access.identity", "graph.access.audit",
                                    "graph.access.masking"])
def test_the_docstring_examples_hold(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted and not result.failed
