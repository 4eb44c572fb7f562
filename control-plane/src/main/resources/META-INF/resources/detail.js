// Lastmile dashboard: the side panel with one job (spec, explanation, wait, attempts, events, log)
// or one node (GPUs, labels, running attempts), refreshed every 2 seconds section by section.
"use strict";

const DETAIL_MS = 2000;
const detail = { jobId: null, nodeId: null, timer: null };

function table(headers, rows) {
  return el("table", { class: "small" },
    el("thead", {}, el("tr", {}, ...headers.map(h => el("th", {}, h)))),
    el("tbody", {}, ...rows.map(r => el("tr", {}, ...r.map(c => c instanceof Node ? el("td", {}, c) : el("td", {}, c))))));
}

function facts(pairs) {
  return el("dl", { class: "facts-list" }, ...pairs.filter(p => p[1] !== null && p[1] !== undefined && p[1] !== "")
    .flatMap(([k, v, field]) => [el("dt", {}, k), el("dd", { "data-field": field || null }, v)]));
}

function section(name, title, ...content) {
  return el("section", { "data-section": name }, el("h3", {}, title), ...content);
}

function score(v) {
  return Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(2) : v.toLocaleString("en-US", { maximumSignificantDigits: 3 });
}

function jobSections(d, now) {
  const j = d.job, s = d.spec;
  const out = [
    el("header", { "data-section": "head" },
      el("h2", {}, el("span", { class: "id", "data-field": "id" }, j.id)),
      el("div", {}, j.name + " · ", el("span", { class: "state-" + j.state, "data-field": "state" }, j.state))),
    section("spec", "Spec", facts([
      ["command", [s.command, ...s.args].join(" ")],
      ["image", s.image],
      ["GPUs", s.gpuCount + (s.gpuModel ? " × " + s.gpuModel : "") + (s.gpuMemoryMiB ? ", " + s.gpuMemoryMiB + " MiB each" : "")],
      ["class", s.jobClass + (s.priority ? ", priority " + s.priority : "")],
      ["origin", s.originRegion || "any"],
      ["bound", s.maxRttMs ? s.maxRttMs + " ms round trip" : "none"],
      ["jurisdictions", s.allowedJurisdictions.join(", ")],
      ["labels", Object.entries(s.labelSelector).map(([k, v]) => k + "=" + v).join(", ")],
      ["deadline", s.deadline ? fmt.time(s.deadline) + " (" + fmt.relative(s.deadline, now) + ")" : null],
      ["expected run", fmt.duration(s.expectedDurationS)],
      ["attempts allowed", s.maxAttempts],
      ["tenant", s.tenant],
    ])),
    section("times", "Times", facts([
      ["submitted", fmt.time(j.createTime) + " (" + fmt.since(j.createTime, now) + " ago)", "submitted"],
      ["started", j.startTime ? fmt.time(j.startTime) + " (" + fmt.since(j.startTime, now) + " ago)" : "–", "started"],
      ["updated", fmt.time(j.updateTime)],
      ["energy", fmt.energy(j.energyWh), "energy"],
      ["cost", fmt.money(j.cost, j.currency), "cost"],
      ["exit code", j.exitCode],
    ])),
  ];
  if (d.deferral) {
    const w = d.deferral;
    out.push(section("deferral", "Deferred", facts([
      ["starts", fmt.time(w.startAt) + " (" + fmt.relative(w.startAt, now) + ")", "startAt"],
      ["saves", fmt.percent(w.savingFraction) + " (" + fmt.money(w.savingAmount, w.currency) + ")", "saving"],
      ["why", w.reason],
    ])));
  }
  if (d.explanation) {
    const e = d.explanation;
    const parts = [el("p", { "data-field": "summary" }, e.summary)];
    if (e.rejections.length) {
      parts.push(table(["reason", "nodes", "closest"], e.rejections.map(r => [r.reason, r.nodes, r.detail])));
    }
    if (e.candidates.length) {
      const names = e.candidates[0].parts.map(p => p.scorer);
      parts.push(table(["node", "region", "score", ...names], e.candidates.map(c => [c.nodeId, c.region, score(c.total),
        ...c.parts.map(p => score(p.raw) + " " + p.unit + " → " + score(p.normalized) + " × " + score(p.weight))])));
    }
    out.push(section("explanation", "Explanation", ...parts));
  }
  out.push(section("attempts", "Attempts",
    d.attempts.length === 0 ? el("p", { class: "muted" }, j.attemptCount ? j.attemptCount + " before this control plane started" : "none yet")
      : table(["attempt", "node", "state", "placed", "started", "ended", "ran", "exit", "energy", "cost"],
        d.attempts.map(a => [a.id, a.nodeId, a.state, fmt.time(a.placedTime), fmt.time(a.startTime), fmt.time(a.endTime),
          a.startTime ? fmt.duration(((a.endTime ? Date.parse(a.endTime) : now) - Date.parse(a.startTime)) / 1000) : "–",
          a.exitCode === null ? "–" : a.exitCode, fmt.energy(a.energyWh), fmt.money(a.cost, a.currency)]))));
  if (d.events.length) {
    out.push(section("events", "Events", table(["time", "state", "node", "message"],
      d.events.map(ev => [fmt.time(ev.time), ev.state, ev.nodeId || "–", ev.message]))));
  }
  if (d.logTail) {
    out.push(section("log", "Last output", el("pre", {}, d.logTail)));
  }
  return out;
}

