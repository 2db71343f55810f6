"""Popolo JSON in and out: a membership's on_behalf_of_id is the seat's sending unit; a round trip keeps everything."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from loaders import LoadError, load_paths
from loaders.popolo import export
from tests.cli import govgraph

POPOLO = {
    "areas": [
        {"id": "510600", "name": "德阳市", "classification": "city"},
        {"id": "510603", "name": "旌阳区", "classification": "district", "parent_id": "510600", "other_names": [{"name": "Jingyang", "lang": "en"}]},
        {"id": "510603001", "name": "城北街道", "classification": "街道", "parent_id": "510603"},
        {"id": "510603001001", "name": "泰山路社区", "classification": "Community", "parent_id": "510603001",
         "households": 4200},
    ],
    "organizations": [
        {"id": "po-taishan", "name": "泰山路社区大党委", "classification": "grand_party_committee",
         "area_id": "510603001001"},
        {"id": "ru-hospital", "name": "德阳市人民医院", "classification": "hospital", "area_id": "510603001001",
         "links": [{"url": "https://example.org"}]},
        {"id": "oc-1", "name": "金山小区业委会", "classification": "OwnersCommittee", "founding_date": "2019-05-01",
         "parent_id": "po-taishan"},
    ],
    "persons": [
        {"id": "p-1", "name": "张伟", "gender": "男", "party_member": True,
         "contact_details": [{"type": "cell", "value": "13800000001"}]},
        {"id": "p-2", "name": "李娜", "gender": "female", "identifiers": [{"scheme": "id_number", "identifier": "510603199001010021"}]},
    ],
    "posts": [{"id": "post-sec", "label": "书记", "organization_id": "po-taishan"}],
    "memberships": [
        {"id": "m-1", "person_id": "p-1", "post_id": "post-sec", "start_date": "2018-01-01"},
        {"id": "m-2", "person_id": "p-2", "organization_id": "po-taishan", "role": "兼职委员",
         "on_behalf_of_id": "ru-hospital", "start_date": "2019-03-01"},
        {"id": "m-3", "person_id": "p-1", "organization_id": "oc-1", "role": "委员", "start_date": "2019-05-01",
         "end_date": "2022-05-01", "on_behalf_of_id": "ru-hospital"},
    ],
}


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_popolo_import_maps_kinds_posts_and_sending_units(graph: Driver, tmp_path: Path) -> None:
    report = load_paths([write(tmp_path / "city.json", POPOLO)], graph)
    assert report.nodes["Street"].created == 1 and report.nodes["ResidentUnit"].created == 1
    assert any("organizations.links" in note for note in report.notes)  # skipped on purpose, and said so
    records, _, _ = graph.execute_query(
        "MATCH (p:Person)-[r:SERVES_IN]->(o) RETURN r.id AS id, p.id AS p, o.id AS o, r.role AS role, "
        "r.part_time AS part_time, r.on_behalf_of AS unit ORDER BY id")
    assert [tuple(r.values()) for r in records] == [
        ("m-1", "p-1", "po-taishan", "书记", None, None),  # organisation and role from the post
        ("m-2", "p-2", "po-taishan", "兼职委员", True, "ru-hospital"),
        ("m-3", "p-1", "oc-1", "委员", True, "ru-hospital"),
    ]
    # The hospital holds a seat on the grand party committee; not on the owners' committee (not a party body).
    seats, _, _ = graph.execute_query("MATCH (u)-[s:SEATS_ON]->(c) RETURN u.id AS u, c.id AS c, s.start_date AS start")
    assert [(r["u"], r["c"], r["start"].iso_format()) for r in seats] == [("ru-hospital", "po-taishan", "2019-03-01")]
    person, _, _ = graph.execute_query("MATCH (p:Person {id: 'p-1'}) RETURN p.gender AS g, p.phone AS phone")
    assert (person[0]["g"], person[0]["phone"]) == ("male", "13800000001")


def test_popolo_round_trip_keeps_persons_organizations_and_memberships(graph: Driver, tmp_path: Path) -> None:
    load_paths([write(tmp_path / "in.json", POPOLO)], graph)
    first = export(graph, include_personal=True)
    graph.execute_query("MATCH (n) DETACH DELETE n")
    load_paths([write(tmp_path / "out.json", first)], graph)
    second = export(graph, include_personal=True)
    assert second == first
    by_id = {m["id"]: m for m in first["memberships"]}
    assert by_id["m-2"]["on_behalf_of_id"] == "ru-hospital" and by_id["m-3"]["end_date"] == "2022-05-01"
    assert {o["id"]: o["classification"] for o in first["organizations"]} == {
        "oc-1": "OwnersCommittee", "po-taishan": "PartyOrganization", "ru-hospital": "ResidentUnit"}
    assert next(o for o in first["organizations"] if o["id"] == "oc-1")["founding_date"] == "2019-05-01"
    assert {a["id"]: a.get("parent_id") for a in first["areas"]} == {
        "510600": None, "510603": "510600", "510603001": "510603", "510603001001": "510603001"}


def test_export_leaves_personal_data_out_unless_asked(graph: Driver, tmp_path: Path) -> None:
    load_paths([write(tmp_path / "in.json", POPOLO)], graph)
    result = govgraph("export", "--format", "popolo", "--out", str(tmp_path / "out.json"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out.json").read_text(encoding="utf-8")
    assert "13800000001" not in text and "510603199001010021" not in text and "张伟" in text
    assert "13800000001" in json.dumps(export(graph, include_personal=True))


def test_bad_popolo_names_collection_item_and_field(graph: Driver, tmp_path: Path) -> None:
    bad = json.loads(json.dumps(POPOLO))
    bad["organizations"][0]["classification"] = "committee"
    bad["persons"][1]["birthplace"] = "德阳"
    bad["memberships"][1]["organization_id"] = "po-nowhere"
    with pytest.raises(LoadError) as caught:
        load_paths([write(tmp_path / "bad.json", bad)], graph)
    found = {(p.sheet, p.row, p.column): p.message for p in caught.value.problems}
    assert found[("organizations", 1, "classification")].startswith("expected a kind of Organization")
    assert found[("persons", 2, "birthplace")].startswith("unknown field 'birthplace'")
    assert found[("memberships", 2, "organization_id")] == \
        "no Organization with id 'po-nowhere' in the files or the graph"
    records, _, _ = graph.execute_query("MATCH (n) WHERE NOT n:GraphMeta RETURN count(n) AS n")
    assert records[0]["n"] == 0
