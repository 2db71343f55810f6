"""Bearer JWTs from an OpenID Connect provider, verified against a JWKS served on loopback."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from api.auth import Authenticator
from graph.access.oidc import OidcSettings, OidcVerifier
from graph.errors import BadInput, Unauthenticated, Unavailable
from tests.access_support import private_home

AUDIENCE = "govgraph-api"


class Provider:
    """An identity provider on 127.0.0.1: its discovery document and JWKS, and tokens signed by its key."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec_key = ec.generate_private_key(ec.SECP256R1())
        self.fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": provider.issuer, "jwks_uri": provider.jwks_url}
                elif self.path == "/jwks":
                    provider.fetches += 1
                    body = provider.jwks()
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.jwks_url = self.issuer + "/jwks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def jwks(self) -> dict:
        rsa_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        ec_jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.ec_key.public_key()))
        return {"keys": [{**rsa_jwk, "kid": "rsa-1", "use": "sig", "alg": "RS256"},
                         {**ec_jwk, "kid": "ec-1", "use": "sig", "alg": "ES256"}]}

    def claims(self, **changes: object) -> dict:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": AUDIENCE, "sub": "u-42", "iat": now, "nbf": now, "exp": now + 600,
                  "govgraph_role": "analyst", "govgraph_area": "510603"}
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, key: object = None, kid: str = "rsa-1", algorithm: str = "RS256", **changes: object) -> str:
        return jwt.encode(self.claims(**changes), key or self.key, algorithm=algorithm, headers={"kid": kid})

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    p = Provider()
    yield p
    p.stop()


@pytest.fixture
def verifier(provider, tmp_path, monkeypatch) -> OidcVerifier:
    private_home(tmp_path, monkeypatch)
    return OidcVerifier(OidcSettings(issuer=provider.issuer, audience=AUDIENCE, jwks_url=provider.jwks_url))


def test_a_valid_token_gives_the_identity_its_claims_name(provider, verifier):
    who = verifier.verify(provider.token())
    assert (who.subject, who.role.name, who.area, who.method) == ("oidc:u-42", "analyst", "510603", "oidc")
    assert who.claims["sub"] == "u-42"


def test_an_es256_token_is_accepted_too(provider, verifier):
    assert verifier.verify(provider.token(provider.ec_key, kid="ec-1", algorithm="ES256")).role.name == "analyst"


def test_keys_are_fetched_once_and_kept(provider, verifier):
    before = provider.fetches
    for _ in range(5):
        verifier.verify(provider.token())
    assert provider.fetches - before == 1


def test_an_expired_token_is_refused(provider, verifier):
    with pytest.raises(Unauthenticated, match="expired"):
        verifier.verify(provider.token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200,
                                       nbf=int(time.time()) - 7200))


def test_a_token_not_valid_yet_is_refused(provider, verifier):
    with pytest.raises(Unauthenticated, match="not valid yet"):
        verifier.verify(provider.token(nbf=int(time.time()) + 3600))


def test_a_token_of_another_issuer_is_refused(provider, verifier):
    with pytest.raises(Unauthenticated, match="another issuer"):
        verifier.verify(provider.token(iss="https://sso.elsewhere.example"))


def test_a_token_for_another_audience_is_refused(provider, verifier):
    with pytest.raises(Unauthenticated, match="another audience"):
        verifier.verify(provider.token(aud="payroll"))


def test_a_token_signed_with_another_key_is_refused(provider, verifier):
    intruder = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(Unauthenticated, match="signature does not verify"):
        verifier.verify(provider.token(intruder))
    with pytest.raises(Unauthenticated, match="does not publish"):
        verifier.verify(provider.token(intruder, kid="rsa-unknown"))


def test_a_token_naming_no_govgraph_role_is_refused(provider, verifier):
    with pytest.raises(Unauthenticated, match="no govgraph role"):
        verifier.verify(provider.token(govgraph_role="superuser"))
    with pytest.raises(Unauthenticated, match="no govgraph role"):
        verifier.verify(provider.token(govgraph_role=None))
    with pytest.raises(Unauthenticated, match="more than one"):
        verifier.verify(provider.token(govgraph_role=["analyst", "admin"]))


