"""One entry point over every kind of input: paths, directories, standard input, web addresses
(pages and feeds) and list files.

:func:`iter_inputs` yields, in input order, a :class:`Document` for every article read and an
:class:`IngestError` for every input that could not be read: one bad input never stops a batch.

* ``http://`` and ``https://`` addresses are fetched by the caller's :class:`Fetcher`. A feed
  becomes its entries, each entry's page fetched under the same rules; an HTML page is read by
  trafilatura (from the fetched bytes); a plain-text page is read as it is.
* A *list file* is a ``.txt`` or ``.list`` file whose every line, apart from blank lines and
  ``#`` comments, is a web address or an existing path (relative paths are taken from the list's
  folder), with at least one such line. Its lines are read as inputs, lists within lists up to
  :data:`MAX_LIST_DEPTH` deep, never in a loop.
* Everything else goes to :func:`watchfloor.ingest.files.iter_documents`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from watchfloor.config import DEFAULT_MAX_CHARS
from watchfloor.errors import FeedError, FetchError, IngestError, UnreadableInputError
from watchfloor.ingest.feeds import FeedEntry, looks_like_feed, parse_feed
from watchfloor.ingest.fetch import FetchedPage, Fetcher, check_url
from watchfloor.ingest.files import decode_text, iter_documents, make_document, read_html_bytes
from watchfloor.records import Document

__all__ = ["LIST_SUFFIXES", "MAX_LIST_DEPTH", "is_address", "iter_inputs", "list_file_entries"]

log = logging.getLogger(__name__)

LIST_SUFFIXES = frozenset({".txt", ".list"})
"""Suffixes of files that may be list files (a ``.txt`` file is a list only if every line is)."""
MAX_LIST_DEPTH = 3
"""How deep list files may name other list files."""

_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")
_MAX_LIST_BYTES = 1_000_000
_MAX_PATH_CHARS = 4096
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def is_address(text: str) -> bool:
    """Whether ``text`` is written as an address with a scheme (``https://…``, ``ftp://…``).

    Only http and https are fetched; other schemes are still addresses, refused with a reason.
    """
    return _ADDRESS.fullmatch(text) is not None


def iter_inputs(
    inputs: Iterable[str],
    *,
    fetcher: Fetcher | None,
    published: dt.datetime | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | IngestError]:
    """Every document of ``inputs`` (addresses, list files, paths, directories, ``-`` for
    ``stdin``), or the error that kept one from being read, in input order.

    ``fetcher`` fetches web addresses; with ``None`` each address yields a FetchError saying
    fetching is off. ``published`` is used where an input carries no date.
    """
    reader = _Reader(fetcher=fetcher, published=published, max_chars=max_chars, stdin=stdin)
    for name in inputs:
        yield from reader.read(name, lists=())


def list_file_entries(path: Path) -> tuple[str, ...] | None:
    """The inputs a list file names, or ``None`` when ``path`` is not a list file.

    Addresses are returned as written, paths resolved against the list's folder. A file that
    cannot be read or decoded as UTF-8 is not a list file (it is then read, and refused, as an
    article).
    """
    if path.suffix.lower() not in LIST_SUFFIXES:
        return None
    try:
        if not path.is_file() or path.stat().st_size > _MAX_LIST_BYTES:
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    entries: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if is_address(line):
            entries.append(line)
            continue
        named = _existing_path(path.parent, line)
        if named is None:
            return None
        entries.append(str(named))
    return tuple(entries) or None


def _existing_path(folder: Path, line: str) -> Path | None:
    if len(line) > _MAX_PATH_CHARS or "\x00" in line or line == "-":
        return None
    candidate = Path(line).expanduser()
    if not candidate.is_absolute():
        candidate = folder / candidate
    try:
        return candidate if candidate.exists() else None
    except (OSError, ValueError):  # a name too long, or not encodable for this file system
        return None


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class _Reader:
    fetcher: Fetcher | None
    published: dt.datetime | None
    max_chars: int
    stdin: BinaryIO | None

    def read(self, name: str, *, lists: tuple[Path, ...]) -> Iterator[Document | IngestError]:
        """One input; ``lists`` are the list files (resolved) that led to it, outermost first."""
        if is_address(name):
            yield from self._address(name)
            return
        if name != "-":
            path = Path(name)
            entries = list_file_entries(path)
            if entries is not None:
                yield from self._list(path, entries, lists)
                return
        yield from iter_documents(
            [name], published=self.published, max_chars=self.max_chars, stdin=self.stdin
        )

    def _list(
        self, path: Path, entries: tuple[str, ...], lists: tuple[Path, ...]
    ) -> Iterator[Document | IngestError]:
        resolved = path.resolve()
        if resolved in lists:
            loop = " → ".join(p.name for p in (*lists[lists.index(resolved) :], resolved))
            yield UnreadableInputError(
                str(path), f"is a list file that names itself ({loop}): remove the loop"
            )
            return
        if len(lists) >= MAX_LIST_DEPTH:
            yield UnreadableInputError(
                str(path),
                f"is a list file nested more than {MAX_LIST_DEPTH} lists deep: name its "
                "inputs in a list higher up",
            )
            return
        log.debug("%s: list file of %d inputs", path, len(entries))
        for entry in entries:
            yield from self.read(entry, lists=(*lists, resolved))

    def _address(self, url: str) -> Iterator[Document | IngestError]:
        try:
            check_url(url)
            if self.fetcher is None:
                raise FetchError(
                    url,
                    "is a web address, but fetching is turned off: turn it on, or save the "
                    "page and pass the file",
                )
            page = self.fetcher.fetch(url)
            if not looks_like_feed(page.content_type, page.body):
                yield self._document(page)
                return
            entries = parse_feed(page.body, origin=url, base_url=page.final_url)
        except IngestError as exc:
            yield exc
            return
        log.info("%s: feed of %d entries", url, len(entries))
        for entry in entries:
            try:
                yield self._entry(self.fetcher, entry)
            except IngestError as exc:
                yield exc

    def _entry(self, fetcher: Fetcher, entry: FeedEntry) -> Document:
        page = fetcher.fetch(entry.link)
        if looks_like_feed(page.content_type, page.body):
            raise FeedError(
                entry.link,
                "is a feed listed as an entry of another feed: give it on its own to read it",
            )
        return self._document(page, entry)

    def _document(self, page: FetchedPage, entry: FeedEntry | None = None) -> Document:
        """The Document of a fetched page; a feed entry fills what the page does not say."""
        origin = page.url
        if page.content_type in _HTML_TYPES:
            document = read_html_bytes(
                page.body, origin=origin, url=page.final_url, max_chars=self.max_chars
            )
        elif page.content_type == "text/plain":
            text = decode_text(page.body, origin, self.max_chars, charset=page.charset)
            document = make_document(text, origin=origin)
        else:
            raise UnreadableInputError(
                origin,
                f"is {page.content_type} but not an RSS or Atom feed: give the address of an "
                "article page or of a feed",
            )
        outlet = document.outlet
        if entry is not None and entry.outlet and _is_host_name(outlet, page.final_url):
            outlet = entry.outlet  # the feed's title beats a bare host name
        return dataclasses.replace(
            document,
            origin=origin,
            url=page.final_url,
            title=document.title or (entry.title if entry else None),
            outlet=outlet or (entry.outlet if entry else None),
            published=document.published or (entry.published if entry else None) or self.published,
            retrieved=page.retrieved,
        )


def _is_host_name(outlet: str | None, url: str) -> bool:
    """Whether ``outlet`` is missing or only the host of ``url`` (trafilatura's fallback)."""
    if not outlet:
        return True
    parts = urlsplit(url)
    hosts = {parts.netloc.lower(), (parts.hostname or "").lower()}
    return outlet.lower().removeprefix("www.") in {h.removeprefix("www.") for h in hosts}
