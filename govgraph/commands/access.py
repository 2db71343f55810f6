"""`govgraph users`, `tokens`, `audit` and `queries`: accounts, API tokens, the audit trail, persisted queries.

Each works on the files under GOVGRAPH_HOME (access/ and audit/), so it needs no running server: whoever
can run govgraph as the owner of GOVGRAPH_HOME administers it. Every change is written to the audit trail
as made by `cli:<your OS user>`.

    govgraph users add wang --role planner --area 510603003      # asks for the password twice
    govgraph tokens create --user wang --name dashboard          # prints the token once
    govgraph audit verify
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)

users_app = typer.Typer(help="Local accounts: who may use the API, with which role and area scope.",
                        no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens (Authorization: Bearer ggt_…): created, listed, revoked.",
                         no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit trail under GOVGRAPH_HOME/audit.", no_args_is_help=True)
queries_app = typer.Typer(help="Persisted queries: the only GraphQL documents a client account may run.",
                          no_args_is_help=True)


def register(app: typer.Typer, friendly: Callable[..., Any]) -> None:
    for sub, name in ((users_app, "users"), (tokens_app, "tokens"), (audit_app, "audit"), (queries_app, "queries")):
        app.add_typer(sub, name=name)
    users_app.command("add")(friendly(users_add))
    users_app.command("list")(friendly(users_list))
    users_app.command("disable")(friendly(users_disable))
    users_app.command("enable")(friendly(users_enable))
    users_app.command("password")(friendly(users_password))
    users_app.command("set-role")(friendly(users_set_role))
    tokens_app.command("create")(friendly(tokens_create))
    tokens_app.command("list")(friendly(tokens_list))
    tokens_app.command("revoke")(friendly(tokens_revoke))
    audit_app.command("verify")(friendly(audit_verify))
    audit_app.command("show")(friendly(audit_show))
    queries_app.command("add")(friendly(queries_add))
    queries_app.command("list")(friendly(queries_list))
    queries_app.command("add-explorer")(friendly(queries_add_explorer))


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else ""


def _read_password(from_stdin: bool) -> str:
    """One line of standard input, or asked twice on the terminal without echo."""
    from graph.errors import BadInput

    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise BadInput("no terminal to ask the password on: pipe it in with --password-stdin, "
                       "or use --no-password for a token-only account", argument="password-stdin")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


# --- users -------------------------------------------------------------------------------------------------
def users_add(
    name: str = typer.Argument(..., help="account name: lowercase letters, digits, . _ @ -"),
    role: str = typer.Option(..., "--role", help="admin, analyst, planner, client or auditor"),
    area: str | None = typer.Option(None, "--area", help="area scope: an area id (default: the whole city)"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from standard input"),
    no_password: bool = typer.Option(False, "--no-password",
                                     help="no password: the account authenticates by API token only"),
) -> None:
    """Add an account (asks for its password twice, never echoed)."""
    from graph.access.accounts import AccountStore, check_password
    from graph.access.roles import role as role_named
    from graph.errors import BadInput

    role_named(role)
    if no_password and password_stdin:
        raise BadInput("--no-password and --password-stdin: choose one", argument="no-password")
    password = None if no_password else check_password(_read_password(password_stdin))
    user = AccountStore().add_user(name, role, area=area, password=password)
    scope = f"area {user.area}" if user.area else "the whole city"
    console.print(f"account {user.name} added: role {user.role}, {scope}"
                  + ("" if password else "; token only (`govgraph tokens create --user " + user.name + "`)"),
                  highlight=False, markup=False)


def users_list() -> None:
    """List the accounts (never their password hashes)."""
    from graph.access.accounts import AccountStore

    users = AccountStore().users()
    table = Table(title=f"{len(users)} account(s)")
    for header in ("name", "role", "area", "state", "password", "created", "updated"):
        table.add_column(header)
    for user in users:
        table.add_row(user.name, user.role, user.area or "(whole city)", "disabled" if user.disabled else "active",
                      "yes" if user.has_password else "no (tokens only)", _when(user.created), _when(user.updated))
    console.print(table)


def users_disable(name: str = typer.Argument(..., help="account name")) -> None:
    """Disable an account: its password and all its tokens are refused from now on."""
    from graph.access.accounts import AccountStore

    AccountStore().disable_user(name)
    console.print(f"account {name} disabled; its password and tokens are refused", highlight=False, markup=False)


def users_enable(name: str = typer.Argument(..., help="account name")) -> None:
    """Enable a disabled account again (its tokens still expire or stay revoked as they were)."""
    from graph.access.accounts import AccountStore

    AccountStore().enable_user(name)
    console.print(f"account {name} enabled", highlight=False, markup=False)


def users_password(
    name: str = typer.Argument(..., help="account name"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="read the password from standard input"),
) -> None:
    """Set an account's password (asked twice, never echoed)."""
    from graph.access.accounts import AccountStore, check_password

    store = AccountStore()
    store.user(name)
    store.set_password(name, check_password(_read_password(password_stdin)))
    console.print(f"password of {name} changed", highlight=False, markup=False)


