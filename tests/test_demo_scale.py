"""The demo city at other sizes: a tenth of Deyang keeps every structure, with the figures scaled."""
from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from loaders import load_paths
from loaders.demo import city as demo
from loaders.demo import figures as demo_figures


def test_a_tenth_of_the_city_scales_the_figures_and_keeps_the_fixed_ones(graph: Driver, tmp_path: Path) -> None:
    load_paths([demo.generate(tmp_path / "city", scale=0.1)], graph)
    measured = demo_figures.measure(graph)
    # Things that grow with the city are a tenth of the article's …
    assert measured["compound_party_organizations"] == 93
    assert measured["owners_committees"] == 26
    assert measured["mediated_cases"] == 678
    assert measured["volunteer_teams"] == 218
    # … the city's own bodies, the 18 departments, and the complexes' 53 services stay as they are …
    assert (measured["leading_bodies"], measured["district_bodies"], measured["two_new_committees"],
            measured["functional_joint_committees"]) == (1, 6, 3, 8)
    assert measured["dispatch_departments_fewest"] == measured["dispatch_departments_most"] == 18
    assert (measured["service_complexes"], measured["service_complex_services"]) == (2, 53)
    # … and every street and community still has its grand committee.
    assert measured["streets_without_grand_committee"] == measured["communities_without_grand_committee"] == 0
    assert [c.figure.key for c in demo_figures.check(graph, scale=0.1) if not c.holds] == []


@pytest.mark.parametrize("scale", [0.0, -1.0, 101.0])
def test_a_scale_out_of_range_is_refused(tmp_path: Path, scale: float) -> None:
    with pytest.raises(ValueError, match="scale must be between 0.01 and 100"):
        demo.generate(tmp_path / "city", scale=scale)
    assert not (tmp_path / "city").exists()
