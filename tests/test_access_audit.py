"""The audit trail: append-only, hash-chained, and any edited, removed, moved or cut-off line is named."""
from __future__ import annotations

import json
import multiprocessing
import os
import stat
from datetime import date

import pytest

from graph.access.audit import GENESIS, AuditTrail, redact
from graph.access.identity import Identity
from graph.errors import BadInput
from tests.access_support import Clock, private_home

ANALYST = Identity.of("li", "analyst", area="510603", method="token", token_id="abc123")
PLANNER = Identity.of("wang", "planner", area="510604", method="password")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def trail(tmp_path, monkeypatch, clock) -> AuditTrail:
    private_home(tmp_path, monkeypatch)
    trail = AuditTrail(clock=clock)
    for n in range(5):
        trail.record("query", ANALYST if n % 2 == 0 else PLANNER, operation=f"Op{n}", variables={"id": f"p-{n}"},
                     entities=n)
        clock.advance(days=1)
    return trail


def lines(trail: AuditTrail) -> list[str]:
    return trail.path.read_text(encoding="utf-8").splitlines(keepends=True)


def rewrite(trail: AuditTrail, new: list[str]) -> None:
    trail.path.write_text("".join(new), encoding="utf-8")


def test_an_untouched_trail_verifies(trail):
    check = trail.verify()
    assert check.ok and check.entries == 5 and "intact: 5 entries" in str(check)
    first = json.loads(lines(trail)[0])
    assert first["prev"] == GENESIS and first["seq"] == 1


def test_an_entry_records_who_what_how_many_and_why(trail):
    entry = trail.record("query", ANALYST, operation="PersonPhones", variables={"id": "p-1"}, entities=1,
                         revealed=["Person.phone"], purpose="calling about case c-9")
    assert {k: entry[k] for k in ("subject", "role", "scope", "method", "token", "operation", "entities",
                                  "revealed", "purpose")} == {
        "subject": "li", "role": "analyst", "scope": "510603", "method": "token", "token": "abc123",
        "operation": "PersonPhones", "entities": 1, "revealed": ["Person.phone"],
        "purpose": "calling about case c-9"}
    assert entry["time"].endswith("Z")


def test_an_edited_field_is_caught_at_its_line(trail):
    text = lines(trail)
    entry = json.loads(text[2])
    entry["entities"] = 999
    text[2] = json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n"
    rewrite(trail, text)
    check = trail.verify()
    assert not check.ok and check.line == 3 and "edited" in check.problem


def test_an_edit_that_also_fixes_the_lines_own_hash_breaks_the_next_line(trail):
    from graph.access.audit import canonical, entry_hash

    text = lines(trail)
    entry = json.loads(text[1])
    entry["subject"] = "someone-else"
    entry["hash"] = entry_hash(entry)
    text[1] = canonical(entry).decode() + "\n"
    rewrite(trail, text)
    check = trail.verify()
    assert not check.ok and check.line == 3 and "chain" in check.problem


def test_a_deleted_line_is_caught(trail):
    text = lines(trail)
    del text[1]
    rewrite(trail, text)
    check = trail.verify()
    assert not check.ok and check.line == 2


def test_two_swapped_lines_are_caught(trail):
    text = lines(trail)
    text[1], text[3] = text[3], text[1]
    rewrite(trail, text)
    check = trail.verify()
    assert not check.ok and check.line == 2


def test_lines_cut_off_the_end_are_caught(trail):
    rewrite(trail, lines(trail)[:3])
    check = trail.verify()
    assert not check.ok and check.line == 4 and "cut off the end" in check.problem


def test_a_half_written_last_line_is_caught(trail):
    text = lines(trail)
    text[-1] = text[-1][:40]
    rewrite(trail, text)
    check = trail.verify()
    assert not check.ok and check.line == 5 and "incomplete" in check.problem


def test_a_repeated_line_is_caught_at_the_copy(trail):
    text = lines(trail)
    text.insert(2, text[2])
    rewrite(trail, text)
    assert trail.verify().line == 4


def test_personal_values_and_secrets_are_redacted_from_variables():
    assert redact({"id": "p-1", "phone": "13800001234", "idNumber": "51060319800101123X",
                   "filter": {"text": "王伟 13912345678", "ids": ["51060319800101123X", "po-510603003-gwc"]},
                   "password": "hunter2hunter2", "token": "ggt_abc", "within": "510603003000"}) == {
        "id": "p-1", "phone": "[redacted]", "idNumber": "[redacted]",
        "filter": {"text": "王伟 [redacted]", "ids": ["[redacted]", "po-510603003-gwc"]},
        "password": "[redacted]", "token": "[redacted]", "within": "510603003000"}


def test_the_trail_keeps_no_personal_value(trail):
    trail.record("query", ANALYST, operation="Find", variables={"text": "13800001234"},
                 purpose="calling 13900001234 back")
    assert "13800001234" not in trail.path.read_text() and "13900001234" not in trail.path.read_text()


def test_show_filters_by_subject_and_time(trail, clock):
    assert [e["operation"] for e in trail.show(user="wang")] == ["Op1", "Op3"]
    assert [e["operation"] for e in trail.show(since="2026-12-03")] == ["Op2", "Op3", "Op4"]
    assert [e["line"] for e in trail.show(user="li", since=date(2026, 12, 3))] == [3, 5]
    with pytest.raises(BadInput, match="since"):
        list(trail.show(since="yesterday"))


def test_the_trail_is_private(trail):
    for path in (trail.path, trail.head_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _append(home: str, worker: int) -> None:
    os.environ["GOVGRAPH_HOME"] = home
    trail = AuditTrail()
    for n in range(25):
        trail.record("query", ANALYST, operation=f"w{worker}-{n}")


def test_concurrent_appenders_keep_the_chain_whole(tmp_path, monkeypatch):
    private_home(tmp_path, monkeypatch)
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_append, args=(os.environ["GOVGRAPH_HOME"], w)) for w in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0] * 4
    check = AuditTrail().verify()
    assert check.ok and check.entries == 100
