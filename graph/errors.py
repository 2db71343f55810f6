"""Every error govgraph expects, in one hierarchy.

An error says *what kind* of failure it is by its class, never by its message
text: the API maps the class to a GraphQL error code (`code`, Apollo's names,
which client libraries already know) and the command line to an exit status
(`govgraph/cli.py`), each in one place. The message is for a person: it names
the argument, file or setting and what was expected, and is shown as is.

    raise NotFound("organizationId: no organisation 'po-1'", argument="organizationId")

Anything else that escapes is a bug: the API masks it (INTERNAL_SERVER_ERROR)
and the CLI reports it as such.
"""
from __future__ import annotations


class GovgraphError(Exception):
    """An expected failure; its message is meant for the person who can fix it."""

    code = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.argument = argument  # the argument, option or column at fault, when there is one

    @property
    def extensions(self) -> dict[str, str]:
        """What a GraphQL error carries beside its message."""
        return {"code": self.code, **({"argument": self.argument} if self.argument else {})}


class BadInput(GovgraphError):
    """A request, option or setting that cannot be answered as given: say which and why."""

    code = "BAD_USER_INPUT"


class NotFound(BadInput):
    """An id names nothing (of the kind expected, or inside the caller's scope)."""

    code = "NOT_FOUND"


class Unavailable(GovgraphError):
    """Something govgraph needs does not answer: Neo4j down, a server that would not start."""

    code = "DATABASE_UNAVAILABLE"


class Timeout(GovgraphError):
    """The work did not finish within its time limit."""

    code = "TIMEOUT"


class Unauthenticated(GovgraphError):
    """No identity, or one that cannot be verified."""

    code = "UNAUTHENTICATED"


class Forbidden(GovgraphError):
    """An identity that may not do this."""

    code = "FORBIDDEN"


class RateLimited(GovgraphError):
    """Too many requests of this kind at once; try again later."""

    code = "RATE_LIMITED"


# The name the command modules have always raised; any expected failure of a command.
UserError = GovgraphError
