"""The OpenAPI document checked against the running server: schemathesis generates requests
from it (reads, and writes without a token) and checks every response against it: no server
error, documented status codes and content types, bodies that match their schemas."""

from __future__ import annotations

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.web.conftest import Server


def test_the_api_keeps_its_openapi_promises(server: Server) -> None:
    """Every operation but the event stream, 25 generated cases each (hypothesis drives
    schemathesis directly: its pytest plugin does not run under pytest 9)."""
    schema = schemathesis.openapi.from_url(f"{server.url}/api/v1/openapi.json")
    checked = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path == "/api/v1/events":
            continue

        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(timeout=60)

        check()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert len(checked) >= 15, checked


def test_the_openapi_document_lists_every_resource(server: Server) -> None:
    paths = httpx.get(f"{server.url}/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/stories",
        "/api/v1/stories/{story_id}",
        "/api/v1/claims",
        "/api/v1/claims/{claim_id}",
        "/api/v1/documents",
        "/api/v1/documents/{key}",
        "/api/v1/sources",
        "/api/v1/sources/{key}/reliability",
        "/api/v1/playbooks",
        "/api/v1/playbooks/{name}/assessment",
        "/api/v1/playbooks/{name}/timeline",
        "/api/v1/overflights",
        "/api/v1/ingest",
        "/api/v1/ingest/files",
        "/api/v1/jobs/{job_id}",
        "/api/v1/events",
    ):
        assert path in paths, path
