"""The JSON API and the security layer against the real server (httpx over 127.0.0.1)."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import Server, wait_for_job

SEED_DOC = "seed-article"


def _auth(server: Server) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token}"}


def test_stories_are_paginated_and_each_reads_whole(client: httpx.Client) -> None:
    first = client.get("/api/v1/stories", params={"limit": 2}).json()
    second = client.get("/api/v1/stories", params={"limit": 2, "offset": 2}).json()
    assert len(first["items"]) == 2 and first["has_more"] is True
    assert {s["id"] for s in first["items"]}.isdisjoint({s["id"] for s in second["items"]})
    story = client.get(f"/api/v1/stories/{first['items'][0]['id']}").json()
    assert story["claims"] and all("claimant" in m for m in story["claims"])
    assert client.get("/api/v1/stories/999999").status_code == 404


def test_claims_filter_and_search(client: httpx.Client) -> None:
    denials = client.get("/api/v1/claims", params={"stance": "deny"}).json()["items"]
    assert denials and all(c["stance"] == "deny" for c in denials)
    found = client.get("/api/v1/claims", params={"q": "troops"}).json()["items"]
    assert found and all(
        "troop" in (c["sentence"]["text"] + c["content"]["text"]).lower() for c in found
    )
    hostile = client.get("/api/v1/claims", params={"q": '"AND( NEAR/ *'})
    assert hostile.status_code == 200
    bad = client.get("/api/v1/claims", params={"stance": "maybe"})
    assert bad.status_code == 422 and "maybe" not in bad.text


def test_a_document_carries_its_text_and_spans(client: httpx.Client) -> None:
    doc = client.get(f"/api/v1/documents/{SEED_DOC}").json()
    assert doc["claims"]
    for claim in doc["claims"]:
        for role in ("content", "sentence"):
            for start, end in claim[role]["spans"]:
                assert doc["text"][start:end] in claim[role]["text"]


def test_playbooks_assessment_as_of_and_timeline(client: httpx.Client) -> None:
    books = client.get("/api/v1/playbooks").json()["items"]
    assert [b["name"] for b in books] == ["korea-russia"]
    then = client.get(
        "/api/v1/playbooks/korea-russia/assessment", params={"as_of": "2024-10-20"}
    ).json()
    later = client.get(
        "/api/v1/playbooks/korea-russia/assessment", params={"as_of": "2024-11-05"}
    ).json()
    assert (then["phase"], later["phase"]) == (1, 2)
    assert client.get("/api/v1/playbooks/nope/assessment").status_code == 404


def test_every_response_carries_the_security_headers(client: httpx.Client) -> None:
    for path in ("/", "/api/v1/stories", "/static/app.js", "/no/such/page"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "object-src 'none'" in csp and "base-uri 'none'" in csp
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_error_pages_echo_nothing_from_the_request(client: httpx.Client) -> None:
    probe = "<script>alert(1)</script>"
    for path in (f"/stories/{probe}", f"/documents/{probe}", f"/nowhere/{probe}"):
        response = client.get(path)
        assert response.status_code in {404, 422}
        assert "alert(1)" not in response.text and "<script>" not in response.text
    response = client.get("/playbooks/korea-russia", params={"as_of": probe})
    assert response.status_code == 422 and "alert(1)" not in response.text


def test_writes_need_a_token(client: httpx.Client, server: Server) -> None:
    body = {"text": "The ministry said nothing happened."}
    assert client.post("/api/v1/ingest", json=body).status_code == 401
    wrong = {"Authorization": "Bearer wf_not-a-token"}
    assert client.post("/api/v1/ingest", json=body, headers=wrong).status_code == 401
    edit = {"reliability": "A", "reason": "test"}
    assert client.put("/api/v1/sources/x/reliability", json=edit).status_code == 401


def test_cross_site_writes_are_refused_even_with_a_token(
    client: httpx.Client, server: Server
) -> None:
    body = {"text": "The ministry said nothing happened."}
    for header in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/api/v1/ingest", json=body, headers={**_auth(server), **header})
        assert response.status_code == 403
    form = client.post(
        "/api/v1/ingest",
        content="text=x",
        headers={"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 403


def test_url_ingest_goes_through_the_guarded_fetcher(client: httpx.Client, server: Server) -> None:
    for url in (f"{server.url}/healthz", "http://10.0.0.1/x", "file:///etc/passwd"):
        job = client.post("/api/v1/ingest", json={"url": url}, headers=_auth(server)).json()
        job = wait_for_job(client, job)
        assert job["documents"] == [] and job["errors"], url
    # nothing was stored
    assert "healthz" not in client.get("/api/v1/documents", params={"limit": 100}).text


@pytest.mark.slow
def test_pasted_text_is_ingested_and_its_claims_appear(
    client: httpx.Client, server: Server
) -> None:
    text = (
        "Lithuania's defence ministry on Tuesday confirmed that 300 Belarusian soldiers had "
        "crossed into Russia's Kursk region, a claim Minsk denied."
    )
    job = client.post(
        "/api/v1/ingest",
        json={"text": text, "title": "Invented test article", "published": "2024-11-04"},
        headers=_auth(server),
    )
    assert job.status_code == 202
    done = wait_for_job(client, job.json())
    assert done["state"] == "done" and len(done["documents"]) == 1 and done["claims"] >= 1
    doc = client.get(f"/api/v1/documents/{done['documents'][0]}").json()
    assert doc["title"] == "Invented test article"
    assert any(c["stance"] == "confirm" for c in doc["claims"])


def test_a_grade_edit_needs_a_reason_and_is_shown(client: httpx.Client, server: Server) -> None:
    sources = client.get("/api/v1/sources", params={"limit": 500}).json()["items"]
    key = sources[0]["claimant"]["key"]
    empty = client.put(
        f"/api/v1/sources/{key}/reliability",
        json={"reliability": "B", "reason": ""},
        headers=_auth(server),
    )
    assert empty.status_code == 422
    done = client.put(
        f"/api/v1/sources/{key}/reliability",
        json={"reliability": "B", "reason": "checked against two past reports"},
        headers=_auth(server),
    )
    assert done.status_code == 200, done.text
    assert done.json()["reliability"]["grade"] == "B"
    assert any(
        "checked against two past reports" in r for r in done.json()["reliability"]["reasons"]
    )


@pytest.mark.slow
def test_uploaded_files_are_ingested(client: httpx.Client, server: Server) -> None:
    files = [
        (
            "files",
            (
                "../../etc/evil name.txt",
                b"Estonia's foreign intelligence service said on Monday that Russia had moved "
                b"40 tanks to the border.",
                "text/plain",
            ),
        ),
        ("files", ("broken.jsonl", b"{not json\n", "application/json")),
    ]
    response = client.post("/api/v1/ingest/files", files=files, headers=_auth(server))
    assert response.status_code == 202, response.text
    job = wait_for_job(client, response.json())
    assert job["state"] == "done" and len(job["documents"]) == 1
    assert any("broken" in e for e in job["errors"])  # the bad file is named, the rest goes on


def test_serve_refuses_other_machines_without_a_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    from watchfloor.web.process import SCRIPT

    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    done = subprocess.run(
        [str(SCRIPT), "serve", "--db", db, "--host", "0.0.0.0", "--port", "9"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("watchfloor: error: --host 0.0.0.0")
    assert "watchfloor token create" in done.stderr and "Traceback" not in done.stderr


def test_the_search_page_filters_and_escapes(client: httpx.Client) -> None:
    page = client.get("/search", params={"q": "North Korean", "stance": "confirm"})
    assert page.status_code == 200
    assert page.text.count('class="claim stance-confirm"') >= 1
    assert 'class="claim stance-deny"' not in page.text
    hostile = client.get("/search", params={"q": '"><script>alert(1)</script>'})
    assert hostile.status_code == 200
    assert "<script>alert(1)</script>" not in hostile.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile.text  # kept in the form, as text


@pytest.mark.slow
def test_the_timeline_catches_up_with_the_ledger(client: httpx.Client, server: Server) -> None:
    import time

    text = "Finland's defence ministry said on Friday that 20 Russian jets had crossed the border."
    job = client.post("/api/v1/ingest", json={"text": text}, headers=_auth(server)).json()
    assert wait_for_job(client, job)["state"] == "done"
    deadline = time.monotonic() + 90
    while True:
        timeline = client.get("/api/v1/playbooks/korea-russia/timeline").json()
        if timeline["ready"] and timeline["current"]:
            break
        assert time.monotonic() < deadline, timeline
        time.sleep(0.5)
    assert [c["phase"] for c in timeline["changes"]][:2] == [1, 2]
