"""Fetching pages and feeds from a real HTTP server on 127.0.0.1, under the fetch policy.

Nothing here leaves 127.0.0.1: the ``network_jail`` fixture fails any connection to another
address and answers host-name lookups from a table (``*.test`` names), never from DNS.
"""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
import multiprocessing
import shutil
import socket
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import certifi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from watchfloor.errors import FeedError, FetchError, IngestError, UnreadableInputError
from watchfloor.ingest import feeds
from watchfloor.ingest.addresses import blocked_range, parse_network
from watchfloor.ingest.feeds import FeedEntry, looks_like_feed, parse_feed
from watchfloor.ingest.fetch import FetchedPage, Fetcher, FetchPolicy
from watchfloor.ingest.inputs import iter_inputs
from watchfloor.ingest.limits import Inflater
from watchfloor.records import Document

LOOPBACK = parse_network("127.0.0.1/32")
POLICY = FetchPolicy(
    connect_timeout=2.0,
    total_timeout=10.0,
    max_bytes=1024 * 1024,
    allowed_networks=(LOOPBACK,),
)
NAMES = {"newsroom.test": "127.0.0.1"}
"""Host names the jail resolves; every other name fails as if DNS had no answer."""

PARAGRAPHS = (
    "The harbour authority of the invented port city of Velmora said on Thursday that two "
    "cargo ships had been held at anchor for a third day while inspectors checked their "
    "manifests against the sanctions list published last month.",
    "A spokeswoman for the authority, Ilse Marrow, told reporters that the inspections were "
    "routine and that neither crew had been detained, but shipping agents in the city said "
    "the delays were costing the owners thousands of dollars a day.",
    "The transport ministry in the capital declined to comment on the report, saying only "
    "that it would publish a statement once the inspectors had finished their work and the "
    "ships had either sailed or been formally seized by the coast guard.",
)
ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ships held at Velmora</title>"
    '<meta property="og:site_name" content="The Velmora Courier">'
    '<meta property="article:published_time" content="2024-10-22T08:00:00Z"></head>'
    "<body><nav>Home | Port | Weather</nav><article><h1>Ships held at Velmora</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>Invented for tests</footer></body></html>"
).encode()
BARE_HTML = (  # no title, site name or date: a feed entry must fill them in
    "<html><body><div>"
    + "".join(f"<p>{p.replace('Velmora', 'Ostrava Nova')}</p>" for p in PARAGRAPHS)
    + "</div></body></html>"
).encode()
EMPTY_HTML = b"<html><head><title>Menu</title></head><body><nav>Home | About</nav></body></html>"
REDOS_FIELD = "a." * 32_768  # 64 KB: feedparser's e-mail pattern backtracks on it for a minute


