"""The arguments the network questions share, and their checks.

A resolver names these aliases in its signature (strawberry reads the
descriptions from the `Annotated` metadata); an argument out of its range is a
BAD_USER_INPUT error naming it.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry

from api.errors import BadArgument


def today() -> dt.date:
    return dt.date.today()


def between(argument: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise BadArgument(f"{argument}: must be between {low:g} and {high:g}, got {value:g}")


def arg(description: str) -> Any:
    return strawberry.argument(description=description)


OrgId = Annotated[strawberry.ID, arg("An Organization id.")]
AreaId = Annotated[strawberry.ID, arg("An Area id (any level: city, district, street, community, compound, grid).")]
OptionalAreaId = Annotated[strawberry.ID | None, arg("Limit to this area and the areas below it; the whole "
                                                     "graph when absent.")]
AsOf = Annotated[dt.date | None, arg("Only ties valid at this date count (default: today).")]
