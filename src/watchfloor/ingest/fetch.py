"""Fetching web pages and feeds: one guarded HTTP client does every fetch.

A :class:`Fetcher` owns one ``httpx.Client`` and returns a :class:`FetchedPage` (bytes and
metadata, no HTTP object) or raises :class:`FetchError` with one sentence for a person. What it
enforces, per :class:`FetchPolicy`:

* only ``http://`` and ``https://``; TLS certificates verified; no proxy from the environment;
* no fetch from a loopback, private, link-local, carrier-grade NAT, unspecified, multicast or
  reserved address unless the user allowed its network. The address is checked three times: an
  IP literal before connecting, the socket's peer right after the TCP connect (before a byte of
  the request is sent, through httpcore's ``trace`` extension), and the response's
  ``network_stream`` peer before the body is read. Redirects are followed here, one hop at a
  time, so every hop gets the same checks;
* one deadline for the whole fetch, body included: when it passes, the sockets are shut down, so
  a server that drips its body byte by byte cannot hold a fetch past it;
* a cap on the body counted after decompression: gzip and deflate are inflated here, never more
  than one byte past the cap, so a gzip bomb is refused, not inflated;
* only HTML, XHTML, plain text and feed content types.

Trafilatura never gets a URL, only the bytes fetched here (see docs/ingest.md).
"""

from __future__ import annotations

import datetime as dt
import http
import logging
import socket
import ssl
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from ipaddress import IPv4Network, IPv6Network
from types import TracebackType
from typing import Any

import httpx

from watchfloor.errors import ConfigError, FetchError
from watchfloor.ingest.addresses import IPNetwork, parse_address, refusal_problem
from watchfloor.ingest.limits import ENCODINGS, Deadline, Inflater

__all__ = [
    "CONTENT_TYPES",
    "FEED_TYPES",
    "FetchPolicy",
    "FetchedPage",
    "Fetcher",
    "check_url",
]

log = logging.getLogger(__name__)

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
)
"""Content types a feed may be served as (plain XML types included: many feeds use them)."""
CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"}) | FEED_TYPES
"""Every content type fetched; anything else is refused before its body is read."""

_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65_536


@cache
def _default_user_agent() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"watchfloor/{version('watchfloor')}"
    except PackageNotFoundError:
        return "watchfloor"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchPolicy:
    """The limits of every fetch. Times are in seconds; ``max_bytes`` counts the body after
    decompression; ``allowed_networks`` are non-public networks the user lets through."""

    connect_timeout: float = 5.0
    total_timeout: float = 30.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 3
    allowed_networks: tuple[IPNetwork, ...] = ()
    user_agent: str = field(default_factory=_default_user_agent)

    def __post_init__(self) -> None:
        if not self.connect_timeout > 0 or not self.total_timeout > 0:
            raise ConfigError("fetch timeouts must be positive numbers of seconds")
        if self.max_bytes < 1:
            raise ConfigError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.max_redirects < 0:
            raise ConfigError(f"max_redirects must be 0 or more, got {self.max_redirects}")
        for network in self.allowed_networks:
            if not isinstance(network, IPv4Network | IPv6Network):
                raise ConfigError(
                    f"allowed network {network!r} is not an ip network: use parse_network()"
                )


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchedPage:
    """One fetched resource. ``url`` is what was asked for, ``final_url`` where the redirects
    ended; ``content_type`` is the lower-case media type without parameters; ``retrieved`` is
    tz-aware UTC; ``peer`` is the IP address the body came from."""

    url: str
    final_url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    retrieved: dt.datetime
    peer: str

    def __repr__(self) -> str:
        return (
            f"FetchedPage({self.status} {self.content_type} {len(self.body):,} bytes "
            f"{self.final_url} from {self.peer})"
        )


def check_url(url: str) -> httpx.URL:
    """``url`` parsed, or a FetchError when it is not an http(s) address with a host."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"is not a valid web address ({_one_line(exc)}): check it") from exc
    if parsed.scheme not in ("http", "https"):
        shown = parsed.scheme or "(none)"
        raise FetchError(
            url,
            f"unsupported address scheme {shown!r}: only http:// and https:// addresses are "
            "fetched; give a local file by its path",
        )
    if not parsed.host:
        raise FetchError(url, "has no host name: check the address")
    return parsed


class _RefusedPeerError(Exception):
    """Raised inside httpcore when a new connection reaches a refused address."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g} MB"
    if n >= 1024:
        return f"{n / 1024:g} KB"
    return f"{n:,} bytes"


