"""Errors a GraphQL client is meant to read.

An `ApiError` raised in a resolver becomes a GraphQL error with this message
and an `extensions.code`, shown in production too; any other exception is
masked there ("Unexpected error."), so no stack trace or internal detail
reaches a client.
"""
from __future__ import annotations


class ApiError(Exception):
    code = "INTERNAL"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.extensions = {"code": self.code}


class BadArgument(ApiError):
    """The client asked for something that cannot be answered: say which argument and why."""

    code = "BAD_USER_INPUT"


class NotFound(BadArgument):
    """An id names nothing of the kind the argument expects."""

    code = "NOT_FOUND"


class RequestTimeout(ApiError):
    code = "TIMEOUT"


class DatabaseUnavailable(ApiError):
    code = "DATABASE_UNAVAILABLE"
