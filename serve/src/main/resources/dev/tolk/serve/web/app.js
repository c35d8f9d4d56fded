// Tolk's web page: translate with the JSON API and show the attention of the selected translation.
// Plain JavaScript, no build step, nothing loaded from elsewhere.
"use strict";

const SPACE_MARKER = "\u2581";
const $ = (id) => document.getElementById(id);
let results = [];

function label(symbol) {
  const s = symbol.split(SPACE_MARKER).join("");
  return s === "" ? symbol : s;
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function row(dl, name, value) {
  if (value === undefined || value === null || value === "") return;
  dl.append(el("dt", "", name), el("dd", "", String(value)));
}

function number(x, digits) {
  return typeof x === "number" ? x.toFixed(digits) : "n/a";
}

async function loadModel() {
  const response = await fetch("/v1/model");
  const m = await response.json();
  $("model-name").textContent = m.name + " · " + m.tokenizer + " tokens · " + m.parameters.toLocaleString("en") +
    " parameters";
  const info = $("model-info");
  row(info, "name", m.name);
  row(info, "file", m.path);
  row(info, "parameters", m.parameters.toLocaleString("en"));
  row(info, "tokenizer", m.tokenizer);
  row(info, "vocabularies", m.vocabularies.source + " / " + m.vocabularies.target +
    (m.vocabularies.shared ? " (shared)" : ""));
  const cfg = m.config && m.config.model ? m.config.model : {};
  row(info, "architecture", [cfg.cell, cfg.attention ? "attention " + cfg.attention : "",
    cfg.hidden_size ? "hidden " + cfg.hidden_size : ""].filter(Boolean).join(", "));
  row(info, "decoding", "beam " + m.decode.beam_size + ", max " + m.decode.max_input_tokens + " tokens (" +
    m.decode.overlong + "), " + m.decode.precision + " products");
  row(info, "limits", m.limits.max_lines + " lines, " + m.limits.max_line_tokens + " tokens/line, beam ≤ " +
    m.limits.max_beam);
  const p = m.provenance || {};
  const prov = $("provenance");
  row(prov, "trained", p.created ? p.created.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC") : "");
  row(prov, "Tolk", p.tolk_version);
  row(prov, "seed", p.seed);
  row(prov, "corpus SHA-256", p.corpus_sha256 ? p.corpus_sha256.slice(0, 16) + "…" : "");
  for (const [k, v] of Object.entries(p.metrics || {})) {
    row(prov, k, typeof v !== "number" ? "n/a" : Number.isInteger(v) ? String(v) : number(v, 3));
  }
  $("beam").max = m.limits.max_beam;
  $("beam").value = Math.min(m.decode.beam_size, m.limits.max_beam);
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function translate(event) {
  event.preventDefault();
  const lines = $("source").value.split("\n");
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) {
    setStatus("Type a sentence first.", true);
    return;
  }
  const beam = parseInt($("beam").value, 10);
  const nbest = parseInt($("nbest").value, 10);
  $("translate").disabled = true;
  setStatus("Translating…", false);
  const started = performance.now();
  try {
    const response = await fetch("/v1/translate", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: lines, beam: beam, nbest: nbest, attention: true }),
    });
    const body = await response.json();
    if (!response.ok) {
      setStatus(body.error ? body.error.message : "HTTP " + response.status, true);
      return;
    }
    results = body.translations;
    render();
    setStatus(results.length + (results.length === 1 ? " sentence" : " sentences") + " in " +
      Math.round(performance.now() - started) + " ms", false);
  } catch (e) {
    setStatus("The service cannot be reached: " + e.message, true);
  } finally {
    $("translate").disabled = false;
  }
}

function render() {
  const list = $("results");
  list.replaceChildren();
  results.forEach((t, i) => {
    const li = el("li");
    li.dataset.index = String(i);
    li.append(el("div", "source", t.source));
    const best = el("div", "translation");
    best.append(el("span", "text", t.translation),
      el("span", "score", t.score === null ? "" : "score " + number(t.score, 3)));
    li.append(best);
    if (t.nbest && t.nbest.length > 1) {
      const alternatives = el("ol", "nbest");
      alternatives.start = 2;
      t.nbest.slice(1).forEach((h) => {
        const item = el("li");
        item.append(el("span", "text", h.translation), el("span", "score", "score " + number(h.score, 3)));
        alternatives.append(item);
      });
      li.append(alternatives);
    }
    if (t.warning) li.append(el("div", "warning", t.warning));
    li.addEventListener("click", () => select(i));
    list.append(li);
  });
  const first = results.findIndex((t) => t.attention);
  select(first >= 0 ? first : 0);
}

function select(index) {
  document.querySelectorAll("#results > li").forEach((li) => {
    li.classList.toggle("selected", li.dataset.index === String(index));
  });
  const t = results[index];
  const panel = $("attention-panel");
  if (!t || !t.attention) {
    panel.hidden = true;
    return;
  }
  $("attention-caption").textContent = "for “" + t.translation + "”";
  drawHeatmap(t.attention);
  panel.hidden = false;
}

function drawHeatmap(a) {
  const table = $("heatmap");
  table.replaceChildren();
  const head = el("thead");
  const top = el("tr");
  top.append(el("th"));
  a.source.forEach((s) => {
    const th = el("th");
    th.append(el("span", "", label(s)));
    th.scope = "col";
    top.append(th);
  });
  head.append(top);
  const bodyRows = el("tbody");
  a.target.forEach((t, r) => {
    const tr = el("tr");
    const th = el("th", "", label(t));
    th.scope = "row";
    tr.append(th);
    a.weights[r].forEach((w, c) => {
      const td = el("td");
      td.dataset.weight = w.toFixed(4);
      td.title = label(t) + " ← " + label(a.source[c]) + ": " + w.toFixed(3);
      td.style.backgroundColor = "rgba(31, 95, 191, " + Math.max(0, Math.min(1, w)).toFixed(3) + ")";
      tr.append(td);
    });
    bodyRows.append(tr);
  });
  table.append(head, bodyRows);
}

$("translate-form").addEventListener("submit", translate);
$("source").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) translate(e);
});
loadModel().catch((e) => setStatus("Cannot load the model's description: " + e.message, true));
