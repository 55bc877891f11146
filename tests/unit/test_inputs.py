"""One entry point over every input: list files told from articles, lists nested and looped,
and a batch that keeps going past every bad input. No network: fetching is off here."""

from __future__ import annotations

import io
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchfloor.errors import FetchError, IngestError, InputNotFoundError, UnreadableInputError
from watchfloor.ingest.inputs import MAX_LIST_DEPTH, is_address, iter_inputs, list_file_entries
from watchfloor.records import Document

ARTICLE = "Officials in the invented city of Velmora said on Tuesday that the port would reopen.\n"


def _read(*inputs: str, stdin: bytes | None = None) -> list[Document | IngestError]:
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(iter_inputs(inputs, fetcher=None, stdin=stream))


def _kinds(items: list[Document | IngestError]) -> list[str]:
    return [type(item).__name__ for item in items]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "velmora.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# --- telling a list from an article ---------------------------------------------------------


def test_list_file_names_addresses_and_paths(tmp_path: Path, article: Path) -> None:
    listing = tmp_path / "inputs.txt"
    listing.write_text(
        "# this week's reading\n\n"
        "https://example.test/velmora-port\n"
        "  velmora.txt  \n"  # relative to the list's folder, spaces trimmed
        f"{article}\n"
        "ftp://example.test/old.txt\n",  # an address all the same: refused when read
        encoding="utf-8",
    )
    assert list_file_entries(listing) == (
        "https://example.test/velmora-port",
        str(tmp_path / "velmora.txt"),
        str(article),
        "ftp://example.test/old.txt",
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("article.txt", ARTICLE),
        ("mixed.txt", "https://example.test/a\nOfficials said the port would reopen.\n"),
        ("only-comments.txt", "# nothing here\n\n# still nothing\n"),
        ("empty.txt", ""),
        ("missing-path.txt", "https://example.test/a\nno-such-file.txt\n"),
        ("spaced-address.txt", "https://example.test/a b\n"),
        ("inputs.md", "https://example.test/a\n"),  # not a list suffix
        ("latin1.txt", None),
    ],
)
def test_not_a_list_file(tmp_path: Path, name: str, content: str | None) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes("https://example.test/Séoul\n".encode("latin-1"))
    else:
        path.write_text(content, encoding="utf-8")
    assert list_file_entries(path) is None


def test_list_suffix_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "feeds.list"
    path.write_text("https://example.test/feed.xml\n", encoding="utf-8")
    assert list_file_entries(path) == ("https://example.test/feed.xml",)


def test_article_txt_is_still_read_as_an_article(article: Path) -> None:
    (document,) = _read(str(article))
    assert isinstance(document, Document)
    assert document.text == ARTICLE


words = st.text(alphabet=string.ascii_letters + " ,.'", min_size=1, max_size=60).filter(
    lambda line: line.strip() and not line.strip().startswith("#")
)


@given(lines=st.lists(words, min_size=1, max_size=20))
def test_prose_is_never_a_list(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story-1.txt"  # a name the lines cannot spell
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert list_file_entries(path) is None


slugs = st.text(alphabet=string.ascii_lowercase + string.digits + "-/", min_size=1, max_size=30)


@given(slugs=st.lists(slugs, min_size=1, max_size=20))
def test_a_file_of_addresses_is_a_list_in_order(slugs: list[str]) -> None:
    urls = [f"https://example.test/{slug}" for slug in slugs]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "urls.txt"
        path.write_text("\n".join(urls), encoding="utf-8")
        assert list_file_entries(path) == tuple(urls)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.test/a", True),
        ("HTTP://EXAMPLE.TEST/", True),
        ("ftp://example.test/a", True),
        ("file:///etc/passwd", True),
        ("example.test/a", False),
        ("notes.txt", False),
        ("https://example.test/a b", False),
    ],
)
def test_is_address(text: str, expected: bool) -> None:
    assert is_address(text) is expected


# --- nesting and loops ------------------------------------------------------------------------


def _nested_lists(folder: Path, depth: int, article: Path) -> Path:
    """list1.txt → list2.txt → … → list{depth}.txt → the article; returns list1.txt."""
    target = article
    for level in range(depth, 0, -1):
        listing = folder / f"list{level}.txt"
        listing.write_text(f"{target.name}\n", encoding="utf-8")
        target = listing
    return target


def test_lists_nested_up_to_the_limit_are_read(tmp_path: Path, article: Path) -> None:
    top = _nested_lists(tmp_path, MAX_LIST_DEPTH, article)
    (document,) = _read(str(top))
    assert isinstance(document, Document)
    assert document.text == ARTICLE


def test_lists_nested_past_the_limit_are_refused(tmp_path: Path, article: Path) -> None:
    top = _nested_lists(tmp_path, MAX_LIST_DEPTH + 1, article)
    (error,) = _read(str(top))
    assert isinstance(error, UnreadableInputError)
    assert str(error) == (
        f"{tmp_path / f'list{MAX_LIST_DEPTH + 1}.txt'}: is a list file nested more than "
        f"{MAX_LIST_DEPTH} lists deep: name its inputs in a list higher up"
    )


def test_a_loop_of_lists_is_refused_and_the_rest_is_read(tmp_path: Path, article: Path) -> None:
    (tmp_path / "a.list").write_text("b.list\nvelmora.txt\n", encoding="utf-8")
    (tmp_path / "b.list").write_text("a.list\n", encoding="utf-8")
    loop, document = _read(str(tmp_path / "a.list"))
    assert isinstance(loop, UnreadableInputError)
    assert str(loop) == (
        f"{tmp_path / 'a.list'}: is a list file that names itself (a.list → b.list → a.list): "
        "remove the loop"
    )
    assert isinstance(document, Document)


def test_a_list_naming_itself_is_refused(tmp_path: Path) -> None:
    (tmp_path / "self.txt").write_text("self.txt\n", encoding="utf-8")
    (error,) = _read(str(tmp_path / "self.txt"))
    assert isinstance(error, UnreadableInputError)
    assert "names itself (self.txt → self.txt)" in str(error)


# --- a batch never stops --------------------------------------------------------------------


def test_mixed_good_and_bad_inputs_keep_going(tmp_path: Path, article: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("", encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(ARTICLE + "A second story.\n", encoding="utf-8")
    listing = tmp_path / "reading.txt"
    listing.write_text(
        f"https://example.test/velmora\n{empty.name}\nftp://example.test/x\n{second.name}\n",
        encoding="utf-8",
    )
    items = _read(
        str(article),
        str(tmp_path / "no-such.txt"),
        "https://example.test/port",
        str(listing),
        "-",
        stdin=b"Stdin text: officials said the port would reopen on Friday.\n",
    )
    assert _kinds(items) == [
        "Document",
        "InputNotFoundError",
        "FetchError",
        "FetchError",
        "UnreadableInputError",
        "FetchError",
        "Document",
        "Document",
    ]
    _, missing, off, listed_off, listed_empty, listed_ftp, listed_second, piped = items
    assert isinstance(missing, InputNotFoundError)
    assert isinstance(off, FetchError)
    assert str(off) == (
        "https://example.test/port: is a web address, but fetching is turned off: turn it on, "
        "or save the page and pass the file"
    )
    assert isinstance(listed_off, FetchError)
    assert listed_off.origin == "https://example.test/velmora"
    assert str(listed_empty) == f"{empty}: empty input: there is no text to read"
    assert str(listed_ftp).startswith("ftp://example.test/x: unsupported address scheme 'ftp'")
    assert isinstance(listed_second, Document) and listed_second.id == "second"
    assert isinstance(piped, Document) and piped.origin == "-"
