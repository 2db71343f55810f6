"""The GraphQL schema: the entity types, the network questions and the analysis fields.

`build_schema(production)` adds the safety extensions: depth, alias and token
limits always; in production also no introspection and masked errors (only
`ApiError`s — bad arguments, not found, time limit — keep their message).
"""
from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.analysis import AnalysisQuery
from api.audit_fields import AuditQuery
from api.config import MAX_ALIASES, MAX_QUERY_DEPTH, MAX_TOKENS
from api.errors import ApiError
from api.executor import FastFields
from api.explorer import ExplorerQuery
from api.limits import SmallDocumentCache, limit_rules
from api.network import NetworkQuery
from api.personal import PersonalQuery
from api.roots import EntityQuery
from api.scalars import SCALARS
from api.service_levels import ServiceLevelQuery
from api.types import TYPES

DOCUMENT_CACHE = 512  # distinct GraphQL documents whose validation is remembered
LIMIT_RULES = tuple(limit_rules(max_depth=MAX_QUERY_DEPTH, max_aliases=MAX_ALIASES))


def query_type() -> type:
    return merge_types("Query", (EntityQuery, NetworkQuery, AnalysisQuery, ExplorerQuery, ServiceLevelQuery,
                                 AuditQuery, PersonalQuery))


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
    # over and over: parsing and validating one against this schema costs ~8 ms, so both are cached (small
    # documents only, api/limits.py). The depth and alias limits are validation rules carrying a code, so a
    # cached verdict includes them; their rule classes are made once (LIMIT_RULES), since the validation
    # cache is keyed on the rules too. The router checks the token limit before a document gets here
    # (api/guard.py); MaxTokensLimiter bounds the parse of a document that did not come through it.
    extensions: list[Any] = [
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        SmallDocumentCache,
        lambda: AddValidationRules(list(LIMIT_RULES)),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
    ]
    if production:
        extensions += [DisableIntrospection, lambda: MaskErrors(should_mask_error=_should_mask)]
    else:
        extensions.append(RoundTrips)
    return Schema(query=query_type(), types=list(TYPES.values()), extensions=extensions,
                  config=StrawberryConfig(scalar_map=SCALARS), execution_context_class=FastFields)