def test_a_token_with_alg_none_is_refused(provider, verifier):
    header = _b64(json.dumps({"alg": "none", "typ": "JWT", "kid": "rsa-1"}).encode())
    payload = _b64(json.dumps(provider.claims(govgraph_role="admin")).encode())
    with pytest.raises(Unauthenticated, match="algorithm is not accepted"):
        verifier.verify(f"{header}.{payload}.")


def test_a_token_signed_hs256_with_the_public_key_as_secret_is_refused(provider, verifier):
    public = provider.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}).encode())
    payload = _b64(json.dumps(provider.claims(govgraph_role="admin")).encode())
    signature = _b64(hmac.new(public, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    with pytest.raises(Unauthenticated, match="algorithm is not accepted"):
        verifier.verify(f"{header}.{payload}.{signature}")


def test_a_token_without_an_area_is_refused_and_a_star_is_the_whole_city(provider, verifier):
    with pytest.raises(Unauthenticated, match="names no area"):
        verifier.verify(provider.token(govgraph_area=None))
    assert verifier.verify(provider.token(govgraph_area="*")).whole_city
    assert verifier.verify(provider.token(govgraph_role="auditor", govgraph_area=None)).role.name == "auditor"


def test_garbage_is_not_a_jwt(verifier):
    with pytest.raises(Unauthenticated, match="not a JWT"):
        verifier.verify("eyJnot.a.jwt")


def test_the_claims_are_configurable_and_reach_into_nested_objects(provider, tmp_path, monkeypatch):
    private_home(tmp_path, monkeypatch)
    settings = OidcSettings(issuer=provider.issuer, audience=AUDIENCE, jwks_url=provider.jwks_url,
                            role_claim="realm_access.roles", scope_claim="district")
    token = provider.token(govgraph_role=None, govgraph_area=None, district="510604",
                           realm_access={"roles": ["offline_access", "planner"]})
    who = OidcVerifier(settings).verify(token)
    assert (who.role.name, who.area) == ("planner", "510604")


def test_the_settings_come_from_the_environment_and_the_keys_from_discovery(provider, tmp_path, monkeypatch):
    private_home(tmp_path, monkeypatch)
    assert OidcSettings.from_env() is None
    monkeypatch.setenv("GOVGRAPH_OIDC_ISSUER", provider.issuer)
    with pytest.raises(BadInput, match="AUDIENCE"):
        OidcSettings.from_env()
    monkeypatch.setenv("GOVGRAPH_OIDC_AUDIENCE", AUDIENCE)
    settings = OidcSettings.from_env()
    assert (settings.role_claim, settings.scope_claim, settings.jwks_url) == ("govgraph_role", "govgraph_area", None)
    assert OidcVerifier(settings).verify(provider.token()).subject == "oidc:u-42"
    monkeypatch.setenv("GOVGRAPH_OIDC_ALGORITHMS", "RS256,HS256")
    with pytest.raises(BadInput, match="HS256"):
        OidcSettings.from_env()


def test_keys_fetched_in_clear_from_another_host_are_refused():
    with pytest.raises(BadInput, match="https"):
        OidcSettings(issuer="https://sso.example", audience=AUDIENCE, jwks_url="http://sso.example/jwks")


def test_an_unreachable_provider_is_unavailable_not_a_refusal(provider, tmp_path, monkeypatch):
    private_home(tmp_path, monkeypatch)
    settings = OidcSettings(issuer=provider.issuer, audience=AUDIENCE, jwks_url="http://127.0.0.1:9/jwks")
    with pytest.raises(Unavailable):
        OidcVerifier(settings).verify(provider.token())


def test_the_authenticator_takes_a_jwt_from_the_authorization_header(provider, verifier):
    who = Authenticator(verifier=verifier).identify(f"Bearer {provider.token()}")
    assert who.subject == "oidc:u-42"
    with pytest.raises(Unauthenticated):
        Authenticator(verifier=None).identify(f"Bearer {provider.token()}")
