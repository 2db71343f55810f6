"""The explorer and GraphiQL, served offline from the bundle `make install` builds (explorer/ → api/explorer_dist/).

`/` is the explorer's page, `/explorer/<file>` its scripts, styles and workers, and a browser's GET of
`/graphql` gets GraphiQL from the same bundle: nothing comes from a CDN, and every HTML page carries a
Content-Security-Policy that lets it load and ask nothing from any other host. A server whose bundle was not
built answers both pages with one saying how to build it (never a blank page or a 500).
"""
from __future__ import annotations

import html
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response

DIST = Path(__file__).with_name("explorer_dist")
# blob: workers are made from the page's own code (ForceAtlas2's layout worker); they fetch nothing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; child-src 'self' blob:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
BUILD_HINT = ("cd explorer && npm ci && npm run build", "make install")
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".map": "application/json",
         ".json": "application/json", ".woff2": "font/woff2", ".svg": "image/svg+xml", ".png": "image/png"}


def built(page: str = "index.html") -> bool:
    return (DIST / page).is_file()


def not_built_page(what: str) -> HTMLResponse:
    commands = "".join(f"<pre>{html.escape(c)}</pre>" for c in BUILD_HINT)
    body = (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>govgraph: {html.escape(what)} "
            f"not built</title></head><body>"
            f"<h1>govgraph — {html.escape(what)} 未构建 / not built</h1>"
            f"<p>This server has no bundle in <code>{html.escape(str(DIST))}</code>. Build it (Node 20 and npm; "
            f"nothing is fetched when the page runs) from the repository with either of:</p>{commands}"
            f"<p>then reload. The GraphQL API itself works: POST queries to <code>/graphql</code>.</p>"
            f"</body></html>")
    return HTMLResponse(body, status_code=503, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store"})


def page(name: str, what: str) -> HTMLResponse:
    if not built(name):
        return not_built_page(what)
    return HTMLResponse((DIST / name).read_text(encoding="utf-8"),
                        headers={"Content-Security-Policy": CSP, "Cache-Control": "no-cache"})


def graphiql_page() -> HTMLResponse:
    return page("graphiql.html", "GraphiQL")


def mount(app: FastAPI) -> None:
    """The explorer at `/` and its files at `/explorer/…` (every page carries its own CSP; api/guard.py's
    SecurityHeaders adds the other security headers to every answer)."""

    @app.get("/", include_in_schema=False)
    async def explorer_index() -> HTMLResponse:
        return page("index.html", "explorer")

    @app.get("/explorer/{name:path}", include_in_schema=False)
    async def explorer_file(name: str) -> Response:
        root = DIST.resolve()
        try:
            path = (DIST / name).resolve()
            found = path.is_relative_to(root) and path.is_file()
        except (ValueError, OSError):  # a NUL byte, a name too long: not a file of ours either
            found = False
        if not found:
            return Response("not found", status_code=404, media_type="text/plain")
        media = TYPES.get(path.suffix, "application/octet-stream")
        return FileResponse(path, media_type=media, headers={"Cache-Control": "no-cache"})


def addresses(host: str, port: int) -> str:
    """What `govgraph serve` and `govgraph demo` print first: the explorer's address, then the API's."""
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    note = "" if built() else " (not built yet: make install)"
    return f"explorer at {where}/{note}; GraphQL (GraphiQL) at {where}/graphql, health at {where}/healthz"
