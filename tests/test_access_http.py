"""api/auth.py: a request's Authorization header becomes an Identity, or a 401 saying how to authenticate."""
from __future__ import annotations

import pytest

from api.auth import Authenticator, NoCredential, bearer, challenge, check_no_auth_bind
from graph.access.accounts import AccountStore
from graph.errors import BadInput, Unauthenticated
from tests.access_support import private_home


@pytest.fixture
def token(tmp_path, monkeypatch) -> str:
    private_home(tmp_path, monkeypatch)
    store = AccountStore()
    store.add_user("wang", "planner", area="510603003")
    return store.create_token("wang")[0]


def test_a_bearer_token_gives_its_accounts_identity(token):
    who = Authenticator().identify(f"Bearer {token}")
    assert (who.subject, who.role.name, who.area) == ("wang", "planner", "510603003")
    assert Authenticator().from_headers({"Authorization": f"bearer  {token} "}).subject == "wang"


def test_a_request_without_credentials_is_told_how_to_authenticate(token):
    for headers in ({}, {"authorization": ""}):
        with pytest.raises(NoCredential) as refused:
            Authenticator().from_headers(headers)
        assert refused.value.code == "UNAUTHENTICATED"
        assert challenge(refused.value) == {"WWW-Authenticate": 'Bearer realm="govgraph"'}


@pytest.mark.parametrize("header", ["Basic d2FuZzpodW50ZXIy", "Bearer", "Bearer a b", "Token ggt_x",
                                    "Bearer ggt_" + "x" * 43, "Bearer " + "x" * 9000, "Bearer eyJh.eyJi.c"])
def test_anything_but_a_valid_bearer_token_is_refused_as_invalid(token, header):
    with pytest.raises(Unauthenticated) as refused:
        Authenticator(verifier=None).identify(header)
    assert challenge(refused.value)["WWW-Authenticate"].endswith('error="invalid_token"')


def test_the_bearer_credential_is_read_whatever_the_schemes_case():
    assert bearer("BEARER abc") == "abc"


def test_no_auth_gives_every_request_a_local_admin_and_is_allowed_only_on_loopback(tmp_path, monkeypatch):
    private_home(tmp_path, monkeypatch)
    who = Authenticator(no_auth=True).identify(None)
    assert (who.role.name, who.method) == ("admin", "no-auth")
    for host in ("127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"):
        check_no_auth_bind(host)
    for host in ("0.0.0.0", "192.168.1.10", "::", "govgraph.example"):
        with pytest.raises(BadInput, match="loopback"):
            check_no_auth_bind(host)


def test_a_starlette_requests_headers_are_read_whatever_their_case(token):
    from starlette.datastructures import Headers

    headers = Headers(raw=[(b"authorization", f"Bearer {token}".encode())])
    assert Authenticator().from_headers(headers).subject == "wang"
    assert Authenticator().from_headers({"AUTHORIZATION": f"Bearer {token}"}).subject == "wang"
