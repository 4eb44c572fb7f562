// Lastmile dashboard: polls one page of jobs every second and patches the rows that changed, keyed
// by job id, so that selected text and the open detail survive updates. Regions every 5 seconds.
"use strict";

const JOBS_MS = 1000;
const REGIONS_MS = 5000;
const STATES = ["PENDING", "SCHEDULED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"];

// What the job table shows; changed by the filter bar, the headers and the pager.
const view = { state: "", jobClass: "", region: "", node: "", q: "", sort: "created", order: "desc", offset: 0, limit: 50 };

// API token for a control plane that needs one: opened once as /#token=lm_..., then kept in this
// browser's local storage (and removed from the address bar). Development mode needs none.
function apiToken() {
  const fromUrl = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (fromUrl) {
    localStorage.setItem("lastmile.token", decodeURIComponent(fromUrl[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return localStorage.getItem("lastmile.token");
}

async function fetchJson(path) {
  const token = apiToken();
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const response = await fetch(path, { cache: "no-store", headers });
  if (response.status === 401) {
    throw new Error(path + ": HTTP 401: open this page as /#token=<your API token>");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(path + ": HTTP " + response.status + (problem.error ? ": " + problem.error : ""));
  }
  return response.json();
}

function jobsPath() {
  const p = new URLSearchParams();
  if (view.state) p.append("state", view.state);
  if (view.jobClass) p.append("class", view.jobClass);
  if (view.region) p.append("region", view.region);
  if (view.node) p.append("node", view.node);
  if (view.q) p.append("q", view.q);
  p.append("sort", view.sort);
  p.append("order", view.order);
  p.append("offset", view.offset);
  p.append("limit", view.limit);
  return "/api/v1/jobs/page?" + p;
}

// For a pending job, what keeps it waiting: when a deferred one starts, else the blocking reason.
function why(j, now) {
  if (j.state === "PENDING" && j.waitUntil) {
    return "DEFERRED until " + fmt.time(j.waitUntil) + " (" + fmt.relative(j.waitUntil, now) + "): " + j.message;
  }
  if (j.state === "PENDING" && j.pendingReason) {
    return j.pendingReason + ": " + (j.pendingReason === "WAITING" ? j.message || j.explanation : j.explanation || j.message);
  }
  return j.message || j.explanation || "";
}

function jobCells(j, now) {
  return [
    el("td", { "data-field": "id", class: "id" }, j.id),
    el("td", { "data-field": "name" }, j.name),
    el("td", { "data-field": "state", class: "state-" + j.state }, j.state),
    el("td", { "data-field": "class" }, j.jobClass),
    el("td", { "data-field": "gpus", class: "num" }, j.gpuCount),
    el("td", { "data-field": "node" }, j.nodeId || "–"),
    el("td", { "data-field": "region" }, j.region || "–"),
    el("td", { "data-field": "submitted", title: j.createTime }, fmt.time(j.createTime)),
    el("td", { "data-field": "started", title: j.startTime || "" }, fmt.time(j.startTime)),
    el("td", { "data-field": "age", class: "num" }, fmt.since(j.createTime, now)),
    el("td", { "data-field": "attempts", class: "num" }, j.attemptCount),
    el("td", { "data-field": "energy", class: "num" }, fmt.energy(j.energyWh)),
    el("td", { "data-field": "cost", class: "num" }, fmt.money(j.cost, j.currency)),
    el("td", { "data-field": "why", class: "why", title: why(j, now) }, why(j, now)),
  ];
}

// Patches a row cell by cell: a cell whose content is the same is left alone, with any selection in it.
function patchRow(row, j, now) {
  row.dataset.state = j.state;
  const cells = jobCells(j, now);
  cells.forEach((cell, i) => {
    const old = row.children[i];
    if (!old) row.append(cell);
    else if (!old.isEqualNode(cell)) old.replaceWith(cell);
  });
}

function showJobs(page) {
  const now = Date.now();
  const body = document.querySelector("#jobs tbody");
  const rows = new Map([...body.children].map(r => [r.dataset.jobId, r]));
  let at = body.firstElementChild;
  for (const j of page.jobs) {
    let row = rows.get(j.id);
    if (!row) row = el("tr", { "data-job-id": j.id });
    rows.delete(j.id);
    patchRow(row, j, now);
    row.classList.toggle("open", detail.jobId === j.id);
    if (row !== at) body.insertBefore(row, at);
    at = row.nextElementSibling;
  }
  rows.forEach(r => r.remove());
  showCounts(page);
  const last = page.offset + page.jobs.length;
  setText("#pager [data-field='range']", page.total === 0 ? "no jobs" : (page.offset + 1) + "–" + last + " of " + page.total);
  document.querySelector("#pager [data-action='prev']").disabled = page.offset === 0;
  document.querySelector("#pager [data-action='next']").disabled = last >= page.total;
}

function showCounts(page) {
  setText("[data-count-state=''] .count", page.all);
  for (const s of STATES) setText("[data-count-state='" + s + "'] .count", page.counts[s]);
  for (const chip of document.querySelectorAll("#states button")) {
    chip.classList.toggle("on", chip.dataset.countState === view.state);
  }
}

function setText(selector, text) {
  const e = document.querySelector(selector);
  if (e && e.textContent !== String(text)) e.textContent = text;
}

function showSummary(regions, everything) {
  const nodes = regions.reduce((s, r) => s + r.nodes.length, 0);
  const free = regions.reduce((s, r) => s + r.gpuFree, 0);
  const total = regions.reduce((s, r) => s + r.gpuTotal, 0);
  setText("#summary", fmt.plural(nodes, "node") + " · " + free + "/" + total + " GPUs free · "
    + fmt.plural(everything.all, "job") + ", " + everything.counts.PENDING + " pending, " + everything.counts.RUNNING + " running");
  const nodeSelect = document.getElementById("node-filter");
  const ids = regions.flatMap(r => r.nodes.map(n => n.id)).sort();
  const have = [...nodeSelect.options].slice(1).map(o => o.value);
  if (have.join() !== ids.join()) {
    nodeSelect.replaceChildren(el("option", { value: "" }, "any node"), ...ids.map(id => el("option", { value: id }, id)));
    nodeSelect.value = view.node;
  }
  const regionSelect = document.getElementById("region-filter");
  if (regionSelect.options.length === 1) {
    regionSelect.append(...regions.map(r => el("option", { value: r.name }, r.name)));
  }
}

let cycles = 0;

async function pollJobs() {
  try {
    const asked = jobsPath();
    const page = await fetchJson(asked);
    // A filter changed while this was on its way: the page for the new one is shown instead.
    if (asked === jobsPath()) showJobs(page);
    setText("#updated", "updated " + new Date().toLocaleTimeString("en-GB", { hour12: false }));
    document.body.dataset.cycles = String(++cycles);
  } catch (e) {
    setText("#updated", "control plane unreachable: " + e.message);
  }
  setTimeout(pollJobs, JOBS_MS);
}

async function pollRegions() {
  try {
    const [regions, everything] = await Promise.all([
      fetchJson("/api/v1/regions?forecastHours=12"),
      fetchJson("/api/v1/jobs/page?limit=1"),
    ]);
    showRegions(regions);
    showSummary(regions, everything);
  } catch (e) {
    setText("#updated", "control plane unreachable: " + e.message);
  }
  setTimeout(pollRegions, REGIONS_MS);
}

// A change of filter, sort or page: back to the first page unless paging, then fetch at once.
function changed(paging) {
  if (!paging) view.offset = 0;
  for (const th of document.querySelectorAll("#jobs th[data-sort]")) {
    th.dataset.order = th.dataset.sort === view.sort ? view.order : "";
  }
  showJobsNow();
}

let pending = null;
async function showJobsNow() {
  const mine = pending = jobsPath();
  try {
    const page = await fetchJson(mine);
    if (mine === pending) showJobs(page);
  } catch (e) {
    setText("#updated", e.message);
  }
}

function wireFilters() {
  document.getElementById("states").append(
    ...["", ...STATES].map(s => el("button", { type: "button", "data-count-state": s },
      (s || "ALL") + " ", el("span", { class: "count" }, "–"))));
  document.getElementById("states").addEventListener("click", e => {
    const chip = e.target.closest("button");
    if (chip) { view.state = chip.dataset.countState; changed(false); }
  });
  const bind = (id, key) => document.getElementById(id).addEventListener("change", e => { view[key] = e.target.value; changed(false); });
  bind("class-filter", "jobClass");
  bind("region-filter", "region");
  bind("node-filter", "node");
  bind("page-size", "limit");
  let typing = null;
  document.getElementById("search").addEventListener("input", e => {
    clearTimeout(typing);
    typing = setTimeout(() => { view.q = e.target.value.trim(); changed(false); }, 250);
  });
  document.querySelector("#jobs thead").addEventListener("click", e => {
    const th = e.target.closest("th[data-sort]");
    if (!th) return;
    const times = ["created", "gpus", "attempts"];
    view.order = view.sort === th.dataset.sort ? (view.order === "asc" ? "desc" : "asc") : times.includes(th.dataset.sort) ? "desc" : "asc";
    view.sort = th.dataset.sort;
    changed(false);
  });
  document.getElementById("pager").addEventListener("click", e => {
    const action = e.target.closest("button")?.dataset.action;
    if (action === "prev") view.offset = Math.max(0, view.offset - Number(view.limit));
    if (action === "next") view.offset += Number(view.limit);
    if (action) changed(true);
  });
  // A click opens the job, unless it ended a text selection (someone copying an id).
  document.querySelector("#jobs tbody").addEventListener("click", e => {
    const row = e.target.closest("tr[data-job-id]");
    if (row && window.getSelection().isCollapsed) openJob(row.dataset.jobId);
  });
  document.getElementById("regions").addEventListener("click", e => {
    const node = e.target.closest("[data-node-id]");
    if (node) openNode(node.dataset.nodeId);
  });
}

wireFilters();
changed(false);
pollJobs();
pollRegions();
