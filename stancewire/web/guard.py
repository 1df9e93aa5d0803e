"""Who may read the web view, and the headers every answer carries.

With a web token set (``STANCEWIRE_WEB_TOKEN`` or ``STANCEWIRE_WEB_TOKEN_FILE``)
every route of the worker's web server, the JSON API, ``/metrics`` and
Faust's own ``/router/`` and ``/table/`` among them, answers 401 unless the
request carries ``Authorization: Bearer <token>``. Only the dashboard's shell
(its HTML, script, style and icon, which hold no data) is served without it:
the page asks for the token once and keeps it in the tab's session storage.
Without a token the worker binds only a loopback address
(:meth:`~stancewire.settings.Settings.check_web_exposure`).
"""

from __future__ import annotations

import hmac

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

#: Paths served without the token: the dashboard's shell, no data in it.
PUBLIC_PATHS = ("/dashboard/", "/dashboard/static/")
#: Headers of every answer, pages and API alike.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

def bearer_header(token: str) -> dict[str, str]:
    """The request header that carries ``token``."""
    return {"Authorization": f"Bearer {token}"}


def guard(token: str | None) -> Middleware:
    """An aiohttp middleware: the token check (when ``token``) and the security headers."""
    expected = f"Bearer {token}".encode() if token else None

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if expected is not None and not _public(request.path) and not hmac.compare_digest(
                request.headers.get("Authorization", "").encode(), expected):
            response: web.StreamResponse = web.json_response(
                {"error": "this web view needs its bearer token (Authorization: Bearer ...)"},
                status=401, headers={"WWW-Authenticate": 'Bearer realm="stancewire"'})
        else:
            response = await handler(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    guarded: Middleware = middleware
    return guarded


def _public(path: str) -> bool:
    return path == PUBLIC_PATHS[0] or path.startswith(PUBLIC_PATHS[1])
