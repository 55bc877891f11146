"""The schema revision this code reads and writes (no imports: the fast path uses it too)."""

HEAD_REVISION = "0002"
"""The newest migration; a test checks it matches the migrations folder."""
