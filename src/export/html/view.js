// graph.html viewer: draws the embedded graph on a canvas; pan by dragging,
// zoom with the wheel, search by name, click a node to list its relations
// with their evidence. No library, no network.
"use strict";
(function () {
  const errors = [];
  window.addEventListener("error", (e) => {
    errors.push(String(e.message));
    document.body.dataset.errors = errors.join(" | ");
  });

  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const nodes = data.nodes;
  const edges = data.edges;
  const canvas = document.getElementById("view");
  const ctx = canvas.getContext("2d");
  const panel = document.getElementById("panel");
  const search = document.getElementById("search");
  const matches = document.getElementById("matches");

  // Incident edges of every node, and the nodes biggest first (label order).
  const incident = nodes.map(() => []);
  edges.forEach((e, i) => {
    incident[e.s].push(i);
    if (e.o !== e.s) incident[e.o].push(i);
  });
  const bySize = nodes.map((_, i) => i).sort((a, b) => nodes[b].r - nodes[a].r || a - b);

  const view = { scale: 1, tx: 0, ty: 0, selected: -1, width: 0, height: 0 };
  let pending = false;

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const c of children) node.append(c);
    return node;
  }

  function resize() {
    const dpr = window.devicePixelRatio || 1;
    view.width = canvas.clientWidth;
    view.height = canvas.clientHeight;
    canvas.width = Math.round(view.width * dpr);
    canvas.height = Math.round(view.height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    redraw();
  }

  function fit() {
    if (nodes.length === 0) return;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of nodes) {
      x0 = Math.min(x0, n.x - n.r); y0 = Math.min(y0, n.y - n.r);
      x1 = Math.max(x1, n.x + n.r); y1 = Math.max(y1, n.y + n.r);
    }
    const w = Math.max(x1 - x0, 1), h = Math.max(y1 - y0, 1);
    view.scale = Math.min(view.width / w, view.height / h) * 0.9;
    view.tx = view.width / 2 - ((x0 + x1) / 2) * view.scale;
    view.ty = view.height / 2 - ((y0 + y1) / 2) * view.scale;
  }

  const sx = (n) => n.x * view.scale + view.tx;
  const sy = (n) => n.y * view.scale + view.ty;

  function redraw() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(draw);
  }

  function draw() {
    pending = false;
    ctx.clearRect(0, 0, view.width, view.height);
    const sel = view.selected;
    const near = new Set();
    if (sel >= 0) for (const i of incident[sel]) { near.add(edges[i].s); near.add(edges[i].o); }

    ctx.lineWidth = 1;
    ctx.strokeStyle = sel >= 0 ? "rgba(120,120,120,0.12)" : "rgba(120,120,120,0.35)";
    ctx.beginPath();
    for (const e of edges) {
      const a = nodes[e.s], b = nodes[e.o];
      ctx.moveTo(sx(a), sy(a));
      ctx.lineTo(sx(b), sy(b));
    }
    ctx.stroke();
    if (sel >= 0) {
      ctx.strokeStyle = "rgba(30,30,30,0.8)";
      ctx.lineWidth = 1.6;
      ctx.beginPath();
      for (const i of incident[sel]) {
        const a = nodes[edges[i].s], b = nodes[edges[i].o];
        ctx.moveTo(sx(a), sy(a));
        ctx.lineTo(sx(b), sy(b));
      }
      ctx.stroke();
    }

    let drawn = 0;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[bySize[i]];
      const x = sx(n), y = sy(n), r = Math.max(n.r * view.scale, 1.5);
      if (x < -r || y < -r || x > view.width + r || y > view.height + r) continue;
      ctx.globalAlpha = sel < 0 || near.has(bySize[i]) || bySize[i] === sel ? 1 : 0.3;
      ctx.fillStyle = data.classes[n.class] || "#888";
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fill();
      drawn++;
    }
    ctx.globalAlpha = 1;
    if (sel >= 0) {
      const n = nodes[sel];
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#111";
      ctx.beginPath();
      ctx.arc(sx(n), sy(n), Math.max(n.r * view.scale, 1.5) + 2, 0, 2 * Math.PI);
      ctx.stroke();
    }
    drawLabels(sel, near);
    document.body.dataset.drawnNodes = String(drawn);
  }

  // Labels for the selection and its neighbours, then for the biggest
  // nodes on screen, skipping any that would overlap one already drawn.
  function drawLabels(sel, near) {
    ctx.font = "12px system-ui, 'DejaVu Sans', sans-serif";
    ctx.textBaseline = "middle";
    const boxes = [];
    const order = sel >= 0 ? [sel, ...near, ...bySize] : bySize;
    const seen = new Set();
    let count = 0;
    for (const i of order) {
      if (seen.has(i) || count >= 400) continue;
      seen.add(i);
      const n = nodes[i];
      const r = Math.max(n.r * view.scale, 1.5);
      const forced = i === sel || near.has(i);
      if (!forced && r < 3 && view.scale < 1.5) continue;
      const x = sx(n) + r + 3, y = sy(n);
      if (x > view.width || y < 0 || y > view.height || x < -200) continue;
      const w = ctx.measureText(n.label).width;
      const box = [x, y - 7, x + w, y + 7];
      if (!forced && boxes.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
      boxes.push(box);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(250,250,250,0.9)";
      ctx.strokeText(n.label, x, y);
      ctx.fillStyle = forced ? "#000" : "#333";
      ctx.fillText(n.label, x, y);
      count++;
    }
  }

  function pick(px, py) {
    let best = -1, bestD = Infinity;
    nodes.forEach((n, i) => {
      const dx = sx(n) - px, dy = sy(n) - py;
      const d = Math.sqrt(dx * dx + dy * dy);
      const r = Math.max(n.r * view.scale, 1.5) + 4;
      if (d <= r && d < bestD) { best = i; bestD = d; }
    });
    return best;
  }

  function select(i, centre) {
    view.selected = i;
    showPanel(i);
    if (i >= 0 && centre) {
      // Centre in the part of the canvas the panel leaves visible.
      const n = nodes[i];
      const free = view.width - (panel.hidden ? 0 : panel.offsetWidth);
      view.scale = Math.max(view.scale, 1.2);
      view.tx = free / 2 - n.x * view.scale;
      view.ty = view.height / 2 - n.y * view.scale;
    }
    redraw();
  }

  function nodeButton(i) {
    const b = el("button", { className: "node", textContent: nodes[i].label, title: nodes[i].class });
    b.addEventListener("click", () => select(i, true));
    return b;
  }

  function dateRange(e) {
    if (!e.first) return "";
    return e.first === e.last ? e.first : e.first + " – " + e.last;
  }

  function relationItem(i, ei) {
    const e = edges[ei];
    const out = e.s === i;
    const other = out ? e.o : e.s;
    const arrow = e.sym ? "↔" : out ? "→" : "←";
    const head = el("div", { className: "head" },
      el("span", { className: "pred", textContent: arrow + " " + e.p + " " }),
      nodeButton(other),
      el("span", { className: "dates", textContent: dateRange(e) + " · " + e.w + " evidence" }));
    const li = el("li", { className: "relation" }, head);
    for (const v of e.ev) {
      const where = [v.doc, v.date || "undated", v.rule].join(" · ");
      li.append(el("blockquote", {}, v.sentence, el("cite", { textContent: where })));
    }
    if (e.w > e.ev.length) {
      li.append(el("p", { className: "more",
        textContent: (e.w - e.ev.length) + " more in relations.jsonl" }));
    }
    return li;
  }

  function showPanel(i) {
    panel.replaceChildren();
    if (i < 0) { panel.hidden = true; return; }
    const n = nodes[i];
    const close = el("button", { className: "close", textContent: "×", title: "Close" });
    close.addEventListener("click", () => select(-1, false));
    const badge = el("span", { className: "badge" }, el("i"), n.class);
    badge.firstChild.style.background = data.classes[n.class] || "#888";
    const meta = [n.mentions + " mentions", n.docs + " documents"];
    if (n.wikidata) meta.push("Wikidata " + n.wikidata);
    panel.append(close, el("h2", { textContent: n.label }), badge,
      el("div", { className: "meta", textContent: meta.join(" · ") + " · " + n.iri }));
    if (n.text) panel.append(el("div", { className: "quote", textContent: "“" + n.text + "”" }));
    const rel = incident[i].slice().sort((a, b) => edges[b].w - edges[a].w || a - b);
    panel.append(el("h3", { textContent: "Relations (" + rel.length + ")" }));
    panel.append(el("ul", { className: "relations" }, ...rel.map((ei) => relationItem(i, ei))));
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  // Entities before quotes, exact names first, then the most mentioned.
  function findMatches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    const hits = [];
    nodes.forEach((n, i) => {
      const label = n.label.toLowerCase();
      if (label.indexOf(q) < 0 && n.id.indexOf(q) < 0) return;
      hits.push([n.class === "Quote" ? 1 : 0, label === q ? 0 : 1, -n.mentions, i]);
    });
    hits.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
    return hits.slice(0, 15).map((h) => h[3]);
  }

  function showMatches() {
    const found = findMatches(search.value);
    matches.replaceChildren(...found.map((i, k) => {
      const li = el("li", { className: k === 0 ? "active" : "" }, nodes[i].label,
        el("span", { className: "cls", textContent: nodes[i].class }));
      li.dataset.node = String(i);
      li.addEventListener("click", () => { select(i, true); matches.replaceChildren(); });
      return li;
    }));
    return found;
  }

  function legend() {
    const present = new Set(nodes.map((n) => n.class));
    const box = document.getElementById("legend");
    for (const [cls, colour] of Object.entries(data.classes)) {
      if (!present.has(cls)) continue;
      const dot = el("i");
      dot.style.background = colour;
      box.append(el("span", {}, dot, cls));
    }
  }

  let drag = null;
  canvas.addEventListener("mousedown", (e) => {
    drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty, moved: false };
  });
  window.addEventListener("mousemove", (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; canvas.classList.add("dragging"); }
    if (drag.moved) { view.tx = drag.tx + dx; view.ty = drag.ty + dy; redraw(); }
  });
  window.addEventListener("mouseup", (e) => {
    if (!drag) return;
    const moved = drag.moved;
    drag = null;
    canvas.classList.remove("dragging");
    if (!moved && e.target === canvas) {
      const r = canvas.getBoundingClientRect();
      select(pick(e.clientX - r.left, e.clientY - r.top), false);
    }
  });
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left, py = e.clientY - r.top;
    const f = Math.exp(-e.deltaY * 0.0015);
    view.tx = px - (px - view.tx) * f;
    view.ty = py - (py - view.ty) * f;
    view.scale *= f;
    redraw();
  }, { passive: false });
  search.addEventListener("input", showMatches);
  search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      const found = findMatches(search.value);
      if (found.length) { select(found[0], true); matches.replaceChildren(); }
    } else if (e.key === "Escape") {
      matches.replaceChildren();
    }
  });
  window.addEventListener("resize", resize);

  legend();
  view.width = canvas.clientWidth;
  view.height = canvas.clientHeight;
  fit();
  resize();
  const wanted = /^#select=(.+)$/.exec(window.location.hash);
  if (wanted) {
    const found = findMatches(decodeURIComponent(wanted[1]));
    if (found.length) select(found[0], true);
  }
  // Tests and scripts reach the view through this handle.
  window.kgView = { view, nodes, edges, select, findMatches, screen: (i) => [sx(nodes[i]), sy(nodes[i])] };
})();
