"""The executor: graphql-core's, with the fields that need no resolver completed in one step.

Most of an answer is read straight off objects: a node's `id` and `name`, an edge's `role` and `node`, a
connection's `edges` and `totalCount`. strawberry resolves such a field (a *basic* field: no resolver, no
extension, no permission) with `getattr`, and graphql-core then gives each one a resolve info, an argument
check, its awaitable checks and a chain of completions (non-null, list, abstract type, object type, the
sub-selection). The peer benchmark's nested query on the demo city is about 2,300 objects and 3,300 leaves,
nearly all of them reached through basic fields: that machinery, not the resolvers, was most of its time.

`FastFields.execute_fields` first tries the whole answer of an object in one walk (api/walk.py): where its
selection is basic fields only (api/basic.py) all the way down. Anything unusual, and that object is answered
by the steps below instead.

Otherwise it plans each selection set once per request (`Plan`) and then, for each object:

- a basic **leaf** (`Leaf`: a scalar or enum) is the attribute and the leaf type's own `coerce_output_value`,
  exactly what graphql-core's `complete_leaf_value` does. Anything unusual about a leaf (an error, a null
  where the type is non-null, an awaitable) and the whole selection set of that object is executed the
  ordinary way, so its errors, their paths and null propagation are graphql-core's own (reading leaves has
  no side effects, so reading them twice is safe).
- a basic **object** field (`Plain`: an object, an interface whose `resolve_type` reads only the object, or
  lists and non-nulls of those) is completed by `_complete`: the same steps as graphql-core's
  `complete_value` (null checks, lists item by item with their paths, the runtime type, `is_type_of`, the
  sub-selection through this same `execute_fields`), and a raised error goes to graphql-core's own
  `handle_field_error` with the field's or the item's path, which records it or propagates it as graphql-core
  would. What the fast steps do not cover (an awaitable attribute, a value that is not a list or tuple, an
  abstract type of another kind, a deferred fragment) is handed to graphql-core's `complete_value` with a
  resolve info, at that very point.
- every other field (a resolver, arguments, a directive, `__typename`) goes through graphql-core's
  `execute_fields`, and the answer keeps the selection's order.

A field marked `per_parent` (api/per_parent.py: a relationship field, whose resolver runs once for every
parent in a list) is called here too, its arguments converted once per request, and its answer completed
and its errors located as graphql-core's `execute_field` does. A resolver's `Completed` answer (a folded
field's JSON made straight from its row, api/precompleted.py) is the field's completed value as it is.

A middleware (a strawberry extension with a `resolve` hook) wraps every resolver, the basic ones too: with
one, every field goes graphql-core's way.

Example: `{ organizations(first: 2) { edges { node { id name } } } }` — `organizations` is resolved by
graphql-core; `edges`, each edge's `node` (its kind read off the object) and `id` and `name` here.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    is_leaf_type,
    is_non_null_type,
)
from graphql.execution.executor import invalid_return_type_error, to_nodes
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.basic import basic_field, completable, info_free_is_type_of
from api.per_parent import Arguments, Direct, direct_of
from api.precompleted import Completed
from api.walk import Unsure, Walk


class Leaf(NamedTuple):
    key: str  # the response key
    attribute: str  # the Python attribute strawberry would read
    coerce: Callable[[Any], Any]  # the leaf type's output coercion
    non_null: bool


class Plain(NamedTuple):
    key: str
    attribute: str
    field: Any  # the GraphQLField
    details: Any  # graphql-core's field details list of this response key


class Plan(NamedTuple):
    fields: Any  # the grouped field set planned (kept alive: plans are found by its id)
    order: tuple[str, ...]  # every response key, in the selection's order
    leaves: tuple[Leaf, ...]
    plain: tuple[Plain, ...]
    rest: dict[str, Any] | None  # the other fields, for graphql-core; None when there are none
    in_order: bool  # the leaves, then the basic objects, are the whole selection in its order


class FastFields(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing basic fields without graphql-core's per-field work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[int, Plan] = {}
        self._runtime: dict[tuple[str, str], GraphQLObjectType] = {}  # (interface, type name) → object type
        # (parent type, field name) → the field and how to run it directly, or None (graphql-core's way)
        self._directs: dict[tuple[str, str], tuple[Any, Direct] | None] = {}
        self._arguments = Arguments(self.schema)  # each per_parent field's arguments, converted once
        self._walk = Walk(self)  # whole answers of basic selections in one step (api/walk.py)
        manager = self.middleware_manager  # hands back a resolver unwrapped when it has no middleware
        self._fast = manager is None or manager.get_field_resolver(getattr) is getattr

    def _plan(self, parent_type: GraphQLObjectType, fields: Any) -> Plan:
        plan = self._plans.get(id(fields))
        if plan is not None and plan.fields is fields:
            return plan
        leaves, plain, rest = [], [], {}
        for key, details in fields.items():
            basic = basic_field(self.schema, parent_type, details)
            if basic is not None:
                field, attribute = basic
                non_null = is_non_null_type(field.type)
                inner = field.type.of_type if non_null else field.type
                if is_leaf_type(inner):
                    leaves.append(Leaf(key, attribute, inner.coerce_output_value, non_null))
                    continue
                if completable(field.type):
                    plain.append(Plain(key, attribute, field, details))
                    continue
            rest[key] = details
        in_order = not rest and [f.key for f in (*leaves, *plain)] == list(fields)
        plan = Plan(fields, tuple(fields), tuple(leaves), tuple(plain), rest or None, in_order)
        self._plans[id(fields)] = plan
        return plan

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Any,
                       grouped_field_set: Any, position_context: Any) -> Any:
        if self._fast and position_context is None:
            steps = self._walk.steps(parent_type, grouped_field_set)
            if steps is not None:
                try:
                    return self._walk.answer(steps, source_value)
                except Unsure:  # a selection below cannot be compiled: not tried again for this one
                    self._walk.forget(grouped_field_set)
                except Exception:  # an unusual value: answered step by step below, errors located there
                    pass
        plan = self._plan(parent_type, grouped_field_set) if self._fast and position_context is None else None
        if plan is None or not (plan.leaves or plan.plain):
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
        pending = []
        try:
            for key, attribute, field, details in plan.plain:
                done = self._field(parent_type, source_value, Path(path, key, parent_type.name), field, details,
                                   attribute)
                read[key] = done
                if is_awaitable(done):
                    pending.append(key)
            others = {} if plan.rest is None else \
                super().execute_fields(parent_type, source_value, path, plan.rest, position_context)
        except Exception:
            if pending:  # as graphql-core does: what was started still settles (it may fail too)
                self.settle_in_background([read[key] for key in pending])
            raise
        if not pending and not is_awaitable(others):
            return read if plan.in_order else _merge(plan.order, read, others)

        waiting = [read[key] for key in pending]
        if is_awaitable(others):
            waiting.append(others)

        async def settled() -> dict[str, Any]:
            awaited = await _all(waiting)
            read.update(zip(pending, awaited))
            return read if plan.in_order else _merge(plan.order, read, awaited[-1] if len(awaited) > len(pending)
                                                      else others)
        return settled()

    def execute_field(self, parent_type: GraphQLObjectType, source: Any, details: Any, path: Path,
                      position_context: Any) -> Any:
        """graphql-core's execute_field; a `per_parent` field called directly with arguments converted once."""
        name = details[0].node.name.value
        found = self._directs.get((parent_type.name, name), Undefined) if self._fast else None
        if found is Undefined:
            field = self.schema.get_field(parent_type, name)
            direct = None if field is None else direct_of(self.schema, field)
            found = self._directs[(parent_type.name, name)] = None if direct is None else (field, direct)
        if found is None:
            return super().execute_field(parent_type, source, details, path, position_context)
        field, direct = found
        return_type = field.type
        info = self.build_resolve_info(field, to_nodes(details), parent_type, path)
        try:
            strawberry_info = self._arguments.info(info, direct.definition)
            kwargs = self._arguments.of(field, direct.definition, details, strawberry_info, self.variable_values,
                                        self.hide_suggestions)
            if direct.root is not None:
                kwargs[direct.root] = source
            if direct.info is not None:
                kwargs[direct.info] = strawberry_info
            result = direct.function(**kwargs)
            if result.__class__ is Completed:
                return result.value
            if self.is_awaitable(result):
                return self.complete_awaitable_value(return_type, details, info, path, result, position_context)
            completed = self.complete_value(return_type, details, info, path, result, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        return self._located(completed, return_type, details, path)

    def complete_value(self, return_type: Any, details: Any, info: Any, path: Path, result: Any,
                       position_context: Any) -> Any:
        """graphql-core's complete_value; a resolver's `Completed` answer (api/precompleted.py) as it is."""
        if result.__class__ is Completed:
            return result.value
        return super().complete_value(return_type, details, info, path, result, position_context)

    def _field(self, parent_type: GraphQLObjectType, source: Any, path: Path, field: Any, details: Any,
               attribute: str) -> Any:
        """A basic object field's answer (or an awaitable of it), its error handled as graphql-core's
        execute_field handles one."""
        try:
            done = self._complete(field.type, parent_type, field, details, path, getattr(source, attribute))
        except Exception as raw_error:
            self.handle_field_error(raw_error, field.type, details, path)
            return None
        return self._located(done, field.type, details, path)

    def _located(self, done: Any, return_type: Any, details: Any, path: Path) -> Any:
        """`done`; if it is awaitable, an awaitable of it whose error is handled at `path` (graphql-core's way)."""
        if not self.is_awaitable(done):
            return done

        async def awaited() -> Any:
            try:
                return await done
            except Exception as raw_error:
                self.handle_field_error(raw_error, return_type, details, path)
                return None
        return awaited()

    def _complete(self, gtype: Any, parent_type: GraphQLObjectType, field: Any, details: Any, path: Path,
                  value: Any) -> Any:
        """graphql-core's complete_value for the types `_completable` admits; anything else is handed to it."""
        if isinstance(value, Exception):
            raise value
        if self.is_awaitable(value):
            return self._by_graphql_core(gtype, parent_type, field, details, path, value)
        if isinstance(gtype, GraphQLNonNull):
            done = self._complete(gtype.of_type, parent_type, field, details, path, value)
            if done is None:
                raise TypeError("Cannot return null for non-nullable field "
                                f"{parent_type.name}.{details[0].node.name.value}.")
            return done
        if value is None or value is Undefined:
            return None
        if isinstance(gtype, GraphQLList):
            if not isinstance(value, (list, tuple)):
                return self._by_graphql_core(gtype, parent_type, field, details, path, value)
            return self._items(gtype.of_type, parent_type, field, details, path, value)
        if is_leaf_type(gtype):
            return self.complete_leaf_value(gtype, value)
        if isinstance(gtype, GraphQLInterfaceType):
            name, runtime = self.runtime_type(gtype, value)
            if runtime is None:  # graphql-core's own error, with what it says of the field
                info = self.build_resolve_info(field, to_nodes(details), parent_type, path)
                runtime = self.ensure_valid_runtime_type(name, gtype, details, info, value)
            gtype = runtime
        if not info_free_is_type_of(gtype.is_type_of):
            return self._by_graphql_core(gtype, parent_type, field, details, path, value)
        if gtype.is_type_of is not None and not gtype.is_type_of(value, None):
            raise invalid_return_type_error(gtype, value, details)
        grouped, deferred, _ = self.collect_subfields(gtype, details)
        if deferred:
            return self.execute_collected_subfields(gtype, value, path, grouped, deferred, None)
        return self.execute_fields(gtype, value, path, grouped, None)

    def runtime_type(self, interface: GraphQLInterfaceType, value: Any) -> tuple[Any, GraphQLObjectType | None]:
        """(the name the interface's `resolve_type` gives the value, its object type — None where that name is
        not one of the interface's object types), kept for the request; also read by api/walk.py."""
        name = interface.resolve_type(value, None, interface)
        runtime = self._runtime.get((interface.name, name)) if isinstance(name, str) else None
        if runtime is None:
            runtime = self.schema.get_type(name) if isinstance(name, str) else None
            if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(interface, runtime):
                return name, None
            self._runtime[(interface.name, name)] = runtime
        return name, runtime

    def _items(self, item_type: Any, parent_type: GraphQLObjectType, field: Any, details: Any, path: Path,
               items: list[Any] | tuple[Any, ...]) -> Any:
        """A list's items, each error handled with its item's path (graphql-core's complete_list_item_value)."""
        done: list[Any] = []
        pending: list[int] = []
        is_awaitable = self.is_awaitable
        try:
            for index, item in enumerate(items):
                item_path = Path(path, index, None)
                try:
                    completed = self._complete(item_type, parent_type, field, details, item_path, item)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, details, item_path)
                    completed = None
                if is_awaitable(completed):
                    completed = self._settled_item(completed, item_type, details, item_path)
                    pending.append(index)
                done.append(completed)
        except Exception:
            if pending:
                self.settle_in_background([done[index] for index in pending])
            raise
        if not pending:
            return done

        async def settled() -> list[Any]:
            for index, value in zip(pending, await _all([done[index] for index in pending])):
                done[index] = value
            return done
        return settled()

    async def _settled_item(self, completed: Any, item_type: Any, details: Any, item_path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, details, item_path)
            return None

    def _by_graphql_core(self, gtype: Any, parent_type: GraphQLObjectType, field: Any, details: Any, path: Path,
                         value: Any) -> Any:
        info = self.build_resolve_info(field, to_nodes(details), parent_type, path)
        if self.is_awaitable(value):
            return self.complete_awaitable_value(gtype, details, info, path, value, None)
        return self.complete_value(gtype, details, info, path, value, None)


async def _all(awaitables: list[Any]) -> list[Any]:
    """Their results, in order: one is simply awaited, several are gathered (as graphql-core does)."""
    if len(awaitables) == 1:
        return [await awaitables[0]]
    return await gather_with_cancel(*awaitables)


def _merge(order: tuple[str, ...], read: dict[str, Any], others: dict[str, Any]) -> dict[str, Any]:
    """The two halves of an object's answer, in the selection's order (a field graphql-core skipped stays out)."""
    merged = {}
    for key in order:
        if key in read:
            merged[key] = read[key]
        elif key in others:
            merged[key] = others[key]
    return merged

