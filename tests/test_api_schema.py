"""The GraphQL schema is the ontology's: every kind, property and relationship, and no personal data.

No database needed: the schema is built from graph/ontology.py at import.
"""
from __future__ import annotations

from graphql import GraphQLInterfaceType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, get_named_type

from api.naming import ID_REF_PROPS, PROP_RENAMES, TIE_FIELD_NAMES, camel, field_name, plural
from api.schema import build_schema
from graph import ontology
from tests.cli import govgraph

SCHEMA: GraphQLSchema = build_schema(production=False)._schema
SCALARS = {"string": "String", "int": "Int", "float": "Float", "bool": "Boolean", "date": "Date",
           "datetime": "DateTime", "string_list": "[String!]"}


def type_name(gql_type: object) -> str:
    """`String`, `[String!]`, … without the outer non-null."""
    if isinstance(gql_type, GraphQLNonNull):
        gql_type = gql_type.of_type
    if isinstance(gql_type, GraphQLList):
        inner = gql_type.of_type
        return f"[{inner.of_type.name}!]" if isinstance(inner, GraphQLNonNull) else f"[{inner.name}]"
    return gql_type.name  # type: ignore[attr-defined]


def test_every_kind_is_a_type_with_its_properties_and_none_personal() -> None:
    for kind in ontology.NODE_KINDS:
        gql = SCHEMA.get_type(kind.name)
        assert isinstance(gql, GraphQLObjectType), kind.name
        interfaces = {i.name for i in gql.interfaces}
        assert "Node" in interfaces
        if kind.family != kind.name:
            assert kind.family in interfaces and isinstance(SCHEMA.get_type(kind.family), GraphQLInterfaceType)
        assert kind.label_zh in (gql.description or "")
        for prop in kind.all_props:
            name = "id" if prop.name == "id" else camel(field_name(prop))
            if prop.personal:
                assert name not in gql.fields, f"{kind.name}.{name} is personal data"
                continue
            assert name in gql.fields, f"{kind.name} lacks {name}"
            field = gql.fields[name]
            expected = "ID" if prop.name == "id" else SCALARS[prop.type]
            assert isinstance(field.type, GraphQLNonNull) == prop.required, (kind.name, name)
            assert prop.label_zh in (field.description or "")
            if prop.enum:  # a closed set is an enum of exactly its codes
                values = get_named_type(field.type).values  # type: ignore[union-attr]
                assert list(values) == list(prop.enum), (kind.name, name)
                assert all(value in field.description for value in prop.enum)
            else:
                assert type_name(field.type) == expected, (kind.name, name)


def test_every_relationship_is_a_field_at_both_ends() -> None:
    for rel in ontology.REL_KINDS:
        ends = [("out", s) for s in rel.sources] + [("in", t) for t in rel.targets]
        for direction, owner in ends:
            gql = SCHEMA.get_type(owner)
            fields = [f for f in gql.fields.values() if f"({rel.type} " in (f.description or "")]
            assert fields, f"{owner} has no field for {rel.type} ({direction})"
            for field in fields:
                assert rel.label_zh in field.description
                if rel.dated and type_name(field.type).endswith("Connection"):
                    assert "asOf" in field.args, (owner, rel.type)
    edge = SCHEMA.get_type("ServesInOrganizationEdge")
    assert {"role", "partTime", "onBehalfOfId", "onBehalfOf", "startDate", "endDate", "node", "cursor"} <= set(
        edge.fields)


def test_naming_tables_name_only_what_the_ontology_has() -> None:
    assert set(TIE_FIELD_NAMES) <= set(ontology.REL_BY_TYPE)
    every_prop = {p.name for k in ontology.NODE_KINDS for p in k.all_props}
    assert set(PROP_RENAMES) <= every_prop
    for rel_type, prop in ID_REF_PROPS:
        assert prop in {p.name for p in ontology.REL_BY_TYPE[rel_type].all_props}


def test_root_fields_list_every_kind_and_family() -> None:
    query = SCHEMA.query_type
    kind_enum = SCHEMA.get_type("Kind")
    for name in (*ontology.FAMILIES, *(k.name for k in ontology.NODE_KINDS)):
        assert name in kind_enum.values
        connection = query.fields[camel(plural(name))]
        assert type_name(connection.type) == f"{name}Connection"
        assert {"within", "text", "sort", "orderBy", "first", "after", "last", "before"} <= set(connection.args)
        has_subtypes = any(p.name == "kind" and p.enum for k in ontology.kinds_matching((name,)) for p in k.props)
        assert ("subtype" in connection.args) == has_subtypes, name  # only where there are subtypes
    for field in ("node", "nodes", "coBuilders", "coBuildingNetwork", "coverageGaps", "crossAppointments",
                  "crossAppointmentChains", "neighborhood", "search"):
        assert field in query.fields, field


def test_the_schema_is_printed_for_clients() -> None:
    result = govgraph("graphql-schema", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "type Compound implements Area & Node" in result.stdout
    assert "coverageGaps(" in result.stdout and "phone" not in result.stdout
