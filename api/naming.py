"""The GraphQL names of the ontology's kinds, properties and relationship ends.

Python names here are snake_case; strawberry camelCases them in the schema
(`member_count` is `memberCount`). Kind and family names are the GraphQL type
names as they are (`PartyOrganization`); a list field is named by the plural
(`party_organizations`, `areas`); a property by its API name (Prop.api_name:
the `kind` property is `subtype`); a relationship field by the name the
ontology gives its end (RelKind.fields: an area's `children`), with the other
end's plural appended where several kinds share that end.
"""
from __future__ import annotations

from graph import ontology
from graph.ontology import Prop

# The ontology's naming facts, seen as tables (which tests check against the model).
PROP_RENAMES: dict[str, str] = {p.name: p.api_name for k in ontology.NODE_KINDS for p in k.all_props if p.api}
TIE_FIELD_NAMES: dict[str, tuple[str, str]] = {rel.type: rel.fields for rel in ontology.REL_KINDS}
ID_REF_PROPS: dict[tuple[str, str], str] = {(rel.type, p.name): p.refers_to for rel in ontology.REL_KINDS
                                            for p in rel.all_props if p.refers_to is not None}


def snake_to_pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.lower().split("_"))


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def plural(name: str) -> str:
    """The plural used in field names: a kind's file name (party_organizations), or a family's (areas)."""
    return ontology.NODE_BY_NAME[name].file if name in ontology.NODE_BY_NAME else name.lower() + "s"


def field_name(prop: Prop) -> str:
    """A property's Python field name (`subtype` for the `kind` property)."""
    return prop.api_name


def tie_field_name(template: str, other: str, ends: int) -> str:
    """The field name of one end (RelKind.fields) towards `other`, one of `ends` kinds or families there."""
    if "{plural}" in template:
        return template.format(plural=plural(other))
    return template if ends == 1 else f"{template}_{plural(other)}"
