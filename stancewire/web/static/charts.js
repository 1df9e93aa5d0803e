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
// thicker with more signals. Labels sit outside the circle, away from the arrows.
export function stanceGraph(pairs, { width = 440, height = 320 } = {}) {
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "stance-graph",
                             role: "img" });
  const defs = svg("defs");
  for (const polarity of ["support", "oppose"]) {
    const marker = svg("marker", { id: `arrow-${polarity}`, viewBox: "0 0 10 10", refX: 17,
                                   refY: 5, markerWidth: 9, markerHeight: 9,
                                   markerUnits: "userSpaceOnUse", orient: "auto" });
    marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: polarity }));
    defs.append(marker);
  }
  chart.append(defs);

  const nodes = new Map();
  for (const pair of pairs) {
    nodes.set(pair.source_id, pair.source);
    nodes.set(pair.target_id, pair.target);
  }
  const radius = Math.min(width / 2 - 125, height / 2 - 24);
  const angles = new Map([...nodes.keys()].map(
    (id, i) => [id, (2 * Math.PI * i) / nodes.size - Math.PI / 2]));
  const at = (id, extra = 0) => [width / 2 + (radius + extra) * Math.cos(angles.get(id)),
                                 height / 2 + (radius + extra) * Math.sin(angles.get(id))];
  const most = Math.max(1, ...pairs.map((pair) => pair.count));
  for (const pair of pairs) {
    const [x1, y1] = at(pair.source_id);
    const [x2, y2] = at(pair.target_id);
    const edge = svg("line", { x1, y1, x2, y2, class: `edge ${pair.polarity}`,
                               "stroke-width": (1 + (2.5 * pair.count) / most).toFixed(1),
                               "marker-end": `url(#arrow-${pair.polarity})` });
    chart.append(titled(edge, `${pair.source} ${pair.polarity}s ${pair.target}: ${pair.count}`));
  }
  for (const [id, name] of nodes) {
    const [x, y] = at(id);
    chart.append(titled(svg("circle", { cx: x, cy: y, r: 5, class: "node" }), name));
    const cos = Math.cos(angles.get(id));
    const [lx, ly] = at(id, 10);
    const text = svg("text", { x: lx, y: ly + 4,
                               "text-anchor": cos > 0.25 ? "start" : cos < -0.25 ? "end" : "middle" });
    text.textContent = name.length > 18 ? `${name.slice(0, 17)}…` : name;
    chart.append(titled(text, name));
  }
  return chart;
}
