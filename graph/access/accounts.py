"""Local accounts and API tokens, kept in GOVGRAPH_HOME/access/accounts.json (mode 0600).

An account has a name, a role, an area scope (None: the whole city), a disabled flag, created and updated
times and an argon2id password hash (argon2-cffi's defaults, RFC 9106's recommended profile; rehashed on
login when those defaults change). An account without a password authenticates by token only (a service
account).

An API token is `ggt_` + 32 random bytes (`secrets.token_urlsafe`), shown once. Only its SHA-256 is kept:
a token carries 256 bits of entropy, so a fast unsalted hash is the right tool (a slow KDF protects
guessable passwords, and nothing about a random token can be guessed), and it lets `verify_token` find
the token by its hash in one dictionary lookup. A token has an id (public, for listing and revoking), a
label, an expiry (default 90 days, GOVGRAPH_TOKEN_DAYS), a revocation time and a last-used time (written
at most once a minute per token, so a busy client does not rewrite the file on every request). A token
acts with its account's current role and scope: disabling the account stops its tokens at once.

Every change is written to the audit trail. Refusals never say whether an account exists.

    store = AccountStore()
    store.add_user("wang", "planner", area="510603003", password="correct horse battery")
    store.verify_password("wang", "correct horse battery")   # -> Identity(subject='wang', role=planner, …)
    token, info = store.create_token("wang", label="dashboard")
    store.verify_token(token)                                  # -> Identity(method='token', token_id=info.id)
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph.access import audit
from graph.access.files import folder, locked, read_json, stamp, write_json
from graph.access.identity import Identity, cli_identity
from graph.access.roles import role
from graph.errors import BadInput, NotFound, Unauthenticated

TOKEN_PREFIX = "ggt_"
_TOKEN_SHAPE = re.compile(r"ggt_[A-Za-z0-9_-]{43}")
NAME_SHAPE = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")
MIN_PASSWORD, MAX_PASSWORD = 12, 1024  # OWASP ASVS 2.1: at least 12 characters, long passphrases allowed
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 3650
LAST_USED_EVERY = timedelta(minutes=1)
LOGIN_HOURS = 12  # a token made by `login` (the explorer's session) lives a working day

BAD_LOGIN = "wrong user name or password"
BAD_TOKEN = "the token is not valid"

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile (t=3, m=64 MiB, p=4)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the account does not exist, so an unknown name costs what a wrong password costs."""
    return _hasher.hash(secrets.token_urlsafe(16))


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if moment else None


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_days() -> int:
    """A new token's lifetime in days: GOVGRAPH_TOKEN_DAYS, default 90."""
    text = os.environ.get("GOVGRAPH_TOKEN_DAYS", "")
    if not text:
        return DEFAULT_TOKEN_DAYS
    try:
        return _check_days(int(text))
    except ValueError:
        raise BadInput(f"GOVGRAPH_TOKEN_DAYS: {text!r} is not a whole number of days",
                       argument="GOVGRAPH_TOKEN_DAYS") from None


def _check_days(days: int) -> int:
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise BadInput(f"expires-days: {days} is outside 1–{MAX_TOKEN_DAYS} (tokens always expire)",
                       argument="expires-days")
    return days


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise BadInput(f"password: at least {MIN_PASSWORD} characters (a passphrase of a few words is good), "
                       f"at most {MAX_PASSWORD}", argument="password")
    return password


