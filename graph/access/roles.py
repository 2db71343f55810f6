"""Who may do what: the roles, defined once as data (like the ontology).

A role names the ontology families whose nodes it may read (the kinds follow from the ontology, never from
a second list), the families it may only count, whether it sees people's names and sensitive properties,
the permissions it holds, and the groups of GraphQL root fields it may use. The API builds one schema per
role from this table and applies the families and the area scope where Cypher is issued; nothing else
decides access.

    >>> role("planner").may_read("Compound"), role("planner").may_read("Person")
    (True, False)
    >>> role("planner").may_count("Person"), role("planner").person_names
    (True, False)
    >>> role("auditor").may_use("audit"), role("auditor").may_use("entities")
    (True, False)
"""
from __future__ import annotations

from dataclasses import dataclass

from graph.errors import BadInput
from graph.ontology import FAMILIES, KINDS_OF_FAMILY, NODE_BY_NAME, Prop, family_of

# --- permissions -------------------------------------------------------------------------------------------
PERSONAL_DATA = "personal-data"  # may see personal values (phones, ID numbers) unmasked, when stating a purpose
SENSITIVE_DATA = "sensitive-data"  # may see sensitive properties (party membership; PIPL art. 28)
LOAD = "load"  # may load files into the graph
ACCOUNTS = "accounts"  # may manage accounts and tokens
AUDIT = "audit"  # may read the audit trail
PERSISTED_ONLY = "persisted-only"  # may run only registered (persisted) GraphQL documents

PERMISSIONS: dict[str, str] = {
    PERSONAL_DATA: "see personal values (phones, ID numbers) unmasked, when stating a purpose; each read is audited",
    SENSITIVE_DATA: "see sensitive properties (party membership)",
    LOAD: "load files into the graph",
    ACCOUNTS: "manage accounts, tokens and persisted queries",
    AUDIT: "read the audit trail",
    PERSISTED_ONLY: "a restriction, not a grant: only registered documents may be run",
}

# --- groups of GraphQL root fields -------------------------------------------------------------------------
# Phase 2 tags each root field with one group and gives a role's schema only the fields of its groups.
FIELD_GROUPS: dict[str, str] = {
    "entities": "lists and lookups of nodes of the readable families (node, areas, organizations, facilities, "
                "projects, cases, search) and counts",
    "people": "persons, their posts (SERVES_IN), planners and sent-down cadres, crossAppointments",
    "network": "the organisation network: coBuilders, coBuildingNetwork, neighborhood (filtered to the role's "
               "families)",
    "chains": "crossAppointmentChains: organisation → person → organisation paths",
    "analysis": "centrality, brokers, cut points, structural holes, communities, measures",
    "coverage": "coverageGaps: compounds and communities without an organisation, committee or facility",
    "planning": "siting: where one more facility would cover the most; service levels",
    "audit": "the audit trail",
    "admin": "accounts, tokens, persisted queries, loads",
}

ALL_FAMILIES = frozenset(FAMILIES)