def users_set_role(
    name: str = typer.Argument(..., help="account name"),
    role: str = typer.Option(..., "--role", help="admin, analyst, planner, client or auditor"),
    area: str | None = typer.Option(None, "--area", help="area scope: an area id (default: the whole city)"),
) -> None:
    """Change an account's role and area scope (its tokens follow at once)."""
    from graph.access.accounts import AccountStore

    user = AccountStore().set_role(name, role, area=area)
    console.print(f"account {user.name}: role {user.role}, {f'area {user.area}' if user.area else 'the whole city'}",
                  highlight=False, markup=False)


# --- tokens ------------------------------------------------------------------------------------------------
def tokens_create(
    user: str = typer.Option(..., "--user", help="the account the token acts for (its role and scope)"),
    expires_days: int | None = typer.Option(None, "--expires-days",
                                            help="days until it expires (default GOVGRAPH_TOKEN_DAYS or 90)"),
    name: str | None = typer.Option(None, "--name", help="a label, to recognise it in `tokens list`"),
) -> None:
    """Create an API token; it is printed once, on standard output, and kept only as a hash."""
    from graph.access.accounts import AccountStore

    token, info = AccountStore().create_token(user, days=expires_days, label=name)
    sys.stdout.write(token + "\n")
    sys.stdout.flush()
    err_console.print(f"token {info.id} for {info.user}, expires {_when(info.expires)} UTC. It is shown only "
                      "this once: send it as `Authorization: Bearer <token>`.", highlight=False, markup=False)


def tokens_list(user: str | None = typer.Option(None, "--user", help="only this account's tokens")) -> None:
    """List the tokens: id, account, label, state and times (never the tokens themselves)."""
    from graph.access.accounts import AccountStore

    store = AccountStore()
    tokens = store.tokens(user)
    now = store.clock()
    table = Table(title=f"{len(tokens)} token(s)")
    for header in ("id", "user", "name", "state", "created", "expires", "last used"):
        table.add_column(header)
    for t in tokens:
        table.add_row(t.id, t.user, t.label or "", t.state(now), _when(t.created), _when(t.expires),
                      _when(t.last_used) or "never")
    console.print(table)


def tokens_revoke(token_id: str = typer.Argument(..., metavar="ID", help="the token's id (`tokens list`)")) -> None:
    """Revoke a token: it is refused from now on."""
    from graph.access.accounts import AccountStore

    info = AccountStore().revoke_token(token_id)
    console.print(f"token {info.id} of {info.user} revoked", highlight=False, markup=False)


