"""Reading RSS and Atom feeds, which are hostile input, into :class:`FeedEntry` records.

feedparser 6.0.14 has an open regular-expression denial of service: the e-mail pattern it runs
over every author field backtracks super-linearly, so one crafted 64 KB field costs tens of
seconds of CPU. Two defences, in this order:

1. **Cap first.** The raw bytes are parsed with lxml (no entities, no network, no huge trees),
   every text, tail and attribute value is cut to :data:`FIELD_CAP` characters, every field of
   the channel and of each entry is held to :data:`FIELD_CAP` characters in total (so a field
   cannot be rebuilt from many small pieces), the entries are cut to :data:`MAX_ENTRIES`, and the
   tree is serialised again without its DOCTYPE. Broken XML stops here with a FeedError.
2. **Then parse with a time limit.** feedparser runs in a worker process (forkserver, or spawn
   where fork servers do not exist: both safe in a threaded program) that is killed when the
   time limit passes; a regular expression cannot be interrupted inside one process.

Only what watchfloor uses leaves the worker: each entry's link, title and date, and the feed's
title. Links must be http(s); titles are stored as plain text.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import multiprocessing
from contextlib import suppress
from dataclasses import dataclass
from html.parser import HTMLParser
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from watchfloor.errors import FeedError

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext

__all__ = ["FIELD_CAP", "MAX_ENTRIES", "FeedEntry", "looks_like_feed", "parse_feed"]

log = logging.getLogger(__name__)

FIELD_CAP = 2_000
"""Characters kept of any one feed field: article links and titles are far shorter."""
MAX_ENTRIES = 500
"""Entries read from one feed; the rest are dropped (a news feed lists tens)."""

_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_FEED_MEDIA = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_ENTRY_TAGS = frozenset({"item", "entry"})
_SNIFF = 65_536
_TITLE_BREAKS = frozenset({"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td"})


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEntry:
    """One entry of a feed: its article ``link`` (http or https), its ``title`` as plain text,
    ``published`` (tz-aware UTC) and ``outlet`` (the feed's own title), each ``None`` when the
    feed does not give it."""

    link: str
    title: str | None = None
    published: dt.datetime | None = None
    outlet: str | None = None

    def __repr__(self) -> str:
        date = self.published.date().isoformat() if self.published else "undated"
        title = self.title or ""
        title = title if len(title) <= 40 else title[:37] + "..."
        return f"FeedEntry({self.link} {date} {title!r})"


def looks_like_feed(content_type: str, body: bytes) -> bool:
    """Whether a fetched resource is a feed: an RSS, Atom or RDF content type, or XML whose root
    element is ``rss``, ``feed`` or ``RDF`` (many feeds are served as plain XML or text)."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in _FEED_MEDIA:
        return True
    return _root_name(body) in _FEED_ROOTS


def _root_name(body: bytes) -> str | None:
    """The local name of the first element of ``body``, read from its first 64 KB only."""
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    with suppress(etree.XMLSyntaxError):  # events before an error are kept
        parser.feed(body[:_SNIFF])
    for _event, element in parser.read_events():
        return str(etree.QName(element).localname)
    return None


def parse_feed(
    body: bytes, *, origin: str, timeout: float = 10.0, base_url: str | None = None
) -> tuple[FeedEntry, ...]:
    """The entries of a feed with an http(s) link, in feed order, without repeated links.

    ``origin`` names the feed in errors; relative links are resolved against ``base_url``
    (default: ``origin`` when it is a web address). Raises FeedError when the XML is broken,
    when parsing takes longer than ``timeout`` seconds, or when no entry has a usable link.
    """
    if base_url is None and urlsplit(origin).scheme in ("http", "https"):
        base_url = origin
    capped = _capped(body, origin)
    raw = _run_feedparser(capped, base_url, origin, timeout)
    outlet = _plain(*raw["outlet"])
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    skipped = 0
    for link, title, title_type, when in raw["entries"]:
        url = urljoin(base_url or "", link.strip()) if isinstance(link, str) else ""
        if urlsplit(url).scheme.lower() not in ("http", "https") or not urlsplit(url).netloc:
            skipped += 1
            continue
        if url in seen:
            continue
        seen.add(url)
        entries.append(
            FeedEntry(
                link=url, title=_plain(title, title_type), published=_utc(when), outlet=outlet
            )
        )
    if skipped:
        log.info("%s: skipped %d entries without an http(s) link", origin, skipped)
    if not entries:
        raise FeedError(
            origin,
            f"lists no entries with an http(s) link ({len(raw['entries'])} entries read): "
            "check that this is the feed you meant",
        )
    return tuple(entries)


def _capped(body: bytes, origin: str) -> bytes:
    """``body`` parsed safely, every field cut to FIELD_CAP, entries cut to MAX_ENTRIES."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(
            origin,
            f"is not well-formed XML (line {exc.lineno}): {exc.msg}; the feed is broken, so "
            "pass its article addresses instead",
        ) from exc
    name = etree.QName(root).localname
    if name not in _FEED_ROOTS:
        raise FeedError(
            origin, f"is XML but not an RSS or Atom feed (its root element is <{name[:40]}>)"
        )
    for node in list(root.iter(etree.Entity)):  # unexpanded entities: drop, keep their tail
        _remove_keeping_tail(node)
    containers = [root, *(c for c in root if _local(c) == "channel")]
    entries = [c for container in containers for c in container if _local(c) in _ENTRY_TAGS]
    if len(entries) > MAX_ENTRIES:
        log.warning("%s: %d entries; reading the first %d", origin, len(entries), MAX_ENTRIES)
        for extra in entries[MAX_ENTRIES:]:
            parent = extra.getparent()
            if parent is not None:
                parent.remove(extra)
        entries = entries[:MAX_ENTRIES]
    cap = FIELD_CAP
    for node in root.iter():
        _cut_node(node, cap)
    for holder in [*containers, *entries]:
        for child in holder:
            if isinstance(child.tag, str) and _local(child) not in _ENTRY_TAGS | {"channel"}:
                _cap_field(child, cap)
    out: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    return out


def _local(element: Any) -> str:
    if not isinstance(element.tag, str):
        return ""
    return str(etree.QName(element).localname)


def _remove_keeping_tail(node: Any) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _cut_node(node: Any, cap: int) -> None:
    """Cut one node's own text, tail and attribute values to ``cap`` characters each."""
    if isinstance(node.tag, str):
        if node.text and len(node.text) > cap:
            node.text = node.text[:cap]
        for key, value in node.attrib.items():
            if len(value) > cap:
                node.set(key, value[:cap])
    if node.tail and len(node.tail) > cap:
        node.tail = node.tail[:cap]


def _cap_field(field: Any, cap: int) -> None:
    """Hold a field's whole subtree (texts, attribute values, tails inside it) to ``cap``
    characters: what comes after the budget is spent is cut or removed."""
    budget = cap

    def spend(text: str) -> str:
        nonlocal budget
        kept = text[: max(budget, 0)]
        budget -= len(kept)
        return kept

    for node in list(field.iter()):
        parent = node.getparent()
        if budget <= 0 and node is not field:
            if parent is not None:
                parent.remove(node)
            continue
        if isinstance(node.tag, str):
            for key, value in node.attrib.items():
                node.set(key, spend(value))
            if node.text:
                node.text = spend(node.text)
        if node is not field and node.tail:
            node.tail = spend(node.tail)


def _run_feedparser(
    data: bytes, base_url: str | None, origin: str, timeout: float
) -> dict[str, Any]:
    """feedparser's reading of ``data`` in a worker process killed after ``timeout`` seconds."""
    # A fork server (or a fresh interpreter where there is none) is safe in a threaded program.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context: ForkServerContext | SpawnContext = multiprocessing.get_context("forkserver")
    else:
        context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_feedparser_worker, args=(data, base_url, sender), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            worker.kill()
            raise FeedError(
                origin,
                f"took longer than {timeout:g} s to parse, so parsing was stopped: the feed is "
                "too large or crafted to be slow; pass its article addresses instead",
            )
        try:
            status, payload = receiver.recv()
        except EOFError:
            worker.join(timeout=1.0)
            raise FeedError(
                origin,
                f"the feed parser stopped unexpectedly (exit code {worker.exitcode}): the "
                "feed may be too large; pass its article addresses instead",
            ) from None
    finally:
        receiver.close()
        worker.join(timeout=1.0)
        if worker.is_alive():
            worker.kill()
            worker.join()
        worker.close()
    if status != "ok":
        raise FeedError(origin, f"could not be parsed ({payload}): check that it is a feed")
    result: dict[str, Any] = payload
    return result


def _feedparser_worker(data: bytes, base_url: str | None, conn: Connection) -> None:
    """Runs in the worker process: plain tuples out, never a feedparser object."""
    try:
        import feedparser

        headers = {"content-location": base_url} if base_url else None
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
        feed = parsed.get("feed") or {}
        entries = []
        for entry in parsed.get("entries") or ():
            when = entry.get("published_parsed") or entry.get("updated_parsed")
            entries.append(
                (
                    entry.get("link"),
                    entry.get("title"),
                    (entry.get("title_detail") or {}).get("type"),
                    tuple(when)[:6] if when else None,
                )
            )
        outlet = (feed.get("title"), (feed.get("title_detail") or {}).get("type"))
        conn.send(("ok", {"outlet": outlet, "entries": entries}))
    except Exception as exc:  # anything feedparser raises becomes one line for the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


class _PlainText(HTMLParser):
    """The text of an HTML fragment: tags dropped, script and style dropped with their text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        elif tag in _TITLE_BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        elif tag in _TITLE_BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _plain(value: object, kind: object) -> str | None:
    """A feed text as plain text: HTML types lose their tags, plain text is kept as written."""
    if not isinstance(value, str):
        return None
    text = value
    if kind in ("text/html", "application/xhtml+xml"):
        reader = _PlainText()
        reader.feed(value)
        reader.close()
        text = "".join(reader.parts)
    text = " ".join(text.split())
    return text or None


def _utc(when: object) -> dt.datetime | None:
    """feedparser's UTC time tuple as a tz-aware datetime, or None."""
    if not isinstance(when, tuple) or len(when) < 6:
        return None
    try:
        year, month, day, hour, minute, second = (int(x) for x in when[:6])
        return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None
