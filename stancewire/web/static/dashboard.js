// The live dashboard: polls the JSON API every second and rebuilds each panel.
// Every string from the data goes into the DOM through textContent (never innerHTML):
// titles, names, quotes and errors are untrusted.

import { sparkline, stanceGraph } from "./charts.js";

const REFRESH_MS = 1000;
const REQUEST_TIMEOUT_MS = 5000;
const TOP_ENTITIES = 15;
const TOP_PAIRS = 10;
const GRAPH_PAIRS = 6; // per polarity: more makes an unreadable hairball
const FEED_LENGTH = 12;
const RATE_HISTORY = 60;

const rateHistory = [];
// The web token, when the worker asks for one: entered once, kept for this tab only.
const TOKEN_KEY = "stancewire.webToken";

const byId = (id) => document.getElementById(id);

function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) {
    node.append(child instanceof Node ? child : String(child ?? ""));
  }
  return node;
}

const number = (value) => Number(value ?? 0).toLocaleString("en-US");

function ago(seconds) {
  const delta = Math.max(0, Date.now() / 1000 - seconds);
  if (delta < 60) return `${Math.round(delta)} s ago`;
  if (delta < 3600) return `${Math.round(delta / 60)} min ago`;
  return new Date(seconds * 1000).toLocaleString("en-GB");
}

async function getJSON(path) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    const response = await fetch(path, { signal: controller.signal, cache: "no-store", headers });
    if (response.status === 401) {
      askForToken(token !== null);
      throw new Error("this web view needs its token");
    }
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

function setCounter(id, value, text = number(value)) {
  const node = byId(id);
  node.dataset.value = String(value ?? 0);
  node.textContent = text;
}

// Fill a list or table body with rows; show its empty-state note when there are none.
function fill(containerId, rows) {
  const container = byId(containerId);
  const target = container.tBodies ? container.tBodies[0] : container;
  target.replaceChildren(...rows);
  container.hidden = rows.length === 0;
  byId(`${containerId}-empty`).hidden = rows.length > 0;
}

function renderStats(stats) {
  const { articles } = stats;
  setCounter("processed", articles.processed);
  setCounter("rejected", articles.rejected);
  setCounter("rate", articles.per_second, articles.per_second.toFixed(1));
  rateHistory.push(articles.per_second);
  if (rateHistory.length > RATE_HISTORY) rateHistory.shift();
  byId("rate-chart").replaceChildren(sparkline(rateHistory, { label: "last minute" }));
  if (stats.lag) {
    setCounter("lag", stats.lag.articles);
    byId("lag-detail").textContent = `${number(stats.lag.total)} on all topics`;
  } else {
    setCounter("lag", 0, "n/a");
    byId("lag-detail").textContent = "Kafka offsets unavailable";
  }
  setCounter("entities", stats.entities);
  byId("mentions-detail").textContent = `${number(stats.mentions)} mentions`;
  setCounter("quotes", stats.quotes);
  byId("stance-detail").textContent =
    `${number(stats.support)} support · ${number(stats.oppose)} oppose signals`;
  const window = stats.window_seconds;
  byId("window-label").textContent =
    window >= 3600 ? `(${window / 3600} h)` : `(${Math.round(window / 60)} min)`;
}

function entityRows(answer, field) {
  return answer.entities.map((entity, i) => el("tr", "",
    el("td", "rank", i + 1),
    el("td", "name", entity.name),
    el("td", "label", entity.label),
    el("td", "num", number(entity[field])),
    el("td", "trend", sparkline(entity.trend, { width: 90, height: 20,
                                                 label: `mentions per window: ${entity.trend.join(", ")}` }))));
}

function pairRows(pairs, polarity) {
  return pairs.map((pair) => el("tr", polarity,
    el("td", "name", pair.source), el("td", "arrow", "→"), el("td", "name", pair.target),
    el("td", "num", number(pair[polarity]))));
}

function renderStances(answer) {
  fill("support", pairRows(answer.support, "support"));
  fill("oppose", pairRows(answer.oppose, "oppose"));
  const edges = [
    ...answer.support.slice(0, GRAPH_PAIRS)
      .map((pair) => ({ ...pair, polarity: "support", count: pair.support })),
    ...answer.oppose.slice(0, GRAPH_PAIRS)
      .map((pair) => ({ ...pair, polarity: "oppose", count: pair.oppose })),
  ];
  byId("stance-graph").replaceChildren(...(edges.length ? [stanceGraph(edges)] : []));
  byId("stance-graph-empty").hidden = edges.length > 0;
}

function quoteItems(answer) {
  return answer.quotes.map((quote) => el("li", "",
    el("blockquote", "", `“${quote.text ?? ""}”`),
    el("div", "meta", el("strong", "", quote.speaker?.name || quote.speaker?.text || "unattributed"),
       ` · ${ago(quote.timestamp)}`)));
}

function articleItems(answer) {
  return answer.articles.map((article) => el("li", "",
    el("div", "title", article.title || article.id),
    el("div", "meta", [article.source, `${article.entities} entities`,
                       `${article.quotes} quotes`, `${article.stances} stances`,
                       ago(article.timestamp)].filter(Boolean).join(" · "))));
}

function deadLetterItems(answer) {
  return answer.dead_letters.map((letter) => el("li", "",
    el("div", "title", el("code", "", letter.error_code), " ", letter.error),
    el("div", "meta", `${letter.key ?? "no key"} · ${ago(letter.failed_at ?? letter.timestamp)}`),
    el("pre", "excerpt", letter.value)));
}

function setStatus(state, text) {
  const status = byId("status");
  status.dataset.state = state;
  status.textContent = text;
}

async function refresh() {
  const [stats, all, current, stances, quotes, articles, deadLetters] = await Promise.all([
    getJSON("/api/stats/"),
    getJSON(`/api/entities/?top=${TOP_ENTITIES}&window=all`),
    getJSON(`/api/entities/?top=${TOP_ENTITIES}&window=current`),
    getJSON(`/api/stances/?top=${TOP_PAIRS}`),
    getJSON(`/api/quotes/?limit=${FEED_LENGTH}`),
    getJSON(`/api/articles/?limit=${FEED_LENGTH}`),
    getJSON(`/api/dlq/?limit=${FEED_LENGTH}`),
  ]);
  renderStats(stats);
  fill("entities-all", entityRows(all, "mentions"));
  fill("entities-current", entityRows(current, "window"));
  renderStances(stances);
  fill("latest-quotes", quoteItems(quotes));
  fill("latest-articles", articleItems(articles));
  fill("latest-dlq", deadLetterItems(deadLetters));
  const answered = stats.workers.filter((worker) => worker.ok).length;
  const time = new Date().toLocaleTimeString("en-GB");
  setStatus(stats.complete ? "live" : "partial",
            `${stats.complete ? "live" : "partial"} · ${answered}/${stats.workers.length} workers · ${time}`);
}

function askForToken(refused) {
  const form = byId("token-form");
  byId("token-refused").hidden = !refused;
  if (form.hidden) {
    form.hidden = false;
    byId("token-input").focus();
  }
}

byId("token-form").addEventListener("submit", (event) => {
  event.preventDefault(); // the token never goes into a URL or a form post
  sessionStorage.setItem(TOKEN_KEY, byId("token-input").value.trim());
  byId("token-input").value = "";
  byId("token-form").hidden = true;
});

async function loop() {
  const started = performance.now();
  try {
    await refresh();
  } catch (error) {
    setStatus("error", `cannot reach the worker: ${error.message}`);
  }
  setTimeout(loop, Math.max(0, REFRESH_MS - (performance.now() - started)));
}

loop();