def rss(items: list[tuple[str, str, str]], *, author: str = "") -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        + (f"<author>{author}</author>" if author else "")
        + "</item>"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Velmora Wire</title><link>http://example.test/</link>{body}</channel></rss>"
    ).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    seen: list[str]
    bomb: bytes

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that give up (timeouts, refusals) are the point of several tests


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(
        self,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
        length: bool = True,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(b"", status=302, headers={"Location": location})

    def do_GET(self) -> None:
        self.server.seen.append(self.path)
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path.split("?", 1)[0]
        if path == "/article":
            self._send(ARTICLE_HTML)
        elif path == "/bare":
            self._send(BARE_HTML)
        elif path == "/empty":
            self._send(EMPTY_HTML)
        elif path == "/missing":
            self._send(b"gone", status=404)
        elif path == "/broken":
            self._send(b"oops", status=500)
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._redirect("/article" if left <= 1 else f"/hop/{left - 1}")
        elif path == "/to-private":
            self._redirect(f"http://10.0.0.1:{self.server.server_address[1]}/article")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/article")
        elif path == "/image":
            self._send(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
        elif path == "/plain":
            text = " ".join(PARAGRAPHS).replace("Velmora", "Séoul-sur-Mer")
            self._send(text.encode("latin-1"), content_type="text/plain; charset=ISO-8859-1")
        elif path == "/huge":
            self._send(b"news " * 400_000, content_type="text/plain")
        elif path == "/huge-unannounced":  # no Content-Length: only counting can stop it
            self._send(b"news " * 400_000, content_type="text/plain", length=False)
        elif path == "/bomb":
            self._send(self.server.bomb, headers={"Content-Encoding": "gzip"})
        elif path in ("/gzip", "/deflate", "/raw-deflate"):
            raw_deflate = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            encoded = {
                "/gzip": lambda: gzip.compress(ARTICLE_HTML),
                "/deflate": lambda: zlib.compress(ARTICLE_HTML),
                "/raw-deflate": lambda: raw_deflate.compress(ARTICLE_HTML) + raw_deflate.flush(),
            }[path]()
            encoding = "gzip" if path == "/gzip" else "deflate"
            self._send(encoded, headers={"Content-Encoding": encoding})
        elif path == "/slow":
            time.sleep(2.0)
            self._send(ARTICLE_HTML)
        elif path == "/drip":  # each byte inside any read timeout, the whole past the deadline
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(4):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.9)
        elif path == "/drip-headers":  # the same, before the headers are even complete
            self.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n")
            for n in range(4):
                self.wfile.flush()
                time.sleep(0.9)
                self.wfile.write(f"X-Pad-{n}: x\r\n".encode())
            self.wfile.write(b"\r\nnews")
        elif path == "/feed.xml":
            self._send(
                rss(
                    [
                        (
                            "Ships held at Velmora",
                            f"{base}/article",
                            "Tue, 22 Oct 2024 08:00:00 GMT",
                        ),
                        (
                            "Ostrava Nova &lt;b&gt;port&lt;/b&gt; delays",
                            "/bare",
                            "Mon, 21 Oct 2024 06:30:00 +0200",
                        ),
                        ("Not a web page", "javascript:alert(1)", ""),
                        ("Removed story", f"{base}/missing", ""),
                        ("Ships held at Velmora (again)", f"{base}/article", ""),
                    ]
                ),
                content_type="application/rss+xml",
            )
        elif path == "/feed-as-xml":
            self._send(rss([("Ships", f"{base}/article", "")]), content_type="text/xml")
        elif path == "/broken-feed.xml":
            self._send(
                b'<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>x</title><item>'
                b"</channel></rss>",
                content_type="application/rss+xml",
            )
        elif path == "/redos-feed.xml":
            self._send(
                rss([("Ships", f"{base}/article", "")], author=REDOS_FIELD),
                content_type="application/rss+xml",
            )
        else:
            self._send(b"no such page", status=404)


@pytest.fixture(scope="module")
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.seen = []
    httpd.bomb = gzip.compress(b"\x00" * (64 * 1024 * 1024), compresslevel=9)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(autouse=True)
def network_jail(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any TCP connection away from 127.0.0.1; resolve host names from NAMES only."""
    escapes: list[str] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] != "127.0.0.1":
            escapes.append(str(address))
            raise AssertionError(f"a test tried to leave 127.0.0.1: {address}")
        real_connect(self, address)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name in NAMES:
            return real_getaddrinfo(NAMES[name], port, *args, **kwargs)
        try:  # numeric hosts only: never a DNS query
            return real_getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield escapes
    assert escapes == []


def fetch(url: str, policy: FetchPolicy = POLICY) -> FetchedPage:
    with Fetcher(policy) as fetcher:
        return fetcher.fetch(url)


def fetch_error(url: str, policy: FetchPolicy = POLICY) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy)
    error = caught.value
    assert str(error).startswith(f"{url}: ")
    assert "\n" not in str(error)
    return error


def read(*inputs: str, policy: FetchPolicy = POLICY) -> list[Document | IngestError]:
    with Fetcher(policy) as fetcher:
        return list(iter_inputs(inputs, fetcher=fetcher))


# --- pages -----------------------------------------------------------------------------------


def test_article_page_is_fetched_with_its_metadata(base: str) -> None:
    before = dt.datetime.now(dt.UTC)
    page = fetch(f"{base}/article")
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == ARTICLE_HTML
    assert page.peer == "127.0.0.1"
    assert page.url == page.final_url == f"{base}/article"
    assert before <= page.retrieved <= dt.datetime.now(dt.UTC)
    assert (
        repr(page)
        == f"FetchedPage(200 text/html {len(ARTICLE_HTML):,} bytes {base}/article from 127.0.0.1)"
    )


def test_article_page_becomes_a_document(base: str) -> None:
    (document,) = read(f"{base}/article")
    assert isinstance(document, Document)
    assert document.origin == document.url == f"{base}/article"
    assert "held at anchor for a third day" in document.text
    assert "Home | Port" not in document.text
    assert document.title == "Ships held at Velmora"
    assert document.outlet == "The Velmora Courier"
    assert document.published == dt.datetime(2024, 10, 22, tzinfo=dt.UTC)  # to the day
    assert document.retrieved is not None
    assert document.retrieved.tzinfo is not None


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/raw-deflate"])
def test_compressed_page_is_inflated(base: str, path: str) -> None:
    assert fetch(f"{base}{path}").body == ARTICLE_HTML


def test_plain_text_page_is_decoded_with_its_charset(base: str) -> None:
    (document,) = read(f"{base}/plain")
    assert isinstance(document, Document)
    assert document.text.startswith("The harbour authority of the invented port city of Séoul")


def test_page_without_article_text_names_the_address(base: str) -> None:
    (error,) = read(f"{base}/empty")
    assert isinstance(error, UnreadableInputError)
    assert str(error).startswith(f"{base}/empty: no article text found")


# --- refused addresses ---------------------------------------------------------------------------


def test_same_server_is_refused_when_loopback_is_not_allowed(base: str, server: _Server) -> None:
    url = f"{base}/article?probe=literal"
    error = fetch_error(url, FetchPolicy())
    assert error.problem == (
        "is loopback address 127.0.0.1: pass --allow-network 127.0.0.0/8 to fetch it anyway"
    )
    assert "/article?probe=literal" not in server.seen  # refused before connecting


@pytest.mark.parametrize("host", ["newsroom.test", "2130706433"])  # a name; 127.0.0.1 as a number
def test_host_resolving_to_loopback_is_refused_before_the_request(
    server: _Server, host: str
) -> None:
    url = f"http://{host}:{server.server_address[1]}/article?probe={host}"
    error = fetch_error(url, FetchPolicy())
    assert error.problem == (
        f"{host} resolves to loopback address 127.0.0.1: pass --allow-network 127.0.0.0/8 "
        "to fetch it anyway"
    )
    assert f"/article?probe={host}" not in server.seen  # refused once connected, before sending


def test_host_name_in_an_allowed_network_is_fetched(server: _Server) -> None:
    page = fetch(f"http://newsroom.test:{server.server_address[1]}/article")
    assert page.peer == "127.0.0.1"
    assert page.body == ARTICLE_HTML


def test_redirect_to_a_private_address_is_refused(base: str) -> None:
    error = fetch_error(f"{base}/to-private")
    port = base.rsplit(":", 1)[1]
    assert error.problem == (
        f"was redirected to http://10.0.0.1:{port}/article, which is private address 10.0.0.1: "
        "pass --allow-network 10.0.0.0/8 to fetch it anyway"
    )


def test_redirect_to_another_scheme_is_refused(base: str) -> None:
    error = fetch_error(f"{base}/to-ftp")
    assert "was redirected to 'ftp://127.0.0.1/article'" in error.problem


# --- HTTP answers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing", "the server answered 404 Not Found: check the address"),
        (
            "/broken",
            "the server answered 500 Internal Server Error: the site has a problem; try again "
            "later",
        ),
        (
            "/image",
            "has content type image/png, which is not read: watchfloor reads HTML, plain text, "
            "RSS and Atom",
        ),
        (
            "/hop/4",
            "was redirected more than 3 times: the address may loop; open it in a "
            "browser and pass the final address",
        ),
    ],
)
def test_http_failure_is_one_sentence(base: str, path: str, problem: str) -> None:
    assert fetch_error(f"{base}{path}").problem == problem


@pytest.mark.parametrize("hops", [2, 3])
def test_redirects_up_to_the_limit_are_followed(base: str, hops: int) -> None:
    page = fetch(f"{base}/hop/{hops}")
    assert page.url == f"{base}/hop/{hops}"
    assert page.final_url == f"{base}/article"
    assert page.body == ARTICLE_HTML


# --- limits ------------------------------------------------------------------------------------

SMALL = FetchPolicy(
    connect_timeout=2.0, total_timeout=10.0, max_bytes=256 * 1024, allowed_networks=(LOOPBACK,)
)


@pytest.mark.parametrize("path", ["/huge", "/huge-unannounced"])
def test_body_over_the_limit_is_refused(base: str, path: str) -> None:
    error = fetch_error(f"{base}{path}", SMALL)
    assert error.problem == (
        "is larger than 256 KB, the most that is fetched: save the text and pass the file instead"
    )


def test_gzip_bomb_is_refused_without_being_inflated(base: str, server: _Server) -> None:
    assert len(server.bomb) < 256 * 1024  # small on the wire, 64 MB inflated
    tracemalloc.start()
    try:
        error = fetch_error(f"{base}/bomb", SMALL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.problem.startswith("is larger than 256 KB")
    assert peak < 8 * 1024 * 1024  # inflating one 64 KB network chunk at once makes ~64 MB


def test_slow_server_hits_the_total_timeout(base: str) -> None:
    policy = FetchPolicy(total_timeout=0.5, allowed_networks=(LOOPBACK,))
    started = time.monotonic()
    error = fetch_error(f"{base}/slow", policy)
    assert time.monotonic() - started < 1.5
    assert error.problem == (
        "took longer than 0.5 s to fetch: the site is slow or stalled; try again later"
    )


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_dripping_server_is_cut_at_the_deadline(base: str, path: str) -> None:
    # Bytes come every 0.9 s, each within the read timeout: only the deadline can stop it,
    # and it does so at 1 s, not when the next byte happens to arrive (1.8 s).
    policy = FetchPolicy(total_timeout=1.0, allowed_networks=(LOOPBACK,))
    started = time.monotonic()
    error = fetch_error(f"{base}{path}", policy)
    assert time.monotonic() - started < 1.5
    assert error.problem.startswith("took longer than 1 s to fetch")


# --- connection failures -------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_port() -> None:
    port = _closed_port()
    error = fetch_error(f"http://127.0.0.1:{port}/article")
    assert error.problem == (
        f"127.0.0.1 refused the connection on port {port}: the site is down or the address is wrong"
    )


def test_unknown_host_name() -> None:
    error = fetch_error("http://no-such-host.test/article")
    assert error.problem == (
        "the host name 'no-such-host.test' could not be found: check the address"
    )


def test_connect_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    def never_connects(*args: Any, **kwargs: Any) -> socket.socket:
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", never_connects)
    error = fetch_error("http://127.0.0.1:9/article")
    assert error.problem == (
        "127.0.0.1 did not accept a connection within 2 s: the site may be down; try again later"
    )


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("file:///etc/passwd", "file"), ("ftp://127.0.0.1/pub/article.txt", "ftp")],
)
def test_other_schemes_are_refused(url: str, scheme: str) -> None:
    error = fetch_error(url)
    assert error.problem == (
        f"unsupported address scheme {scheme!r}: only http:// and https:// addresses are "
        "fetched; give a local file by its path"
    )


# --- TLS ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The same pages over HTTPS, with a self-signed certificate for 127.0.0.1."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.seen = []
    httpd.bomb = b""
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()


def test_untrusted_certificate_is_refused(tls_server: tuple[str, Path]) -> None:
    base, _ = tls_server
    error = fetch_error(f"{base}/article")
    assert error.problem.startswith("127.0.0.1 has a TLS certificate that cannot be trusted (")
    assert error.problem.endswith("): check the address")


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_trusted_tls_page_and_its_deadline(
    tls_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    # Trust the test certificate as httpx does its bundle; the drip shows that the deadline
    # shuts down the TLS socket too (it replaces the TCP one once the handshake is done).
    base, cert = tls_server
    monkeypatch.setattr(certifi, "where", lambda: str(cert))
    assert fetch(f"{base}/article").body == ARTICLE_HTML
    policy = FetchPolicy(total_timeout=1.0, allowed_networks=(LOOPBACK,))
    started = time.monotonic()
    error = fetch_error(f"{base}{path}", policy)
    assert time.monotonic() - started < 1.5
    assert error.problem.startswith("took longer than 1 s to fetch")


# --- feeds -------------------------------------------------------------------------------------


def test_feed_entries_are_fetched_and_filled_in(base: str) -> None:
    items = read(f"{base}/feed.xml")
    assert [type(item).__name__ for item in items] == ["Document", "Document", "FetchError"]
    article, bare, missing = items
    assert isinstance(article, Document) and isinstance(bare, Document)
    assert article.origin == f"{base}/article"
    assert article.outlet == "The Velmora Courier"  # the page's own metadata wins
    assert article.published == dt.datetime(2024, 10, 22, tzinfo=dt.UTC)  # the page's date
    assert bare.origin == bare.url == f"{base}/bare"  # a relative link, resolved
    assert "Ostrava Nova" in bare.text
    assert bare.title == "Ostrava Nova port delays"  # the entry's title, as plain text
    assert bare.outlet == "Velmora Wire"  # the feed's title
    assert bare.published == dt.datetime(2024, 10, 21, 4, 30, tzinfo=dt.UTC)
    assert str(missing) == f"{base}/missing: the server answered 404 Not Found: check the address"


def test_feed_served_as_plain_xml_is_recognised(base: str) -> None:
    page = fetch(f"{base}/feed-as-xml")
    assert page.content_type == "text/xml"
    assert looks_like_feed(page.content_type, page.body)
    assert not looks_like_feed("text/html", ARTICLE_HTML)
    (document,) = read(f"{base}/feed-as-xml")
    assert isinstance(document, Document)


def test_broken_feed_is_named_with_its_line(base: str) -> None:
    (error,) = read(f"{base}/broken-feed.xml")
    assert isinstance(error, FeedError)
    assert str(error).startswith(f"{base}/broken-feed.xml: is not well-formed XML (line 3): ")


def test_crafted_feed_field_is_capped_and_fast(base: str) -> None:
    started = time.monotonic()
    (document,) = read(f"{base}/redos-feed.xml")
    assert time.monotonic() - started < 5.0
    assert isinstance(document, Document)
    assert document.origin == f"{base}/article"


def test_uncapped_crafted_field_is_killed_at_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without the cap the same field takes feedparser a minute: the worker must be killed.
    monkeypatch.setattr(feeds, "FIELD_CAP", 1_000_000)
    body = rss([("Ships", "http://example.test/a", "")], author=REDOS_FIELD)
    started = time.monotonic()
    with pytest.raises(FeedError) as caught:
        parse_feed(body, origin="crafted.xml", timeout=1.0)
    assert time.monotonic() - started < 3.0
    assert str(caught.value).startswith("crafted.xml: took longer than 1 s to parse")
    assert multiprocessing.active_children() == []


def test_feed_entry_repr() -> None:
    entry = FeedEntry(
        link="https://example.test/a",
        title="Ships held at Velmora for a third day while inspectors check",
        published=dt.datetime(2024, 10, 22, tzinfo=dt.UTC),
    )
    assert repr(entry) == (
        "FeedEntry(https://example.test/a 2024-10-22 'Ships held at Velmora for a third day...')"
    )


field_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=5_000
)


@settings(max_examples=40, deadline=None)
@given(title=field_text, pieces=st.lists(field_text, max_size=8))
def test_capped_feed_fields_never_exceed_the_cap(title: str, pieces: list[str]) -> None:
    description = "".join(f"<b>{escape(p)}</b>{escape(p)}" for p in pieces)
    body = (
        '<rss version="2.0"><channel><title>t</title><item>'
        f"<title>{escape(title)}</title><description>{description}</description>"
        "<link>http://example.test/a</link></item></channel></rss>"
    ).encode()
    root = etree.fromstring(feeds._capped(body, "hypothesis"))
    for field in root.find("channel").find("item"):
        assert len("".join(field.itertext())) <= feeds.FIELD_CAP
    assert root.find("channel/item/link").text == "http://example.test/a"


# --- the address rule and the inflater, as properties ------------------------------------------

ipv4 = st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address)
ipv6 = st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address)
BLOCKED_V4 = [
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "100.64.0.0/10",
        "0.0.0.0/8",
        "224.0.0.0/4",
    )
]


@given(network=st.sampled_from(BLOCKED_V4), offset=st.integers(0, 2**24))
def test_non_public_ipv4_is_refused_unless_allowed(
    network: ipaddress.IPv4Network, offset: int
) -> None:
    address = network[offset % network.num_addresses]
    blocked = blocked_range(address)
    assert blocked is not None
    _, suggested = blocked
    assert address in suggested
    assert blocked_range(address, (suggested,)) is None  # the advice in the message works
    mapped = ipaddress.IPv6Address(f"::ffff:{address}")
    assert blocked_range(mapped) is not None  # no way round it through IPv6


@given(address=st.one_of(ipv4, ipv6))
def test_an_address_passes_exactly_when_it_is_global_or_allowed(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    blocked = blocked_range(address)
    inner = getattr(address, "ipv4_mapped", None) or getattr(address, "sixtofour", None)
    judged = inner or address
    if blocked is None:
        assert judged.is_global and not judged.is_multicast
    else:
        assert blocked_range(address, (blocked[1],)) is None


@given(
    data=st.binary(max_size=20_000),
    chunk=st.integers(1, 5_000),
    limit=st.integers(1, 30_000),
    encoding=st.sampled_from(["identity", "gzip", "deflate", "raw-deflate"]),
)
def test_inflater_never_gives_more_than_room(
    data: bytes, chunk: int, limit: int, encoding: str
) -> None:
    encoders: dict[str, Callable[[bytes], bytes]] = {
        "identity": lambda d: d,
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "raw-deflate": lambda d: (c := zlib.compressobj(wbits=-15)).compress(d) + c.flush(),
    }
    wire = encoders[encoding](data)
    inflater = Inflater("deflate" if encoding == "raw-deflate" else encoding)
    out = b""
    for start in range(0, len(wire), chunk):
        room = limit - len(out) + 1
        piece = inflater.decode(wire[start : start + chunk], room)
        assert len(piece) <= room
        out += piece
        if len(out) > limit:
            break
    assert out == data[: limit + 1] if len(data) > limit else out == data
