"""The dashboard page ``/dashboard/`` and its static assets (no front-end build).

The page polls the JSON API once a second and builds its DOM with
``textContent`` only. A strict Content-Security-Policy (scripts and styles
from this origin only, no inline script, no eval; :mod:`stancewire.web.guard`)
backs that up: even a string that slipped into markup could not run.
"""

from __future__ import annotations

from importlib.resources import files

import faust
from faust.web import Request, Response

from stancewire.app import app
from stancewire.web.guard import SECURITY_HEADERS

#: The files under ``static/`` the page needs, with their content types.
ASSETS = {
    "index.html": "text/html",
    "dashboard.js": "text/javascript",
    "charts.js": "text/javascript",
    "dashboard.css": "text/css",
    "favicon.svg": "image/svg+xml",
}
PAGE_HEADERS = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}


def asset(name: str) -> bytes:
    """The bytes of one static asset of the page."""
    return files("stancewire.web").joinpath("static", name).read_bytes()


@app.page("/dashboard/")
class Dashboard(faust.web.View):
    """The page itself."""

    async def get(self, request: Request) -> Response:
        return _asset_response(self, "index.html")


@app.page("/dashboard/static/{name}")
class DashboardAsset(faust.web.View):
    """One of :data:`ASSETS`; any other name is 404 (no path reaches the file system)."""

    async def get(self, request: Request, name: str) -> Response:
        if name not in ASSETS:
            return self.json({"error": "not found"}, status=404)
        return _asset_response(self, name)


def _asset_response(view: faust.web.View, name: str) -> Response:
    return view.bytes(asset(name), content_type=ASSETS[name], headers=dict(PAGE_HEADERS))
