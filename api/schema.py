"""The GraphQL schema: the entity types, the network questions and (when present) the analysis fields.

`build_schema(production)` adds the safety extensions: depth, alias and token
limits always; in production also no introspection and masked errors (only
`ApiError`s — bad arguments, not found, time limit — keep their message).
"""
from __future__ import annotations

import importlib
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (AddValidationRules, DisableIntrospection, MaskErrors, MaxAliasesLimiter,
                                   MaxTokensLimiter, ParserCache, QueryDepthLimiter, SchemaExtension,
                                   ValidationCache)
from strawberry.tools import merge_types

from api.config import MAX_ALIASES, MAX_QUERY_DEPTH, MAX_TOKENS
from api.entities import TYPES, EntityQuery
from api.errors import ApiError

DOCUMENT_CACHE = 512  # distinct GraphQL documents whose parse and validation are remembered
LIMIT_RULES = (*QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH).validation_rules,
               *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules)
from api.network import NetworkQuery
from api.explorer import ExplorerQuery


def _analysis_query() -> type | None:
    """api/analysis.py's `AnalysisQuery`, when that module is there."""
    try:
        module = importlib.import_module("api.analysis")
    except ModuleNotFoundError as error:
        if error.name != "api.analysis":
            raise
        return None
    return getattr(module, "AnalysisQuery", None)


def query_type() -> type:
    parts: list[type] = [EntityQuery, NetworkQuery, ExplorerQuery]
    analysis = _analysis_query()
    if analysis is not None:
        parts.append(analysis)
    return merge_types("Query", tuple(parts))


def _should_mask(error: GraphQLError) -> bool:
    """Mask unexpected failures; keep validation errors and the API's own messages."""
    return error.original_error is not None and not isinstance(error.original_error, ApiError)


class RoundTrips(SchemaExtension):
    """Development aid: `extensions.roundTrips` in each response, the number of Neo4j queries it took."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        reader = getattr(context, "reader", None)
        return {"roundTrips": reader.round_trips} if reader is not None else {}


class Schema(strawberry.Schema):
    """Logs only unexpected failures: a client's mistake (an invalid document, a bad argument) is its answer,
    not a server event with a stack trace."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        unexpected = [e for e in errors if _should_mask(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)


def build_schema(production: bool) -> strawberry.Schema:
    # Factories, so that each request gets fresh extension instances. Clients send the same few documents
    # over and over: parsing and validating one against this schema costs ~8 ms, so both are cached. The
    # depth and alias limits are validation rules, so a cached verdict includes them; their rule classes are
    # made once (LIMIT_RULES), since the validation cache is keyed on the rules too.
    extensions: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE),
        lambda: AddValidationRules(list(LIMIT_RULES)),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
    ]
    if production:
        extensions += [DisableIntrospection, lambda: MaskErrors(should_mask_error=_should_mask)]
    else:
        extensions.append(RoundTrips)
    return Schema(query=query_type(), types=list(TYPES.values()), extensions=extensions)
