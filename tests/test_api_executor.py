"""api/executor.py: plain leaves read in one step give graphql-core's own answers, errors and order.

A small strawberry schema, executed with graphql-core's executor and with FastLeaves, must give the same
result — data, errors, their paths and the order of the keys — for answers that are ordinary and for answers
that break a rule (a null where the type says non-null, a value the scalar refuses).
"""
from __future__ import annotations

import asyncio
import json
from enum import Enum
from typing import Any

import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.executor import FastLeaves


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    id: strawberry.ID
    name: str
    count: int | None
    colour: Colour

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return self.name + "!"


def _items() -> list[Item]:
    return [Item(id="a", name="甲", count=1, colour=Colour.RED), Item(id="b", name="乙", count=None, colour=Colour.BLUE)]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return _items()

    @strawberry.field
    def broken(self) -> list[Item]:
        return [Item(id="c", name=None, count=2, colour=Colour.RED)]  # type: ignore[arg-type]

    @strawberry.field
    def refused(self) -> list[Item]:
        return [Item(id="d", name="丙", count="many", colour=Colour.RED)]  # type: ignore[arg-type]


DOCUMENTS = [
    "{ items { id name count colour } }",
    "{ items { later name shout id } }",
    "{ items { n: name name c: colour __typename } }",
    "{ items { name } broken { id name count } }",
    "{ refused { id count name } }",
    "{ items { id ... on Item { name count } } }",
    "query($on: Boolean!) { items { id name @include(if: $on) count @skip(if: $on) } }",
]


def _run(execution_context_class: type, document: str) -> str:
    schema = strawberry.Schema(query=Query, execution_context_class=execution_context_class)
    result = asyncio.run(schema.execute(document, variable_values={"on": True}))
    errors = [{"message": e.message, "path": e.path} for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors}, ensure_ascii=False)  # keeps the key order


def test_every_document_gets_graphql_cores_own_answer_in_the_same_order() -> None:
    for document in DOCUMENTS:
        assert _run(FastLeaves, document) == _run(StrawberryGraphQLCoreExecutionContext, document), document


def test_a_null_in_a_non_null_leaf_is_an_error_at_its_path() -> None:
    answer: Any = json.loads(_run(FastLeaves, "{ broken { id name } }"))
    assert answer["errors"][0]["path"] == ["broken", 0, "name"]
    assert answer["data"] is None  # the non-null list of non-null items gives way up to the root


def test_basic_leaves_are_read_here_and_resolvers_are_left_to_graphql_core() -> None:
    from api.executor import _leaf

    schema = strawberry.Schema(query=Query)._schema
    item = schema.type_map["Item"]

    class Details:  # what graphql-core's field collection hands over: the field's node
        def __init__(self, name: str) -> None:
            from graphql import FieldNode, NameNode
            self.node = FieldNode(name=NameNode(value=name), arguments=())

    read = {name: _leaf(schema, item, name, [Details(name)]) for name in ("id", "name", "count", "colour", "shout",
                                                                         "later", "__typename")}
    assert {name for name, leaf in read.items() if leaf is not None} == {"id", "name", "count", "colour"}
    assert read["name"].non_null and not read["count"].non_null
