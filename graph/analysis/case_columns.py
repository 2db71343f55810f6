"""Residents' cases column-wise: what `cypher/service_level_cases.cypher` answers, as NumPy arrays.

The query returns one row holding a list per column (and the areas and handlers once each, not once per
case), so a city's cases cross the wire and reach the arithmetic of `graph/analysis/service_levels.py`
without a Python object per case:

    record = driver.execute_query(queries.query("service_level_cases"), areaId=None, **{"from": None, "to": None})
    cases = Cases.from_record(record.records[0])
    cases.times["accepted"]          # float64 epoch seconds, NaN where not reached
    cases.codes("street")            # (an int code per case, the groups' ids, their names)
    cases.row(17)                    # one case as a dict, for a supervision list's line

`Cases.from_rows` builds the same from rows as dicts (one per case, with the keys `row` gives back), for
hand-made cases and tests.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

TIMES = ("reported", "accepted", "handled", "closed")
# What each area-based grouping reads from an area: (the area's key of the group's id, of its name).
AREA_KEYS = {"street": ("streetId", "streetName"), "community": ("communityId", "communityName"),
             "grid": ("gridId", "gridName")}
CASE_KEYS = ("category", "source")  # groupings by one of the case's own values (id and name are the value)
AREA_FIELDS = ("streetId", "streetName", "communityId", "communityName", "gridId", "gridName")


@dataclass(frozen=True)
class Cases:
    ids: list[str]
    names: list[str | None]
    category: list[str | None]
    source: list[str | None]
    satisfaction: list[str | None]
    times: dict[str, np.ndarray]  # TIMES → float64 epoch seconds, NaN where not reached
    area: np.ndarray  # int64 index into `areas` per case (-1: none known)
    areas: list[Mapping[str, Any]]  # {id, streetId, streetName, communityId, communityName, gridId, gridName}
    handler: list[str | None]  # the handling organisation's id per case
    handlers: Mapping[str, Mapping[str, Any]]  # id → {id, name, department}
    departments: list[str | None]  # the responsible department per case (its handler's)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Cases:
        """From service_level_cases.cypher's one row."""
        handlers = {h["id"]: h for h in record["handlers"]}
        department = {h["id"]: h["department"] for h in record["handlers"]}
        return cls(ids=list(record["id"]), names=list(record["name"]), category=list(record["category"]),
                   source=list(record["source"]), satisfaction=list(record["satisfaction"]),
                   times={k: np.asarray(record[k], dtype=float) for k in TIMES},
                   area=np.asarray(record["area"], dtype=np.int64), areas=list(record["areas"]),
                   handler=list(record["handler"]), handlers=handlers,
                   departments=[department.get(h) for h in record["handler"]])  # type: ignore[arg-type]

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]]) -> Cases:
        """From one dict per case, keyed as `row` answers (keys left out are null)."""
        areas: dict[tuple[Any, ...], int] = {}
        handlers: dict[str, Mapping[str, Any]] = {}
        area = []
        for r in rows:
            key = (r.get("areaId"),) + tuple(r.get(k) for k in AREA_FIELDS)
            area.append(areas.setdefault(key, len(areas)))
            if r.get("handlerId") is not None:
                handlers.setdefault(r["handlerId"], {"id": r["handlerId"], "name": r.get("handlerName"),
                                                     "department": r.get("department")})
        return cls(ids=[r.get("id") for r in rows], names=[r.get("name") for r in rows],  # type: ignore[misc]
                   category=[r.get("category") for r in rows], source=[r.get("source") for r in rows],
                   satisfaction=[r.get("satisfaction") for r in rows],
                   times={k: np.array([np.nan if r.get(k) is None else float(r[k]) for r in rows], dtype=float)
                          for k in TIMES},
                   area=np.array(area, dtype=np.int64),
                   areas=[dict(zip(("id",) + AREA_FIELDS, key)) for key in areas],
                   handler=[r.get("handlerId") for r in rows], handlers=handlers,
                   departments=[r.get("department") for r in rows])

    def department(self, i: int) -> str | None:
        return self.departments[i]

    def row(self, i: int) -> dict[str, Any]:
        """Case `i` as one dict: id, name, category, source, satisfaction, the four times (epoch seconds or
        None), areaId and its street, community and grid, handlerId, handlerName, department."""
        place = self.areas[self.area[i]] if self.area[i] >= 0 else {}
        handler = self.handlers.get(self.handler[i]) or {} if self.handler[i] is not None else {}
        out: dict[str, Any] = {"id": self.ids[i], "name": self.names[i], "category": self.category[i],
                               "source": self.source[i], "satisfaction": self.satisfaction[i]}
        for k in TIMES:
            value = self.times[k][i]
            out[k] = None if np.isnan(value) else float(value)
        out["areaId"] = place.get("id")
        out.update({k: place.get(k) for k in AREA_FIELDS})
        out.update(handlerId=self.handler[i], handlerName=handler.get("name"), department=self.departments[i])
        return out

    def codes(self, group_by: str) -> tuple[np.ndarray, list[str | None], list[str | None]]:
        """Each case's group under `group_by` (street, community, grid, department, handler, category,
        source) as an int code, and each code's group id and name; cases in no such group share the code of
        the id None."""
        if group_by in AREA_KEYS:
            id_key, name_key = AREA_KEYS[group_by]
            per_area = [(a.get(id_key), a.get(name_key)) for a in self.areas]
            return _encode_via(self.area, per_area)
        if group_by == "handler":
            values = [(h, (self.handlers.get(h) or {}).get("name") if h is not None else None) for h in self.handler]
        elif group_by == "department":
            values = [(d, d) for d in self.departments]
        elif group_by in CASE_KEYS:
            values = [(v, v) for v in getattr(self, group_by)]
        else:
            raise KeyError(group_by)
        return _encode(values)


def _encode(values: Sequence[tuple[str | None, str | None]]) -> tuple[np.ndarray, list[str | None], list[str | None]]:
    """(id, name) per case → a code per case, and the id and name of each code (the first name met)."""
    index: dict[str | None, int] = {}
    names: list[str | None] = []
    codes = np.empty(len(values), dtype=np.int64)
    for i, (key, name) in enumerate(values):
        code = index.get(key)
        if code is None:
            code = index[key] = len(names)
            names.append(name)
        codes[i] = code
    return codes, list(index), names


def _encode_via(area: np.ndarray, per_area: Sequence[tuple[str | None, str | None]]
                ) -> tuple[np.ndarray, list[str | None], list[str | None]]:
    """Like `_encode`, through each case's area: the areas are encoded once, the cases by array indexing."""
    area_codes, keys, names = _encode(list(per_area) + [(None, None)])  # the last stands for "no area known"
    return area_codes[np.where(area >= 0, area, len(per_area))], keys, names
