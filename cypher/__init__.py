"""Named Cypher queries: one query per `.cypher` file in this folder.

Each file starts with a `//` header saying what it answers and its parameters.
Python code asks for a query by its file name (`query("co_builders")`) and
passes values only as parameters.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).parent


@cache
def query(name: str) -> str:
    path = FOLDER / f"{name}.cypher"
    if not path.exists():
        raise KeyError(f"no named query {name!r} in {FOLDER}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.cypher"))


def statements(name: str) -> list[str]:
    """A multi-statement file (like schema.cypher) split on `;`, comments dropped."""
    lines = [line for line in query(name).splitlines() if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
