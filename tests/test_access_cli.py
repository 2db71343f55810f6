"""`govgraph users|tokens|audit|queries`, run as a user would (`python -m govgraph`), on a private GOVGRAPH_HOME."""
from __future__ import annotations

import json

import pytest

from graph.access.accounts import AccountStore
from graph.access.audit import AuditTrail
from graph.errors import Unauthenticated
from tests.access_support import private_home
from tests.cli import govgraph

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    return private_home(tmp_path, monkeypatch)


def ok(*args: str, input: str | None = None):
    run = govgraph(*args, input=input)
    assert run.returncode == 0, run.stderr
    return run


def refused(*args: str, input: str | None = None) -> str:
    run = govgraph(*args, input=input)
    assert run.returncode == 1, run.stdout
    assert "Traceback" not in run.stderr and run.stderr.startswith("error:")
    return run.stderr


def test_an_account_is_added_listed_without_its_hash_and_disabled():
    added = ok("users", "add", "wang", "--role", "planner", "--area", "510603003", "--password-stdin",
               input=PASSWORD + "\n")
    assert "account wang added: role planner, area 510603003" in added.stdout
    assert AccountStore().verify_password("wang", PASSWORD).area == "510603003"
    ok("users", "add", "dashboard", "--role", "client", "--no-password")
    listed = ok("users", "list").stdout
    assert "wang" in listed and "planner" in listed and "dashboard" in listed and "tokens only" in listed
    assert "argon2" not in listed
    ok("users", "password", "wang", "--password-stdin", input=PASSWORD + " 2\n")
    ok("users", "set-role", "wang", "--role", "analyst")
    assert AccountStore().verify_password("wang", PASSWORD + " 2").role.name == "analyst"
    ok("users", "disable", "wang")
    assert "disabled" in ok("users", "list").stdout
    with pytest.raises(Unauthenticated, match="disabled"):
        AccountStore().verify_password("wang", PASSWORD + " 2")


def test_bad_accounts_are_refused_with_a_message_and_no_traceback():
    assert "admin, analyst, planner, client, auditor" in refused("users", "add", "x", "--role", "boss",
                                                                  "--no-password")
    assert "12 characters" in refused("users", "add", "x", "--role", "admin", "--password-stdin", input="short\n")
    assert "--password-stdin" in refused("users", "add", "x", "--role", "admin")  # no terminal to ask on
    ok("users", "add", "x", "--role", "admin", "--no-password")
    assert "already" in refused("users", "add", "x", "--role", "admin", "--no-password")
    assert "no account 'nobody'" in refused("users", "disable", "nobody")


def test_a_token_is_printed_once_listed_without_itself_and_revoked():
    ok("users", "add", "svc", "--role", "client", "--no-password")
    created = ok("tokens", "create", "--user", "svc", "--name", "dashboard", "--expires-days", "30")
    token = created.stdout.strip()
    assert token.startswith("ggt_") and "shown only this once" in created.stderr
    assert AccountStore().verify_token(token).role.name == "client"
    listed = ok("tokens", "list").stdout
    assert token not in listed and "dashboard" in listed and "active" in listed
    token_id = AccountStore().tokens()[0].id
    assert token_id in listed
    ok("tokens", "revoke", token_id)
    assert "revoked" in ok("tokens", "list").stdout
    with pytest.raises(Unauthenticated, match="revoked"):
        AccountStore().verify_token(token)
    assert "tokens always expire" in refused("tokens", "create", "--user", "svc", "--expires-days", "0")
    assert "no account" in refused("tokens", "create", "--user", "nobody")


def test_the_audit_trail_records_account_changes_and_verify_names_an_edited_line():
    ok("users", "add", "wang", "--role", "analyst", "--no-password")
    ok("users", "add", "li", "--role", "planner", "--no-password")
    ok("tokens", "create", "--user", "li")
    assert "intact: 3 entries" in ok("audit", "verify").stdout
    shown = ok("audit", "show").stdout
    assert "users.add" in shown and "tokens.create" in shown and "ggt_" not in shown
    entries = [json.loads(line) for line in ok("audit", "show", "--json", "--since", "2000-01-01").stdout.splitlines()]
    assert [e["operation"] for e in entries] == ["users.add", "users.add", "tokens.create"]
    assert ok("audit", "show", "--user", "nobody", "--json").stdout == ""
    path = AuditTrail().path
    text = path.read_text().splitlines(keepends=True)
    text[1] = text[1].replace('"role":"planner"', '"role":"admin"')
    path.write_text("".join(text))
    assert "line 2" in refused("audit", "verify")
    assert "since" in refused("audit", "show", "--since", "last week")


def test_a_persisted_query_is_added_from_a_file_and_listed(tmp_path):
    document = tmp_path / "compounds.graphql"
    document.write_text("query Compounds { areas(level: COMPOUND) { totalCount } }\n")
    added = ok("queries", "add", str(document)).stdout
    sha = added.split()[0]
    assert len(sha) == 64 and "Compounds" in added
    listed = ok("queries", "list").stdout
    assert sha in listed and "Compounds" in listed
    broken = tmp_path / "broken.graphql"
    broken.write_text("query {")
    assert "not valid GraphQL" in refused("queries", "add", str(broken))
    assert "cannot be read" in refused("queries", "add", str(tmp_path / "missing.graphql"))
