"""Personal values are masked unless a permission and a purpose say otherwise; ID numbers match by keyed hash."""
from __future__ import annotations

import stat

import pytest

from graph.access.identity import Identity
from graph.access.masking import Disclosure, disclosure, id_number_key, mask, purpose, secret_path, shown
from graph.access.roles import Role
from graph.errors import BadInput
from graph.ontology import NODE_BY_NAME
from tests.access_support import private_home

PERSON = {p.name: p for p in NODE_BY_NAME["Person"].all_props}
PHONE, ID_NUMBER, PARTY, NAME = PERSON["phone"], PERSON["id_number"], PERSON["party_member"], PERSON["name"]
WHY = "calling the committee about case c-9"


@pytest.mark.parametrize(("prop", "value", "masked"), [
    ("phone", "13812341234", "138****1234"),
    ("phone", "138 1234 1234", "138****1234"),
    ("phone", "+86 138-1234-1234", "138****1234"),
    ("id_number", "51060319800101123X", "510603********123X"),
    ("id_number", "510603800101123", "510603******123"),
    ("phone", "0838-2201234", "083****1234"),
    ("phone", "2201234", "****"),
    ("id_number", "X1", "****"),
    ("phone", "", "****"),
])
def test_masks_keep_only_what_identifies_no_one(prop, value, masked):
    assert mask(prop, value) == masked


def test_nothing_stays_nothing():
    assert mask("phone", None) is None


def test_an_analyst_sees_a_phone_masked_until_stating_a_purpose():
    analyst = Identity.of("li", "analyst")
    assert disclosure(analyst, "Person", PHONE) is Disclosure.MASKED
    assert shown(analyst, "Person", PHONE, "13812341234") == "138****1234"
    assert disclosure(analyst, "Person", PHONE, WHY) is Disclosure.CLEAR
    assert shown(analyst, "Person", ID_NUMBER, "51060319800101123X", WHY) == "51060319800101123X"


def test_a_purpose_without_the_permission_unmasks_nothing():
    reader = Role("reader", "", frozenset({"Person", "Organization"}), frozenset(), True, frozenset(),
                  frozenset({"people"}))
    who = Identity("r", reader, None, reader.permissions, "token")
    assert disclosure(who, "Person", PHONE, WHY) is Disclosure.MASKED
    assert disclosure(who, "PropertyCompany", NODE_BY_NAME["PropertyCompany"].all_props[-1], WHY) is \
        Disclosure.MASKED
    assert disclosure(who, "Person", PARTY) is Disclosure.WITHHELD  # sensitive, without sensitive-data
    assert disclosure(who, "Person", NAME) is Disclosure.CLEAR


def test_a_planner_is_shown_no_person_at_all():
    planner = Identity.of("wang", "planner")
    for prop in (NAME, PHONE, PARTY):
        assert shown(planner, "Person", prop, "x", WHY) is None
    assert disclosure(planner, "Compound", NODE_BY_NAME["Compound"].all_props[1]) is Disclosure.CLEAR


def test_a_purpose_must_say_something():
    assert purpose(None) is None and purpose("   ") is None
    assert purpose("  calling   about a case ") == "calling about a case"
    with pytest.raises(BadInput, match="purpose"):
        purpose("why")
    with pytest.raises(BadInput, match="purpose"):
        purpose("x" * 201)


def test_an_id_number_is_matched_by_a_keyed_hash_and_never_kept(tmp_path, monkeypatch):
    private_home(tmp_path, monkeypatch)
    key = id_number_key("51060319800101123x")
    assert key == id_number_key(" 510603 19800101 123X ") and len(key) == 64
    assert key != id_number_key("51060319800101124X")
    assert "51060319800101123" not in key
    path = secret_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(path.read_bytes()) == 32


def test_another_home_has_another_key(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVGRAPH_HOME", str(tmp_path / "a"))
    first = id_number_key("51060319800101123X")
    monkeypatch.setenv("GOVGRAPH_HOME", str(tmp_path / "b"))
    assert id_number_key("51060319800101123X") != first
    monkeypatch.setenv("GOVGRAPH_HOME", str(tmp_path / "a"))
    assert id_number_key("51060319800101123X") == first
