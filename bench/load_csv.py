"""The loader govgraph is compared with: Neo4j's own LOAD CSV, over the very files govgraph loads.

For each file the demo generator writes (named by the ontology: `<NodeKind.file>.csv`,
`<RelKind.file>.csv`), one `LOAD CSV … CALL { … } IN TRANSACTIONS` statement
from the `cypher/bench_load_csv_*` templates, with labels and types filled
only from graph/ontology.py and every value a parameter. Same semantics as
the loader: MERGE nodes on their family's id, ties on their id, an undirected
tie stored once, values converted to their ontology types. Nodes first, then
the reference columns (ties to nodes in any file), then the relationship files.

What LOAD CSV does not do that the loader does: validate anything (rows are
trusted as written), and give reference ties (`parent` → WITHIN …) the id the
loader derives for them (a BLAKE2 digest Cypher cannot compute), so it
writes one property fewer per such tie. It is the best case of a
hand-written import, not a like-for-like safety net.
"""
from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import quote

from neo4j import Driver

from graph import ontology
from graph.store.queries import fill
from loaders.values import CHINA
from loaders.write import BATCH_SIZE as BATCH  # the loader's batch, so both commit as often

LIST_SEPARATOR = ";"  # the canonical separator the loaders write (loaders/values.py)
OFFSET_PATTERN = r".*(Z|[+-][0-9]{2}:?[0-9]{2})$"


def _timezone() -> str:
    """Datetimes written without an offset are China Standard Time, as the loader reads them."""
    minutes = int(CHINA.utcoffset(None).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def family_of(names: tuple[str, ...]) -> str:
    """The one family label shared by the kinds or families a tie may point at (its id constraint)."""
    families = {k.family for k in ontology.kinds_matching(names)}
    if len(families) != 1:
        raise ValueError(f"{names} span families {sorted(families)}; LOAD CSV needs one label to match on")
    return families.pop()


def header(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])


def file_url(path: Path, import_dir: Path) -> str:
    """A file:/// URL relative to the server's import folder, as LOAD CSV wants it."""
    return "file:///" + quote(path.resolve().relative_to(import_dir.resolve()).as_posix())


def plan(data_dir: Path) -> tuple[list[tuple[ontology.NodeKind, Path]], list[tuple[ontology.RelKind, Path]]]:
    """The node and relationship files in a folder, recognised by their ontology file names."""
    nodes, rels = [], []
    for path in sorted(data_dir.rglob("*.csv")):
        if path.stem in ontology.NODE_BY_FILE:
            nodes.append((ontology.NODE_BY_FILE[path.stem], path))
        elif path.stem in ontology.REL_BY_FILE:
            rels.append((ontology.REL_BY_FILE[path.stem], path))
    return nodes, rels


def _types(props: tuple[ontology.Prop, ...], columns: list[str]) -> dict[str, str]:
    return {p.name: p.type for p in props if p.name != "id" and p.name in columns}


def load(driver: Driver, data_dir: Path, import_dir: Path, database: str | None = None,
         batch: int = BATCH) -> dict[str, int]:
    """Load every ontology file under data_dir (which must sit inside import_dir); returns what was created."""
    nodes, rels = plan(data_dir)
    if not nodes:
        raise ValueError(f"no node files named after the ontology in {data_dir}")
    common = {"batch": batch, "list_separator": LIST_SEPARATOR, "timezone": _timezone(),
              "offset_pattern": OFFSET_PATTERN}
    created = {"nodes": 0, "relationships": 0, "statements": 0}

    def run(query: str, **params: object) -> None:
        # CALL { … } IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_query.
        with driver.session(database=database) as session:
            counters = session.run(query, params).consume().counters
        created["nodes"] += counters.nodes_created
        created["relationships"] += counters.relationships_created
        created["statements"] += 1

    for kind, path in nodes:
        run(fill("bench_load_csv_nodes", FAMILY=kind.family, KIND=kind.name), url=file_url(path, import_dir),
            types=_types(kind.all_props, header(path)), **common)
    for kind, path in nodes:
        columns = header(path)
        for ref in kind.refs:
            if ref.column in columns:
                run(fill("bench_load_csv_refs", SOURCE=kind.family, TARGET=family_of(ref.targets), TYPE=ref.rel),
                    url=file_url(path, import_dir), column=ref.column, batch=batch)
    for rel, path in rels:
        run(fill("bench_load_csv_rels", SOURCE=family_of(rel.sources), TARGET=family_of(rel.targets), TYPE=rel.type),
            url=file_url(path, import_dir), types=_types(rel.all_props, header(path)),
            undirected=rel.undirected, **common)
    return created

