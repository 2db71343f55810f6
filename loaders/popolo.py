"""Popolo JSON in and out (https://www.popoloproject.com).

Import (`read`): a JSON object with any of `persons`, `organizations`, `memberships`, `posts`, `areas`.

- area: an Area kind by `classification` (`Compound`, `compounds`, `小区`, `county`/`township`/`village`);
  `parent_id` → WITHIN. person: Person; phone/cell/voice/mobile contacts → phone, id_number identifiers.
- organization: an Organization kind by `classification` (`PartyOrganization`, `party_organizations`, `党组织`)
  or a `kind` code (`grand_party_committee`); `parent_id` → SUB_ORGANIZATION_OF, `area_id` → BASED_IN,
  `founding_date` → founded.
- membership: SERVES_IN `person_id` → `organization_id` with `role` (or its post's), dates; `on_behalf_of_id` →
  `on_behalf_of`, `part_time`, and one SEATS_ON from that unit to a PartyOrganization (earliest start to latest
  end). post: gives its `role` (or `label`) to the memberships naming it by `post_id`; not a node.

`other_names` in English (`lang: en`) → name_en. Any other key named like a property of the kind
(`population`, `lat`, `party_member` …) is that property. Standard Popolo fields govgraph does not model
(links, sources, images …) are skipped with a note; any other key is a problem, so a typo never loses data.

Export (`export`) writes the same shape back (memberships from SERVES_IN, a post per organisation and
role); personal properties only when asked.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from neo4j import Driver

from graph import ontology
from graph.ontology import NodeKind
from graph.store import queries
from graph.types import json_mismatch
from loaders.columns import Column, columns_of, node_columns
from loaders.jsonfile import json_kind, load_json
from loaders.limits import Limits, bound
from loaders.problems import Problem
from loaders.readers import Table, _name_key
from loaders.records import NodeRecord, RelRecord, make_rel, node_records, rel_records
from loaders.values import format_value, to_python

COLLECTIONS = ("persons", "organizations", "memberships", "posts", "areas")
UNMODELLED_COLLECTIONS = frozenset({"events", "motions", "vote_events", "votes", "counts", "speeches", "meta"})
UNMODELLED_FIELDS = frozenset({
    "links", "sources", "images", "image", "identifiers", "other_names", "contact_details", "created_at",
    "updated_at", "summary", "biography", "description", "sort_name", "family_name", "given_name",
    "additional_name", "honorific_prefix", "honorific_suffix", "patronymic_name", "email", "birth_date",
    "death_date", "national_identity", "dissolution_date", "geometry", "type", "label", "seats", "area",
    "parent", "organization", "person", "post", "member", "on_behalf_of", "abstract", "memberships", "posts",
    "children", "@type", "@context",
})
AREA_ALIASES = {"county": "District", "township": "Street", "town": "Street", "village": "Community",
                "building": "Grid"}
PHONE_TYPES = frozenset({"phone", "cell", "voice", "mobile", "tel", "telephone"})
GENDERS = {"女": "female", "男": "male", "f": "female", "m": "male"}


def _classifier(family: str) -> dict[str, tuple[NodeKind, str | None]]:
    """classification text → (kind, kind code) for one family."""
    table: dict[str, tuple[NodeKind, str | None]] = {}
    for kind in ontology.KINDS_OF_FAMILY[family]:
        for name in (kind.name, kind.file, kind.label_zh, *kind.label_zh.split("/")):
            table[_name_key(name)] = (kind, None)
        for prop in kind.props:
            if prop.name == "kind" and prop.enum:
                for code in prop.enum:
                    table[_name_key(code)] = (kind, code)
    if family == "Area":
        for alias, name in AREA_ALIASES.items():
            table[alias] = (ontology.NODE_BY_NAME[name], None)
    return table


class _Reader:
    def __init__(self, path: Path, problems: list[Problem], notes: list[str], limits: Limits) -> None:
        self.file = str(path)
        self.problems = problems
        self.notes = notes
        self.limits = limits
        self.skipped: set[tuple[str, str]] = set()

    def typed(self, collection: str, index: int, cells: dict[str, Any], columns: dict[str, Column],
              shown: dict[str, str]) -> dict[str, Any]:
        """The cells whose JSON values are of their property's type (graph/types.py, `json_mismatch`); a problem
        for each other one: `"name": 7` or `"id": true` is a mistake in the file, never a value to store as text."""
        kept: dict[str, Any] = {}
        for name, value in cells.items():
            column = columns.get(name)
            wrong = json_mismatch(column.type, value) if column is not None else None
            if wrong is None:
                kept[name] = value
                continue
            self.problem(collection, index, shown.get(name, name), wrong)
            if column.role == "id" or (column.role == "prop" and column.plain):  # kept as text (never written),
                kept[name] = json.dumps(value, ensure_ascii=False)[:100]  # so no second problem says it is missing
        return kept

    def problem(self, collection: str, index: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, index, column, message, collection))

    def skip(self, collection: str, key: str) -> None:
        if (collection, key) not in self.skipped:
            self.skipped.add((collection, key))
            self.notes.append(f"{self.file}: Popolo field {collection}.{key} is not modelled by govgraph; skipped")

    def items(self, data: dict[str, Any], collection: str) -> Iterable[tuple[int, dict[str, Any]]]:
        """A collection's objects with their positions; every collection is optional, but one given is a list."""
        if collection not in data:
            return []
        value = data[collection]
        if not isinstance(value, list):
            self.problem(collection, None, None, f"expected a list of {collection}, got {json_kind(value)}")
            return []
        if len(value) > self.limits.rows:
            self.problem(collection, None, None,
                         f"{len(value):,} {collection}, {bound('rows', self.limits.rows, 'rows')}")
            return []
        good = []
        for index, item in enumerate(value, start=1):
            if isinstance(item, dict):
                good.append((index, item))
            else:
                self.problem(collection, index, None, "expected an object")
        return good

    def common(self, collection: str, index: int, item: dict[str, Any], kind: NodeKind,
               mapped: dict[str, str]) -> dict[str, Any]:
        """Cells named by column: mapped Popolo keys, English other_names, and keys named like the kind's columns."""
        columns = {c.name for c in node_columns(kind)}
        cells: dict[str, Any] = {}
        for key, value in item.items():
            if key in mapped:
                if mapped[key]:
                    cells[mapped[key]] = value
            elif key in columns:
                cells[key] = value
            elif key == "other_names" and isinstance(value, list):
                english = [n.get("name") for n in value if isinstance(n, dict) and n.get("lang") in ("en", "eng")]
                if english and "name_en" in columns:
                    cells["name_en"] = english[0]
            elif key == "contact_details" and isinstance(value, list) and "phone" in columns:
                phones = [c.get("value") for c in value
                          if isinstance(c, dict) and str(c.get("type", "")).lower() in PHONE_TYPES]
                if phones:
                    cells["phone"] = phones[0]
            elif key == "identifiers" and isinstance(value, list) and "id_number" in columns:
                numbers = [i.get("identifier") for i in value
                           if isinstance(i, dict)
                           and str(i.get("scheme", "")).lower() in ("id_number", "身份证", "身份证号")]
                if numbers:
                    cells["id_number"] = numbers[0]
            elif key in UNMODELLED_FIELDS:
                self.skip(collection, key)
            else:
                self.problem(collection, index, key, f"unknown field {key!r} for a {kind.name}; expected a Popolo "
                             f"field or one of: {', '.join(sorted(columns))}")
        return cells


