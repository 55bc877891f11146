"""The dashboard in a real browser: Debian's chromium driven by Playwright against the real
server. Screenshots of the main pages are kept in ``build/screenshots`` (test artefacts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.web.conftest import Server, served, wait_for_job

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: apt-get install chromium (.ci/run does)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus_extractions) -> Iterator[Server]:  # type: ignore[no-untyped-def]
    """A server of its own, so that the screenshots show the bundled corpus only."""
    with served(tmp_path_factory.mktemp("browser"), corpus_extractions) as running:
        yield running


@pytest.fixture
def page(browser, site: Server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.on(
        "console",
        lambda m: pg.errors.append(m.text) if m.type == "error" else None,  # type: ignore[attr-defined]
    )
    yield pg
    context.close()


def shot(pg, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"))


def test_overview_then_a_story(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    assert page.get_by_role("heading", name="Overview").is_visible()
    assert page.locator("[data-playbook=korea-russia] .phase-level").inner_text() in {"0", "1", "2"}
    shot(page, "overview")
    page.locator("#h-stories ~ table a").first.click()
    page.wait_for_url(re.compile(r"/stories/\d+"))
    assert page.locator("svg.chart").count() == 1
    assert page.get_by_role("heading", name=re.compile("Numbers by claimant")).is_visible()
    assert page.locator("article.claim").count() >= 1
    shot(page, "story")
    assert page.errors == []


def test_an_article_with_its_spans_highlighted(page, site: Server) -> None:  # type: ignore[no-untyped-def]
    page.goto("/documents/seed-article")
    for role in ("source", "cue", "content"):
        assert page.locator(f"#article mark.role-{role}").count() >= 1
    mark = page.locator("#article mark.role-cue").first
    mark.click()
    selected = page.locator("article.claim.selected")
    assert selected.count() == 1
    claim_id = selected.get_attribute("data-claim")
    assert claim_id in (mark.get_attribute("data-claims") or "").split()
    # the highlighted pieces put back together are the stored text, exactly
    stored = httpx.get(f"{site.url}/api/v1/documents/seed-article").json()["text"]
    assert page.locator("#article").text_content() == stored
    shot(page, "document")
    assert page.errors == []


def test_keyboard_reaches_the_main_flows(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/documents/seed-article")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.locator("#article mark").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("article.claim.selected").count() == 1


def test_changing_the_as_of_date_changes_the_phase(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/playbooks/korea-russia")
    page.fill("#as-of", "2024-10-20")
    page.get_by_role("button", name="Replay").click()
    page.wait_for_url(re.compile("as_of=2024-10-20"))
    assert page.locator("#phase-level").inner_text() == "1"
    page.fill("#as-of", "2024-11-05")
    page.get_by_role("button", name="Replay").click()
    page.wait_for_url(re.compile("as_of=2024-11-05"))
    assert page.locator("#phase-level").inner_text() == "2"
    shot(page, "playbook")


def test_sources_page_lists_grades(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/sources")
    assert page.locator("table.sources tbody tr").count() >= 3
    shot(page, "sources")


HOSTILE = (
    "Seoul's spy agency said on Monday that 200 North Korean engineers had arrived in Russia.\n"
    "<script>window.__pwned = 'script'</script>\n"
    '<img src="x" onerror="window.__pwned = \'onerror\'">\n'
    "<a href=\"javascript:window.__pwned='link'\">click here</a>\n"
    "The claim could not be verified."
)


def _ingest_in_page(page, text: str, title: str, token: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/ingest")
    page.fill("#token", token)
    page.get_by_role("button", name="Use this token").click()
    form = page.locator("#ingest-text")
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=text]").fill(text)
    form.get_by_role("button", name="Ingest text").click()
    page.wait_for_selector("#ingest-claims section.ingested", timeout=120_000)


@pytest.mark.slow
def test_a_pasted_article_shows_its_claims_and_no_script_runs(page, site: Server) -> None:  # type: ignore[no-untyped-def]
    _ingest_in_page(page, HOSTILE, "Invented hostile article", site.token)
    assert "done" in page.locator("#ingest-status").inner_text()
    assert page.locator("#ingest-claims article.claim").count() >= 1
    shot(page, "ingest")
    page.goto(page.locator("#ingest-claims h3 a").first.get_attribute("href"))
    article = page.locator("#article")
    assert "<script>window.__pwned" in article.inner_text()  # shown as text
    assert page.locator("#article script, #article img, #article a").count() == 0
    page.locator("#article").click()
    assert page.evaluate("window.__pwned") is None
    assert page.errors == []


@pytest.mark.slow
def test_a_phase_change_appears_without_a_reload(page, site: Server) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.wait_for_function("document.getElementById('live-status').textContent === 'live'")
    before = page.locator("[data-playbook=korea-russia] .phase-level").inner_text()
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date().isoformat()
    text = (
        "South Korea's National Intelligence Service on Thursday confirmed that North Korea "
        "had sent 12,000 troops to Russia, and the Pentagon confirmed that about 10,000 North "
        "Korean soldiers were in Russia."
    )
    with httpx.Client(base_url=site.url, timeout=30) as client:
        job = client.post(
            "/api/v1/ingest",
            json={"text": text, "title": "Invented live article", "published": today},
            headers={"Authorization": f"Bearer {site.token}"},
        ).json()
        assert wait_for_job(client, job)["state"] == "done"
    page.wait_for_selector("#alerts .alert", timeout=30_000)
    assert "Phase change" in page.locator("#alerts .alert").first.inner_text()
    card = page.locator("[data-playbook=korea-russia]")
    after = card.locator(".phase-level").inner_text()
    assert after != before
    assert f"phase-{after}" in (card.get_attribute("class") or "")
    assert "no measures" not in card.locator(".response").inner_text()  # phase 0's response
    assert page.locator("#live li").count() >= 2
    shot(page, "phase-alert")


def test_hovering_a_highlight_tells_who_and_what(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/documents/seed-article")
    titles = page.locator("#article mark").evaluate_all("marks => marks.map(m => m.title)")
    assert any(
        "National Intelligence Service (KOR), reliability B" in t
        and "confirm" in t
        and "AID military: PRK → RUS" in t
        for t in titles
    ), titles[:5]
