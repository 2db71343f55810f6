"""Root fields the explorer (and any client drawing a legend or a dashboard) needs: the model and the figures.

`model` is the ontology of graph/ontology.py as data — every node kind and relationship kind with its Chinese
label, and each kind's public properties under their GraphQL field names — so a client labels what it shows
from the one definition instead of a second list. `demoFigures` is the Deyang article's figures
(loaders/demo/figures.py) beside the graph's value for each: what `govgraph demo` prints.
"""
from __future__ import annotations

import strawberry

from api.context import Context
from api.errors import BadArgument
from api.naming import camel, field_name
from api.nullable import nullable_fields
from api.props import public_props
from graph import ontology
from loaders.demo import figures as demo_figures


@strawberry.type(description="A property of a node or relationship kind, as the ontology defines it.")
class ModelProperty:
    name: str = strawberry.field(description="The property's name in Neo4j and in relationship `properties` JSON.")
    field: str = strawberry.field(description="Its GraphQL field name on the kind's type.")
    label_zh: str
    type: str
    description: str
    enum: list[str] | None = None


@strawberry.type(description="A node kind of the ontology (小区, 党组织 …).")
class ModelKind:
    name: str = strawberry.field(description="The kind (the `Kind` enum value and GraphQL type name).")
    family: str
    label_zh: str
    description: str
    properties: list[ModelProperty] = strawberry.field(description="Its public properties (never personal data).")


@strawberry.type(description="A relationship kind of the ontology (任职, 隶属 …).")
class ModelRelation:
    type: str
    label_zh: str
    description: str
    sources: list[str]
    targets: list[str]
    dated: bool
    undirected: bool
    properties: list[ModelProperty]


@strawberry.type(description="The ontology (graph/ontology.py): kinds and relationships with their Chinese labels.")
class Model:
    families: list[str]
    kinds: list[ModelKind]
    relations: list[ModelRelation]


@strawberry.type(description="One of the Deyang article's figures beside the graph's value for it.")
class DemoFigure:
    key: str
    label: str
    label_zh: str
    article: int = strawberry.field(description="The article's figure.")
    expected: int = strawberry.field(description="The figure for a city `scale` times the article's.")
    at_least: bool = strawberry.field(description="The article says 余/多 (+): the graph may exceed it.")
    scaled: bool = strawberry.field(description="Whether the figure grows with the city (false: fixed).")
    actual: float | None = strawberry.field(description="The graph's value (null: not measurable).")
    holds: bool


def _prop(prop: ontology.Prop, graphql: bool) -> ModelProperty:
    return ModelProperty(name=prop.name, field=camel(field_name(prop)) if graphql else camel(prop.name),
                         label_zh=prop.label_zh, type=prop.type, description=prop.description,
                         enum=list(prop.enum) if prop.enum else None)


def _model() -> Model:
    kinds = [ModelKind(name=k.name, family=k.family, label_zh=k.label_zh, description=k.description,
                       properties=[_prop(p, True) for p in public_props(k.all_props)])
             for k in ontology.NODE_KINDS]
    relations = [ModelRelation(type=r.type, label_zh=r.label_zh, description=r.description,
                               sources=list(r.sources), targets=list(r.targets), dated=r.dated,
                               undirected=r.undirected,
                               properties=[_prop(p, False) for p in public_props(r.all_props)])
                 for r in ontology.REL_KINDS]
    return Model(families=list(ontology.FAMILIES), kinds=kinds, relations=relations)


MODEL = _model()


@nullable_fields
@strawberry.type
class ExplorerQuery:
    @strawberry.field(description="The ontology: every node and relationship kind with its Chinese label and "
                                  "public properties, for legends and labels.")
    def model(self) -> Model:
        return MODEL

    @strawberry.field(description="The Deyang article's figures beside the graph's value for each (what "
                                  "`govgraph demo` prints), for a city `scale` times the article's (0.01–10).")
    async def demo_figures(self, info: strawberry.Info, scale: float = 1.0) -> list[DemoFigure]:
        if not 0.01 <= scale <= 10:
            raise BadArgument(f"scale must be between 0.01 and 10, not {scale:g}")
        ctx: Context = info.context
        rows = await ctx.reader.query("demo_figures")
        measured = dict(rows[0]) if rows else {}
        figures = []
        for f in demo_figures.FIGURES:
            actual = measured.get(f.key)
            figures.append(DemoFigure(key=f.key, label=f.label, label_zh=f.label_zh, article=f.value,
                                      expected=f.expected(scale), at_least=f.at_least, scaled=f.scaled,
                                      actual=None if actual is None else float(actual),
                                      holds=f.holds(actual, scale)))
        return figures