@dataclass(frozen=True)
class User:
    name: str
    role: str
    area: str | None
    disabled: bool
    has_password: bool
    created: datetime
    updated: datetime


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: never the token itself, nor its hash."""

    id: str
    user: str
    label: str | None
    created: datetime
    expires: datetime
    revoked: datetime | None
    last_used: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked:
            return "revoked"
        return "expired" if now >= self.expires else "active"


def _user(record: dict[str, Any]) -> User:
    return User(record["name"], record["role"], record.get("area"), bool(record.get("disabled")),
                bool(record.get("password")), _time(record["created"]), _time(record["updated"]))


def _token(record: dict[str, Any]) -> TokenInfo:
    return TokenInfo(record["id"], record["user"], record.get("label"), _time(record["created"]),
                     _time(record["expires"]), _time(record.get("revoked")), _time(record.get("last_used")))


class AccountStore:
    """The accounts and tokens of one GOVGRAPH_HOME (the clock can be injected for tests)."""

    def __init__(self, path: Path | None = None, clock: Callable[[], datetime] = _utcnow,
                 trail: audit.AuditTrail | None = None) -> None:
        self.path = path or folder("access") / "accounts.json"
        self.clock = clock
        self._trail = trail
        self._cache: tuple[tuple[int, int, int] | None, dict[str, Any]] | None = None

    @property
    def trail(self) -> audit.AuditTrail:
        if self._trail is None:
            self._trail = audit.AuditTrail(clock=self.clock)
        return self._trail

    # --- the file ----------------------------------------------------------------------------------------
    def _data(self) -> dict[str, Any]:
        """The file's content, re-read only when it changed (a stat per call, so token checks stay O(1))."""
        current = stamp(self.path)
        if self._cache is None or self._cache[0] != current or current is None:
            data = read_json(self.path, {})
            data.setdefault("users", {})
            data.setdefault("tokens", {})  # by token hash
            self._cache = (current, data)
        return self._cache[1]

    def _change(self, change: Callable[[dict[str, Any]], Any]) -> Any:
        """Apply `change` to a fresh read of the file under the lock and write it back atomically."""
        with locked(self.path):
            self._cache = None
            data = self._data()
            result = change(data)
            write_json(self.path, data)
            self._cache = None
        return result

    def _audit(self, event: str, by: Identity | None, operation: str, **details: Any) -> None:
        self.trail.record(event, by or cli_identity(), operation=operation, details=details)

    # --- accounts ------------------------------------------------------------------------------------------
    def add_user(self, name: str, role_name: str, *, area: str | None = None, password: str | None = None,
                 by: Identity | None = None) -> User:
        """A new account; BadInput if the name is taken or malformed, the role unknown or the password short."""
        if not NAME_SHAPE.fullmatch(name):
            raise BadInput(f"name: {name!r} must be 1–64 lowercase letters, digits, '.', '_', '@' or '-', "
                           "starting with a letter or digit", argument="name")
        role(role_name)
        hashed = _hasher.hash(check_password(password)) if password is not None else None
        now = _iso(self.clock())

        def add(data: dict[str, Any]) -> User:
            if name in data["users"]:
                raise BadInput(f"name: there is already an account {name!r}", argument="name")
            data["users"][name] = {"name": name, "role": role_name, "area": area or None, "disabled": False,
                                   "password": hashed, "created": now, "updated": now}
            return _user(data["users"][name])

        user = self._change(add)
        self._audit(audit.ACCOUNT, by, "users.add", user=name, role=role_name, area=area or None,
                    with_password=hashed is not None)
        return user

    def bootstrap_admin(self, name: str = "admin", *, by: Identity | None = None) -> str | None:
        """If no enabled administrator exists, create `name` with a random password and return it (once); else None.

        For `govgraph demo`: a fresh home gets an administrator whose password is printed, never stored.
        """
        if any(u.role == "admin" and not u.disabled for u in self.users()):
            return None
        password = secrets.token_urlsafe(18)
        self.add_user(name, "admin", password=password, by=by)
        return password

    def users(self) -> list[User]:
        return [_user(r) for _, r in sorted(self._data()["users"].items())]

    def user(self, name: str) -> User:
        record = self._data()["users"].get(name)
        if record is None:
            raise NotFound(f"no account {name!r}", argument="name")
        return _user(record)

    def _update_user(self, name: str, operation: str, by: Identity | None, **fields: Any) -> User:
        def update(data: dict[str, Any]) -> User:
            record = data["users"].get(name)
            if record is None:
                raise NotFound(f"no account {name!r}", argument="name")
            record.update(fields, updated=_iso(self.clock()))
            return _user(record)

        user = self._change(update)
        self._audit(audit.ACCOUNT, by, operation, user=name,
                    **{k: v for k, v in fields.items() if k != "password"},
                    **({"password_changed": True} if "password" in fields else {}))
        return user

    def disable_user(self, name: str, *, by: Identity | None = None) -> User:
        """Refuse the account's password and every token it holds from now on."""
        return self._update_user(name, "users.disable", by, disabled=True)

    def enable_user(self, name: str, *, by: Identity | None = None) -> User:
        return self._update_user(name, "users.enable", by, disabled=False)

    def set_password(self, name: str, password: str, *, by: Identity | None = None) -> User:
        return self._update_user(name, "users.password", by, password=_hasher.hash(check_password(password)))

    def set_role(self, name: str, role_name: str, *, area: str | None = None, by: Identity | None = None) -> User:
        role(role_name)
        return self._update_user(name, "users.role", by, role=role_name, area=area or None)

    def verify_password(self, name: str, password: str) -> Identity:
        """The account's identity if the password is right; Unauthenticated (saying no more) otherwise."""
        if len(password) > MAX_PASSWORD:  # no account has one this long: refuse before hashing megabytes
            raise Unauthenticated(BAD_LOGIN)
        record = self._data()["users"].get(name)
        stored = record.get("password") if record else None
        try:
            _hasher.verify(stored or _dummy_hash(), password)
            known = stored is not None
        except (VerificationError, InvalidHashError):
            known = False
        if not known:
            raise Unauthenticated(BAD_LOGIN)
        if record.get("disabled"):  # said only to someone who knows the password
            raise Unauthenticated("this account is disabled; ask an administrator")
        if _hasher.check_needs_rehash(stored):
            self._change(lambda data: data["users"][name].update(password=_hasher.hash(password)))
        return Identity.of(name, record["role"], area=record.get("area"), method="password")

    # --- tokens --------------------------------------------------------------------------------------------
    def create_token(self, user: str, *, days: int | None = None, label: str | None = None,
                     by: Identity | None = None) -> tuple[str, TokenInfo]:
        """A new token for an account (returned once, with its listing); it expires after `days`."""
        days = _check_days(days) if days is not None else token_days()
        return self._issue(user, timedelta(days=days), label, by)

    def login(self, name: str, password: str) -> tuple[str, Identity]:
        """A short-lived token (LOGIN_HOURS) for a password login, e.g. the explorer's session."""
        who = self.verify_password(name, password)
        token, _ = self._issue(name, timedelta(hours=LOGIN_HOURS), "login", who)
        return token, self.verify_token(token)

    def _issue(self, user: str, lifetime: timedelta, label: str | None,
               by: Identity | None) -> tuple[str, TokenInfo]:
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = self.clock()
        record = {"id": secrets.token_hex(6), "user": user, "label": label or None, "created": _iso(now),
                  "expires": _iso(now + lifetime), "revoked": None, "last_used": None}

        def add(data: dict[str, Any]) -> TokenInfo:
            account = data["users"].get(user)
            if account is None:
                raise NotFound(f"user: no account {user!r}", argument="user")
            if account.get("disabled"):
                raise BadInput(f"user: the account {user!r} is disabled", argument="user")
            data["tokens"][token_hash(token)] = record
            return _token(record)

        info = self._change(add)
        self._audit(audit.TOKEN, by, "tokens.create", token_id=info.id, user=user, label=info.label,
                    expires=record["expires"])
        return token, info

    def tokens(self, user: str | None = None) -> list[TokenInfo]:
        listed = [_token(r) for r in self._data()["tokens"].values() if user is None or r["user"] == user]
        return sorted(listed, key=lambda t: (t.user, t.created, t.id))

    def revoke_token(self, token_id: str, *, by: Identity | None = None) -> TokenInfo:
        def revoke(data: dict[str, Any]) -> TokenInfo:
            for record in data["tokens"].values():
                if hmac.compare_digest(record["id"], token_id):
                    record["revoked"] = record.get("revoked") or _iso(self.clock())
                    return _token(record)
            raise NotFound(f"no token {token_id!r} (`govgraph tokens list` shows their ids)", argument="id")

        info = self._change(revoke)
        self._audit(audit.TOKEN, by, "tokens.revoke", token_id=info.id, user=info.user)
        return info

    def verify_token(self, token: str) -> Identity:
        """The identity a token stands for; Unauthenticated if it is unknown, expired, revoked or disabled."""
        if not _TOKEN_SHAPE.fullmatch(token):
            raise Unauthenticated(BAD_TOKEN)
        digest = token_hash(token)
        data = self._data()
        record = data["tokens"].get(digest)  # a lookup by hash: the token itself is compared nowhere
        if record is None:
            raise Unauthenticated(BAD_TOKEN)
        now = self.clock()
        if record.get("revoked"):
            raise Unauthenticated("the token was revoked")
        if now >= _time(record["expires"]):
            raise Unauthenticated("the token has expired")
        account = data["users"].get(record["user"])
        if account is None or account.get("disabled"):
            raise Unauthenticated("the token's account is disabled")
        last = _time(record.get("last_used"))
        if last is None or now - last >= LAST_USED_EVERY:
            self._touch(digest, now)
        return Identity.of(account["name"], account["role"], area=account.get("area"), method="token",
                           token_id=record["id"])

    def _touch(self, digest: str, now: datetime) -> None:
        def touch(data: dict[str, Any]) -> None:
            if digest in data["tokens"]:
                data["tokens"][digest]["last_used"] = _iso(now)

        self._change(touch)


def accounts() -> AccountStore:
    """The account store of the current GOVGRAPH_HOME."""
    return AccountStore()


def verify_password(user: str, password: str) -> Identity:
    return accounts().verify_password(user, password)


def verify_token(token: str) -> Identity:
    return accounts().verify_token(token)
