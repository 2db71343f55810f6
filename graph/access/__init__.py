"""Access control: who may see what, decided in one place (see /work/shared/DESIGN.md, "Access").

One module a job; none imports the API or the CLI:

- `roles`: the roles as data — `ROLES`, `role(name)`, a `Role`'s readable families and kinds, counted-only
  families, person names, permissions (`PERSONAL_DATA`, `SENSITIVE_DATA`, `LOAD`, `ACCOUNTS`, `AUDIT`,
  `PERSISTED_ONLY`) and GraphQL root-field groups (`FIELD_GROUPS`);
- `identity`: `Identity`, the one object every query is handed (subject, role, area scope, permissions,
  method, token id);
- `accounts`: local accounts (argon2id) and API tokens (`ggt_…`, kept as SHA-256), `AccountStore`,
  `verify_password`, `verify_token`;
- `oidc`: bearer JWTs of an OpenID Connect provider, `OidcSettings.from_env()`, `OidcVerifier.verify`;
- `audit`: the hash-chained audit trail, `AuditTrail.record / verify / show`, `redact`;
- `masking`: `disclosure`, `shown`, `mask`, `purpose` and `id_number_key` (HMAC of ID numbers);
- `persisted`: the persisted-query allow-list, `PersistedQueries.add / get / list`;
- `files`: private files written atomically under a lock (what the others store through).

The HTTP side (`Authorization` header → Identity) is `api/auth.py`; the commands are
`govgraph/commands/access.py`.
"""
