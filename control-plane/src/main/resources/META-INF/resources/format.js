// Lastmile dashboard: building elements safely and writing values in human units.
"use strict";

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
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) {
    node.append(c instanceof Node ? c : document.createTextNode(printable(c === null || c === undefined ? "" : String(c))));
  }
  return node;
}

// SVG elements need their namespace; they carry numbers and labels only.
function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(printable(String(c))));
  return node;
}

const fmt = {
  // Cents from 1 up; below, three significant digits in plain decimals (a short run costs a
  // fraction of a cent), never in exponent notation; below a billionth it says so.
  money(v, currency) {
    if (v === null || v === undefined) return "–";
    const unit = currency ? " " + currency : "";
    const a = Math.abs(v);
    if (a === 0) return "0" + unit;
    if (a < 1e-9) return (v < 0 ? "> -" : "< ") + "0.000000001" + unit;
    if (a >= 1) return v.toFixed(2) + unit;
    return v.toLocaleString("en-US", { maximumSignificantDigits: 3, useGrouping: false }) + unit;
  },

  energy(wh) {
    if (wh === null || wh === undefined) return "–";
    if (wh === 0) return "0 Wh";
    if (wh >= 1e6) return (wh / 1e6).toFixed(2) + " MWh";
    if (wh >= 1000) return (wh / 1000).toFixed(2) + " kWh";
    return wh.toLocaleString("en-US", { maximumSignificantDigits: 3, maximumFractionDigits: 4 }) + " Wh";
  },

  // "45 s", "3 m 12 s", "2 h 5 m", "3 d 4 h".
  duration(seconds) {
    if (seconds === null || seconds === undefined || !isFinite(seconds)) return "–";
    let s = Math.max(0, Math.round(seconds));
    const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    s = s % 60;
    if (d > 0) return d + " d " + h + " h";
    if (h > 0) return h + " h " + m + " m";
    if (m > 0) return m + " m " + s + " s";
    return s + " s";
  },

  since(iso, now) {
    return iso ? fmt.duration((now - Date.parse(iso)) / 1000) : "–";
  },

  // Local wall-clock time; the date too when it is not today.
  time(iso) {
    if (!iso) return "–";
    const t = new Date(iso);
    const sameDay = t.toDateString() === new Date().toDateString();
    const hms = t.toLocaleTimeString("en-GB", { hour12: false });
    return sameDay ? hms : t.toISOString().slice(0, 10) + " " + hms;
  },

  // "in 42 m" for a time ahead, "3 m ago" for one behind.
  relative(iso, now) {
    if (!iso) return "";
    const s = (Date.parse(iso) - now) / 1000;
    return s >= 0 ? "in " + fmt.duration(s) : fmt.duration(-s) + " ago";
  },

  price(v, currency) {
    return v === null || v === undefined ? "price unknown" : v.toFixed(2) + " " + currency + "/MWh";
  },

  percent(fraction) {
    return Math.round(fraction * 100) + "%";
  },

  number(v, digits) {
    return v === null || v === undefined ? "–" : Number(v).toFixed(digits);
  },

  plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  },
};
