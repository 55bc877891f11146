"""Reading local inputs into Documents: .txt, .html, .jsonl, directories and standard input.

:func:`iter_documents` yields, in input order, a :class:`Document` for every document read and an
:class:`IngestError` for every input (or JSONL line) that could not be read, so that one bad input
never stops a batch. Nothing here prints.

Text is decoded from UTF-8 exactly as stored (line endings kept, a leading byte-order mark
dropped): every offset the later stages produce points into ``Document.text``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from watchfloor.config import DEFAULT_MAX_CHARS, parse_published
from watchfloor.errors import (
    ConfigError,
    IngestError,
    InputNotFoundError,
    UnreadableInputError,
)
from watchfloor.records import Document

__all__ = ["SUFFIXES", "decode_text", "iter_documents", "make_document", "read_html_bytes"]

log = logging.getLogger(__name__)

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
"""File suffixes read, and the reader each one gets."""

_SNIFF = 8192
_MIN_HTML_WORDS = 20
"""An HTML page whose main text is shorter than this is a menu or a stub, not an article."""
_JSONL_FIELDS = ("id", "text", "published", "outlet", "url", "title")


def make_document(
    text: str,
    *,
    id: str | None = None,
    origin: str = "<text>",
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: dt.datetime | None = None,
) -> Document:
    """A Document for ``text``; its ``sha256`` is the hash of the UTF-8 text, its ``id`` defaults
    to the first 12 hex digits of that hash."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        id=id or digest[:12],
        sha256=digest,
        origin=origin,
        text=text,
        title=title,
        outlet=outlet,
        url=url,
        published=published,
        retrieved=dt.datetime.now(dt.UTC),
    )


def iter_documents(
    inputs: Iterable[str],
    *,
    published: dt.datetime | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    stdin: BinaryIO | None = None,
) -> Iterator[Document | IngestError]:
    """Every document of ``inputs`` (paths, directories, ``-`` for ``stdin``), or the error that
    kept one from being read. ``published`` is used where an input carries no date."""
    for name in inputs:
        try:
            if name == "-":
                if stdin is None:
                    raise UnreadableInputError("-", "standard input is not available")
                yield from _read_stdin(stdin, published, max_chars)
                continue
            path = Path(name)
            if path.is_dir():
                yield from _read_dir(path, published, max_chars)
            elif path.exists():
                yield from _read_file(path, published, max_chars)
            else:
                raise InputNotFoundError(name, "no such file or directory: check the path")
        except IngestError as exc:
            yield exc
        except OSError as exc:
            yield UnreadableInputError(name, f"cannot be read ({exc.strerror or exc})")


def _read_dir(
    folder: Path, published: dt.datetime | None, max_chars: int
) -> Iterator[Document | IngestError]:
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if not files:
        yield UnreadableInputError(
            str(folder), f"no {', '.join(sorted(SUFFIXES))} files in this directory"
        )
    for path in files:
        try:
            yield from _read_file(path, published, max_chars)
        except IngestError as exc:
            yield exc
        except OSError as exc:
            yield UnreadableInputError(str(path), f"cannot be read ({exc.strerror or exc})")


def _read_file(
    path: Path, published: dt.datetime | None, max_chars: int
) -> Iterator[Document | IngestError]:
    kind = SUFFIXES.get(path.suffix.lower())
    origin = str(path)
    if kind is None:
        raise UnreadableInputError(
            origin,
            f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .html or .jsonl",
        )
    if kind == "jsonl":
        with path.open("rb") as stream:
            yield from _read_jsonl(stream, origin, path.stem, published, max_chars)
        return
    # A text or HTML document is read whole; refuse absurd sizes before decoding them.
    size = path.stat().st_size
    if size > max_chars * 4:  # UTF-8 takes at most 4 bytes a character
        shown = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size:,} bytes"
        raise UnreadableInputError(origin, f"too large ({shown}): {_limit_advice(max_chars)}")
    data = path.read_bytes()
    if kind == "html":
        yield read_html_bytes(
            data, origin=origin, id=path.stem, published=published, max_chars=max_chars
        )
    else:
        text = decode_text(data, origin, max_chars)
        yield make_document(text, id=path.stem, origin=origin, published=published)


def _read_stdin(
    stream: BinaryIO, published: dt.datetime | None, max_chars: int
) -> Iterator[Document | IngestError]:
    data = stream.read(max_chars * 4 + 1)
    if len(data) > max_chars * 4:
        raise UnreadableInputError("-", f"standard input is too large: {_limit_advice(max_chars)}")
    head = data[:_SNIFF].lstrip()
    if head[:1] == b"<":
        yield read_html_bytes(
            data, origin="-", id="stdin", published=published, max_chars=max_chars
        )
    elif head[:1] == b"{":
        yield from _read_jsonl(io.BytesIO(data), "-", "stdin", published, max_chars)
    else:
        yield make_document(
            decode_text(data, "-", max_chars), id="stdin", origin="-", published=published
        )


