// Lastmile dashboard: the regions grid, each region with its nodes and an hourly price chart.
"use strict";

// Bars of the price forecast, current hour first, each labelled with its start hour (UTC).
function priceChart(r) {
  const hours = r.forecast;
  const W = 260, H = 74, top = 12, bottom = 14, bar = W / hours.length;
  const max = Math.max(...hours.map(h => h.pricePerMwh), 1);
  const chart = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "chart", role: "img",
    "aria-label": "price by hour in " + r.currency + "/MWh" });
  hours.forEach((h, i) => {
    const height = Math.max(1, (H - top - bottom) * h.pricePerMwh / max);
    const x = i * bar;
    const hour = h.hourStart.slice(11, 13) + "h";
    chart.append(
      svg("rect", { x: x + 2, y: H - bottom - height, width: bar - 4, height, class: i === 0 ? "now" : "" },
        svg("title", {}, hour + " UTC: " + h.pricePerMwh.toFixed(2) + " " + r.currency + "/MWh")),
      svg("text", { x: x + bar / 2, y: H - bottom - height - 2, class: "value" }, h.pricePerMwh.toFixed(0)),
      svg("text", { x: x + bar / 2, y: H - 2, class: "hour" }, hour));
  });
  return chart;
}

function regionCard(r) {
  const card = el("div", { class: "region" + (r.nodes.length ? "" : " empty"), "data-region": r.name },
    el("h3", {}, r.name + " ", el("span", { class: "muted" }, r.city + " · " + r.marketZone)),
    el("div", { class: "facts" },
      el("span", { "data-field": "gpus" }, "GPUs " + r.gpuFree + "/" + r.gpuTotal + " free"),
      el("span", { "data-field": "power" }, fmt.number(r.powerDrawW, 0) + " W"),
      el("span", { "data-field": "price" }, fmt.price(r.priceNowPerMwh, r.currency))));
  if (r.forecast.length > 0) {
    card.append(el("div", { class: "forecast", "data-field": "forecast" },
      el("div", { class: "muted" }, "price by hour (UTC), " + r.currency + "/MWh"), priceChart(r)));
  }
  for (const n of r.nodes) {
    card.append(el("button", { type: "button", class: "node", "data-node-id": n.id },
      el("span", {}, n.id + (n.simulated ? " (simulated)" : "")),
      el("span", {}, n.gpuFree + "/" + n.gpuTotal + " GPUs · " + fmt.number(n.powerDrawW, 0) + " W · ",
        el("span", { class: "state-" + n.state }, n.state))));
  }
  return card;
}

// Replaces only the cards whose content changed, in the order given.
function patchChildren(container, fresh, keyOf) {
  const old = new Map([...container.children].map(c => [keyOf(c), c]));
  let at = container.firstElementChild;
  for (const node of fresh) {
    const existing = old.get(keyOf(node));
    old.delete(keyOf(node));
    let keep = node;
    if (existing && existing.isEqualNode(node)) {
      keep = existing;
    } else if (existing) {
      // The new element takes the old one's place, also as the place to insert at.
      if (existing === at) at = node;
      existing.replaceWith(node);
    }
    if (keep !== at) container.insertBefore(keep, at);
    at = keep.nextElementSibling;
  }
  old.forEach(c => c.remove());
}

function showRegions(regions) {
  regions.sort((a, b) => (b.nodes.length > 0) - (a.nodes.length > 0) || a.name.localeCompare(b.name));
  patchChildren(document.getElementById("regions"), regions.map(regionCard), c => c.dataset.region);
}