@dataclass(frozen=True)
class Role:
    """What one role may do; see the module docstring. Immutable: an identity carries its role."""

    name: str
    description: str
    families: frozenset[str]  # families whose nodes (and properties) it may read
    counted: frozenset[str]  # families it may count but never read (a planner counts people)
    person_names: bool  # whether a person's name may be shown
    permissions: frozenset[str]
    groups: frozenset[str]  # GraphQL root-field groups (FIELD_GROUPS) it may use

    def __repr__(self) -> str:
        return f"Role({self.name!r})"

    def __post_init__(self) -> None:
        unknown = (self.families | self.counted) - ALL_FAMILIES
        unknown |= self.permissions - PERMISSIONS.keys()
        unknown |= self.groups - FIELD_GROUPS.keys()
        if unknown:
            raise ValueError(f"role {self.name}: unknown families, permissions or groups {sorted(unknown)}")

    @property
    def kinds(self) -> tuple[str, ...]:
        """The node kinds it may read, in ontology order (derived from its families)."""
        return tuple(kind.name for family in FAMILIES if family in self.families for kind in KINDS_OF_FAMILY[family])

    def may_read(self, label: str) -> bool:
        """Whether nodes of this kind or family may be read. Unknown labels are refused (deny by default)."""
        try:
            return family_of(label) in self.families
        except KeyError:
            return False

    def may_count(self, label: str) -> bool:
        """Whether nodes of this kind or family may be counted (read implies count)."""
        try:
            family = family_of(label)
        except KeyError:
            return False
        return family in self.families or family in self.counted

    def may_use(self, group: str) -> bool:
        return group in self.groups

    def has(self, permission: str) -> bool:
        return permission in self.permissions

    def may_see_prop(self, kind: str, prop: Prop) -> bool:
        """Whether a property of a kind may appear at all (personal ones then still go masked, see masking)."""
        if not self.may_read(kind):
            return False
        if prop.sensitive and SENSITIVE_DATA not in self.permissions:
            return False
        return not (prop.name == "name" and family_of(kind) == "Person" and not self.person_names)

    def readable_props(self, kind: str) -> tuple[Prop, ...]:
        """The properties of `kind` this role's schema carries (none if the kind is not readable)."""
        return tuple(p for p in NODE_BY_NAME[kind].all_props if self.may_see_prop(kind, p))


def _role(name: str, description: str, families=(), counted=(), person_names=False, permissions=(), groups=()):
    return Role(name, description, frozenset(families), frozenset(counted), person_names, frozenset(permissions),
                frozenset(groups))


ROLES: dict[str, Role] = {r.name: r for r in (
    _role("admin", "accounts, loads, everything",
          ALL_FAMILIES, (), True, (PERSONAL_DATA, SENSITIVE_DATA, LOAD, ACCOUNTS, AUDIT), FIELD_GROUPS),
    _role("analyst", "an organisation department's analyst: people, posts, chains, analysis (and cases, for "
          "service levels)",
          ALL_FAMILIES, (), True, (PERSONAL_DATA, SENSITIVE_DATA),
          ("entities", "people", "network", "chains", "analysis", "coverage", "planning")),
    _role("planner", "a community planner: areas, organisations, facilities, projects, coverage and sites; "
          "people only as counts, never names",
          ("Area", "Organization", "Facility", "Project"), ("Person",), False, (),
          ("entities", "network", "coverage", "planning")),
    _role("client", "a service account for a GraphQL client: only registered (persisted) documents, on the "
          "planner's data",
          ("Area", "Organization", "Facility", "Project"), ("Person",), False, (PERSISTED_ONLY,),
          ("entities", "network", "coverage", "planning")),
    _role("auditor", "the audit trail only", (), (), False, (AUDIT,), ("audit",)),
)}


def roles_table() -> str:
    """The roles as a Markdown table (docs/access.md carries it; a test keeps the two equal)."""
    rows = ["| role | reads | counts only | names of people | permissions | root-field groups |",
            "| --- | --- | --- | --- | --- | --- |"]
    for r in ROLES.values():
        rows.append(f"| `{r.name}` | {', '.join(f for f in FAMILIES if f in r.families) or '—'} | "
                    f"{', '.join(sorted(r.counted)) or '—'} | {'yes' if r.person_names else 'no'} | "
                    f"{', '.join(f'`{p}`' for p in PERMISSIONS if p in r.permissions) or '—'} | "
                    f"{', '.join(g for g in FIELD_GROUPS if g in r.groups)} |")
    return "\n".join(rows) + "\n"


def role(name: str) -> Role:
    """The role of that name, or BadInput naming the valid ones.

    >>> role("analyst").has(PERSONAL_DATA)
    True
    """
    try:
        return ROLES[name]
    except KeyError:
        raise BadInput(f"role: no role {name!r}; the roles are {', '.join(ROLES)}", argument="role") from None
