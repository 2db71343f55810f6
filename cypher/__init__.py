"""The named Cypher queries, one per `.cypher` file in this folder; data only.

`graph.store.queries` reads them (`query`, `fill`); this package imports nothing, so the store layer can
depend on it without a cycle.
"""
from pathlib import Path

FOLDER = Path(__file__).parent