function nodeSections(d, running) {
  const n = d.node;
  return [
    el("header", { "data-section": "head" },
      el("h2", {}, el("span", { class: "id" }, n.id)),
      el("div", {}, n.region + " · ", el("span", { class: "state-" + n.state, "data-field": "state" }, n.state),
        n.connected ? "" : " (agent disconnected)")),
    section("node", "Node", facts([
      ["GPUs free", n.gpuFree + "/" + n.gpuTotal + (n.state === "READY" ? "" : " (" + n.state.toLowerCase().replace("_", " ") + ": none free)")],
      ["power draw", fmt.number(n.powerDrawW, 0) + " W"],
      ["site power cap", n.sitePowerCapKw ? n.sitePowerCapKw + " kW" : "none"],
      ["PUE", n.pue],
      ["jurisdiction", n.jurisdiction],
      ["market zone", n.marketZone],
      ["agent", d.agentVersion || "–"],
      ["inventory", n.simulated ? "simulated" : "measured"],
      ["labels", Object.entries(n.labels).map(([k, v]) => k + "=" + v).join(", ") || "none"],
    ])),
    section("gpus", "GPUs", table(["#", "model", "memory", "in use", "power limit", "held"],
      d.gpus.map(g => [g.index, g.model, g.memoryTotalMiB + " MiB", g.memoryUsedMiB + " MiB",
        g.powerLimitW ? g.powerLimitW + " W" : "–", g.held ? "yes" : "free"]))),
    section("running", "Running attempts (" + running.total + ")", running.jobs.length === 0 ? el("p", { class: "muted" }, "none")
      : table(["job", "name", "state", "GPUs", "started"], running.jobs.map(j =>
        [el("a", { href: "#", "data-open-job": j.id }, j.id), j.name, j.state, j.gpuCount, fmt.time(j.startTime)]))),
  ];
}

// Replaces only the sections whose content changed, so that a selection in the others stays.
function showPanel(sections) {
  const panel = document.getElementById("detail-body");
  patchChildren(panel, sections, c => c.dataset.section);
  document.getElementById("detail").hidden = false;
}

async function refreshDetail() {
  clearTimeout(detail.timer);
  const asked = detail.jobId || detail.nodeId;
  if (!asked) return;
  try {
    if (detail.jobId) {
      const d = await fetchJson("/api/v1/jobs/" + encodeURIComponent(detail.jobId) + "/detail");
      if (detail.jobId === asked) showPanel(jobSections(d, Date.now()));
    } else {
      const id = encodeURIComponent(detail.nodeId);
      const [d, running] = await Promise.all([fetchJson("/api/v1/nodes/" + id + "/detail"),
        fetchJson("/api/v1/jobs/page?state=SCHEDULED&state=RUNNING&limit=100&node=" + id)]);
      if (detail.nodeId === asked) showPanel(nodeSections(d, running));
    }
  } catch (e) {
    showPanel([el("p", { "data-section": "error", class: "error" }, e.message)]);
  }
  if ((detail.jobId || detail.nodeId) === asked) detail.timer = setTimeout(refreshDetail, DETAIL_MS);
}

function openPanel(jobId, nodeId) {
  detail.jobId = jobId;
  detail.nodeId = nodeId;
  document.getElementById("detail-body").replaceChildren();
  document.getElementById("detail").dataset.kind = jobId ? "job" : "node";
  for (const r of document.querySelectorAll("#jobs tr.open")) r.classList.remove("open");
  if (jobId) document.querySelector("#jobs tr[data-job-id='" + CSS.escape(jobId) + "']")?.classList.add("open");
  refreshDetail();
}

function openJob(id) { openPanel(id, null); }
function openNode(id) { openPanel(null, id); }

document.getElementById("detail-close").addEventListener("click", () => {
  openPanel(null, null);
  document.getElementById("detail").hidden = true;
});
document.getElementById("detail-body").addEventListener("click", e => {
  const link = e.target.closest("[data-open-job]");
  if (link) { e.preventDefault(); openJob(link.dataset.openJob); }
});
