"""The audit trail as a root field (`auditTrail`), the one group an auditor's schema has (api/access.py)."""
from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.errors import BadArgument
from graph.access.audit import AuditTrail
from graph.access.roles import AUDIT
from graph.errors import BadInput

MAX_EVENTS = 1000


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The audit trail's latest events (newest last), optionally of one user and since "
                                  "a date or time: who asked what, how many entities came back, what personal "
                                  "fields were revealed and why. Also `govgraph audit verify`, which checks the "
                                  "hash chain.")
    def audit_trail(self, info: strawberry.Info,
                    user: Annotated[str | None, strawberry.argument(description="Only this subject's events.")] = None,
                    since: Annotated[str | None, strawberry.argument(
                        description="Only events at or after this ISO date or time.")] = None,
                    last: Annotated[int, strawberry.argument(description="At most this many (1–1000).")] = 100,
                    ) -> list[JSON]:
        info.context.identity.require(AUDIT)  # deny by default, whatever the schema
        if not 1 <= last <= MAX_EVENTS:
            raise BadArgument(f"last: between 1 and {MAX_EVENTS}, got {last}")
        try:
            events: list[Any] = list(AuditTrail().show(user=user, since=since))
        except BadInput as error:
            raise BadArgument(str(error)) from None
        return events[-last:]
