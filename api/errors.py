"""The errors a GraphQL client reads: govgraph's one hierarchy (graph/errors.py), under the API's names.

A `GovgraphError` raised in a resolver becomes a GraphQL error with its message and `extensions.code` (the
class's `code`), shown in production too; any other exception is masked there ("Unexpected error."), so no
stack trace or internal detail reaches a client.
"""
from __future__ import annotations

from graph.errors import BadInput as BadArgument
from graph.errors import Forbidden, NotFound, RateLimited, Unauthenticated
from graph.errors import GovgraphError as ApiError
from graph.errors import Timeout as RequestTimeout
from graph.errors import Unavailable as DatabaseUnavailable

__all__ = ["ApiError", "BadArgument", "DatabaseUnavailable", "Forbidden", "NotFound", "RateLimited",
           "RequestTimeout", "Unauthenticated"]
