// Small SVG charts built with DOM calls: numbers go into attributes, text only into textContent.

const SVG_NS = "http://www.w3.org/2000/svg";

export function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, String(value));
  }
  return node;
}

function titled(node, text) {
  const title = svg("title");
  title.textContent = text;
  node.append(title);
  return node;
}

// A line of numbers, scaled to its own maximum; a flat line when all are zero.
export function sparkline(values, { width = 120, height = 28, label = "" } = {}) {
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "sparkline" });
  if (!values.length) return chart;
  const most = Math.max(...values, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((value, i) =>
    `${(i * step).toFixed(1)},${(height - 2 - (value / most) * (height - 4)).toFixed(1)}`);
  chart.append(svg("polyline", { points: points.join(" "), fill: "none" }));
  if (label) titled(chart, label);
  return chart;
}

// Sources and targets on a circle, one arrow per pair: green for support, red for oppose,
// thicker with more signals.
export function stanceGraph(pairs, { width = 360, height = 300 } = {}) {
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "stance-graph",
                             role: "img" });
  const defs = svg("defs");
  for (const polarity of ["support", "oppose"]) {
    const marker = svg("marker", { id: `arrow-${polarity}`, viewBox: "0 0 10 10", refX: 16,
                                   refY: 5, markerWidth: 6, markerHeight: 6,
                                   orient: "auto-start-reverse" });
    marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: polarity }));
    defs.append(marker);
  }
  chart.append(defs);

  const nodes = new Map();
  for (const pair of pairs) {
    nodes.set(pair.source_id, pair.source);
    nodes.set(pair.target_id, pair.target);
  }
  const ids = [...nodes.keys()];
  const radius = Math.min(width, height) / 2 - 40;
  const place = new Map(ids.map((id, i) => {
    const angle = (2 * Math.PI * i) / ids.length - Math.PI / 2;
    return [id, [width / 2 + radius * Math.cos(angle), height / 2 + radius * Math.sin(angle)]];
  }));
  const most = Math.max(1, ...pairs.map((pair) => pair.count));
  for (const pair of pairs) {
    const [x1, y1] = place.get(pair.source_id);
    const [x2, y2] = place.get(pair.target_id);
    const edge = svg("line", { x1, y1, x2, y2, class: `edge ${pair.polarity}`,
                               "stroke-width": (1 + (3 * pair.count) / most).toFixed(1),
                               "marker-end": `url(#arrow-${pair.polarity})` });
    chart.append(titled(edge, `${pair.source} ${pair.polarity}s ${pair.target}: ${pair.count}`));
  }
  for (const [id, name] of nodes) {
    const [x, y] = place.get(id);
    chart.append(titled(svg("circle", { cx: x, cy: y, r: 6, class: "node" }), name));
    const text = svg("text", { x, y: y + (y < height / 2 ? -10 : 18), "text-anchor": "middle" });
    text.textContent = name.length > 22 ? `${name.slice(0, 21)}…` : name;
    chart.append(text);
  }
  return chart;
}
