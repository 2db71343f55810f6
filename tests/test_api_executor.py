"""api/executor.py: basic fields completed in one step give graphql-core's own answers, errors and order.

A small strawberry schema, executed with graphql-core's executor and with FastFields, must give the same
result — data, errors, their paths and the order of the keys — for answers that are ordinary and for answers
that break a rule (a null where the type says non-null, a value the scalar refuses, an object of the wrong
type, a list that is not one), through leaves, objects, lists of objects, interfaces and unions; and for
`per_parent` resolver fields, run by FastFields itself with their arguments converted once per request
(literals, variables, enums, input objects, dates, aliases with other arguments, errors, awaitables;
api/per_parent.py).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import json
from enum import Enum
from typing import Any

import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.basic import reads_only_the_object
from api.executor import FastFields
from api.per_parent import per_parent


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.input
class Range:
    low: int = 0
    high: int | None = None


def _tags(root: Any, info: strawberry.Info, first: int | None = None, colour: Colour | None = None,
          within: Range | None = None, on: dt.date | None = None) -> list[str]:
    """What the resolver was given, as text: the parent, its path, and each argument as strawberry converts it."""
    seen = [root.name, str(info.path.key), repr(first), repr(colour), repr(within), repr(on)]
    return seen[: first] if first is not None else seen


def _picky(root: Any, info: strawberry.Info) -> str:
    if root.name == "乙":
        raise ValueError(f"{root.name} is refused")
    return root.name


async def _awaited(root: Any, info: strawberry.Info, times: int = 1) -> str:
    await asyncio.sleep(0)
    return root.name * times


def _nothing(root: Any, info: strawberry.Info) -> str:
    return None  # type: ignore[return-value]  # a null where the type says non-null


@strawberry.type
class Item:
    id: strawberry.ID
    name: str
    count: int | None
    colour: Colour
    codes: list[str] = strawberry.field(default_factory=lambda: ["x1", "x2"])
    marks: list[Colour | None] | None = strawberry.field(default_factory=lambda: [Colour.BLUE, None])

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return self.name + "!"

    tags: list[str] = per_parent(strawberry.field(resolver=_tags))
    picky: str = per_parent(strawberry.field(resolver=_picky))
    awaited: str = per_parent(strawberry.field(resolver=_awaited))
    nothing: str = per_parent(strawberry.field(resolver=_nothing))


@reads_only_the_object
def _shape_type(obj: Any, info: Any, abstract_type: Any) -> str:
    return type(obj).__name__


@strawberry.interface
class Shape:
    label: str

    resolve_type = staticmethod(_shape_type)


@strawberry.type
class Square(Shape):
    side: int


@strawberry.type
class Circle(Shape):
    radius: int | None


@strawberry.type
class Other:
    label: str


@strawberry.type
class Edge:
    role: str | None
    node: Item
    maybe: Item | None
    shape: Shape
    shapes: list[Shape | None]
    either: Square | Circle  # a union: graphql-core's own way

    @strawberry.field
    async def slow(self) -> Item:
        await asyncio.sleep(0)
        return self.node


@strawberry.type
class Box:
    edges: list[Edge]
    maybe_edges: list[Edge | None] | None
    first: Edge | None
    count: int
    squares: list[Square] = strawberry.field(default_factory=list)


def _edge(role: str | None, item: Item, shape: Any = None) -> Edge:
    shape = shape or Square(label="方", side=2)
    return Edge(role=role, node=item, maybe=item, shape=shape, shapes=[shape, None, Circle(label="圆", radius=None)],
                either=shape)


def _box() -> Box:
    a, b = _items()
    return Box(edges=[_edge("主任", a), _edge(None, b, Circle(label="圆", radius=3))], maybe_edges=None,
               first=_edge("委员", b), count=2)


def _broken_box() -> Box:
    a, b = _items()
    nameless = Item(id="c", name=None, count=2, colour=Colour.RED)  # type: ignore[arg-type]
    box = Box(edges=[_edge("甲", a), _edge("乙", nameless)], maybe_edges=[_edge("丙", nameless), None],
              first=_edge("丁", nameless), count=2)
    box.first.shape = Other(label="不是形状")  # type: ignore[assignment]  # the wrong type for an interface
    box.first.shapes = "not a list"  # type: ignore[assignment]
    return box


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

    @strawberry.field
    def box(self) -> Box:
        return _box()

    @strawberry.field
    def odd_codes(self) -> list[Item]:  # a null in a list of non-null strings, and a list that is not one
        return [Item(id="e", name="丁", count=1, colour=Colour.RED, codes=["y", None]),  # type: ignore[list-item]
                Item(id="f", name="戊", count=1, colour=Colour.RED, marks="not a list")]  # type: ignore[arg-type]

    @strawberry.field
    def broken_box(self) -> Box | None:
        return _broken_box()

    @strawberry.field
    def holey_box(self) -> Box | None:  # a null in a list of non-null objects
        box = _box()
        box.edges = [box.edges[0], None]  # type: ignore[list-item]
        return box

    @strawberry.field
    def mixed_box(self) -> Box | None:  # an object of another type in a list of objects
        box = _box()
        box.edges = [box.edges[0], Other(label="不是边")]  # type: ignore[list-item]
        box.squares = [Square(label="方", side=1), Other(label="不是形状")]  # type: ignore[list-item]
        return box


DOCUMENTS = [
    "{ items { id name count colour } }",
    "{ items { later name shout id } }",
    "{ items { n: name name c: colour __typename } }",
    "{ items { name } broken { id name count } }",
    "{ refused { id count name } }",
    "{ items { id ... on Item { name count } } }",
    "query($on: Boolean!) { items { id name @include(if: $on) count @skip(if: $on) } }",
    # objects, lists of objects and interfaces reached through basic fields
    "{ box { count edges { role node { id name shout } shape { label ... on Square { side } } } } }",
    "{ box { edges { node { later } slow { name later } maybe { id } } first { role } maybeEdges { role } } }",
    "{ box { edges { shapes { __typename label ... on Circle { radius } } either { ... on Circle { radius } } } } }",
    "{ box { e: edges { role } edges { node { id } } f: first { node { name } } } }",
    # whole answers in one step: basic fields all the way down, lists of leaves, __typename at every level
    "{ box { __typename count edges { __typename role node { __typename id name codes marks } "
    "shape { __typename label } shapes { label } } first { maybe { id colour } } } }",
    "{ box { edges { node { codes } shape { label ... on Square { side } } } } oddCodes { id codes marks } }",
    "{ oddCodes { id marks } }",
    # broken answers: a null in a non-null leaf under lists and nullable objects, the wrong type, a non-list
    "{ brokenBox { edges { role node { id name } } } }",
    "{ brokenBox { count maybeEdges { role node { id name } } first { maybe { name } } } }",
    "{ brokenBox { first { role shape { label } } } }",
    "{ brokenBox { first { shapes { label } } } }",
    "{ brokenBox { first { role slow { name } } } }",
    "{ holeyBox { count edges { role node { id } } } }",
    "{ mixedBox { count edges { role } } }",
    "{ mixedBox { squares { __typename label } } }",  # an Other among Squares: its label reads, its type must not
    "{ holeyBox { maybeEdges { role } } mixedBox { first { role } } }",
    # per_parent resolvers: arguments as literals and variables, enums, input objects, dates, aliases
    "{ items { id tags } }",
    '{ items { tags(colour: BLUE, within: {low: 1}, on: "2021-02-03") name } }',
    "{ items { a: tags(first: 1) b: tags(colour: RED) c: tags(first: 3) } }",
    "query($n: Int, $day: Date) { box { edges { node { tags(first: $n, on: $day) awaited(times: $n) } } } }",
    "query($r: Range) { items { tags(within: $r) } box { first { node { tags(within: $r) } } } }",
    "{ items { ... on Item { tags(first: 2) } tags(first: 2) } }",
    # and their errors: raised by the resolver, a null for a non-null type, under lists that give way
    "{ items { id picky } }",
    "{ box { edges { role node { picky awaited } } } }",
    "{ items { nothing } }",
    "{ box { maybeEdges { role } first { maybe { nothing } } } }",
]


def _run(execution_context_class: type, document: str) -> str:
    schema = strawberry.Schema(query=Query, execution_context_class=execution_context_class)
    variables = {"on": True, "n": 2, "day": "2021-01-01", "r": {"low": 5, "high": 9}}
    result = asyncio.run(schema.execute(document, variable_values=variables))
    errors = [{"message": e.message, "path": e.path} for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors}, ensure_ascii=False)  # keeps the key order


def test_every_document_gets_graphql_cores_own_answer_in_the_same_order() -> None:
    for document in DOCUMENTS:
        assert _run(FastFields, document) == _run(StrawberryGraphQLCoreExecutionContext, document), document


def test_a_null_in_a_non_null_leaf_is_an_error_at_its_path() -> None:
    answer: Any = json.loads(_run(FastFields, "{ broken { id name } }"))
    assert answer["errors"][0]["path"] == ["broken", 0, "name"]
    assert answer["data"] is None  # the non-null list of non-null items gives way up to the root


def test_only_resolvers_and_what_the_fast_steps_do_not_cover_get_a_resolve_info(monkeypatch: Any) -> None:
    built: list[str] = []
    original = StrawberryGraphQLCoreExecutionContext.build_resolve_info

    def counted(self: Any, field_def: Any, field_nodes: Any, parent_type: Any, path: Any) -> Any:
        built.append(f"{parent_type.name}.{field_nodes[0].name.value}")
        return original(self, field_def, field_nodes, parent_type, path)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "build_resolve_info", counted)
    _run(FastFields, "{ box { count edges { role node { id name shout } shape { label ... on Square { side } } } } }")
    # the root field and the resolver of each item; count, edges, role, node, shape and the leaves were read here
    assert built == ["Query.box", "Item.shout", "Item.shout"]
    built.clear()
    _run(StrawberryGraphQLCoreExecutionContext, "{ box { count edges { role node { id name } } } }")
    assert len(built) == 3 + 2 * 4  # graphql-core itself: one for every field of every object


def test_a_selection_of_basic_fields_all_the_way_down_is_answered_in_one_step(monkeypatch: Any) -> None:
    stepped: list[str] = []
    original = FastFields._complete

    def counted(self: Any, gtype: Any, parent_type: Any, *arguments: Any) -> Any:
        stepped.append(parent_type.name)
        return original(self, gtype, parent_type, *arguments)

    monkeypatch.setattr(FastFields, "_complete", counted)
    document = "{ box { count edges { role node { id name codes } maybe { id } shape { label } } first { role } } }"
    assert json.loads(_run(FastFields, document))["data"]["box"]["edges"][0]["node"]["codes"] == ["x1", "x2"]
    assert stepped == []  # no field of the box's answer went through the step-by-step completion
    _run(FastFields, "{ box { edges { role node { shout } } } }")  # a resolver below: answered step by step
    assert "Box" in stepped and "Edge" in stepped


def test_a_per_parent_field_is_called_directly_with_its_arguments_converted_once_per_node(monkeypatch: Any) -> None:
    from strawberry.schema import schema_converter

    import api.per_parent

    conversions: list[dict[str, Any]] = []
    original = api.per_parent.convert_arguments

    def counted(value: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        conversions.append(value)
        return original(value, *args, **kwargs)

    strawberrys = schema_converter.get_arguments

    def refused(*args: Any, field: Any, **kwargs: Any) -> Any:
        if field.python_name == "tags":
            raise AssertionError("strawberry's own argument conversion ran for a per_parent field")
        return strawberrys(*args, field=field, **kwargs)

    monkeypatch.setattr(api.per_parent, "convert_arguments", counted)
    monkeypatch.setattr(schema_converter, "get_arguments", refused)  # what strawberry's resolver calls each time
    answer: Any = json.loads(_run(FastFields, "{ items { a: tags(first: 1) b: tags(colour: RED) } }"))
    assert answer["errors"] == []
    assert answer["data"]["items"] == [{"a": ["甲"], "b": ["甲", "b", "None", "<Colour.RED: 'red'>", "None", "None"]},
                                       {"a": ["乙"], "b": ["乙", "b", "None", "<Colour.RED: 'red'>", "None", "None"]}]
    assert len(conversions) == 2  # one per field node (a and b), not one per item


def test_basic_fields_are_told_from_resolvers_and_unions_are_left_to_graphql_core() -> None:
    from graphql import FieldNode, NameNode

    from api.basic import basic_field as _basic
    from api.basic import completable as _completable

    schema = strawberry.Schema(query=Query)._schema

    class Details:  # what graphql-core's field collection hands over: the field's node
        def __init__(self, name: str) -> None:
            self.node = FieldNode(name=NameNode(value=name), arguments=(), directives=())

    def basic(type_name: str, names: tuple[str, ...]) -> set[str]:
        return {n for n in names if _basic(schema, schema.type_map[type_name], [Details(n)]) is not None}

    assert basic("Item", ("id", "name", "count", "colour", "shout", "later", "__typename")) == \
        {"id", "name", "count", "colour"}
    edge = schema.type_map["Edge"]
    assert basic("Edge", ("role", "node", "maybe", "shape", "shapes", "either", "slow")) == \
        {"role", "node", "maybe", "shape", "shapes", "either"}
    assert {n for n in ("node", "maybe", "shape", "shapes", "either") if _completable(edge.fields[n].type)} == \
        {"node", "maybe", "shape", "shapes"}
