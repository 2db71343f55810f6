"""The Deyang demo city, loaded through the loaders into a real Neo4j: the article's figures and structures,
real coverage gaps, plausible places, deterministic files, and a second load that changes nothing."""
from __future__ import annotations

import csv
import hashlib
import itertools
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import Driver

from graph import ontology
from graph.store import queries
from graph.store.settings import Connection
from loaders.columns import node_columns, rel_columns
from loaders.demo import city as demo
from loaders.demo import figures as demo_figures
from loaders.demo import geo as demo_geo
from loaders.demo.fingerprint import fingerprint
from tests.cli import govgraph

# The report's figures (domain.md), written out here rather than read from the code under test.
# "=": exactly; ">=": the article's "+" (余, 多).
ARTICLE = {
    "leading_bodies": ("=", 1),
    "promotion_centres": ("=", 1),
    "district_bodies": ("=", 6),
    "district_body_posts": (">=", 50),
    "streets_without_grand_committee": ("=", 0),  # grand (working) committees in every street …
    "communities_without_grand_committee": ("=", 0),  # … and every community
    "seated_resident_units": (">=", 1000),
    "two_new_committees": ("=", 3),
    "functional_joint_committees": ("=", 8),
    "grid_branches_and_building_groups": (">=", 2280),
    "streets_without_dispatch_centre": ("=", 0),
    "dispatch_departments_fewest": ("=", 18),
    "dispatch_departments_most": ("=", 18),
    "owners_committee_associations": ("=", 83),
    "property_company_associations": ("=", 36),
    "compound_party_organizations": ("=", 927),
    "owners_committees": ("=", 256),
    "volunteer_teams": ("=", 2177),
    "participants": (">=", 12000),
    "sent_down_cadres": ("=", 60),
    "planners": (">=", 330),
    "projects": ("=", 38),
    "service_complexes": ("=", 2),
    "service_complex_cost_yuan": (">=", 50_000_000),
    "service_complex_services": ("=", 53),
    "service_complex_categories": ("=", 8),
    "party_building_lounges": ("=", 7),
    "alliance_members": (">=", 100),
    "lounge_services": (">=", 50),
    "co_building_units": (">=", 1000),
    "mediated_cases": ("=", 6783),
    "conventions": (">=", 1200),  # 公约、标准 1,200+
    "street_main_duties_most": ("=", 30),  # street duties from 100+ to at most 30
    "street_former_duties_fewest": (">=", 100),
    "delegated_powers_fewest": ("=", 35),  # 35 enforcement and approval powers delegated
    "delegated_powers_most": ("=", 35),
    "staff_ladder_posts": ("=", 3),  # 3岗16级
    "staff_ladder_grades": ("=", 16),
    "sent_down_mechanisms": ("=", 4),  # group guidance, proposal feedback, adviser liaison, project leadership
    "projects_with_award": ("=", 38),  # 以奖代补
}


@pytest.fixture(scope="module")
def figures(demo_city: Driver) -> dict:
    return demo_figures.measure(demo_city)


@pytest.fixture(scope="module")
def structure(demo_city: Driver) -> dict:
    records, _, _ = demo_city.execute_query(queries.query("demo_structure"), radiusMeters=1000.0)
    return dict(records[0])


@pytest.fixture(scope="module")
def counts(demo_city: Driver) -> dict[str, int]:
    records, _, _ = demo_city.execute_query(queries.query("kind_counts"))
    return {f"{r['what']}:{r['name']}": r["count"] for r in records}


def test_every_figure_of_the_article_is_checked() -> None:
    assert {f.key for f in demo_figures.FIGURES} == set(ARTICLE)
    assert all((f.value, f.at_least) == (ARTICLE[f.key][1], ARTICLE[f.key][0] == ">=") for f in demo_figures.FIGURES)


@pytest.mark.parametrize("key", list(ARTICLE))
def test_the_loaded_city_reproduces_the_figure(figures: dict, key: str) -> None:
    comparison, value = ARTICLE[key]
    if comparison == "=":
        assert figures[key] == value
    else:
        assert figures[key] >= value


def test_it_is_built_on_deyangs_real_divisions(counts: dict[str, int], demo_city: Driver) -> None:
    assert (counts["label:City"], counts["label:District"], counts["label:Street"],
            counts["label:Community"]) == (1, 6, 127, 1778)
    records, _, _ = demo_city.execute_query(queries.query("area_chain"), id="510603001001")
    assert [[a["name"] for a in r["chain"]] for r in records] == [["文昌社区", "旌阳街道", "旌阳区", "德阳市"]]


