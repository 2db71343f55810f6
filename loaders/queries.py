"""Session options the loaders share.

The loaders' templates (cypher/load_*.cypher) are filled by `cypher.fill`, the one filler, with labels and
types from the ontology only.
"""
from __future__ import annotations

from neo4j import NotificationMinimumSeverity

# A new database warns of labels and properties it has not seen yet; those warnings say nothing to a user.
QUIET = NotificationMinimumSeverity.OFF
