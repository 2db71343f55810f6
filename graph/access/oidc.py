"""Bearer JWTs from an OpenID Connect provider, verified against its published keys (JWKS).

For offices that already run single sign-on: the provider signs an access or ID token, govgraph checks it
and maps two claims to a role and an area scope. Configured by environment:

    GOVGRAPH_OIDC_ISSUER      the provider's issuer URL; unset: OIDC is off
    GOVGRAPH_OIDC_AUDIENCE    the audience tokens must be issued for (required: else any of the provider's
                              tokens for any application would do)
    GOVGRAPH_OIDC_JWKS_URL    its JWKS; default: `jwks_uri` from the issuer's /.well-known/openid-configuration
    GOVGRAPH_OIDC_ROLE_CLAIM  claim carrying the govgraph role (default govgraph_role; a dotted path such as
                              realm_access.roles reaches into objects; a list must hold exactly one role)
    GOVGRAPH_OIDC_SCOPE_CLAIM claim carrying the area id (default govgraph_area; `*` is the whole city).
                              A token without it is refused (deny by default), except an auditor's.
    GOVGRAPH_OIDC_ALGORITHMS  accepted signature algorithms (default RS256,ES256; asymmetric ones only)

Checked: the signature with the key the token's `kid` names (keys cached 5 minutes, an unknown `kid`
refetches at most every 30 s, so rotation works and junk tokens cannot hammer the provider), `alg` among
the accepted ones (never `none`, never HS* — a public key must not become an HMAC secret), `iss`, `aud`,
`exp`, `nbf` and `iat` with 30 s of leeway for clock skew, and `sub`.

    verifier = OidcVerifier(OidcSettings.from_env())
    verifier.verify(bearer)   # -> Identity(subject='oidc:<sub>', role=..., area=..., method='oidc')
"""
from __future__ import annotations

import ipaddress
import json
import os
import threading
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import jwt
from jwt import PyJWKClient
from jwt.exceptions import (
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAudienceError,
    InvalidIssuerError,
    InvalidTokenError,
    MissingRequiredClaimError,
    PyJWKClientConnectionError,
    PyJWKClientError,
)

from graph.access.identity import Identity
from graph.access.roles import ROLES
from graph.errors import BadInput, Unauthenticated, Unavailable

ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"})
WHOLE_CITY = "*"
LEEWAY = 30  # seconds of clock skew tolerated on exp, nbf and iat
FETCH_TIMEOUT = 5.0  # seconds for the provider's discovery document and JWKS


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, "").strip() or default


def _check_url(url: str, what: str) -> str:
    """https, or http to a loopback host only (keys fetched in clear elsewhere could be replaced)."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if parsed.scheme != "https" and not (parsed.scheme == "http" and loopback):
        raise BadInput(f"{what}: {url!r} must be an https URL (http only on loopback)", argument=what)
    return url


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    audience: str
    jwks_url: str | None = None
    role_claim: str = "govgraph_role"
    scope_claim: str = "govgraph_area"
    algorithms: tuple[str, ...] = ("RS256", "ES256")

    def __post_init__(self) -> None:
        refused = set(self.algorithms) - ASYMMETRIC
        if refused or not self.algorithms:
            raise BadInput(f"GOVGRAPH_OIDC_ALGORITHMS: {', '.join(sorted(refused)) or 'an empty list'} refused; "
                           "accepted are "
                           f"{', '.join(sorted(ASYMMETRIC))}", argument="GOVGRAPH_OIDC_ALGORITHMS")
        if self.jwks_url:
            _check_url(self.jwks_url, "GOVGRAPH_OIDC_JWKS_URL")
        if not self.audience:
            raise BadInput("GOVGRAPH_OIDC_AUDIENCE: required with GOVGRAPH_OIDC_ISSUER",
                           argument="GOVGRAPH_OIDC_AUDIENCE")

    @classmethod
    def from_env(cls) -> OidcSettings | None:
        """The settings from GOVGRAPH_OIDC_*, or None when GOVGRAPH_OIDC_ISSUER is unset (OIDC off)."""
        issuer = _env("GOVGRAPH_OIDC_ISSUER")
        if issuer is None:
            return None
        algorithms = tuple(a.strip() for a in _env("GOVGRAPH_OIDC_ALGORITHMS", "RS256,ES256").split(",") if a.strip())
        return cls(issuer=issuer, audience=_env("GOVGRAPH_OIDC_AUDIENCE", ""), jwks_url=_env("GOVGRAPH_OIDC_JWKS_URL"),
                   role_claim=_env("GOVGRAPH_OIDC_ROLE_CLAIM", "govgraph_role"),
                   scope_claim=_env("GOVGRAPH_OIDC_SCOPE_CLAIM", "govgraph_area"), algorithms=algorithms)


def claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by name, or by a dotted path into nested objects (`realm_access.roles`)."""
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2 and token.startswith("eyJ")


