"""The ontology refuses an inconsistent model when it loads, naming the entry at fault."""
from __future__ import annotations

from dataclasses import replace
from typing import get_args

import pytest

from graph import ontology
from graph.ontology import NODE_BY_NAME, NODE_KINDS, REL_BY_TYPE, REL_KINDS, PropType, Ref
from graph.ontology_check import OntologyError, check

TYPES = get_args(PropType)


def with_kind(changed: ontology.NodeKind) -> tuple[ontology.NodeKind, ...]:
    return tuple(changed if k.name == changed.name else k for k in NODE_KINDS)


def with_rel(changed: ontology.RelKind) -> tuple[ontology.RelKind, ...]:
    return tuple(changed if r.type == changed.type else r for r in REL_KINDS)


def test_the_shipped_model_is_consistent() -> None:
    check(NODE_KINDS, REL_KINDS, TYPES)


def test_a_ref_naming_a_relationship_that_does_not_exist_is_refused() -> None:
    compound = NODE_BY_NAME["Compound"]
    broken = replace(compound, refs=(Ref("parent", "INSIDE", "上级区域", ("Community",)),))
    with pytest.raises(OntologyError, match=r"^Compound\.parent: Ref names relationship 'INSIDE'"):
        check(with_kind(broken), REL_KINDS, TYPES)


def test_a_ref_whose_owner_is_missing_from_the_relationship_sources_is_refused() -> None:
    served_by_areas_only = replace(REL_BY_TYPE["OPERATED_BY"], sources=("Project",))
    with pytest.raises(OntologyError, match=r"^Facility\.operator: Facility is not among the sources of OPERATED_BY"):
        check(NODE_KINDS, with_rel(served_by_areas_only), TYPES)


def test_a_ref_pointing_outside_the_relationship_targets_is_refused() -> None:
    facility = NODE_BY_NAME["Facility"]
    refs = tuple(replace(r, targets=("Person",)) if r.column == "operator" else r for r in facility.refs)
    with pytest.raises(OntologyError, match=r"^Facility\.operator: target 'Person' is not among the targets"):
        check(with_kind(replace(facility, refs=refs)), REL_KINDS, TYPES)


def test_an_organisation_kind_without_a_sector_is_refused() -> None:
    with pytest.raises(OntologyError, match=r"^VolunteerTeam: an organisation kind needs a sector"):
        check(with_kind(replace(NODE_BY_NAME["VolunteerTeam"], sector=None)), REL_KINDS, TYPES)


def test_a_code_listed_twice_in_an_enumeration_is_refused() -> None:
    facility = NODE_BY_NAME["Facility"]
    props = tuple(replace(p, enum=(*p.enum, "canteen")) if p.name == "kind" else p for p in facility.props)
    with pytest.raises(OntologyError, match=r"^canteen: Facility\.kind code defined twice"):
        check(with_kind(replace(facility, props=props)), REL_KINDS, TYPES)


def test_a_relationship_without_field_names_for_its_ends_is_refused() -> None:
    with pytest.raises(OntologyError, match=r"^PLANS: needs a field name for each end"):
        check(NODE_KINDS, with_rel(replace(REL_BY_TYPE["PLANS"], fields=("plans", ""))), TYPES)


def test_a_governance_subset_must_lie_inside_its_enumeration() -> None:
    with pytest.raises(OntologyError, match=r"^GRID_BRANCH_KINDS: \['grid_branch'\] not in the set"):
        check(NODE_KINDS, REL_KINDS, TYPES, subsets={"GRID_BRANCH_KINDS": (("grid_branch",), ontology.PARTY_ORG_KINDS)})


def test_an_unknown_property_type_is_refused() -> None:
    area = NODE_BY_NAME["Street"]
    props = tuple(replace(p, type="integer") if p.name == "population" else p for p in area.props)  # type: ignore[arg-type]
    with pytest.raises(OntologyError, match=r"^Street\.population: type 'integer' is not one of"):
        check(with_kind(replace(area, props=props)), REL_KINDS, TYPES)


def test_each_association_subtype_takes_the_sector_it_federates() -> None:
    assert ontology.sector_of("Association", "owners_committee_association") == "owners"
    assert ontology.sector_of("Association", "property_company_association") == "property"
    assert ontology.sector_of("PartyOrganization", "grid_party_branch") == "party"
    assert ontology.sector_of("Person") == "people" and ontology.sector_of("Compound") == "area"


def test_the_brokerage_roles_the_ontology_describes_are_the_ones_the_algorithm_counts() -> None:
    from graph.algorithms import brokerage

    assert ontology.BROKERAGE_ROLES == brokerage.ROLES
