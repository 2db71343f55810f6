"""A serving process's start-up objects kept out of the garbage collector's way (`gc.freeze`).

A worker builds its schema, its validation rules, the ontology's tables and the driver once; some 220,000
objects live as long as the process. CPython's collector still walks all of them on every full collection,
which it starts whenever the objects that survived since the last one reach a quarter of those already
there: on the demo city a full collection took 120 ms (2026-12-04, this machine), paid by whichever
request happened to allocate at that moment. `gc.freeze()` moves every object tracked so far into a
permanent generation that no collection looks at, so a full collection walks only what requests made.

Reference: the Python documentation of `gc.freeze` ("… ignore them in all the future collections"),
added in Python 3.7 for long-running servers (bpo-31558).

Example, in a server process once it has started (api/app.py's lifespan with `serving=True`)::

    settle()  # gc.get_freeze_count() is now the number of objects alive at start-up
"""
from __future__ import annotations

import gc


def settle() -> None:
    """Collect what start-up left as garbage, then freeze everything alive: call once, when a server process
    has made what it keeps and before it serves (objects made later are collected as usual)."""
    gc.collect()
    gc.freeze()