class OidcVerifier:
    """Verifies bearer JWTs of one provider; thread-safe, keys cached across calls."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._client: PyJWKClient | None = None
        self._lock = threading.Lock()

    def _jwks(self) -> PyJWKClient:
        with self._lock:
            if self._client is None:
                url = self.settings.jwks_url or self._discover()
                self._client = PyJWKClient(url, cache_keys=True, lifespan=300, timeout=FETCH_TIMEOUT,
                                           cooldown_duration=30)
            return self._client

    def _discover(self) -> str:
        """`jwks_uri` from the issuer's discovery document (which must name the same issuer)."""
        url = _check_url(self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration",
                         "GOVGRAPH_OIDC_ISSUER")
        try:
            with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as answer:  # the scheme was checked
                document = json.loads(answer.read(1_000_000))
        except (OSError, ValueError):
            raise Unavailable("the identity provider's discovery document could not be read") from None
        if document.get("issuer") != self.settings.issuer or not isinstance(document.get("jwks_uri"), str):
            raise Unavailable("the identity provider's discovery document names another issuer or no jwks_uri")
        return _check_url(document["jwks_uri"], "jwks_uri")

    def verify(self, token: str) -> Identity:
        """The identity a bearer JWT stands for; Unauthenticated for anything short of a valid, mapped token."""
        s = self.settings
        try:
            header = jwt.get_unverified_header(token)
        except InvalidTokenError:
            raise Unauthenticated("the bearer token is not a JWT") from None
        if header.get("alg") not in s.algorithms:
            raise Unauthenticated(f"the token's signature algorithm is not accepted (only {', '.join(s.algorithms)})")
        try:
            key = self._jwks().get_signing_key_from_jwt(token)
        except PyJWKClientConnectionError:
            raise Unavailable("the identity provider's signing keys could not be fetched") from None
        except (PyJWKClientError, InvalidTokenError):
            raise Unauthenticated("the token is signed by a key the identity provider does not publish") from None
        try:
            claims = jwt.decode(token, key, algorithms=list(s.algorithms), audience=s.audience, issuer=s.issuer,
                                leeway=LEEWAY, options={"require": ["exp", "iss", "aud", "sub"]})
        except ExpiredSignatureError:
            raise Unauthenticated("the token has expired") from None
        except ImmatureSignatureError:
            raise Unauthenticated("the token is not valid yet") from None
        except InvalidIssuerError:
            raise Unauthenticated("the token was issued by another issuer") from None
        except InvalidAudienceError:
            raise Unauthenticated("the token was issued for another audience") from None
        except MissingRequiredClaimError as error:
            raise Unauthenticated(f"the token has no {error.claim!r} claim") from None
        except InvalidTokenError:
            raise Unauthenticated("the token's signature does not verify") from None
        return self._identity(claims)

    def _identity(self, claims: dict[str, Any]) -> Identity:
        s = self.settings
        value = claim(claims, s.role_claim)
        named = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        roles = sorted({v for v in named if isinstance(v, str) and v in ROLES})
        if len(roles) != 1:
            raise Unauthenticated(f"the token's {s.role_claim!r} claim names {'no' if not roles else 'more than one'} "
                                  f"govgraph role (one of {', '.join(ROLES)})")
        area = claim(claims, s.scope_claim)
        if isinstance(area, list) and len(area) == 1:
            area = area[0]
        if area is None and roles[0] == "auditor":
            area = WHOLE_CITY
        if not isinstance(area, str) or not area.strip() or len(area) > 200:
            raise Unauthenticated(f"the token's {s.scope_claim!r} claim names no area (`*` for the whole city)")
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise Unauthenticated("the token's 'sub' claim is empty")
        return Identity.of(f"oidc:{subject}", roles[0], area=None if area == WHOLE_CITY else area.strip(),
                           method="oidc", claims=claims)


_verifiers: dict[OidcSettings, OidcVerifier] = {}


def verifier() -> OidcVerifier | None:
    """The verifier for the current GOVGRAPH_OIDC_* settings (kept, so its key cache lasts), or None if off."""
    settings = OidcSettings.from_env()
    if settings is None:
        return None
    if settings not in _verifiers:
        _verifiers[settings] = OidcVerifier(settings)
    return _verifiers[settings]
