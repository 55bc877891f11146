"""What keeps the web face safe: headers on every response, cross-site writes refused, tokens.

- Every response carries a Content-Security-Policy that allows scripts, styles and images from
  the server only (no inline script, ``object-src 'none'``, ``base-uri 'none'``,
  ``frame-ancestors 'none'``), ``X-Content-Type-Options: nosniff``, ``Referrer-Policy:
  no-referrer``; article text reaches pages only through autoescaped templates.
- A write (POST, PUT, PATCH, DELETE) whose ``Origin`` is another site, or that the browser marks
  ``Sec-Fetch-Site: cross-site``, is refused before any route runs.
- A write needs an API token in ``Authorization: Bearer``. Tokens are never cookies, so a forged
  form on another site cannot carry one; the pages keep the analyst's token in the tab's
  ``sessionStorage`` and send it with ``fetch``.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CSP", "SecurityMiddleware", "bearer_token"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)

_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _same_origin(scope: Scope, origin: str) -> bool:
    host = _header(scope, b"host")
    if origin == "null" or host is None:
        return False
    scheme = scope.get("scheme", "http")
    return origin.rstrip("/").lower() == f"{scheme}://{host}".lower()


class SecurityMiddleware:
    """Adds the security headers to every response and refuses cross-site writes (pure ASGI,
    so that streaming responses such as server-sent events are not buffered)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in _UNSAFE and self._cross_site(scope):
            await _refuse(send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)

    @staticmethod
    def _cross_site(scope: Scope) -> bool:
        if _header(scope, b"sec-fetch-site") == "cross-site":
            return True
        origin = _header(scope, b"origin")
        return origin is not None and not _same_origin(scope, origin)


async def _refuse(send: Send) -> None:
    body = b'{"error": "cross-site request refused"}'
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *_HEADERS,
    ]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def bearer_token(headers: Any) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or ``None``."""
    value = headers.get("authorization")
    if not value:
        return None
    scheme, _, token = str(value).partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None
