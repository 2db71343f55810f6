"""docs/model.md is the ontology's reference page; it must say what graph/ontology.py says."""
from __future__ import annotations

from graph import ontology
from loaders import model_doc


def test_model_doc_matches_the_ontology() -> None:
    assert model_doc.PATH.read_text(encoding="utf-8") == model_doc.render(), \
        "docs/model.md drifted from graph/ontology.py; run `govgraph model-doc --write`"


def test_model_doc_names_every_kind_property_and_relationship() -> None:
    text = model_doc.render()
    for kind in ontology.NODE_KINDS:
        assert f"### {kind.name} — {kind.label_zh}" in text and f"`{kind.file}.csv`" in text
        for prop in kind.all_props:
            assert f"| `{prop.name}` | {prop.label_zh} | {prop.type} |" in text
    for rel in ontology.REL_KINDS:
        assert f"### {rel.type} — {rel.label_zh}" in text
    assert text.count("**personal**") >= sum(1 for k in ontology.NODE_KINDS for p in k.all_props if p.personal)
