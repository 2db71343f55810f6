"""The roles are data: each reads ontology families, holds permissions and uses named groups of root fields."""
from __future__ import annotations

import pytest

from graph.access.identity import Identity
from graph.access.roles import FIELD_GROUPS, PERSONAL_DATA, ROLES, SENSITIVE_DATA, Role, role
from graph.errors import BadInput, Forbidden
from graph.ontology import FAMILIES, KINDS_OF_FAMILY, NODE_BY_NAME


def test_the_five_roles_of_the_issue_exist():
    assert set(ROLES) == {"admin", "analyst", "planner", "client", "auditor"}


def test_a_roles_kinds_are_derived_from_its_families_in_the_ontology():
    for r in ROLES.values():
        assert r.families <= set(FAMILIES)
        assert r.kinds == tuple(k.name for f in FAMILIES if f in r.families for k in KINDS_OF_FAMILY[f])


def test_an_admin_reads_everything_and_holds_every_permission():
    admin = role("admin")
    assert all(admin.may_read(kind) for kind in NODE_BY_NAME)
    assert admin.groups == set(FIELD_GROUPS)
    assert {"personal-data", "load", "accounts", "audit"} <= admin.permissions


def test_a_planner_reads_areas_organisations_facilities_and_projects_and_only_counts_people():
    planner = role("planner")
    for kind in ("Compound", "Community", "PartyOrganization", "OwnersCommittee", "Facility", "Project"):
        assert planner.may_read(kind)
    assert not planner.may_read("Person") and planner.may_count("Person")
    assert not planner.person_names
    assert not planner.may_use("people") and not planner.may_use("chains")
    assert planner.may_use("coverage") and planner.may_use("planning")
    assert planner.readable_props("Person") == ()


def test_an_analyst_reads_people_posts_chains_and_analysis():
    analyst = role("analyst")
    assert analyst.may_read("Person") and analyst.person_names
    assert {"people", "chains", "analysis"} <= analyst.groups
    assert not analyst.may_use("admin") and not analyst.may_use("audit")


def test_a_client_is_restricted_to_persisted_queries_and_an_auditor_to_the_audit_trail():
    assert role("client").has("persisted-only")
    auditor = role("auditor")
    assert auditor.groups == {"audit"} and auditor.families == set()
    assert not any(auditor.may_count(kind) for kind in NODE_BY_NAME)


def test_a_role_without_sensitive_data_does_not_see_party_membership():
    reader = Role("reader", "test", frozenset({"Person"}), frozenset(), True, frozenset({PERSONAL_DATA}),
                  frozenset({"people"}))
    names = [p.name for p in reader.readable_props("Person")]
    assert "party_member" not in names and "phone" in names
    assert "party_member" in [p.name for p in role("analyst").readable_props("Person")]
    assert role("analyst").has(SENSITIVE_DATA)


def test_unknown_labels_are_refused_by_default():
    assert not role("admin").may_read("Dragon") and not role("admin").may_count("Dragon")


def test_a_role_naming_an_unknown_group_or_family_is_refused_when_defined():
    with pytest.raises(ValueError, match="unknown"):
        Role("x", "", frozenset({"Dragon"}), frozenset(), False, frozenset(), frozenset())
    with pytest.raises(ValueError, match="unknown"):
        Role("x", "", frozenset(), frozenset(), False, frozenset(), frozenset({"everything"}))


def test_an_unknown_role_name_is_bad_input_naming_the_valid_roles():
    with pytest.raises(BadInput, match="admin, analyst, planner, client, auditor"):
        role("boss")


def test_an_identity_holds_its_roles_permissions_and_is_forbidden_the_rest():
    who = Identity.of("wang", "planner", area="510603003")
    assert who.scope == "510603003" and not who.whole_city and who.permissions == set()
    with pytest.raises(Forbidden, match="planner"):
        who.require(PERSONAL_DATA)
    with pytest.raises(Forbidden, match="people"):
        who.require_group("people")
    Identity.of("li", "analyst").require(PERSONAL_DATA)
    assert Identity.of("li", "analyst", area="").whole_city


def test_the_access_page_shows_the_role_table_as_defined():
    from pathlib import Path

    from graph.access.roles import roles_table

    page = (Path(__file__).parent.parent / "docs" / "access.md").read_text(encoding="utf-8")
    assert roles_table() in page, "docs/access.md drifted from graph/access/roles.py: paste roles_table() in"