def decode_text(data: bytes, origin: str, max_chars: int, *, charset: str | None = None) -> str:
    """The text of ``data``, or an UnreadableInputError that says what is wrong with it.

    UTF-8 (a leading byte-order mark dropped) unless ``charset`` names another encoding, as an
    HTTP ``Content-Type`` may; an unknown charset falls back to UTF-8.
    """
    encoding = "utf-8-sig"
    if charset:
        try:
            if codecs.lookup(charset).name != "utf-8":
                encoding = charset
        except LookupError:
            log.debug("%s: unknown charset %r, reading UTF-8", origin, charset)
    if not data.strip():
        raise UnreadableInputError(origin, "empty input: there is no text to read")
    if b"\x00" in data[:_SNIFF]:
        raise UnreadableInputError(
            origin, "looks binary (NUL bytes): give a UTF-8 text, HTML or JSONL file"
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        shown = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise UnreadableInputError(
            origin,
            f"not valid {shown} (byte 0x{data[exc.start]:02x} at offset {exc.start}): "
            "convert it to UTF-8, e.g. with iconv",
        ) from None
    if len(text) > max_chars:
        raise UnreadableInputError(
            origin, f"too long ({len(text):,} characters): {_limit_advice(max_chars)}"
        )
    return text


def _limit_advice(max_chars: int) -> str:
    return f"the limit is {max_chars:,} characters per document; split it or raise --max-chars"


def read_html_bytes(
    data: bytes,
    *,
    origin: str,
    id: str | None = None,
    published: dt.datetime | None = None,
    url: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """The main text and metadata of an HTML page (trafilatura, which gets bytes, never a URL).

    The page's own date wins over ``published``; ``id`` defaults to the text's hash, as in
    :func:`make_document`. Raises UnreadableInputError when the page holds no article text.
    """
    if not data.strip():
        raise UnreadableInputError(origin, "empty input: there is no text to read")
    if b"\x00" in data[:_SNIFF]:
        raise UnreadableInputError(origin, "looks binary (NUL bytes): not an HTML page")
    import trafilatura  # heavy: imported on first HTML input only

    try:
        result = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises assorted lxml/parser errors on broken pages
        raise UnreadableInputError(origin, f"HTML could not be parsed ({exc})") from exc
    meta: dict[str, Any] = {}
    if isinstance(result, dict):
        meta = result
    elif result is not None:
        meta = result.as_dict()
    text = (meta.get("text") or "").strip()
    if len(text.split()) < _MIN_HTML_WORDS:
        raise UnreadableInputError(
            origin,
            f"no article text found in this HTML page ({len(text.split())} words of main text):"
            " is it an article page?",
        )
    if len(text) > max_chars:
        raise UnreadableInputError(
            origin, f"too long ({len(text):,} characters): {_limit_advice(max_chars)}"
        )
    page_date = None
    if meta.get("date"):
        try:
            page_date = parse_published(meta["date"])
        except ConfigError:
            log.debug("%s: ignoring unparseable page date %r", origin, meta["date"])
    return make_document(
        text,
        id=id,
        origin=origin,
        title=meta.get("title") or None,
        outlet=meta.get("sitename") or meta.get("hostname") or None,
        url=url or meta.get("url") or None,
        published=page_date or published,
    )


def _read_jsonl(
    stream: BinaryIO,
    origin: str,
    stem: str,
    published: dt.datetime | None,
    max_chars: int,
) -> Iterator[Document | IngestError]:
    seen_any = False
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        seen_any = True
        where = f"{origin} line {lineno}"
        try:
            yield _jsonl_document(raw, where, f"{stem}:{lineno}", published, max_chars)
        except IngestError as exc:
            yield exc
    if not seen_any:
        yield UnreadableInputError(origin, "empty input: there is no document in this JSONL file")


def _jsonl_document(
    raw: bytes, where: str, fallback_id: str, published: dt.datetime | None, max_chars: int
) -> Document:
    try:
        obj = json.loads(raw)
    except UnicodeDecodeError:
        raise UnreadableInputError(where, "not valid UTF-8: convert the file to UTF-8") from None
    except json.JSONDecodeError as exc:
        raise UnreadableInputError(
            where, f"not valid JSON ({exc.msg} at column {exc.colno}): fix or remove the line"
        ) from None
    if not isinstance(obj, dict):
        raise UnreadableInputError(where, 'not a JSON object: use {"id": ..., "text": ...}')
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise UnreadableInputError(where, 'no "text" field with the document text')
    if len(text) > max_chars:
        raise UnreadableInputError(
            where, f"too long ({len(text):,} characters): {_limit_advice(max_chars)}"
        )
    for key in ("id", "outlet", "url", "title"):
        if obj.get(key) is not None and not isinstance(obj[key], str | int):
            raise UnreadableInputError(where, f'"{key}" must be a string')
    try:
        when = parse_published(obj.get("published"), what=f'"published" of {where}') or published
    except ConfigError as exc:
        raise UnreadableInputError(where, str(exc).split(": ", 1)[-1]) from None
    unknown = sorted(set(obj) - set(_JSONL_FIELDS))
    if unknown:
        log.debug("%s: ignoring fields %s", where, ", ".join(unknown))
    return make_document(
        text,
        id=str(obj["id"]) if obj.get("id") is not None else fallback_id,
        origin=where.rsplit(" line ", 1)[0],
        title=obj.get("title"),
        outlet=obj.get("outlet"),
        url=obj.get("url"),
        published=when,
    )
