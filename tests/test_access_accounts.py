"""Local accounts and API tokens: passwords, disabled accounts, expiry, revocation, and the files they live in."""
from __future__ import annotations

import json
import multiprocessing
import stat

import pytest

from graph.access.accounts import AccountStore, token_hash
from graph.access.audit import AuditTrail
from graph.errors import BadInput, NotFound, Unauthenticated
from tests.access_support import Clock, private_home

PASSWORD = "correct horse battery staple"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path, monkeypatch, clock) -> AccountStore:
    private_home(tmp_path, monkeypatch)
    return AccountStore(clock=clock)


def test_the_right_password_gives_the_accounts_identity(store):
    store.add_user("wang", "planner", area="510603003", password=PASSWORD)
    who = store.verify_password("wang", PASSWORD)
    assert (who.subject, who.role.name, who.area, who.method) == ("wang", "planner", "510603003", "password")


def test_a_wrong_password_and_an_unknown_account_are_refused_alike(store):
    store.add_user("wang", "analyst", password=PASSWORD)
    with pytest.raises(Unauthenticated) as wrong:
        store.verify_password("wang", PASSWORD + "!")
    with pytest.raises(Unauthenticated) as unknown:
        store.verify_password("nobody", PASSWORD)
    assert wrong.value.message == unknown.value.message == "wrong user name or password"


def test_a_token_only_account_has_no_password_to_guess(store):
    store.add_user("dashboard", "client")
    with pytest.raises(Unauthenticated, match="wrong user name or password"):
        store.verify_password("dashboard", "")


def test_a_disabled_account_is_refused_by_password_and_by_token(store):
    store.add_user("wang", "analyst", password=PASSWORD)
    token, _ = store.create_token("wang")
    store.disable_user("wang")
    with pytest.raises(Unauthenticated, match="disabled"):
        store.verify_password("wang", PASSWORD)
    with pytest.raises(Unauthenticated, match="disabled"):
        store.verify_token(token)
    store.enable_user("wang")
    assert store.verify_token(token).subject == "wang"


def test_a_token_stands_for_its_accounts_current_role_and_scope(store):
    store.add_user("wang", "planner", area="510603003", password=PASSWORD)
    token, info = store.create_token("wang", label="dashboard")
    who = store.verify_token(token)
    assert token.startswith("ggt_") and len(token) == 47
    assert (who.subject, who.role.name, who.area, who.method, who.token_id) == (
        "wang", "planner", "510603003", "token", info.id)
    store.set_role("wang", "analyst", area="510603")
    assert (store.verify_token(token).role.name, store.verify_token(token).area) == ("analyst", "510603")


def test_a_token_expires_after_90_days_by_default(store, clock):
    store.add_user("wang", "analyst", password=PASSWORD)
    token, info = store.create_token("wang")
    assert (info.expires - info.created).days == 90
    clock.advance(days=89, hours=23)
    store.verify_token(token)
    clock.advance(hours=1)
    with pytest.raises(Unauthenticated, match="expired"):
        store.verify_token(token)
    assert store.tokens()[0].state(clock()) == "expired"


def test_a_tokens_lifetime_is_configurable(store, clock, monkeypatch):
    store.add_user("wang", "analyst", password=PASSWORD)
    token, info = store.create_token("wang", days=2)
    assert (info.expires - info.created).days == 2
    monkeypatch.setenv("GOVGRAPH_TOKEN_DAYS", "7")
    assert (store.create_token("wang")[1].expires - clock()).days == 7
    for days in (0, 100_000):
        with pytest.raises(BadInput, match="tokens always expire"):
            store.create_token("wang", days=days)


def test_a_revoked_token_is_refused(store):
    store.add_user("wang", "analyst", password=PASSWORD)
    token, info = store.create_token("wang")
    other, _ = store.create_token("wang")
    store.revoke_token(info.id)
    with pytest.raises(Unauthenticated, match="revoked"):
        store.verify_token(token)
    assert store.verify_token(other).subject == "wang"
    with pytest.raises(NotFound):
        store.revoke_token("no-such-id")


