"""The persisted-query registry: documents allowed by their Apollo SHA-256 hash."""
from __future__ import annotations

import hashlib

import pytest

from graph.access.audit import AuditTrail
from graph.access.persisted import PersistedQueries
from graph.errors import BadInput, NotFound
from tests.access_support import private_home

DOCUMENT = "query Compounds($within: ID) { areas(level: COMPOUND, within: $within) { totalCount } }"


@pytest.fixture
def registry(tmp_path, monkeypatch) -> PersistedQueries:
    private_home(tmp_path, monkeypatch)
    return PersistedQueries()


def test_a_document_is_kept_under_the_hash_apollo_clients_send(registry):
    query = registry.add(DOCUMENT)
    assert query.sha256 == hashlib.sha256(DOCUMENT.encode()).hexdigest()
    assert query.name == "Compounds"
    assert registry.get(query.sha256).document == DOCUMENT
    assert registry.get(query.sha256.upper()).document == DOCUMENT


def test_adding_the_same_text_twice_keeps_one_entry(registry):
    registry.add(DOCUMENT)
    registry.add(DOCUMENT, "again")
    assert [q.name for q in registry.list()] == ["Compounds"]


def test_a_document_can_be_named(registry):
    assert registry.add("{ areas { totalCount } }", "area count").name == "area count"
    assert registry.add("{ organizations { totalCount } }").name == "anonymous"


def test_an_unknown_hash_finds_nothing(registry):
    assert registry.get("0" * 64) is None
    assert registry.get("not a hash") is None
    with pytest.raises(NotFound):
        registry.require("0" * 64)


@pytest.mark.parametrize("document", ["", "   ", "query {", "fragment F on Area { id }"])
def test_a_document_that_is_not_an_operation_is_refused(registry, document):
    with pytest.raises(BadInput, match="document"):
        registry.add(document)


def test_a_registration_is_audited_and_seen_by_another_process_reading_the_file(registry):
    query = registry.add(DOCUMENT)
    assert PersistedQueries().get(query.sha256) is not None
    assert [e["operation"] for e in AuditTrail().show()] == ["queries.add"]
