"""A serving process freezes its start-up objects out of the garbage collector's walks; an app made and dropped
(as in tests, or the bench's in-process runs) leaves the collector alone (api/heap.py)."""
from __future__ import annotations

import subprocess
import sys

from graph.store.settings import Connection

STARTED = """
import asyncio, gc, sys
from api.app import create_app
from api.auth import Authenticator

app = create_app(authenticator=Authenticator(no_auth=True), serving=sys.argv[1] == "serving")

async def main():
    async with app.router.lifespan_context(app):
        print(gc.get_freeze_count())
        gc.collect()
        print(len(gc.get_objects()))

asyncio.run(main())
"""


def _started(how: str) -> tuple[int, int]:
    """(objects frozen, objects a full collection still walks) in a fresh process once its app has started."""
    done = subprocess.run([sys.executable, "-c", STARTED, how], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frozen, walked = done.stdout.split()
    return int(frozen), int(walked)


def test_a_serving_app_freezes_what_it_made_at_start_up_and_a_dropped_app_does_not(neo4j_conn: Connection) -> None:
    frozen, walked = _started("serving")
    plain_frozen, plain_walked = _started("dropped")
    assert plain_frozen == 0
    assert frozen > 100_000  # the schema, the rules, the ontology's tables, the driver
    assert walked < plain_walked / 10  # a full collection walks only what came after the start
