"""Ingest: reading files, HTML, JSONL and standard input into :class:`Document` records."""

from watchfloor.ingest.files import SUFFIXES, iter_documents, make_document, read_html_bytes

__all__ = ["SUFFIXES", "iter_documents", "make_document", "read_html_bytes"]
