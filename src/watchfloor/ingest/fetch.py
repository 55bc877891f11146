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
import ipaddress
import logging
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx

from watchfloor.errors import ConfigError, FetchError

__all__ = [
    "CONTENT_TYPES",
    "FEED_TYPES",
    "FetchPolicy",
    "FetchedPage",
    "Fetcher",
    "IPNetwork",
    "blocked_range",
    "check_url",
    "parse_network",
]

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

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


def _networks(*cidrs: str) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(cidr) for cidr in cidrs)


_BLOCKED: tuple[tuple[str, tuple[IPNetwork, ...]], ...] = (
    ("unspecified", _networks("0.0.0.0/8", "::/128")),
    ("loopback", _networks("127.0.0.0/8", "::1/128")),
    ("private", _networks("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
    ("link-local", _networks("169.254.0.0/16", "fe80::/10")),
    ("carrier-grade NAT", _networks("100.64.0.0/10")),
    ("multicast", _networks("224.0.0.0/4", "ff00::/8")),
)
"""The non-public ranges named in messages; other non-global addresses are called reserved."""
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


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
            if not isinstance(network, ipaddress.IPv4Network | ipaddress.IPv6Network):
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


def parse_network(text: str) -> IPNetwork:
    """The network written as ``10.0.0.0/8`` (or a single address), for ``allowed_networks``."""
    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        raise ConfigError(
            f"{text!r} is not an IP network: write it as an address with a prefix length, "
            "e.g. 10.0.0.0/8 or fd00::/8"
        ) from None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address reaches through (IPv4-mapped, 6to4, NAT64), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    return None


def _in_any(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def blocked_range(
    address: IPAddress, allowed: tuple[IPNetwork, ...] = ()
) -> tuple[str, IPNetwork] | None:
    """``None`` when ``address`` may be fetched, else the kind of address ("private",
    "loopback"…) and the network to allow to fetch it anyway.

    Public (global unicast) addresses pass; so does anything inside ``allowed``. An IPv6 address
    that carries an IPv4 one (IPv4-mapped, 6to4, NAT64) is judged by both.
    """
    candidates: list[IPAddress] = [address]
    inner = _embedded_ipv4(address)
    if inner is not None:
        candidates.insert(0, inner)
    if any(_in_any(candidate, allowed) for candidate in candidates):
        return None
    for candidate in candidates:
        for kind, networks in _BLOCKED:
            for net in networks:
                if candidate.version == net.version and candidate in net:
                    return kind, net
        if not candidate.is_global or candidate.is_reserved:
            return "reserved", ipaddress.ip_network(candidate)
    return None


def check_url(url: str) -> httpx.URL:
    """``url`` parsed, or a FetchError when it is not an http(s) address with a host."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"is not a valid web address ({exc}): check it") from exc
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


def _refusal(url: str, how: str, address: str, allowed: tuple[IPNetwork, ...]) -> FetchError:
    """The FetchError for a refused address, or a plain one for an address that is not an IP."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return FetchError(url, f"{how} {address!r}, which is not an IP address: check it")
    blocked = blocked_range(ip, allowed)
    if blocked is None:  # pragma: no cover - callers only build refusals for blocked addresses
        return FetchError(url, f"{how} {ip}, which was refused")
    kind, network = blocked
    return FetchError(
        url, f"{how} {kind} address {ip}: pass --allow-network {network} to fetch it anyway"
    )


class _RefusedPeerError(Exception):
    """Raised inside httpcore when a new connection reaches a refused address."""

    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address


def _shutdown(sock: socket.socket) -> None:
    # socket.socket.shutdown, not SSLSocket.shutdown: the TLS wrapper would drop its state
    # under the reading thread's feet; the plain shutdown just wakes the blocked read.
    with suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Deadline:
    """The time limit of one fetch. When it passes, every socket registered with :meth:`watch`
    is shut down, so that a read blocked on a slow server returns at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._done = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def passed(self) -> bool:
        return self._expired or time.monotonic() >= self._end

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self._expired:
                _shutdown(sock)
            elif not self._done:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self._expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        with self._lock:
            self._done = True
            self._sockets.clear()
        self._timer.cancel()


class _Inflater:
    """Content-Encoding undone chunk by chunk, never producing more than ``room`` bytes."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._pending = b""
        self._inflater: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decode(self, data: bytes, room: int) -> bytes:
        if self.encoding == "identity":
            return data[:room]
        if self._inflater is None:  # deflate: zlib-wrapped or raw, told by its first 2 bytes
            self._pending += data
            if len(self._pending) < 2:
                return b""
            data, self._pending = self._pending, b""
            wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        out: bytes = self._inflater.decompress(data, room)
        return out


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


def _cause_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


class Fetcher:
    """The one HTTP client of watchfloor. Use it as a context manager; share one per thread.

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
        deadline = _Deadline(self.policy.total_timeout)
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
        try:
            ip = ipaddress.ip_address(target.host)
        except ValueError:
            return  # a host name: its addresses are checked once connected
        if blocked_range(ip, self.policy.allowed_networks) is not None:
            how = f"was redirected to {target}, which is" if redirected else "is"
            raise _refusal(url, how, str(ip), self.policy.allowed_networks)

    @contextmanager
    def _open(
        self, url: str, target: httpx.URL, deadline: _Deadline, *, redirected: bool
    ) -> Iterator[httpx.Response]:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise self._timed_out(url)
        allowed = self.policy.allowed_networks

        def trace(event: str, info: dict[str, Any]) -> None:
            # A new connection: refuse its peer before the request is written, and hand its
            # socket to the deadline (the TLS socket replaces the TCP one).
            if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                return
            stream = info.get("return_value")
            if stream is None:
                return
            if event == "connection.connect_tcp.complete":
                address = _peer_address(stream)
                if _address_refused(address, allowed):
                    stream.close()
                    raise _RefusedPeerError(address)
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
            how = _resolves_to(target, redirected=redirected)
            raise _refusal(url, how, exc.address, self.policy.allowed_networks) from None
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
        deadline: _Deadline,
        *,
        redirected: bool,
    ) -> str:
        stream = response.extensions.get("network_stream")
        if stream is None:
            raise FetchError(url, "the connection did not say which address it reached")
        deadline.watch(stream.get_extra_info("socket"))
        address = _peer_address(stream)
        if _address_refused(address, self.policy.allowed_networks):
            how = _resolves_to(target, redirected=redirected)
            raise _refusal(url, how, address, self.policy.allowed_networks)
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

    def _read_body(self, url: str, response: httpx.Response, deadline: _Deadline) -> bytes:
        limit = self.policy.max_bytes
        too_large = FetchError(
            url,
            f"is larger than {_human_size(limit)}, the most that is fetched: save the text "
            "and pass the file instead",
        )
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
            raise FetchError(
                url, f"is compressed as {encoding[:40]!r}, which is not read: try again later"
            )
        declared = response.headers.get("content-length", "")
        if encoding == "identity" and declared.isdigit() and int(declared) > limit:
            raise too_large
        inflater = _Inflater(encoding)
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
                url, f"sent a broken {encoding} body ({exc}): try again later"
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
        self, url: str, target: httpx.URL, exc: httpx.HTTPError, deadline: _Deadline
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
                    f"({cause.verify_message}): check the address",
                )
        if isinstance(exc, httpx.ConnectError):
            return FetchError(url, f"{host} could not be reached ({exc}): check the address")
        return FetchError(
            url, f"the connection to {host} failed ({type(exc).__name__}: {exc}): try again later"
        )


def _address_refused(address: str, allowed: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True
    return blocked_range(ip, allowed) is not None


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