def _table(file: str, collection: str, spec: Any, rows: list[tuple[int, dict[str, Any]]],
           shown: dict[str, str]) -> Table:
    header = list(dict.fromkeys(key for _, cells in rows for key in cells))
    table = Table(file, collection, spec, header, shown=shown)
    table.rows = [(index, [cells.get(key) for key in header]) for index, cells in rows]
    return table


def read(path: Path, problems: list[Problem], notes: list[str],
         limits: Limits | None = None) -> tuple[list[NodeRecord], list[RelRecord]]:
    """Node and relationship records from one Popolo JSON file; problems appended, nothing raised."""
    limits = limits or Limits.from_env()
    reader = _Reader(path, problems, notes, limits)
    found = load_json(path, problems, limits)
    if found is None:
        return [], []
    data = found[0]
    if not isinstance(data, dict):
        problems.append(Problem(str(path), None, None, "expected a Popolo JSON object with persons, organizations, "
                                "memberships, posts and/or areas"))
        return [], []
    for key in data:
        if key in UNMODELLED_COLLECTIONS:
            reader.skip("", key)
        elif key not in COLLECTIONS:
            reader.problem(key, None, None, f"unknown Popolo collection {key!r}; expected {', '.join(COLLECTIONS)}")
    nodes = _nodes(reader, data, "areas", "Area", {"parent_id": "parent", "classification": ""},
                   {"parent": "parent_id"})
    nodes += _nodes(reader, data, "organizations", "Organization",
                    {"parent_id": "parent_org", "area_id": "based_in", "founding_date": "founded",
                     "classification": ""},
                    {"parent_org": "parent_id", "based_in": "area_id", "founded": "founding_date"})
    nodes += _nodes(reader, data, "persons", "Person", {}, {})
    rels = _memberships(reader, data)
    return nodes, rels


