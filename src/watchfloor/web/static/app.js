// watchfloor pages: live updates, span details, and writes that carry the analyst's token.
// No framework and no inline script (the Content-Security-Policy forbids it); every text from
// the server is put in with textContent, never as HTML.
"use strict";

const TOKEN_KEY = "watchfloor-token";

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

async function send(method, url, body) {
  const headers = { Authorization: "Bearer " + token() };
  const init = { method, headers, credentials: "same-origin" };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    const message = data && data.error ? data.error : "request failed (" + response.status + ")";
    throw new Error(message);
  }
  return data;
}

// -- the token form ------------------------------------------------------------------------
function setupToken() {
  const form = document.getElementById("token-form");
  if (!form) return;
  const state = document.getElementById("token-state");
  state.textContent = token() ? "A token is set for this tab." : "No token set.";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = document.getElementById("token").value.trim();
    if (value) sessionStorage.setItem(TOKEN_KEY, value); else sessionStorage.removeItem(TOKEN_KEY);
    document.getElementById("token").value = "";
    state.textContent = value ? "Token set for this tab." : "Token cleared.";
  });
}

// -- highlighted spans: select one to show its claim ----------------------------------------
function setupSpans() {
  const article = document.getElementById("article");
  if (!article) return;
  function show(mark) {
    const ids = (mark.dataset.claims || "").split(" ").filter(Boolean);
    document.querySelectorAll(".claim.selected").forEach((c) => c.classList.remove("selected"));
    document.querySelectorAll("mark.selected").forEach((m) => m.classList.remove("selected"));
    if (!ids.length) return;
    const card = document.getElementById("claim-" + ids[0]);
    article.querySelectorAll("mark").forEach((m) => {
      if ((m.dataset.claims || "").split(" ").includes(ids[0])) m.classList.add("selected");
    });
    if (card) {
      card.classList.add("selected");
      card.scrollIntoView({ block: "nearest" });
    }
  }
  article.addEventListener("click", (event) => {
    const mark = event.target.closest("mark");
    if (mark) show(mark);
  });
  article.addEventListener("keydown", (event) => {
    const mark = event.target.closest("mark");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      show(mark);
    }
  });
  if (location.hash.startsWith("#claim-")) {
    const card = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (card) card.classList.add("selected");
  }
}

// -- live updates (server-sent events) -------------------------------------------------------
function alertBox(text) {
  const box = document.getElementById("alerts");
  if (!box) return;
  const item = el("p", text, "alert");
  const close = el("button", "Dismiss", "dismiss");
  close.type = "button";
  close.addEventListener("click", () => item.remove());
  item.append(" ", close);
  box.append(item);
}

function setupLive() {
  if (!window.EventSource) return;
  const status = document.getElementById("live-status");
  const source = new EventSource("/api/v1/events");
  source.addEventListener("open", () => { if (status) status.textContent = "live"; });
  source.addEventListener("error", () => { if (status) status.textContent = "reconnecting…"; });
  source.addEventListener("claims", (event) => {
    const data = JSON.parse(event.data);
    const counts = document.getElementById("counts");
    if (counts) {
      counts.textContent = data.documents.toLocaleString("en") + " documents · " +
        data.claims.toLocaleString("en") + " claims · " + data.stories.toLocaleString("en") + " stories";
    }
    const live = document.getElementById("live");
    if (live) {
      live.prepend(el("li", new Date().toISOString().slice(0, 16).replace("T", " ") +
        " UTC: the ledger now holds " + data.claims + " claims"));
    }
    refreshRecent();
  });
  source.addEventListener("phase", (event) => {
    const data = JSON.parse(event.data);
    alertBox("Phase change: " + data.playbook + " moved from phase " + data.previous +
      " to phase " + data.phase + " (" + data.phase_name + "), " + data.likelihood + ".");
    document.querySelectorAll('[data-playbook="' + CSS.escape(data.playbook) + '"]').forEach((card) => {
      const set = (selector, text) => {
        const node = card.querySelector(selector);
        if (node) node.textContent = text;
      };
      set(".phase-level", data.phase);
      set(".phase-name", data.phase_name);
      set(".response", data.response);
      set(".likelihood", data.likelihood + " · " + data.confidence + " confidence");
      set(".met", "Indicators met: " + data.met + " of " + data.indicators);
      card.className = card.className.replace(/phase-\d+/, "phase-" + data.phase);
    });
    const live = document.getElementById("live");
    if (live) live.prepend(el("li", data.playbook + ": phase " + data.previous + " → " + data.phase));
  });
}

