"""The executor: graphql-core's, with plain leaf fields completed in one step.

Most of an answer is leaves read straight off an object: a node's `id` and `name`, an edge's `role`, a
connection's `totalCount`. strawberry resolves such a field (a *basic* field: no resolver, no extension,
no permission) with `getattr`, and graphql-core then gives each one a path, a resolve info, an argument
check, two awaitable checks and its completion. (The peer benchmark's nested query on the demo city is 347
objects and 419 such leaves; its objects, not its leaves, are now most of its Python time.)

`FastLeaves.execute_fields` reads those leaves itself, for each selection set once planned (per request):
the attribute, then the leaf type's own `coerce_output_value`, exactly what graphql-core's
`complete_leaf_value` does. Every other field (a resolver, an object, a list, `__typename`, a field with
arguments) goes through graphql-core's `execute_fields` as before, and the answer keeps the selection's
order. Anything unusual about a leaf — an error, a null where the type is non-null, an awaitable — and the
whole selection set of that object is executed the ordinary way, so errors, their paths and null
propagation are graphql-core's own.

Example: `{ organizations(first: 2) { edges { node { id name } } } }` — `edges` and `node` go through
graphql-core, `id` and `name` of each node are read here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import GraphQLObjectType, is_leaf_type, is_non_null_type
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF  # where strawberry keeps a GraphQL field's own definition


class Leaf(NamedTuple):
    key: str  # the response key
    attribute: str  # the Python attribute strawberry would read
    coerce: Callable[[Any], Any]  # the leaf type's output coercion
    non_null: bool


class Plan(NamedTuple):
    fields: Any  # the grouped field set planned (kept alive: plans are found by its id)
    order: tuple[str, ...]  # every response key, in the selection's order
    leaves: tuple[Leaf, ...]
    rest: dict[str, Any] | None  # the other fields, for graphql-core; None when there are none


def _leaf(schema: Any, parent_type: GraphQLObjectType, key: str, details: Any) -> Leaf | None:
    node = details[0].node
    field = schema.get_field(parent_type, node.name.value)
    if field is None or field.args or node.arguments or not getattr(field.resolve, "_is_default", False):
        return None
    definition = field.extensions.get(DEFINITION)
    if definition is None or definition.default_resolver is not getattr:
        return None
    non_null = is_non_null_type(field.type)
    inner = field.type.of_type if non_null else field.type
    if not is_leaf_type(inner):
        return None
    return Leaf(key, definition.python_name, inner.coerce_output_value, non_null)


class FastLeaves(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing basic leaf fields without graphql-core's per-field work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[int, Plan] = {}
        # A middleware (a strawberry extension with a `resolve` hook) wraps every resolver, the basic ones too:
        # then every field goes graphql-core's way. The manager hands back a resolver unwrapped when it has none.
        manager = self.middleware_manager
        self._leaves_read_here = manager is None or manager.get_field_resolver(getattr) is getattr

    def _plan(self, parent_type: GraphQLObjectType, fields: Any) -> Plan:
        plan = self._plans.get(id(fields))
        if plan is not None and plan.fields is fields:
            return plan
        leaves, rest = [], {}
        for key, details in fields.items():
            leaf = _leaf(self.schema, parent_type, key, details)
            if leaf is None:
                rest[key] = details
            else:
                leaves.append(leaf)
        plan = Plan(fields, tuple(fields), tuple(leaves), rest or None)
        self._plans[id(fields)] = plan
        return plan

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Any,
                       grouped_field_set: Any, position_context: Any) -> Any:
        plan = self._plan(parent_type, grouped_field_set) if self._leaves_read_here else None
        if plan is None or not plan.leaves:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        read: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        try:
            for key, attribute, coerce, non_null in plan.leaves:
                value = getattr(source_value, attribute)
                if value is None:
                    if non_null:
                        raise LookupError(key)
                    read[key] = None
                    continue
                if is_awaitable(value):
                    raise LookupError(key)
                coerced = coerce(value)
                if coerced is None or coerced is Undefined:
                    raise LookupError(key)
                read[key] = coerced
        except Exception:  # graphql-core's own path raises or records the located error
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        if plan.rest is None:
            return read
        others = super().execute_fields(parent_type, source_value, path, plan.rest, position_context)
        if is_awaitable(others):
            async def merged() -> dict[str, Any]:
                return _merge(plan.order, read, await others)
            return merged()
        return _merge(plan.order, read, others)


def _merge(order: tuple[str, ...], read: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """The two halves of an object's answer, in the selection's order (a field graphql-core skipped stays out)."""
    merged = {}
    for key in order:
        if key in read:
            merged[key] = read[key]
        elif key in others:
            merged[key] = others[key]
    return merged
