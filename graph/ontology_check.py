"""The ontology checked as it loads: an inconsistent model is refused, naming the entry at fault.

In the spirit of FollowTheMoney's schema loader: every other layer derives from the ontology (constraints,
validation, GraphQL types, templates, docs), so a mistake in it must fail here, at import, with a sentence a
maintainer can act on, and not somewhere downstream as a missing field or a Cypher error.

    >>> check(NODE_KINDS, REL_KINDS, get_args(PropType))     # graph/ontology.py does this on import
    >>> check((broken_kind,), REL_KINDS, get_args(PropType))
    OntologyError: Compound.parent: Ref names relationship 'INSIDE', which is not in REL_KINDS
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.ontology import NodeKind, Prop, RelKind


class OntologyError(ValueError):
    """The model contradicts itself; the message starts with the entry (`Kind.property`, `REL_TYPE`)."""


def check(node_kinds: Iterable[NodeKind], rel_kinds: Iterable[RelKind], prop_types: Iterable[str],
          subsets: Mapping[str, tuple[Iterable[str], Iterable[str]]] | None = None) -> None:
    """Raise OntologyError at the first inconsistency of the model; return None if there is none.

    `prop_types` are the property types there are; `subsets` names closed sets that must lie inside
    others: {"GRID_BRANCH_KINDS": (subset, superset)}.
    """
    types = tuple(prop_types)
    nodes, rels = tuple(node_kinds), tuple(rel_kinds)
    by_name = {k.name: k for k in nodes}
    families = {k.family for k in nodes}
    _unique("node kind", [k.name for k in nodes])
    _unique("relationship type", [r.type for r in rels])
    _unique("file", [k.file for k in nodes] + [r.file for r in rels if r.file])
    rel_by_type = {r.type: r for r in rels}

    def members(name: str) -> set[str]:
        """The kinds a kind or family name stands for."""
        if name in by_name:
            return {name}
        if name in families:
            return {k.name for k in nodes if k.family == name}
        return set()

    for kind in nodes:
        if kind.family not in by_name and kind.family not in families:
            raise OntologyError(f"{kind.name}: family {kind.family!r} is neither a kind nor a family")
        for prop in kind.all_props:
            _check_prop(f"{kind.name}.{prop.name}", prop, members, types)
        _unique(f"{kind.name} property", [p.name for p in kind.all_props])
        _unique(f"{kind.name} API name", [p.api_name for p in kind.all_props])
        for ref in kind.refs:
            where = f"{kind.name}.{ref.column}"
            rel = rel_by_type.get(ref.rel)
            if rel is None:
                raise OntologyError(f"{where}: Ref names relationship {ref.rel!r}, which is not in REL_KINDS")
            if kind.name not in set().union(*(members(s) for s in rel.sources)):
                raise OntologyError(f"{where}: {kind.name} is not among the sources of {ref.rel} {rel.sources}")
            allowed = set().union(*(members(t) for t in rel.targets))
            for target in ref.targets:
                if not members(target) or not members(target) <= allowed:
                    raise OntologyError(f"{where}: target {target!r} is not among the targets of {ref.rel} "
                                        f"{rel.targets}")
        subtypes = next((p.enum for p in kind.props if p.api_name == "subtype"), None) or ()
        for subtype, _ in kind.sector_by_subtype:
            if subtype not in subtypes:
                raise OntologyError(f"{kind.name}: sector_by_subtype names {subtype!r}, not a subtype of the kind")
        if kind.family == "Organization" and not kind.sector:
            raise OntologyError(f"{kind.name}: an organisation kind needs a sector (for brokerage across sectors)")
        if kind.placed_via is not None:
            rel_type, other = kind.placed_via
            rel = rel_by_type.get(rel_type)
            if rel is None or kind.name not in set().union(*(members(s) for s in rel.sources)):
                raise OntologyError(f"{kind.name}: placed_via {rel_type!r} is not a relationship from {kind.name}")
            if not members(other):
                raise OntologyError(f"{kind.name}: placed_via names {other!r}, neither a kind nor a family")

    for rel in rels:
        for end in (*rel.sources, *rel.targets):
            if not members(end):
                raise OntologyError(f"{rel.type}: end {end!r} is neither a kind nor a family")
        for prop in rel.all_props:
            _check_prop(f"{rel.type}.{prop.name}", prop, members, types)
        _unique(f"{rel.type} property", [p.name for p in rel.all_props])
        for key in rel.key:
            if key not in {p.name for p in rel.all_props}:
                raise OntologyError(f"{rel.type}: key {key!r} is not one of its properties")
        if not all(rel.fields):
            raise OntologyError(f"{rel.type}: needs a field name for each end (fields=(source, target))")

    for name, (subset, superset) in (subsets or {}).items():
        missing = set(subset) - set(superset)
        if missing:
            raise OntologyError(f"{name}: {sorted(missing)} not in the set it is drawn from")


def _check_prop(where: str, prop: Prop, members: Callable[[str], set[str]], types: tuple[str, ...]) -> None:
    if prop.type not in types:
        raise OntologyError(f"{where}: type {prop.type!r} is not one of {types}")
    if prop.enum is not None:
        if not prop.enum:
            raise OntologyError(f"{where}: an empty enumeration")
        _unique(f"{where} code", list(prop.enum))
    if prop.minimum is not None and prop.maximum is not None and prop.minimum > prop.maximum:
        raise OntologyError(f"{where}: minimum {prop.minimum} is above maximum {prop.maximum}")
    if prop.refers_to is not None and not members(prop.refers_to):
        raise OntologyError(f"{where}: refers_to {prop.refers_to!r} is neither a kind nor a family")


def _unique(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise OntologyError(f"{name}: {what} defined twice")
        seen.add(name)
