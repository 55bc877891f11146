"""Reading inputs: every document read, every bad input named with its problem, none lost."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from watchfloor.errors import IngestError, InputNotFoundError, UnreadableInputError
from watchfloor.ingest import iter_documents, make_document
from watchfloor.records import Document

PUBLISHED = dt.datetime(2024, 10, 22, tzinfo=dt.UTC)
ARTICLE = "Officials in Seoul said on Tuesday that talks would resume.\n"
HTML = (
    "<html><head><title>Talks to resume</title>"
    '<meta property="og:site_name" content="The Invented Herald">'
    '<meta property="article:published_time" content="2024-10-20T08:00:00Z"></head>'
    "<body><nav>Home | World</nav><article><h1>Talks to resume</h1>"
    + "<p>Officials in Seoul said on Tuesday that talks with Tokyo would resume next month, "
    "and a spokesman added that no date had been fixed.</p>"
    * 3
    + "</article><footer>© invented</footer></body></html>"
)


def _read(*inputs: str, stdin: bytes | None = None, **kw: object) -> list[Document | IngestError]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(iter_documents(inputs, stdin=stream, **kw))  # type: ignore[arg-type]


def test_text_file_is_read_exactly(tmp_path: Path) -> None:
    path = tmp_path / "seoul-talks.txt"
    path.write_bytes(("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode())
    (doc,) = _read(str(path), published=PUBLISHED)
    assert isinstance(doc, Document)
    assert doc.id == "seoul-talks"
    assert doc.text == ARTICLE.replace("\n", "\r\n")  # line endings kept, BOM dropped
    assert doc.published == PUBLISHED
    assert doc.sha256 == make_document(doc.text).sha256


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "herald.html"
    path.write_text(HTML, encoding="utf-8")
    (doc,) = _read(str(path), published=PUBLISHED)
    assert isinstance(doc, Document)
    assert "talks with Tokyo would resume" in doc.text
    assert "Home | World" not in doc.text
    assert doc.title == "Talks to resume"
    assert doc.outlet == "The Invented Herald"
    assert doc.published == dt.datetime(2024, 10, 20, tzinfo=dt.UTC)  # the page's date wins


def test_jsonl_documents_and_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE, "published": "2024-10-21", "outlet": "X"}),
        "{not json",
        json.dumps({"id": "a3", "text": ""}),
        "",
        json.dumps({"text": ARTICLE + " More.", "title": "t"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(str(path), published=PUBLISHED)
    assert [type(x).__name__ for x in items] == [
        "Document",
        "UnreadableInputError",
        "UnreadableInputError",
        "Document",
    ]
    first, bad_json, no_text, last = items
    assert isinstance(first, Document) and isinstance(last, Document)
    assert first.id == "a1" and first.outlet == "X"
    assert first.published == dt.datetime(2024, 10, 21, tzinfo=dt.UTC)
    assert str(bad_json).startswith(f"{path} line 2: not valid JSON")
    assert str(no_text) == f'{path} line 3: no "text" field with the document text'
    assert last.id == "feed:5" and last.published == PUBLISHED


def test_directory_reads_supported_files_in_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE + "Second.", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text(ARTICLE + "Third.", encoding="utf-8")
    ids = [x.id for x in _read(str(tmp_path)) if isinstance(x, Document)]
    assert ids == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty input: there is no text to read"),
        ("blank.txt", b"  \n\t\n", "empty input: there is no text to read"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "looks binary (NUL bytes)"),
        ("latin1.txt", "Séoul a dit".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 1)"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type '.pdf': use .txt, .html or .jsonl"),
        ("nothing.html", b"<html><body><nav>menu</nav></body></html>", "no article text found"),
        ("empty.jsonl", b"\n\n", "no document in this JSONL file"),
    ],
)
def test_bad_file_is_named_with_its_problem(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    bad, ok = _read(str(path), str(good))
    assert isinstance(bad, UnreadableInputError)
    assert str(bad).startswith(f"{path}: ")
    assert message in str(bad)
    assert "\n" not in str(bad)
    assert isinstance(ok, Document)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Officials said it was fine. " * 750_000)  # 21 MB
    (bad,) = _read(str(path))
    assert isinstance(bad, UnreadableInputError)
    assert "too large (21.0 MB)" in str(bad)
    assert "raise --max-chars" in str(bad)


def test_text_over_the_character_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 30, encoding="utf-8")
    (bad,) = _read(str(path), max_chars=100)
    assert isinstance(bad, UnreadableInputError)
    assert "too long (150 characters)" in str(bad)


def test_missing_path() -> None:
    (bad,) = _read("no/such/file.txt")
    assert isinstance(bad, InputNotFoundError)
    assert str(bad) == "no/such/file.txt: no such file or directory: check the path"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (ARTICLE.encode(), "text"),
        (HTML.encode(), "html"),
        ((json.dumps({"id": "s1", "text": ARTICLE}) + "\n").encode(), "jsonl"),
    ],
)
def test_stdin_formats_are_recognised(data: bytes, kind: str) -> None:
    (doc,) = _read("-", stdin=data, published=PUBLISHED)
    assert isinstance(doc, Document)
    assert doc.origin == "-"
    assert doc.id == {"text": "stdin", "html": "stdin", "jsonl": "s1"}[kind]
    assert "Seoul" in doc.text
