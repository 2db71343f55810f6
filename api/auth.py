"""From an HTTP request's `Authorization` header to the Identity every query is handed.

`Authorization: Bearer <credential>`, where the credential is a govgraph API token (`ggt_…`, checked in
GOVGRAPH_HOME's account store by its hash) or, when GOVGRAPH_OIDC_ISSUER is set, a JWT from that OpenID
Connect provider. Nothing else is an identity: no header, another scheme (Basic: passwords are exchanged
for a short-lived token by `AccountStore.login`, never sent on every request) or a credential that does
not verify is Unauthenticated, whose 401 answer carries `challenge(error)` (RFC 6750's WWW-Authenticate).

    auth = Authenticator()
    identity = auth.identify(request.headers.get("authorization"))   # or auth.from_headers(request.headers)

With `--no-auth` (local experiments; GOVGRAPH_NO_AUTH=1), `Authenticator(no_auth=True)` gives every request a
local admin;
`check_no_auth_bind(host)` refuses that mode on any address but loopback.
"""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping

from graph.access import oidc
from graph.access.accounts import TOKEN_PREFIX, AccountStore
from graph.access.identity import Identity, no_auth_identity
from graph.errors import BadInput, GovgraphError, Unauthenticated

MAX_HEADER = 8192  # characters: no credential govgraph accepts is longer
REALM = "govgraph"

_UNSET = object()


class NoCredential(Unauthenticated):
    """No credential at all (rather than one that was refused): the 401 says only how to authenticate."""


def bearer(authorization: str | None) -> str:
    """The credential of an `Authorization: Bearer …` header; Unauthenticated if there is none."""
    if not authorization or not authorization.strip():
        raise NoCredential("this request needs an identity: send `Authorization: Bearer <token>`")
    if len(authorization) > MAX_HEADER:
        raise Unauthenticated("the Authorization header is too long")
    scheme, _, credential = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not credential.strip() or " " in credential.strip():
        raise Unauthenticated("the Authorization header must be `Bearer <token>`")
    return credential.strip()


class Authenticator:
    """Turns headers into identities; one per process (it keeps the account file and the JWKS cached)."""

    def __init__(self, accounts: AccountStore | None = None, verifier: object = _UNSET, *,
                 no_auth: bool = False) -> None:
        self.accounts = accounts or AccountStore()
        self._verifier = verifier
        self.no_auth = no_auth

    @property
    def oidc(self) -> oidc.OidcVerifier | None:
        if self._verifier is _UNSET:
            return oidc.verifier()
        return self._verifier  # type: ignore[return-value]

    def identify(self, authorization: str | None) -> Identity:
        """The identity behind an Authorization header's value (None: no header)."""
        if self.no_auth:
            return no_auth_identity()
        credential = bearer(authorization)
        if credential.startswith(TOKEN_PREFIX):
            return self.accounts.verify_token(credential)
        verifier = self.oidc
        if verifier is not None and oidc.looks_like_jwt(credential):
            return verifier.verify(credential)
        raise Unauthenticated("the token is not valid")

    def from_headers(self, headers: Mapping[str, str]) -> Identity:
        """As `identify`, from a request's headers (any mapping; Starlette's is case-insensitive)."""
        value = headers.get("authorization")
        if value is None:
            value = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
        return self.identify(value)


def no_auth_from_env() -> bool:
    """Whether GOVGRAPH_NO_AUTH asks for --no-auth (how `govgraph serve --no-auth` and the test suite's
    in-process servers say it); `govgraph serve` refuses it on a non-loopback bind."""
    return os.environ.get("GOVGRAPH_NO_AUTH", "").strip().lower() in ("1", "true", "yes")


def challenge(error: GovgraphError | None = None) -> dict[str, str]:
    """The WWW-Authenticate header of a 401 (RFC 6750): `invalid_token` when a credential was refused."""
    if error is None or isinstance(error, NoCredential):
        return {"WWW-Authenticate": f'Bearer realm="{REALM}"'}
    return {"WWW-Authenticate": f'Bearer realm="{REALM}", error="invalid_token"'}


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_no_auth_bind(host: str) -> None:
    """BadInput unless `host` is a loopback address: without authentication nothing else may reach the API."""
    if not is_loopback(host):
        raise BadInput(f"--no-auth: refused on {host}; it is allowed only on a loopback address "
                       "(127.0.0.1, ::1, localhost)", argument="no-auth")