def test_every_kind_and_tie_of_the_ontology_is_present(counts: dict[str, int]) -> None:
    assert [k.name for k in ontology.NODE_KINDS if counts.get(f"label:{k.name}", 0) == 0] == []
    assert [r.type for r in ontology.REL_KINDS if counts.get(f"type:{r.type}", 0) == 0] == []


def test_every_kind_of_organisation_and_facility_the_article_names_is_used(demo_city: Driver) -> None:
    records, _, _ = demo_city.execute_query(queries.query("kinds_used"))
    used = {r["label"]: r["kinds"] for r in records}
    assert used["Facility"] == sorted(ontology.FACILITY_KINDS)
    assert used["GovernmentBody"] == sorted(ontology.GOVERNMENT_KINDS)
    assert used["ResidentUnit"] == sorted(ontology.RESIDENT_UNIT_KINDS)
    assert used["Association"] == sorted(ontology.ASSOCIATION_KINDS)
    assert used["Project"] == sorted(ontology.PROJECT_KINDS)
    # A community's party committee is its grand party committee (大党委), so that kind is the only one unused.
    assert sorted(set(ontology.PARTY_ORG_KINDS) - set(used["PartyOrganization"])) == ["community_party_committee"]


def test_people_hold_posts_in_several_organisations(structure: dict) -> None:
    assert structure["cross_appointed_people"] > 5_000
    # compound party organisation members on owners' committees, and vice versa …
    assert structure["party_and_owners_committee_people"] > 100
    # … and party organisation members in the owners'-committee and property-company associations
    assert structure["party_and_association_people"] > 100
    # … though in some compounds the two share no one (a gap to find)
    assert 0 < structure["compounds_party_owners_unlinked"] < structure["compounds"]


def test_every_seat_of_a_resident_unit_has_the_member_it_sent(structure: dict, counts: dict[str, int]) -> None:
    assert structure["seats_with_sent_member"] == counts["type:SEATS_ON"] >= 1000


def test_co_building_agreements_carry_the_five_mechanisms(structure: dict) -> None:
    assert structure["co_building_ties"] >= 1000
    assert structure["co_building_mechanisms"] == sorted(ontology.CO_BUILDING_MECHANISMS)


def test_cadres_planners_and_projects_follow_the_programmes(structure: dict) -> None:
    assert structure["sent_down_mechanisms"] == sorted(ontology.SENT_DOWN_MECHANISMS)
    assert structure["planner_roles"] == sorted(ontology.PLANNER_ROLES)
    assert structure["planner_fields"] == sorted(ontology.PLANNER_FIELDS)
    assert structure["project_kinds"] == sorted(ontology.PROJECT_KINDS)
    assert structure["projects_with_award"] == structure["projects_with_planners"] == 38


@pytest.mark.parametrize("gap", ["compounds_without_party_organization", "compounds_without_owners_committee",
                                 "compounds_without_property_company", "three_without_compounds",
                                 "compounds_without_facility_nearby"])
def test_some_compounds_are_not_covered(structure: dict, gap: str) -> None:
    assert 0 < structure[gap] < structure["compounds"]


def test_some_grids_have_no_branch_and_some_units_no_seat(structure: dict) -> None:
    assert structure["grids_without_branch"] > 0
    assert structure["resident_units_on_no_committee"] > 0


def test_cases_can_be_checked_against_the_service_level(structure: dict, figures: dict) -> None:
    # Most reports are accepted within 2 h, handled within 24 h and closed within 7 days; some are late.
    assert structure["accepted_within_2h"] > 10 * structure["accepted_late"] > 0
    assert structure["handled_within_24h"] > 5 * structure["handled_late"] > 0
    assert structure["closed_within_7d"] > 5 * structure["closed_late"] > 0
    assert 0 < structure["open_cases"] < figures["mediated_cases"] // 10


def test_the_district_discs_do_not_overlap() -> None:
    for a, b in itertools.combinations(demo_geo.DISTRICTS.values(), 2):
        assert demo_geo.distance_m(a.lat, a.lon, b.lat, b.lon) >= a.radius_m + b.radius_m, (a.name_en, b.name_en)


@pytest.fixture(scope="module")
def places(demo_city: Driver) -> list[dict]:
    records, _, _ = demo_city.execute_query(queries.query("demo_places"))
    return [dict(r) for r in records]


