"""Checks across records, before anything is written.

Row-level checks (types, required cells, enumerations, bounds) happen while
rows become records (loaders/records.py). Here: duplicate ids (a node id is
unique within its family, as the constraint says), every reference resolving
to a node of an allowed kind — in the files being loaded or already in the
graph (one batched query per family) — and no node changing its kind.
The result is a write plan grouped the way the writer batches.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cache

from neo4j import READ_ACCESS, Driver
from neo4j.exceptions import ClientError

from graph import ontology
from graph.ontology import NodeKind, RelKind
from graph.store.db import QUIET
from graph.store.queries import fill
from loaders.limits import Deadline
from loaders.problems import Problem
from loaders.records import NodeRecord, RelRecord, rel_id

LOOKUP_BATCH = 20_000


@dataclass
class Plan:
    """What to write, grouped as the writer batches it."""

    nodes: dict[NodeKind, list[NodeRecord]] = field(default_factory=dict)
    # (relationship kind, source family, target family, merged on its ends only) → ties
    rels: dict[tuple[RelKind, str, str, bool], list[RelRecord]] = field(default_factory=dict)
    # (relationship kind, source family) → (source id, target id or None): single-valued ties to replace
    unlinks: dict[tuple[RelKind, str], list[tuple[str, str | None]]] = field(default_factory=dict)
    fresh: set[str] = field(default_factory=set)  # families with no node in the graph before this load
    empty_types: set[str] = field(default_factory=set)  # relationship types with no tie in the graph before it

    @property
    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values())


@cache
def _allowed(names: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...], str]:
    kinds = ontology.kinds_matching(names)
    families = tuple(dict.fromkeys(k.family for k in kinds))
    return frozenset(k.name for k in kinds), families, " or ".join(names)


def _targets(tie: RelRecord) -> tuple[str, ...]:
    """What a tie may point to: a Ref column is narrower than its relationship kind (a Grid's parent)."""
    return tie.ref.targets if tie.ref is not None else tie.rel.targets


def _kind_of(labels: list[str], family: str) -> str:
    kinds = [label for label in labels if label != family and label in ontology.NODE_BY_NAME]
    return kinds[0] if kinds else family


def graph_counts(driver: Driver, database: str | None) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per family and ties per type of the ontology, from Neo4j's count store.

    One procedure call where the server allows it (a fresh server plans each distinct count query, ~0.1 s
    apiece, so one call instead of one per family and type saves a second or two); else a query apiece.
    """
    with driver.session(database=database, default_access_mode=READ_ACCESS,
                        notifications_min_severity=QUIET) as session:
        try:
            data = session.run(fill("load_graph_counts")).single(strict=True)["data"]
        except ClientError:  # refused to this user (or unknown): count one family and type at a time
            families = {family: session.run(fill("load_family_count", FAMILY=family)).single(strict=True)["nodes"]
                        for family in ontology.FAMILIES}
            types = {rel.type: session.run(fill("load_type_count", TYPE=rel.type)).single(strict=True)["ties"]
                     for rel in ontology.REL_KINDS}
            return families, types
    labels = {entry["label"]: entry["count"] for entry in data["nodes"] if "label" in entry}
    types = {entry["relationshipType"]: entry["count"] for entry in data["relationships"]
             if set(entry) == {"relationshipType", "count"}}
    return ({family: labels.get(family, 0) for family in ontology.FAMILIES},
            {rel.type: types.get(rel.type, 0) for rel in ontology.REL_KINDS})


def existing_ids(driver: Driver, database: str | None, wanted: dict[str, set[str]],
                 fresh: AbstractSet[str] = frozenset()) -> dict[str, dict[str, str]]:
    """family → {id: kind name} for the wanted ids that are already in the graph (families in fresh have none)."""
    found: dict[str, dict[str, str]] = {}
    with driver.session(database=database, default_access_mode=READ_ACCESS,
                        notifications_min_severity=QUIET) as session:
        for family, ids in wanted.items():
            if family in fresh:  # a first load of the family: no need to look up every id one by one
                found[family] = {}
                continue
            query = fill("load_existing_ids", FAMILY=family)
            ids_list = sorted(ids)
            known: dict[str, str] = {}
            for start in range(0, len(ids_list), LOOKUP_BATCH):
                result = session.run(query, ids=ids_list[start:start + LOOKUP_BATCH])
                for record in result:
                    known[record["id"]] = _kind_of(record["labels"], family)
            found[family] = known
    return found


def check(nodes: list[NodeRecord], rels: list[RelRecord], driver: Driver, database: str | None,
          problems: list[Problem], deadline: Deadline | None = None) -> Plan:
    """Cross-record checks; problems are appended, and the plan is only meaningful when there are none.

    `deadline` bounds the time the checks may take (TimeoutError once it has passed)."""
    in_files: dict[str, dict[str, NodeRecord]] = defaultdict(dict)
    kept_nodes: list[NodeRecord] = []
    for record in nodes:
        family = in_files[record.kind.family]
        first = family.get(record.id)
        if first is not None:
            problems.append(record.where.problem("id", f"duplicate id {record.id!r}: already a {first.kind.name} "
                                                 f"at {first.where}"))
            continue
        family[record.id] = record
        kept_nodes.append(record)

    ties = _ref_ties(kept_nodes) + _dedupe(rels, problems)

    # Ask the graph, one query per family, about every id loaded or referenced but not loaded.
    wanted: dict[str, set[str]] = {family: set(ids) for family, ids in in_files.items()}
    for tie in ties:
        for node_id, names in ((tie.source, tie.rel.sources), (tie.target, _targets(tie))):
            if node_id is None:
                continue
            for family in _allowed(names)[1]:
                if node_id not in in_files.get(family, ()):
                    wanted.setdefault(family, set()).add(node_id)
    plan = Plan()
    if wanted:
        families, types = graph_counts(driver, database)
        plan.fresh = {family for family, count in families.items() if not count}
        plan.empty_types = {rel_type for rel_type, count in types.items() if not count}
    in_graph = existing_ids(driver, database, wanted, plan.fresh) if wanted else {}
    if deadline is not None:
        deadline.check()

    for record in kept_nodes:
        before = in_graph.get(record.kind.family, {}).get(record.id)
        if before is not None and before != record.kind.name:
            problems.append(record.where.problem("id", f"id {record.id!r} is already a {before} in the graph; "
                                                 f"a node cannot become a {record.kind.name}"))

    # Grouped by the kinds' identities: a kind's hash hashes every one of its properties, per row.
    by_kind: dict[int, list[NodeRecord]] = {}
    for record in kept_nodes:
        group = by_kind.get(id(record.kind))
        if group is None:
            group = by_kind[id(record.kind)] = plan.nodes.setdefault(record.kind, [])
        group.append(record)
    by_rel: dict[tuple[int, str, str, bool], list[RelRecord]] = {}
    for tie in ties:
        if tie.target is None:  # an emptied Ref cell: only an existing node can have a tie to drop
            if tie.source in in_graph.get(tie.ref_family, {}):
                plan.unlinks.setdefault((tie.rel, tie.ref_family), []).append((tie.source, None))
            continue
        ends = []
        for end, (node_id, names, shown) in enumerate(((tie.source, tie.rel.sources, tie.shown_ends[0]),
                                                       (tie.target, _targets(tie), tie.shown_ends[1]))):
            ends.append(_resolve(tie, end, node_id, names, shown, in_files, in_graph, problems))
        if None in ends:
            continue
        source_family, target_family = ends
        if source_family == target_family and tie.source == tie.target:
            problems.append(tie.where.problem(tie.shown_ends[1], _self_tie(tie)))
            continue
        if tie.ref is not None and tie.source in in_graph.get(source_family, {}):
            plan.unlinks.setdefault((tie.rel, source_family), []).append((tie.source, tie.target))
        key = (id(tie.rel), source_family, target_family, tie.optional)
        group = by_rel.get(key)
        if group is None:
            group = by_rel[key] = plan.rels.setdefault((tie.rel, source_family, target_family, tie.optional), [])
        group.append(tie)
    if deadline is not None:
        deadline.check()
    _refuse_cycles(plan, driver, database, problems, deadline)
    return plan


def _self_tie(tie: RelRecord) -> str:
    if tie.ref is not None:
        return f"expected the id of another node, got {tie.source!r}, the node's own id: a node cannot be its own " \
               f"{tie.ref.column} ({tie.ref.label_zh})"
    return f"expected two different nodes, got {tie.source!r} at both ends: a {tie.rel.type} tie cannot tie a " \
           f"node to itself"


@cache
def hierarchies() -> tuple[tuple[RelKind, str], ...]:
    """(relationship kind, family) of every single-valued tie from a node to a parent of its own family:
    WITHIN for areas, SUB_ORGANIZATION_OF for organisations. Each must stay a forest: no node under itself."""
    found: dict[str, tuple[RelKind, str]] = {}
    for kind in ontology.NODE_KINDS:
        for ref in kind.refs:
            rel = ontology.REL_BY_TYPE[ref.rel]
            families = {k.family for k in ontology.kinds_matching(ref.targets)} | \
                {k.family for k in ontology.kinds_matching(rel.sources)}
            if families == {kind.family}:
                found[rel.type] = (rel, kind.family)
    return tuple(found.values())


PARENT_ROUNDS = 256  # levels of a hierarchy looked up in the graph (real ones have under ten)


def _refuse_cycles(plan: Plan, driver: Driver, database: str | None, problems: list[Problem],
                   deadline: Deadline | None) -> None:
    """No hierarchy made cyclic by the files, alone or with the parents the graph already holds.

    A node's parent is the one its file gives (or none, when the file empties the cell), else the one it has
    in the graph. The graph's parents are asked for one level at a time, from the parents the files name up.
    """
    for rel, family in hierarchies():
        ties: dict[str, RelRecord] = {}  # child id → the tie (with its row) the files give it
        parents: dict[str, str | None] = {}
        for (kind, source, target, _), group in plan.rels.items():
            if kind is rel and source == family and target == family:
                for tie in group:
                    if tie.ref is not None:
                        ties[tie.source] = tie
                        parents[tie.source] = tie.target
        for (kind, source), pairs in plan.unlinks.items():
            if kind is rel and source == family:
                for child, parent in pairs:
                    if parent is None:
                        parents[child] = None
        if not ties:
            continue
        in_graph = {} if family in plan.fresh else _graph_parents(driver, database, rel, family, parents, deadline)
        _report_cycles(rel, ties, parents, in_graph, problems)


def _graph_parents(driver: Driver, database: str | None, rel: RelKind, family: str, parents: dict[str, str | None],
                   deadline: Deadline | None) -> dict[str, str]:
    query = fill("load_existing_parents", FAMILY=family, TYPE=rel.type)
    found: dict[str, str] = {}
    asked: set[str] = set()
    frontier = {p for p in parents.values() if p is not None and p not in parents}
    with driver.session(database=database, default_access_mode=READ_ACCESS,
                        notifications_min_severity=QUIET) as session:
        for _ in range(PARENT_ROUNDS):
            if not frontier:
                break
            asked |= frontier
            ids = sorted(frontier)
            for start in range(0, len(ids), LOOKUP_BATCH):
                for record in session.run(query, ids=ids[start:start + LOOKUP_BATCH]):
                    found[record["id"]] = record["parent"]
            if deadline is not None:
                deadline.check()
            frontier = {p for child, p in found.items() if child in frontier
                        and p not in parents and p not in asked}
    return found


def _report_cycles(rel: RelKind, ties: dict[str, RelRecord], parents: dict[str, str | None],
                   in_graph: dict[str, str], problems: list[Problem]) -> None:
    def parent(node: str) -> str | None:
        return parents[node] if node in parents else in_graph.get(node)

    done: set[str] = set()
    for start in ties:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node: str | None = start
        while node is not None and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parent(node)
        if node is not None and node in on_path:
            cycle = path[on_path[node]:]
            given = [child for child in cycle if child in ties]
            if given:  # a cycle the files make (one the graph held already is not this load's to report)
                child = given[0]
                tie = ties[child]
                steps = " → ".join(cycle + [cycle[0]])
                held = [c for c in cycle if c not in parents]
                note = f"; {', '.join(repr(c) for c in held)} under {'its' if len(held) == 1 else 'their'} " \
                       f"parent in the graph" if held else ""
                problems.append(tie.where.problem(tie.shown_ends[1], (
                    f"expected a {tie.ref.column} ({tie.ref.label_zh}) that is not below {child!r}, got "
                    f"{tie.target!r}: {steps} would be a cycle of {rel.type}{note}")))
        done.update(path)


def _resolve(tie: RelRecord, end: int, node_id: str, names: tuple[str, ...], shown: str,
             in_files: dict[str, dict[str, NodeRecord]], in_graph: dict[str, dict[str, str]],
             problems: list[Problem]) -> str | None:
    """The family of the node an end names, or None after reporting why it does not resolve."""
    allowed, families, wanted = _allowed(names)
    found: list[tuple[str, str]] = []
    for family in families:
        record = in_files.get(family, {}).get(node_id)
        kind = record.kind.name if record is not None else in_graph.get(family, {}).get(node_id)
        if kind is not None:
            found.append((family, kind))
    fitting = [family for family, kind in found if kind in allowed]
    if len(fitting) == 1:
        return fitting[0]
    if tie.optional and end == 1 and not fitting:
        return None  # a derived tie whose target is of another kind is simply not made (a missing one is
        # reported for the row it was derived from)
    if len(fitting) > 1:
        message = f"id {node_id!r} names nodes in several families ({', '.join(fitting)}); it is ambiguous"
    elif found:
        message = f"id {node_id!r} is a {found[0][1]}; expected a {wanted}"
    else:
        message = f"no {wanted} with id {node_id!r} in the files or the graph"
    if tie.ref is not None and end == 0:
        return None  # a node's own id always resolves; never report it twice
    problems.append(tie.where.problem(shown, message))
    return None


def _ref_ties(nodes: list[NodeRecord]) -> list[RelRecord]:
    """A node file's Ref columns (parent, based_in …) as ties; an empty cell keeps target None."""
    ties: list[RelRecord] = []
    for record in nodes:
        for ref, target in record.refs:
            rel = ontology.REL_BY_TYPE[ref.rel]
            tie_id = rel_id(rel, record.id, target, {}) if target is not None else ""
            ties.append(RelRecord(rel, tie_id, record.id, target, {}, record.where, ref=ref,
                                  shown_ends=("id", ref.column), ref_family=record.kind.family))
    return ties


def _dedupe(rels: list[RelRecord], problems: list[Problem]) -> list[RelRecord]:
    """One record per tie: an id given twice is a problem; the same derived tie twice is fine if identical."""
    seen: dict[tuple[str, str], RelRecord] = {}
    kept: list[RelRecord] = []
    for record in rels:
        key = (record.rel.type, record.id)
        first = seen.get(key)
        if first is None:
            seen[key] = record
            kept.append(record)
        elif record.explicit_id or first.explicit_id:
            problems.append(record.where.problem("id", f"duplicate {record.rel.type} id {record.id!r}: "
                                                 f"already at {first.where}"))
        elif (first.source, first.target, first.props) != (record.source, record.target, record.props):
            problems.append(record.where.problem(
                None, f"the same {record.rel.type} tie ({record.source} → {record.target}"
                f"{', same ' + '/'.join(record.rel.key) if record.rel.key else ''}"
                f"{', same start_date' if record.rel.dated else ''}) as at {first.where}, with different values"))
    return kept