async function refreshRecent() {
  const list = document.getElementById("recent-documents");
  if (!list) return;
  const page = await (await fetch("/api/v1/documents?limit=10")).json();
  list.replaceChildren(...page.items.map((d) => {
    const item = el("li");
    const link = el("a", d.title || d.key);
    link.href = "/documents/" + encodeURIComponent(d.key);
    item.append(link, " ", el("span", (d.outlet || "") + " · " + d.claims + " claims", "muted"));
    return item;
  }));
}

// -- ingest ----------------------------------------------------------------------------------
function claimItem(c) {
  const item = el("article", null, "claim stance-" + c.stance);
  const head = el("p", null, "claim-head");
  head.append(el("strong", c.source ? c.source.actor.name : "(unattributed)"), " ",
    el("span", c.stance, "stance"));
  item.append(head, el("blockquote", c.sentence.text, "sentence"));
  if (c.event) {
    item.append(el("p", "Event: " + c.event.type + " · " + (c.event.actor || "?") + " → " +
      (c.event.target || "?"), "muted"));
  }
  return item;
}

async function followJob(job) {
  const status = document.getElementById("ingest-status");
  const bar = document.getElementById("ingest-progress");
  const out = document.getElementById("ingest-claims");
  bar.hidden = false;
  for (;;) {
    status.textContent = job.what + ": " + job.state + ", " + job.done + " document(s) done, " +
      job.claims + " claim(s)" + (job.errors.length ? "; " + job.errors.join("; ") : "");
    if (job.state === "done" || job.state === "failed") break;
    await new Promise((resolve) => setTimeout(resolve, 700));
    job = await send("GET", "/api/v1/jobs/" + encodeURIComponent(job.id));
  }
  bar.hidden = true;
  for (const key of job.documents) {
    const doc = await send("GET", "/api/v1/documents/" + encodeURIComponent(key));
    const section = el("section", null, "ingested");
    const title = el("h3");
    const link = el("a", doc.title || doc.key);
    link.href = "/documents/" + encodeURIComponent(doc.key);
    title.append(link);
    section.append(title, el("p", doc.claims.length + " claim(s)", "muted"));
    doc.claims.forEach((c) => section.append(claimItem(c)));
    out.prepend(section);
  }
}

function setupIngest() {
  const status = document.getElementById("ingest-status");
  const bind = (id, build) => {
    const form = document.getElementById(id);
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const [url, body] = build(new FormData(form));
        status.textContent = "Starting…";
        await followJob(await send("POST", url, body));
      } catch (error) {
        status.textContent = "Not ingested: " + error.message;
      }
    });
  };
  bind("ingest-text", (data) => ["/api/v1/ingest", {
    text: data.get("text"), title: data.get("title") || null,
    outlet: data.get("outlet") || null, published: data.get("published") || null,
  }]);
  bind("ingest-url", (data) => ["/api/v1/ingest", { url: data.get("url") }]);
  bind("ingest-files", (data) => ["/api/v1/ingest/files", data]);
}

// -- source grades ---------------------------------------------------------------------------
function setupGrades() {
  document.querySelectorAll(".grade-form").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = form.querySelector(".result");
      const data = new FormData(form);
      try {
        const record = await send("PUT", "/api/v1/sources/" + encodeURIComponent(form.dataset.source) +
          "/reliability", { reliability: data.get("reliability"), reason: data.get("reason") });
        out.textContent = "Saved: " + record.reliability.grade;
        const cell = form.closest("tr").querySelector(".grade");
        if (cell) cell.textContent = record.reliability.grade;
      } catch (error) {
        out.textContent = "Not saved: " + error.message;
      }
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupToken();
  setupSpans();
  setupIngest();
  setupGrades();
  setupLive();
});
