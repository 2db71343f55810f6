"""Whole answers in one walk: an object whose selection is basic fields only, all the way down, answered by
compiled steps rather than field by field.

api/executor.py completes each basic field (api/basic.py) with a Path, a plan look-up and an error handler of
its own. Where an object's selection is basic fields only (and `__typename`) all the way down — leaves, lists
of leaves, objects and interfaces whose selections are the same — `Walk` compiles it once per request and
walks it in one step. Anything unusual (a null where the type is non-null, an awaitable, a value its type
refuses, an object of another type) raises, and the executor answers that object
step by step instead, which reads the same attributes again (reading them has no side effects) and locates
errors as graphql-core does; a selection found not to compile below (`Unsure`) is remembered, so it is not
tried twice.

Example: coBuildingNetwork's `nodes { id name kind degree } edges { source target weight kinds }` (200 nodes,
221 edges on the demo city) is one walk of 421 objects.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    is_leaf_type,
    is_non_null_type,
)
from graphql.pyutils import Undefined

from api.basic import basic_field, completable, info_free_is_type_of

LEAF_STEP, TYPENAME_STEP, VALUE_STEP = range(3)
PLAIN_SCALARS = frozenset({str, int, float, bool})  # never awaitable: no check needed


class Unsure(Exception):  # a signal, not a failure
    """A selection below is not basic fields only: the object above is answered step by step."""


def _named(gtype: Any) -> Any:
    while isinstance(gtype, (GraphQLNonNull, GraphQLList)):
        gtype = gtype.of_type
    return gtype


class Walk:
    """The compiled selections of one request, walked over its objects. `context` is the request's execution
    context (api/executor.py's FastFields): its schema, its subfield collection, its interfaces' runtime types."""

    def __init__(self, context: Any) -> None:
        self.context = context
        # id of a grouped field set → (it, its compiled steps, or None where they cannot be compiled)
        self.compiled: dict[int, tuple[Any, tuple[Any, ...] | None]] = {}

    def steps(self, parent_type: GraphQLObjectType, fields: Any) -> tuple[Any, ...] | None:
        """The compiled steps of an object's selection, or None."""
        found = self.compiled.get(id(fields))
        if found is not None and found[0] is fields:
            return found[1]
        steps = self._compile(parent_type, fields)
        self.compiled[id(fields)] = (fields, steps)
        return steps

    def forget(self, fields: Any) -> None:
        """A selection found not to compile below: answered step by step from now on."""
        self.compiled[id(fields)] = (fields, None)

    def _compile(self, parent_type: GraphQLObjectType, fields: Any) -> tuple[Any, ...] | None:
        """(step, response key, what, detail) for each field of a selection, or None where one is not basic:
        LEAF_STEP (attribute and coercion, whether non-null), VALUE_STEP (attribute and type: objects,
        interfaces or leaves in lists and non-nulls; the field's details), TYPENAME_STEP (the type's name)."""
        steps: list[Any] = []
        for key, details in fields.items():
            if details[0].node.name.value == "__typename":
                if any(d.node.directives for d in details):
                    return None
                steps.append((TYPENAME_STEP, key, parent_type.name, None))
                continue
            basic = basic_field(self.context.schema, parent_type, details)
            if basic is None:
                return None
            field, attribute = basic
            non_null = is_non_null_type(field.type)
            inner = field.type.of_type if non_null else field.type
            if is_leaf_type(inner):
                steps.append((LEAF_STEP, key, (attribute, inner.coerce_output_value), non_null))
            elif completable(field.type) or is_leaf_type(_named(field.type)):
                steps.append((VALUE_STEP, key, (attribute, field.type), details))
            else:
                return None
        return tuple(steps)

    def answer(self, steps: tuple[Any, ...], source: Any) -> dict[str, Any]:
        """An object's answer by its compiled steps; raises on anything unusual."""
        done: dict[str, Any] = {}
        for step, key, what, detail in steps:
            if step == LEAF_STEP:
                value = getattr(source, what[0])
                if value.__class__ in PLAIN_SCALARS:  # most leaves: no null or awaitable to look for
                    value = what[1](value)
                    if value is None or value is Undefined:
                        raise LookupError("a value the type refuses")
                    done[key] = value
                else:
                    done[key] = self._leaf(what[1], detail, value)
            elif step == VALUE_STEP:
                done[key] = self._value(what[1], detail, getattr(source, what[0]))
            else:  # TYPENAME_STEP
                done[key] = what
        return done

    def _leaf(self, coerce: Callable[[Any], Any], non_null: bool, value: Any) -> Any:
        if value is None:
            if non_null:
                raise LookupError("a null for a non-null type")
            return None
        if value.__class__ not in PLAIN_SCALARS and self.context.is_awaitable(value):
            raise LookupError("an awaitable")
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise LookupError("a value the type refuses")
        return coerced

    def _value(self, gtype: Any, details: Any, value: Any) -> Any:
        """A basic field's value of an object, interface or leaf type in lists and non-nulls."""
        non_null = isinstance(gtype, GraphQLNonNull)
        if non_null:
            gtype = gtype.of_type
        if value is None:
            if non_null:
                raise LookupError("a null for a non-null type")
            return None
        if isinstance(gtype, GraphQLList):
            if not isinstance(value, (list, tuple)):
                raise TypeError("not a list")
            item_type = gtype.of_type
            named = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
            if isinstance(named, GraphQLObjectType):
                return self._objects(named, item_type is not named, details, value)
            if is_leaf_type(named):
                coerce, items_non_null = named.coerce_output_value, item_type is not named
                return [self._leaf(coerce, items_non_null, item) for item in value]
            return [self._value(item_type, details, item) for item in value]
        if is_leaf_type(gtype):
            return self._leaf(gtype.coerce_output_value, non_null, value)
        if isinstance(gtype, GraphQLInterfaceType):
            _, gtype = self.context.runtime_type(gtype, value)
            if gtype is None:
                raise LookupError("not a runtime type of the interface")  # the executor's steps say so, located
        is_type_of = gtype.is_type_of
        if is_type_of is not None and (not info_free_is_type_of(is_type_of) or not is_type_of(value, None)):
            raise TypeError("an object of another type")
        return self.answer(self._object_steps(gtype, details), value)

    def _object_steps(self, gtype: GraphQLObjectType, details: Any) -> tuple[Any, ...]:
        """The compiled steps of an object type's selection below `details`; Unsure where there are none."""
        grouped, deferred, _ = self.context.collect_subfields(gtype, details)
        steps = None if deferred else self.steps(gtype, grouped)
        if steps is None:
            raise Unsure
        return steps

    def _objects(self, gtype: GraphQLObjectType, non_null: bool, details: Any, items: Any) -> list[Any]:
        """A list of objects of one type: its selection's steps and type check found once, not once an item."""
        is_type_of = gtype.is_type_of
        if is_type_of is not None and not info_free_is_type_of(is_type_of):
            raise TypeError("a type check that needs the resolver's info")
        steps = self._object_steps(gtype, details)
        done: list[Any] = []
        for item in items:
            if item is None:
                if non_null:
                    raise LookupError("a null for a non-null type")
                done.append(None)
            elif is_type_of is not None and not is_type_of(item, None):
                raise TypeError("an object of another type")
            else:
                done.append(self.answer(steps, item))
        return done
