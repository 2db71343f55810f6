"""The identity behind a request or a command: the one object every query is handed.

An Identity says who (subject), as what (role), over which part of the graph (area scope: an area id, or
None for the whole city), with which permissions (the role's), how it was authenticated and, for API
tokens, which token. It is immutable and checked with `require` / `require_group`, which raise Forbidden.

    >>> who = Identity.of("wang", "planner", area="510603003")
    >>> who.may_read("Compound"), who.may_read("Person"), who.scope
    (True, False, '510603003')
    >>> who.require_group("people")
    Traceback (most recent call last):
    ...
    graph.errors.Forbidden: the planner role may not use people fields
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import Any, Literal

from graph.access.roles import Role, role
from graph.errors import Forbidden

Method = Literal["password", "token", "oidc", "cli", "no-auth"]


@dataclass(frozen=True)
class Identity:
    subject: str  # a local account's name, `oidc:<sub>`, or `cli:<os user>`
    role: Role
    area: str | None  # the area scope's id; None: the whole city
    permissions: frozenset[str]
    method: Method
    token_id: str | None = None  # the API token used, when method == "token"
    claims: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # OIDC: the verified claims

    @classmethod
    def of(cls, subject: str, role_name: str, *, area: str | None = None, method: Method = "password",
           token_id: str | None = None, claims: dict[str, Any] | None = None) -> Identity:
        """An identity holding exactly its role's permissions."""
        r = role(role_name)
        return cls(subject, r, area or None, r.permissions, method, token_id, dict(claims or {}))

    @property
    def scope(self) -> str | None:
        return self.area

    @property
    def whole_city(self) -> bool:
        return self.area is None

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    def may_read(self, label: str) -> bool:
        return self.role.may_read(label)

    def may_count(self, label: str) -> bool:
        return self.role.may_count(label)

    def may_use(self, group: str) -> bool:
        return self.role.may_use(group)

    def require(self, permission: str) -> None:
        """Forbidden unless the identity holds `permission`."""
        if permission not in self.permissions:
            raise Forbidden(f"the {self.role.name} role does not hold the {permission} permission")

    def require_group(self, group: str) -> None:
        """Forbidden unless the role may use this group of root fields."""
        if not self.role.may_use(group):
            raise Forbidden(f"the {self.role.name} role may not use {group} fields")

    def audit_fields(self) -> dict[str, Any]:
        """Who, as the audit trail records it (never a secret: a token's id, not the token)."""
        return {"subject": self.subject, "role": self.role.name, "scope": self.area, "method": self.method,
                "token": self.token_id}


def cli_identity() -> Identity:
    """Whoever runs `govgraph` on this machine: whoever can write GOVGRAPH_HOME administers it anyway."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Identity.of(f"cli:{user}", "admin", method="cli")


def no_auth_identity() -> Identity:
    """The identity of every request when the API runs with `--no-auth` (loopback only): a local admin."""
    return Identity.of("no-auth", "admin", method="no-auth")