def test_compounds_and_facilities_lie_inside_their_district(places: list[dict], counts: dict[str, int]) -> None:
    districts = {place.code + "000000": place for place in demo_geo.DISTRICTS.values()}
    outside = [p["id"] for p in places
               if demo_geo.distance_m(districts[p["district"]].lat, districts[p["district"]].lon, p["lat"], p["lon"])
               > districts[p["district"]].radius_m]
    assert outside == []
    assert len(places) == sum(counts[f"label:{kind}"] for kind in ("Street", "Community", "Compound", "Grid",
                                                                    "Facility"))


def test_urban_compounds_cluster_around_their_community(places: list[dict]) -> None:
    # A community's code numbers urban communities (社区) from 001 and villages (村) from 200.
    metres = sorted(demo_geo.distance_m(p["lat"], p["lon"], p["parent_lat"], p["parent_lon"]) for p in places
                    if p["kind"] == "Compound" and int(p["parent"][-3:]) < 200)
    assert len(metres) > 1000
    assert metres[int(len(metres) * 0.85)] < 1000  # most within a kilometre …
    assert metres[-1] > 1200  # … a few on the fringe


def test_the_files_have_the_columns_the_loaders_read(tmp_path: Path) -> None:
    folder = demo.generate(tmp_path / "city", scale=0.05)
    for kind in ontology.NODE_KINDS:
        header = (folder / f"{kind.file}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [c.name for c in node_columns(kind)], kind.file
    for rel in ontology.REL_KINDS:
        if rel.file:
            header = (folder / f"{rel.file}.csv").read_text(encoding="utf-8").splitlines()[0]
            assert header.split(",") == [c.name for c in rel_columns(rel)], rel.file
    # The personal data in the demo is fictional: no Chinese mobile number starts with 100.
    with open(folder / "persons.csv", encoding="utf-8", newline="") as handle:
        phones = [row["phone"] for row in csv.DictReader(handle) if row["phone"]]
    assert phones and all(p.startswith("100") and len(p) == 11 for p in phones)


def _generate_in_subprocess(out: Path, seed: int, hash_seed: str) -> dict[str, str]:
    """Generate in a fresh interpreter (its own string-hash seed); the sha256 of each file written."""
    code = "import sys; from pathlib import Path; from loaders.demo import generate; " \
           "generate(Path(sys.argv[1]), 1.0, int(sys.argv[2]))"
    subprocess.run([sys.executable, "-c", code, str(out), str(seed)], check=True, timeout=300,
                   env={**os.environ, "PYTHONHASHSEED": hash_seed})
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_the_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = _generate_in_subprocess(tmp_path / "a", 2020, "1")
    second = _generate_in_subprocess(tmp_path / "b", 2020, "2")
    assert first == second
    assert len(first) == len(ontology.NODE_KINDS) + sum(1 for r in ontology.REL_KINDS if r.file)
    other = _generate_in_subprocess(tmp_path / "c", 7, "1")
    assert other["persons.csv"] != first["persons.csv"]


def test_loading_it_again_changes_nothing(demo_city: Driver) -> None:
    before = fingerprint(demo_city)
    assert before.duplicate_ids == 0
    report = demo.load_demo(demo_city)
    assert (report.created, report.updated) == (0, 0)
    assert fingerprint(demo_city) == before


def test_demo_command_finds_the_city_loaded_and_prints_the_figures(demo_city: Driver) -> None:
    result = govgraph("demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert "already loaded" in result.stdout
    assert "矛盾纠纷调处" in result.stdout and "6,783" in result.stdout
    assert "✗" not in result.stdout


def test_demo_out_only_writes_the_files(tmp_path: Path) -> None:
    result = govgraph("demo", "--out", str(tmp_path / "city"), "--scale", "0.05")
    assert result.returncode == 0, result.stderr
    assert sorted(p.stem for p in (tmp_path / "city").iterdir()) == sorted(
        [k.file for k in ontology.NODE_KINDS] + [r.file for r in ontology.REL_KINDS if r.file])


@pytest.mark.parametrize("args, message", [
    (["--scale", "0"], "--scale must be between 0.01 and 100"),
    (["--out", "/dev/null"], "exists and is not a folder"),
])
def test_demo_rejects_bad_options_with_a_clear_message(neo4j_conn: Connection, args: list[str],
                                                        message: str) -> None:
    result = govgraph("demo", "--no-serve", *args)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_demo_refuses_a_taken_port_before_loading(neo4j_conn: Connection) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = govgraph("demo", "--port", str(taken.getsockname()[1]))
    assert result.returncode == 1
    assert "the port is in use" in result.stderr and "Traceback" not in result.stderr
    assert "loaded" not in result.stdout