def _nodes(reader: _Reader, data: dict[str, Any], collection: str, family: str, mapped: dict[str, str],
           shown: dict[str, str]) -> list[NodeRecord]:
    classify = _classifier(family)
    by_kind: dict[NodeKind, list[tuple[int, dict[str, Any]]]] = {}
    for index, item in reader.items(data, collection):
        kinds = ontology.KINDS_OF_FAMILY[family]
        code = None
        if len(kinds) == 1:
            kind = kinds[0]
        else:
            classification = item.get("classification")
            found = classify.get(_name_key(classification)) if isinstance(classification, str) and classification \
                else None
            if found is None:
                reader.problem(collection, index, "classification",
                               f"expected a kind of {family}: {', '.join(k.name for k in kinds)}"
                               + (" or a kind code" if family == "Organization" else "")
                               + f", got {classification!r}")
                continue
            kind, code = found
        cells = reader.typed(collection, index, reader.common(collection, index, item, kind, mapped),
                             _columns(kind), shown)
        if code is not None:
            cells.setdefault("kind", code)
        if kind.name == "Person" and isinstance(cells.get("gender"), str):
            cells["gender"] = GENDERS.get(cells["gender"].strip().lower(), cells["gender"])
        if "founded" in cells and not any(p.name == "founded" for p in kind.props):
            cells.pop("founded")
            reader.skip(collection, "founding_date")
        by_kind.setdefault(kind, []).append((index, cells))
    records: list[NodeRecord] = []
    for kind, rows in by_kind.items():
        records += node_records(_table(reader.file, collection, kind, rows, shown), reader.problems)
    return records


MEMBERSHIP_KEYS = {"id": "id", "person_id": "source", "organization_id": "target", "role": "role",
                   "start_date": "start_date", "end_date": "end_date", "on_behalf_of_id": "on_behalf_of",
                   "part_time": "part_time", "post_id": "", "label": ""}


def _memberships(reader: _Reader, data: dict[str, Any]) -> list[RelRecord]:
    posts: dict[str, dict[str, Any]] = {}
    for index, post in reader.items(data, "posts"):
        wrong = [(key, json_mismatch("string", post.get(key))) for key in ("id", "role", "label", "organization_id")]
        for key, message in (item for item in wrong if item[1]):
            reader.problem("posts", index, key, message)
        if any(message for _, message in wrong):
            continue
        if not post.get("id"):
            reader.problem("posts", index, "id", "required; expected the post's id")
            continue
        posts[post["id"]] = post
    serves_in = ontology.REL_BY_TYPE["SERVES_IN"]
    rows: list[tuple[int, dict[str, Any]]] = []
    for index, item in reader.items(data, "memberships"):
        cells: dict[str, Any] = {}
        for key, value in item.items():
            if key in MEMBERSHIP_KEYS:
                if MEMBERSHIP_KEYS[key]:
                    cells[MEMBERSHIP_KEYS[key]] = value
            elif key in UNMODELLED_FIELDS:
                reader.skip("memberships", key)
            else:
                reader.problem("memberships", index, key, f"unknown field {key!r} for a membership")
        if "source" not in cells and ("member" in item or "member_id" in item):
            reader.problem("memberships", index, "person_id",
                           "only memberships of persons are loaded; organisation members go in member_of.csv")
            continue
        post_id = item.get("post_id")
        if post_id is not None and not isinstance(post_id, str):
            reader.problem("memberships", index, "post_id", json_mismatch("string", post_id) or "expected a string")
            continue
        if post_id is not None:
            post = posts.get(post_id)
            if post is None:
                reader.problem("memberships", index, "post_id", f"no post with id {post_id!r} in posts")
                continue
            cells.setdefault("role", post.get("role") or post.get("label"))
            cells.setdefault("target", post.get("organization_id"))
        if not cells.get("role") and isinstance(item.get("label"), str) and item["label"]:
            cells["role"] = item["label"]
        cells = reader.typed("memberships", index, cells, _columns(serves_in), SHOWN_MEMBERSHIP)
        if cells.get("on_behalf_of") and cells.get("part_time") is None:
            cells["part_time"] = True
        rows.append((index, cells))
    if not rows:  # a file of persons or organisations only: no memberships to read (every section is optional)
        return []
    records = rel_records(_table(reader.file, "memberships", serves_in, rows, SHOWN_MEMBERSHIP), reader.problems)
    return records + _seats(records)


SHOWN_MEMBERSHIP = {"source": "person_id", "target": "organization_id", "on_behalf_of": "on_behalf_of_id"}
_columns = cache(lambda spec: {column.name: column for column in columns_of(spec)})


