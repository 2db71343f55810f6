"""Named Cypher templates of the loaders, filled with labels and types from the ontology only.

A template in cypher/ marks the label or type it needs as `__FAMILY__`,
`__KIND__`, `__SOURCE__`, `__TARGET__` or `__TYPE__`; `fill` refuses any
value that graph/ontology.py does not define, so no text from a file can ever
reach Cypher except as a parameter.
"""
from __future__ import annotations

from functools import cache

from neo4j import NotificationMinimumSeverity

import cypher
from graph import ontology

# A new database warns of labels and properties it has not seen yet; those warnings say nothing to a user.
QUIET = NotificationMinimumSeverity.OFF

LABEL_SLOTS = ("__FAMILY__", "__KIND__", "__SOURCE__", "__TARGET__")
TYPE_SLOTS = ("__TYPE__",)


@cache
def fill(name: str, **slots: str) -> str:
    text = cypher.query(name)
    for slot, value in slots.items():
        marker = f"__{slot.upper()}__"
        if marker in LABEL_SLOTS and not ontology.is_label(value):
            raise ValueError(f"{value!r} is not a label of the ontology")
        if marker in TYPE_SLOTS and not ontology.is_rel_type(value):
            raise ValueError(f"{value!r} is not a relationship type of the ontology")
        if marker not in LABEL_SLOTS + TYPE_SLOTS or marker not in text:
            raise ValueError(f"template {name} has no slot {marker}")
        text = text.replace(marker, value)
    if "__" in "".join(line for line in text.splitlines() if not line.lstrip().startswith("//")):
        raise ValueError(f"template {name} has an unfilled slot")
    return text