def _status_problem(status: int) -> str:
    try:
        shown = f"{status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        shown = str(status)
    if status in (404, 410):
        return f"the server answered {shown}: check the address"
    if status in (401, 403):
        return (
            f"the server answered {shown}: the page needs a login or refuses automated "
            "readers; save it from a browser and pass the file"
        )
    if status == 429:
        return f"the server answered {shown}: wait a while and try again"
    if 400 <= status < 500:
        return f"the server answered {shown}: check the address"
    if status >= 500:
        return f"the server answered {shown}: the site has a problem; try again later"
    return f"the server answered {shown}, which is not a page: open the address in a browser"


def _one_line(detail: object) -> str:
    """A third-party message on one short line, for inside a sentence."""
    return " ".join(str(detail).split())[:200]


def _cause_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


class Fetcher:
    """The one HTTP client of watchfloor. Use it as a context manager, one per thread.

    ``fetch(url)`` returns a :class:`FetchedPage` or raises :class:`FetchError`.
    """

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            verify=True,
            trust_env=False,
            follow_redirects=False,
            headers={
                "User-Agent": self.policy.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": "gzip, deflate",  # the two decoded here, under the cap
            },
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str) -> FetchedPage:
        """Fetch ``url`` under the policy; see the module docstring for what is refused."""
        target = check_url(url)
        deadline = Deadline(self.policy.total_timeout)
        try:
            for hop in range(self.policy.max_redirects + 1):
                redirected = hop > 0
                self._check_literal(url, target, redirected=redirected)
                with self._open(url, target, deadline, redirected=redirected) as response:
                    peer = self._check_peer(url, target, response, deadline, redirected=redirected)
                    if response.status_code in _REDIRECTS:
                        target = self._redirect_target(url, response)
                        log.debug("%s: redirected to %s", url, target)
                        continue
                    if not 200 <= response.status_code < 300:
                        raise FetchError(url, _status_problem(response.status_code))
                    content_type, charset = self._content_type(url, response)
                    body = self._read_body(url, response, deadline)
                    return FetchedPage(
                        url=url,
                        final_url=str(response.url),
                        status=response.status_code,
                        content_type=content_type,
                        charset=charset,
                        body=body,
                        retrieved=dt.datetime.now(dt.UTC),
                        peer=peer,
                    )
            raise FetchError(
                url,
                f"was redirected more than {self.policy.max_redirects} times: the address may "
                "loop; open it in a browser and pass the final address",
            )
        finally:
            deadline.cancel()
            self._client.cookies.clear()  # cookies live for one fetch and its redirects only

    def _check_literal(self, url: str, target: httpx.URL, *, redirected: bool) -> None:
        if parse_address(target.host) is None:
            return  # a host name: its addresses are checked once connected
        how = f"was redirected to {target}, which is" if redirected else "is"
        problem = refusal_problem(how, target.host, self.policy.allowed_networks)
        if problem is not None:
            raise FetchError(url, problem)

    @contextmanager
    def _open(
        self, url: str, target: httpx.URL, deadline: Deadline, *, redirected: bool
    ) -> Iterator[httpx.Response]:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise self._timed_out(url)
        allowed = self.policy.allowed_networks
        how = _resolves_to(target, redirected=redirected)

        def trace(event: str, info: dict[str, Any]) -> None:
            # A new connection: refuse its peer before the request is written, and hand its
            # socket to the deadline (the TLS socket replaces the TCP one).
            if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                return
            stream = info.get("return_value")
            if stream is None:
                return
            if event == "connection.connect_tcp.complete":
                problem = refusal_problem(how, _peer_address(stream), allowed)
                if problem is not None:
                    stream.close()
                    raise _RefusedPeerError(problem)
            deadline.watch(stream.get_extra_info("socket"))

        request = self._client.build_request(
            "GET",
            target,
            timeout=httpx.Timeout(remaining, connect=min(self.policy.connect_timeout, remaining)),
            extensions={"trace": trace},
        )
        try:
            response = self._client.send(request, stream=True)
        except _RefusedPeerError as exc:
            raise FetchError(url, exc.problem) from None
        except httpx.HTTPError as exc:
            raise self._translate(url, target, exc, deadline) from exc
        try:
            yield response
        finally:
            response.close()

    def _check_peer(
        self,
        url: str,
        target: httpx.URL,
        response: httpx.Response,
        deadline: Deadline,
        *,
        redirected: bool,
    ) -> str:
        stream = response.extensions.get("network_stream")
        if stream is None:
            raise FetchError(url, "the connection did not say which address it reached")
        deadline.watch(stream.get_extra_info("socket"))
        address = _peer_address(stream)
        how = _resolves_to(target, redirected=redirected)
        problem = refusal_problem(how, address, self.policy.allowed_networks)
        if problem is not None:
            raise FetchError(url, problem)
        return address

    def _redirect_target(self, url: str, response: httpx.Response) -> httpx.URL:
        location = response.headers.get("location")
        if not location:
            raise FetchError(url, f"{_status_problem(response.status_code)} (no Location)")
        try:
            target = response.url.join(location)
        except httpx.InvalidURL as exc:
            raise FetchError(
                url, f"was redirected to an invalid address {location[:200]!r}: check it"
            ) from exc
        if target.scheme not in ("http", "https"):
            raise FetchError(
                url,
                f"was redirected to {str(target)[:200]!r}: only http:// and https:// "
                "addresses are fetched",
            )
        return target

    def _content_type(self, url: str, response: httpx.Response) -> tuple[str, str | None]:
        header = response.headers.get("content-type", "")
        media, _, params = header.partition(";")
        media = media.strip().lower()
        if media not in CONTENT_TYPES:
            shown = media[:80] or "(none given)"
            raise FetchError(
                url,
                f"has content type {shown}, which is not read: watchfloor reads HTML, plain "
                "text, RSS and Atom",
            )
        charset = None
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip("\"'").lower()[:40]
        return media, charset

    def _read_body(self, url: str, response: httpx.Response, deadline: Deadline) -> bytes:
        limit = self.policy.max_bytes
        too_large = FetchError(
            url,
            f"is larger than {_human_size(limit)}, the most that is fetched: save the text "
            "and pass the file instead",
        )
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ENCODINGS:
            raise FetchError(
                url, f"is compressed as {encoding[:40]!r}, which is not read: try again later"
            )
        declared = response.headers.get("content-length", "")
        if encoding == "identity" and declared.isdigit() and int(declared) > limit:
            raise too_large
        inflater = Inflater(encoding)
        parts: list[bytes] = []
        total = 0
        try:
            for raw in response.iter_raw(_CHUNK):
                piece = inflater.decode(raw, limit - total + 1)
                total += len(piece)
                if total > limit:
                    raise too_large
                parts.append(piece)
                if deadline.passed():
                    raise self._timed_out(url)
        except zlib.error as exc:
            raise FetchError(
                url, f"sent a broken {encoding} body ({_one_line(exc)}): try again later"
            ) from exc
        except httpx.HTTPError as exc:
            raise self._translate(url, response.url, exc, deadline) from exc
        if deadline.passed():  # the deadline may have cut a body that had no declared length
            raise self._timed_out(url)
        return b"".join(parts)

    def _timed_out(self, url: str) -> FetchError:
        return FetchError(
            url,
            f"took longer than {self.policy.total_timeout:g} s to fetch: the site is slow or "
            "stalled; try again later",
        )

    def _translate(
        self, url: str, target: httpx.URL, exc: httpx.HTTPError, deadline: Deadline
    ) -> FetchError:
        """The FetchError a person reads for an httpx exception."""
        host = target.host
        if isinstance(exc, httpx.ConnectTimeout):
            return FetchError(
                url,
                f"{host} did not accept a connection within {self.policy.connect_timeout:g} s: "
                "the site may be down; try again later",
            )
        if isinstance(exc, httpx.TimeoutException) or deadline.passed():
            return self._timed_out(url)
        for cause in _cause_chain(exc):
            if isinstance(cause, socket.gaierror):
                return FetchError(
                    url, f"the host name {host!r} could not be found: check the address"
                )
            if isinstance(cause, ConnectionRefusedError):
                return FetchError(
                    url,
                    f"{host} refused the connection on port {target.port or 'default'}: the "
                    "site is down or the address is wrong",
                )
            if isinstance(cause, ssl.SSLCertVerificationError):
                return FetchError(
                    url,
                    f"{host} has a TLS certificate that cannot be trusted "
                    f"({_one_line(cause.verify_message)}): check the address",
                )
        if isinstance(exc, httpx.ConnectError):
            return FetchError(
                url, f"{host} could not be reached ({_one_line(exc)}): check the address"
            )
        return FetchError(
            url,
            f"the connection to {host} failed ({type(exc).__name__}: {_one_line(exc)}): "
            "try again later",
        )


def _peer_address(stream: Any) -> str:
    """The IP address a connected httpcore network stream talks to ("" when unknown)."""
    peer = stream.get_extra_info("server_addr")
    if isinstance(peer, tuple) and peer:
        return str(peer[0])
    return ""


def _resolves_to(target: httpx.URL, *, redirected: bool) -> str:
    if redirected:
        return f"was redirected to {target}, whose host {target.host} resolves to"
    return f"{target.host} resolves to"