def _seats(memberships: list[RelRecord]) -> list[RelRecord]:
    """A SEATS_ON tie per (sending unit, committee), spanning its members' memberships."""
    seats_on = ontology.REL_BY_TYPE["SEATS_ON"]
    spans: dict[tuple[str, str], list[RelRecord]] = {}
    for record in memberships:
        unit = record.props.get("on_behalf_of")
        if unit:
            spans.setdefault((unit, record.target), []).append(record)
    seats: list[RelRecord] = []
    for (unit, committee), records in spans.items():
        starts = [r.props.get("start_date") for r in records]
        ends = [r.props.get("end_date") for r in records]
        props = {"start_date": min(starts) if all(starts) else None,
                 "end_date": None if not all(ends) else max(ends)}
        # The id leaves out start_date: an earlier membership found later must not make a second seat.
        record = make_rel(seats_on, None, unit, committee, {}, records[0].where, optional=True,
                          shown_ends=("on_behalf_of_id", "organization_id"))
        record.props = props
        seats.append(record)
    return seats


# --- export ------------------------------------------------------------------
def _kind_of(labels: list[str], family: str) -> NodeKind:
    names = [label for label in labels if label != family and label in ontology.NODE_BY_NAME]
    return ontology.NODE_BY_NAME[names[0] if names else family]


def _json_value(prop_type: str, value: Any) -> Any:
    value = to_python(value)
    if prop_type in ("date", "datetime"):
        return format_value(prop_type, value)
    return value


def _entity(kind: NodeKind, props: dict[str, Any], include_personal: bool) -> dict[str, Any]:
    """An area, organisation or person: id, name, other_names, then the kind's other ontology properties."""
    item: dict[str, Any] = {"id": props["id"], "name": props.get("name")}
    if props.get("name_en"):
        item["other_names"] = [{"name": props["name_en"], "lang": "en", "note": "English name"}]
    for prop in kind.props:
        value = props.get(prop.name)
        if value is None or (prop.personal and not include_personal):
            continue
        if prop.name == "phone":
            item["contact_details"] = [{"type": "cell" if kind.name == "Person" else "voice", "value": value}]
        elif prop.name == "id_number":
            item["identifiers"] = [{"scheme": "id_number", "identifier": value}]
        elif prop.name == "founded":
            item["founding_date"] = _json_value(prop.type, value)
        else:
            item[prop.name] = _json_value(prop.type, value)
    return item


def export(driver: Driver, database: str | None = None, *, include_personal: bool = False) -> dict[str, Any]:
    """The graph's areas, organisations, persons and memberships as one Popolo JSON object."""
    serves_in = ontology.REL_BY_TYPE["SERVES_IN"]
    with driver.session(database=database, default_access_mode="READ") as session:
        areas = []
        for record in session.run(queries.query("export_popolo_areas")):
            kind = _kind_of(record["labels"], "Area")
            item = _entity(kind, record["props"], include_personal)
            item["classification"] = kind.name
            if record["parent_id"] is not None:
                item["parent_id"] = record["parent_id"]
            areas.append(item)
        organizations = []
        for record in session.run(queries.query("export_popolo_organizations")):
            kind = _kind_of(record["labels"], "Organization")
            item = _entity(kind, record["props"], include_personal)
            item["classification"] = kind.name
            for key in ("parent_id", "area_id"):
                if record[key] is not None:
                    item[key] = record[key]
            organizations.append(item)
        persons = [_entity(ontology.NODE_BY_NAME["Person"], record["props"], include_personal)
                   for record in session.run(queries.query("export_popolo_persons"))]
        memberships = []
        posts: dict[tuple[str, str], dict[str, Any]] = {}
        for record in session.run(queries.query("export_popolo_memberships")):
            props = record["props"]
            item: dict[str, Any] = {"id": record["id"], "person_id": record["person_id"],
                                    "organization_id": record["organization_id"]}
            for prop in serves_in.all_props:
                value = props.get(prop.name)
                if value is None or (prop.personal and not include_personal):
                    continue
                item["on_behalf_of_id" if prop.name == "on_behalf_of" else prop.name] = _json_value(prop.type, value)
            role = props.get("role")
            if role:
                key = (record["organization_id"], role)
                post = posts.setdefault(key, {"id": f"{key[0]}/{role}", "label": role, "role": role,
                                              "organization_id": key[0]})
                item["post_id"] = post["id"]
            memberships.append(item)
    return {"persons": persons, "organizations": organizations, "memberships": memberships,
            "posts": list(posts.values()), "areas": areas}


def write_export(driver: Driver, database: str | None, out: Path | None, *, include_personal: bool = False) -> str:
    """Popolo JSON text, also written to `out` when given."""
    text = json.dumps(export(driver, database, include_personal=include_personal), ensure_ascii=False, indent=1)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    return text