# --- audit -------------------------------------------------------------------------------------------------
def audit_verify() -> None:
    """Check the audit trail's hash chain; exit 1 naming the first line edited, removed, moved or cut off."""
    from graph.access.audit import AuditTrail

    trail = AuditTrail()
    check = trail.verify()
    if not check.ok:
        err_console.print(f"error: {trail.path}: {check}", highlight=False, markup=False)
        raise typer.Exit(1)
    console.print(f"{trail.path}: {check}", highlight=False, markup=False)


def audit_show(
    user: str | None = typer.Option(None, "--user", help="only this subject (an account name, oidc:…, cli:…)"),
    since: str | None = typer.Option(None, "--since", help="only from this date or time on (YYYY-MM-DD[THH:MM], UTC)"),
    as_json: bool = typer.Option(False, "--json", help="the entries as JSON lines, each with its line number"),
) -> None:
    """Show the audit trail's entries, oldest first."""
    import json

    from graph.access.audit import AuditTrail

    entries = AuditTrail().show(user=user, since=since)
    if as_json:
        for entry in entries:
            sys.stdout.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
        return
    table = Table()
    for header in ("line", "time (UTC)", "who", "scope", "operation", "entities", "revealed", "purpose", "details"):
        table.add_column(header, overflow="fold")
    count = 0
    for e in entries:
        count += 1
        details = e.get("details") or e.get("variables") or {}
        table.add_row(str(e["line"]), e.get("time", "")[:19].replace("T", " "),
                      f"{e.get('subject', '')} ({e.get('role', '')})", e.get("scope") or "",
                      e.get("operation") or e.get("event", ""),
                      "" if e.get("entities") is None else str(e["entities"]), ", ".join(e.get("revealed") or ()),
                      e.get("purpose") or "", " ".join(f"{k}={json.dumps(v, ensure_ascii=False)}"
                                                       for k, v in details.items()))
    table.title = f"{count} entr{'y' if count == 1 else 'ies'}"
    console.print(table, markup=False, highlight=False)


# --- persisted queries -------------------------------------------------------------------------------------
def queries_add(
    file: Path = typer.Argument(..., help="a .graphql file holding one document"),
    name: str | None = typer.Option(None, "--name", help="its name (default: the operation's name)"),
) -> None:
    """Register a GraphQL document as a persisted query; prints its SHA-256 (the Apollo hash clients send)."""
    from graph.access.persisted import PersistedQueries
    from graph.errors import BadInput

    try:
        document = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{file}: cannot be read as UTF-8 text ({error.__class__.__name__})", argument="file") from None
    query = PersistedQueries().add(document, name)
    console.print(f"{query.sha256}  {query.name}", highlight=False, markup=False)


def queries_add_explorer(
    folder: Path = typer.Option(Path("explorer/src"), "--from", help="the explorer's TypeScript sources"),
) -> None:
    """Register the explorer's own GraphQL documents (its query constants) as persisted queries (an allow-list)."""
    from graph.access.persisted import PersistedQueries, explorer_documents
    from graph.errors import BadInput

    if not folder.is_dir():
        raise BadInput(f"--from {folder}: not a folder of the explorer's sources", argument="from")
    documents, skipped = explorer_documents(folder)
    registry = PersistedQueries()
    for name, document in documents:
        query = registry.add(document, name)
        console.print(f"{query.sha256}  {query.name}", highlight=False, markup=False)
    if skipped:
        console.print(f"built at run time, not registered: {', '.join(skipped)}", highlight=False, markup=False)


def queries_list() -> None:
    """List the persisted queries: hash, name, when added and by whom."""
    from graph.access.persisted import PersistedQueries

    queries = PersistedQueries().list()
    table = Table(title=f"{len(queries)} persisted quer{'y' if len(queries) == 1 else 'ies'}")
    for header in ("sha256", "name", "added", "by"):
        table.add_column(header, overflow="fold")
    for q in queries:
        table.add_row(q.sha256, q.name, _when(q.added), q.added_by)
    console.print(table)
