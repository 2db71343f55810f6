"""One GraphQL schema per role, cut from the one full schema (one definition, resolvers kept).

`role_schemas(full)` maps each role of graph/access/roles.py to a copy of the strawberry schema whose
graphql-core schema keeps only what the role may see:

- root fields of the role's groups only (api/access.py ROOT_FIELD_GROUPS; untagged fields: none);
- the object types and interfaces of the ontology kinds and families it may read (a planner's has no
  `Person`), and no field of a kept type leading to a type it lost;
- a wrapper of a lost type (its connection, its edge: any non-entity type whose `node`, `nodes` or `edges`
  lead to a lost type) is lost with it;
- enum values naming a kind or family it may not read (the `Kind` enum's `Person`) are dropped;
- properties it may not see (sensitive ones without `sensitive-data`) are dropped from their types;
- a union keeps the members the role reads, and resolves its member through the full schema's union.

The copy shares the full schema's resolvers and extensions; execution and introspection (when enabled) go
through the cut schema, so a field the role lacks is a validation error, never a resolver call.
"""
from __future__ import annotations

import copy
from typing import Any

import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    get_named_type,
)
from graphql.utilities.map_schema_config import SchemaElementKind, map_schema_config

from api.access import PERSON_NAME_FIELDS, group_of
from api.naming import camel
from graph import ontology
from graph.access.roles import ROLES, Role

WRAPPER_FIELDS = ("node", "nodes", "edges")
ONTOLOGY_NAMES = frozenset(ontology.FAMILIES) | frozenset(ontology.NODE_BY_NAME) | {"Node"}


def _hidden_props(role: Role) -> dict[str, set[str]]:
    """GraphQL type → field names of properties the role may not see (on the kinds it reads)."""
    hidden: dict[str, set[str]] = {}
    for kind in ontology.NODE_KINDS:
        if not role.may_read(kind.name):
            continue
        for prop in kind.all_props:
            if not role.may_see_prop(kind.name, prop):
                name = camel(prop.api_name)
                hidden.setdefault(kind.name, set()).add(name)
                hidden.setdefault(kind.family, set()).add(name)
    return hidden


def _lost_types(schema: GraphQLSchema, role: Role) -> set[str]:
    lost = {name for name in ONTOLOGY_NAMES if name != "Node" and name in schema.type_map
            and not role.may_read(name)}
    if not role.families:  # a role reading no node at all (the auditor): no Node, no Kind
        lost |= {"Node", "Kind"}
    changed = True
    while changed:
        changed = False
        for name, named in schema.type_map.items():
            if name in lost or name.startswith("__") or name in ONTOLOGY_NAMES:
                continue
            if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) and name != schema.query_type.name:
                if any(f in named.fields and get_named_type(named.fields[f].type).name in lost
                       for f in WRAPPER_FIELDS):
                    lost.add(name)
                    changed = True
            elif isinstance(named, GraphQLUnionType) and all(t.name in lost for t in named.types):
                lost.add(name)
                changed = True
    return lost


def cut(schema: GraphQLSchema, role: Role) -> GraphQLSchema:
    """The graphql-core schema `role` sees (see the module docstring)."""
    lost = _lost_types(schema, role)
    hidden = _hidden_props(role)
    query_name = schema.query_type.name if schema.query_type else "Query"

    def keep_field(owner: str, name: str, field: Any) -> bool:
        if owner == query_name:
            group = group_of(name)
            if group is None or not role.may_use(group):
                return False
        if name in hidden.get(owner, ()) or (not role.person_names and (owner, name) in PERSON_NAME_FIELDS):
            return False
        if get_named_type(field.type).name in lost:
            return False
        return all(get_named_type(arg.type).name not in lost for arg in field.args.values())

    def fields(config: dict[str, Any]) -> Any:
        owner, original = config["name"], config["fields"]
        return lambda: {n: f for n, f in original().items() if keep_field(owner, n, f)}

    def members(config: dict[str, Any], key: str) -> Any:
        original = config[key]
        return lambda: [t for t in original() if t.name not in lost]

    def values(config: dict[str, Any]) -> Any:
        original = config["values"]
        return lambda: {n: v for n, v in original().items() if not (n in ONTOLOGY_NAMES and not role.may_read(n))}

    def mapper(_context: Any) -> Any:
        return {
            SchemaElementKind.OBJECT: lambda c: {**c, "fields": fields(c), "interfaces": members(c, "interfaces")},
            SchemaElementKind.INTERFACE: lambda c: {**c, "fields": fields(c), "interfaces": members(c, "interfaces")},
            SchemaElementKind.UNION: lambda c: {**c, "types": members(c, "types")},
            SchemaElementKind.ENUM: lambda c: {**c, "values": values(c)} if c["name"] == "Kind" else c,
            # Beyond what the root reaches, only the readable ontology types (implementations of interfaces).
            SchemaElementKind.SCHEMA: lambda c: {**c, "types": [t for t in c["types"] if t.name not in lost
                                                                and t.name in ONTOLOGY_NAMES]},
        }

    cut_schema = GraphQLSchema(**map_schema_config(schema.to_kwargs(), mapper))
    # strawberry resolves a union's member among the full schema's types, which the copy does not hold: each
    # union of the copy asks the original union, and answers by name.
    for name, named in cut_schema.type_map.items():
        original = schema.type_map.get(name)
        if isinstance(named, GraphQLUnionType) and isinstance(original, GraphQLUnionType) \
                and original.resolve_type is not None:
            named.resolve_type = _by_name(original)
    # graphql-core rebuilds every enum as a plain GraphQLEnumType; strawberry's own class (which serializes
    # Python Enum members) is given back, with what it adds.
    for name, named in cut_schema.type_map.items():
        original = schema.type_map.get(name)
        if isinstance(named, GraphQLEnumType) and original is not None and type(original) is not type(named):
            named.__class__ = type(original)
            named.wrapped_cls = original.wrapped_cls  # type: ignore[attr-defined]
    return cut_schema


def _by_name(original: GraphQLUnionType) -> Any:
    resolve = original.resolve_type

    def resolve_type(root: Any, info: Any, _union: Any) -> Any:
        found = resolve(root, info, original)  # type: ignore[misc]
        return found if found is None or isinstance(found, str) else found.name

    return resolve_type


def role_schema(full: strawberry.Schema, role: Role) -> strawberry.Schema:
    clone = copy.copy(full)
    clone._schema = cut(full._schema, role)  # type: ignore[attr-defined]
    clone._schema._strawberry_schema = clone  # type: ignore[attr-defined]
    return clone


def role_schemas(full: strawberry.Schema) -> dict[str, strawberry.Schema]:
    return {name: role_schema(full, role) for name, role in ROLES.items()}