@pytest.mark.parametrize("token", ["", "ggt_", "ggt_" + "A" * 43, "Bearer x", "ggt_" + "A" * 42 + "!",
                                   "eyJhbGciOiJub25lIn0.e30."])
def test_an_unknown_or_malformed_token_is_refused(store, token):
    store.add_user("wang", "analyst", password=PASSWORD)
    store.create_token("wang")
    with pytest.raises(Unauthenticated, match="not valid"):
        store.verify_token(token)


def test_a_token_is_kept_only_as_its_hash_in_a_file_only_its_owner_reads(store):
    store.add_user("wang", "analyst", password=PASSWORD)
    token, _ = store.create_token("wang")
    text = store.path.read_text()
    assert token not in text and token[4:] not in text and token_hash(token) in text
    assert PASSWORD not in text and "$argon2id$" in text
    for path in (store.path, AuditTrail().path, AuditTrail().head_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


def test_a_tokens_last_use_is_recorded_at_most_once_a_minute(store, clock):
    store.add_user("wang", "analyst", password=PASSWORD)
    token, _ = store.create_token("wang")
    assert store.tokens()[0].last_used is None
    store.verify_token(token)
    first = store.tokens()[0].last_used
    assert first == clock().replace(microsecond=0)
    clock.advance(seconds=30)
    store.verify_token(token)
    assert store.tokens()[0].last_used == first
    clock.advance(seconds=31)
    store.verify_token(token)
    assert store.tokens()[0].last_used > first


def test_a_login_gives_a_token_for_a_working_day(store, clock):
    store.add_user("wang", "analyst", password=PASSWORD)
    token, who = store.login("wang", PASSWORD)
    assert who.method == "token" and who.subject == "wang"
    clock.advance(hours=12)
    with pytest.raises(Unauthenticated, match="expired"):
        store.verify_token(token)


def test_a_fresh_home_gets_one_administrator_with_a_random_password(store):
    password = store.bootstrap_admin()
    assert len(password) >= 24 and store.verify_password("admin", password).role.name == "admin"
    assert store.bootstrap_admin() is None
    assert password not in store.path.read_text()


def test_names_passwords_and_roles_are_checked(store):
    with pytest.raises(BadInput, match="12 characters"):
        store.add_user("wang", "analyst", password="short")
    with pytest.raises(BadInput, match="lowercase"):
        store.add_user("Wang Wei", "analyst")
    with pytest.raises(BadInput, match="no role"):
        store.add_user("wang", "boss")
    store.add_user("wang", "analyst")
    with pytest.raises(BadInput, match="already"):
        store.add_user("wang", "planner")
    with pytest.raises(NotFound):
        store.create_token("nobody")


def test_every_account_and_token_change_is_in_the_audit_trail(store):
    store.add_user("wang", "analyst", password=PASSWORD)
    _, info = store.create_token("wang")
    store.revoke_token(info.id)
    store.disable_user("wang")
    trail = AuditTrail()
    ops = [e["operation"] for e in trail.show()]
    assert ops == ["users.add", "tokens.create", "tokens.revoke", "users.disable"]
    assert trail.verify().ok
    text = trail.path.read_text()
    assert "$argon2" not in text and PASSWORD not in text


def _add_users(home: str, worker: int) -> None:
    import os

    os.environ["GOVGRAPH_HOME"] = home
    store = AccountStore()
    for n in range(5):
        store.add_user(f"user{worker}-{n}", "planner")


def test_concurrent_writers_lose_nothing(store, tmp_path):
    home = str(tmp_path / "home")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_add_users, args=(home, w)) for w in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    assert len(json.loads(store.path.read_text())["users"]) == 20
    assert AuditTrail().verify().entries == 20
