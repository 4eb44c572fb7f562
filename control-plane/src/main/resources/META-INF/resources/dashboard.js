// Lastmile dashboard: polls the REST API every second and redraws regions and jobs in place.
"use strict";

const POLL_MS = 1000;

// Characters that would make text print differently from how it is stored (controls, bidirectional
// formatting, line separators), as the control plane's PrintableText defines them.
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

function printable(text) {
  return text.replace(UNPRINTABLE, (ch) => "\\u" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"));
}

// Every text goes in as a text node, escaped: no value can inject markup or reorder what follows it.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children) {
    node.append(c instanceof Node ? c : document.createTextNode(printable(c === null || c === undefined ? "" : String(c))));
  }
  return node;
}

function num(v, digits) {
  return v === null || v === undefined ? "–" : Number(v).toFixed(digits);
}

// Costs of short runs are fractions of a cent: small ones in scientific notation.
function money(v, currency) {
  if (v === null || v === undefined) return "–";
  const text = v === 0 ? "0" : Math.abs(v) < 0.01 ? Number(v).toExponential(2) : Number(v).toFixed(2);
  return text + " " + (currency || "");
}

function plural(n, word) {
  return n + " " + word + (n === 1 ? "" : "s");
}

function regionCard(r) {
  const card = el("div", { class: "region" + (r.nodes.length ? "" : " empty"), "data-region": r.name },
    el("h3", {}, r.name + " ", el("span", { class: "muted" }, r.city + " · " + r.marketZone)),
    el("div", { class: "facts" },
      el("span", { "data-field": "gpus" }, "GPUs " + r.gpuFree + "/" + r.gpuTotal + " free"),
      el("span", { "data-field": "power" }, num(r.powerDrawW, 0) + " W"),
      el("span", { "data-field": "price" },
        r.priceNowPerMwh === null ? "price unknown" : num(r.priceNowPerMwh, 2) + " " + r.currency + "/MWh")));
  if (r.forecast.length > 1) {
    card.append(el("div", { class: "forecast", "data-field": "forecast" },
      "next hours: " + r.forecast.slice(1).map(h => num(h.pricePerMwh, 0)).join(" · ")));
  }
  for (const n of r.nodes) {
    card.append(el("div", { class: "node", "data-node-id": n.id },
      el("span", {}, n.id + (n.simulated ? " (simulated)" : "")),
      el("span", {}, n.gpuFree + "/" + n.gpuTotal + " GPUs · " + num(n.powerDrawW, 0) + " W · ",
        el("span", { class: "state-" + n.state }, n.state))));
  }
  return card;
}

function jobRow(j) {
  const why = j.state === "PENDING" && j.pendingReason
    ? j.pendingReason + ": " + (j.explanation || j.message)
    : (j.message || j.explanation || "");
  return el("tr", { "data-job-id": j.id, "data-state": j.state },
    el("td", { "data-field": "id" }, j.id),
    el("td", { "data-field": "name" }, j.name),
    el("td", { "data-field": "state", class: "state-" + j.state }, j.state),
    el("td", { "data-field": "class" }, j.jobClass),
    el("td", { "data-field": "node" }, j.nodeId || "–"),
    el("td", { "data-field": "region" }, j.region || "–"),
    el("td", { "data-field": "energy", class: "num" }, num(j.energyWh, 3)),
    el("td", { "data-field": "cost", class: "num" }, money(j.cost, j.currency)),
    el("td", { "data-field": "why", class: "why", title: j.explanation }, why));
}

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
  if (!response.ok) throw new Error(path + ": HTTP " + response.status);
  return response.json();
}

async function refresh() {
  try {
    const [regions, jobs] = await Promise.all([
      fetchJson("/api/v1/regions?forecastHours=7"),
      fetchJson("/api/v1/jobs?limit=200"),
    ]);
    regions.sort((a, b) => (b.nodes.length > 0) - (a.nodes.length > 0) || a.name.localeCompare(b.name));
    document.getElementById("regions").replaceChildren(...regions.map(regionCard));
    document.querySelector("#jobs tbody").replaceChildren(...jobs.map(jobRow));
    const nodes = regions.reduce((s, r) => s + r.nodes.length, 0);
    const free = regions.reduce((s, r) => s + r.gpuFree, 0);
    const total = regions.reduce((s, r) => s + r.gpuTotal, 0);
    const pending = jobs.filter(j => j.state === "PENDING").length;
    document.getElementById("summary").textContent =
      plural(nodes, "node") + " · " + free + "/" + total + " GPUs free · " + plural(jobs.length, "job") + ", " + pending + " pending";
    document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
    document.body.dataset.refreshed = String(Date.now());
  } catch (e) {
    document.getElementById("updated").textContent = "control plane unreachable: " + e.message;
  }
}

refresh();
setInterval(refresh, POLL_MS);
