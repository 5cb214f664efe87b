// orbat dashboard: map of events and control, actor network over time, timeline, actor pages and
// the evidence behind every fact.
//
// Safety rule for this file: text from the store (articles, comments, names) is scraped from the
// web and may hold markup. It only ever enters the page as text nodes (el() below, textContent);
// innerHTML, insertAdjacentHTML and string-built HTML are not used anywhere, links are built only
// for http(s) URLs, and Leaflet tooltips get DOM nodes, not strings.
"use strict";

(() => {
  const $ = (sel) => document.querySelector(sel);
  const DAY = 86400000;

  // ---------------------------------------------------------------- small helpers
  const ALLOWED_PROPS = new Set(["id", "title", "type", "value", "placeholder", "hidden", "disabled", "name", "tabIndex", "colSpan"]);
  function el(tag, props = {}, ...kids) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null) continue;
      if (k === "class") n.className = v;
      else if (k === "data") for (const [dk, dv] of Object.entries(v)) n.dataset[dk] = String(dv);
      else if (k === "on") for (const [ev, fn] of Object.entries(v)) n.addEventListener(ev, fn);
      else if (k === "text") n.textContent = String(v);
      else if (ALLOWED_PROPS.has(k)) n[k] = v;
      else throw new Error("el(): property not allowed: " + k);
    }
    for (const kid of kids.flat()) {
      if (kid === null || kid === undefined || kid === false) continue;
      n.append(kid instanceof Node ? kid : String(kid)); // strings become text nodes
    }
    return n;
  }

  function safeLink(url, label) {
    let ok = false;
    try {
      const u = new URL(String(url));
      ok = u.protocol === "http:" || u.protocol === "https:";
    } catch (_) { ok = false; }
    if (!ok) return el("span", { text: label || url || "" });
    const a = el("a", { text: label || url });
    a.href = new URL(String(url)).href;
    a.target = "_blank";
    a.rel = "noopener noreferrer nofollow";
    return a;
  }

  async function api(path, params) {
    const qs = params ? "?" + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== "")) : "";
    const r = await fetch(path + qs, { headers: { Accept: "application/json" } });
    if (!r.ok) throw new Error(`${r.status} ${path}`);
    return r.json();
  }

  async function write(path, body) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const token = $("#token").value.trim();
    if (token) headers.Authorization = "Bearer " + token;
    const r = await fetch(path, { method: "POST", headers, body: JSON.stringify(body) });
    let data = {};
    try { data = await r.json(); } catch (_) { data = {}; }
    return { ok: r.ok, status: r.status, data };
  }

  const iso = (d) => new Date(d).toISOString().slice(0, 10);
  const addDays = (s, n) => iso(Date.parse(s + "T00:00:00Z") + n * DAY);
  const daysBetween = (a, b) => Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / DAY);
  function debounce(fn, ms) {
    let t = null;
    return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
  }

  function typeClass(type) {
    const t = String(type || "").toLowerCase();
    if (t.startsWith("battle")) return "t-battles";
    if (t.startsWith("explosion")) return "t-remote";
    if (t.startsWith("violence")) return "t-civilians";
    if (t.startsWith("protest") || t.startsWith("riot")) return "t-protest";
    if (t.startsWith("strategic")) return "t-strategic";
    return "t-other";
  }

  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#ff7f0e", "#393b79"];
  function actorColor(id) {
    let h = 0;
    for (const ch of String(id)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return PALETTE[h % PALETTE.length];
  }

  // ---------------------------------------------------------------- state
  const state = { start: null, end: null, asOf: null, names: new Map(), seq: 0, writes: false };
  const actorName = (id) => (id ? state.names.get(id) || id : "");

  // ---------------------------------------------------------------- the panel
  function panel(...kids) {
    const body = $("#panel-body");
    body.replaceChildren(...kids.flat().filter(Boolean));
    $("#panel").scrollTop = 0;
  }

  function statusLine() {
    return el("div", { class: "status-msg" });
  }

  function report(line, res) {
    if (res.ok) {
      line.className = "status-msg ok";
      line.textContent = `Saved (correction ${res.data.id}).`;
    } else {
      line.className = "status-msg err";
      line.textContent = `Refused (${res.status}): ${res.data.detail || res.data.error || "error"}`;
    }
  }

  function speakerText(speaker, doc) {
    const s = String(speaker || "author");
    if (s.startsWith("quoted:")) return `${s.slice(7)}, quoted in ${doc.outlet || "the report"}`;
    if (s.startsWith("commenter:")) {
      const c = (doc.comments || []).find((x) => x.id === s.slice(10));
      return `a reader comment by ${(c && c.author) || "an anonymous reader"} under the report`;
    }
    return `${doc.author || "the author"}${doc.outlet ? " (" + doc.outlet + ")" : ""}, in the report's own voice`;
  }

  // Text with [start, end) highlighted; falls back to finding the sentence when offsets disagree.
  function highlighted(text, ev) {
    let start = ev.start, end = ev.end;
    const span = typeof start === "number" && typeof end === "number" && end <= text.length && start < end
      ? text.slice(start, end) : "";
    if (!span || (ev.sentence && !ev.sentence.includes(span.trim()) && !span.includes(ev.sentence))) {
      const i = ev.sentence ? text.indexOf(ev.sentence) : -1;
      if (i >= 0) { start = i; end = i + ev.sentence.length; } else { start = end = -1; }
    }
    if (start < 0) return [text];
    return [text.slice(0, start), el("mark", { class: "evidence", id: "evidence-mark", text: text.slice(start, end) }), text.slice(end)];
  }

  function claimTitle(kind, c) {
    if (kind === "event") {
      const where = c.place ? ` in ${c.place.name}` : "";
      const who = [c.actor1, c.actor2].filter(Boolean).map(actorName).join(" vs ");
      return `${c.sub_type || c.type}${where}${c.date ? ", " + c.date : ""}${who ? " — " + who : ""}`;
    }
    if (kind === "relation") return `${c.subject_name || actorName(c.subject)} ${c.type} ${c.object_name || actorName(c.object)}`;
    if (kind === "control") return `${c.actor_name || actorName(c.actor)} holds ${c.place ? c.place.name : "?"}${c.as_of ? " as of " + c.as_of : ""}`;
    return kind;
  }

  function flags(c) {
    return [c.negated ? el("span", { class: "badge denied", text: "negated" }) : null,
      c.hedged ? el("span", { class: "badge hedged", text: "hedged" }) : null];
  }

  async function showEvidence(kind, claim) {
    panel(el("h2", { text: "Evidence" }), el("p", { class: "hint", text: "Loading the report…" }));
    let doc;
    try {
      doc = await api(`/api/documents/${encodeURIComponent(claim.document)}`);
    } catch (e) {
      panel(el("h2", { text: "Evidence" }), el("p", { class: "status-msg err", text: String(e) }));
      return;
    }
    const ev = claim.evidence || {};
    const segment = String(ev.segment || "body");
    const bodyBox = el("div", { class: "doc-body", id: "evidence-body" });
    if (segment === "body") bodyBox.append(...highlighted(doc.body || "", ev));
    else bodyBox.append(doc.body || "");
    const comments = (doc.comments || []).map((c) => el("div", { class: "comment" + (c.parent ? " reply" : ""), data: { comment: c.id } },
      el("div", { class: "who", text: `${c.author || "anonymous"}${c.date ? " · " + c.date : ""}` }),
      segment === "comment:" + c.id ? el("div", {}, ...highlighted(c.text || "", ev)) : el("div", { text: c.text || "" })));
    const note = el("input", { type: "text", placeholder: "note (optional)" });
    const line = statusLine();
    const target = `${kind}:${claim.id}`;
    const send = async (k) => report(line, await write("/api/corrections", { kind: k, target, payload: { document: claim.document }, note: note.value || null }));
    panel(
      el("h2", { text: "Evidence" }),
      el("h3", { id: "evidence-title", text: claimTitle(kind, claim) }), ...flags(claim),
      el("div", { class: "said", id: "evidence-speaker" }, el("strong", { text: "Said by: " }), speakerText(ev.speaker, doc)),
      el("p", { class: "small" }, el("strong", { text: doc.title || "(untitled)" }), " · ", doc.outlet || "unknown outlet", " · ",
        doc.published || "undated", doc.url ? " · " : "", doc.url ? safeLink(doc.url, "source") : null),
      bodyBox,
      comments.length ? el("h3", { text: `Reader comments (${comments.length})` }) : null,
      ...comments,
      el("form", { class: "correct", on: { submit: (e) => e.preventDefault() } },
        el("span", { class: "small", text: "Correct this fact:" }), note,
        el("button", { type: "button", id: "reject-fact", text: "Reject", on: { click: () => send("reject_fact") } }),
        el("button", { type: "button", text: "Confirm", on: { click: () => send("confirm_fact") } }),
        line),
    );
    const mark = $("#evidence-mark");
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  // The claims behind a relation, fetched when asked for: a list that opens each one's evidence.
  function claimList(r) {
    const list = el("ul", { class: "plain claims" }, el("li", { class: "hint", text: "Loading claims…" }));
    api("/api/relations/claims", { type: r.type, subject: r.subject, object: r.object, as_of: state.asOf, limit: 100 })
      .then((claims) => list.replaceChildren(...claims.map((c) => el("li", { class: "clickable", on: { click: () => showEvidence("relation", c) } },
        `${c.date || "undated"} · ${c.outlet || "?"} · ${c.speaker}: `, el("em", { text: (c.evidence || {}).sentence || "" }), ...flags(c)))))
      .catch((e) => list.replaceChildren(el("li", { class: "status-msg err", text: String(e) })));
    return list;
  }

  function relationRow(r, self) {
    const partner = r.subject === self ? r.object : r.subject;
    const partnerName = r.subject === self ? r.object_name : r.subject_name;
    const dir = r.symmetric ? r.type : (r.subject === self ? r.type + " →" : "← " + r.type);
    const cell = el("td", { colSpan: 5 });
    const toggle = () => { if (cell.firstChild) cell.replaceChildren(); else cell.append(claimList(r)); };
    return [
      el("tr", {},
        el("td", { text: dir }),
        el("td", {}, el("span", { class: "clickable", text: partnerName || partner, on: { click: () => showActor(partner) } })),
        el("td", { text: `${r.sources}` }),
        el("td", {}, el("span", { class: "badge " + r.status, text: r.status }), r.denied_by ? ` denied by ${r.denied_by}` : ""),
        el("td", {}, el("span", { class: "clickable claims-toggle", text: `${r.asserted + r.negated} claims`, on: { click: toggle } }))),
      el("tr", {}, cell),
    ];
  }

  async function showActor(id) {
    let a;
    try {
      a = await api(`/api/actors/${encodeURIComponent(id)}`);
    } catch (e) {
      panel(el("h2", { text: "Actor" }), el("p", { class: "status-msg err", text: `No actor ${id}` }));
      return;
    }
    const alias = el("input", { type: "text", placeholder: "alias" });
    const into = el("input", { type: "text", placeholder: "merge into actor id" });
    const line = statusLine();
    const rows = a.relations.flatMap((r) => relationRow(r, a.id));
    panel(
      el("h2", { text: "Actor" }),
      el("h3", { id: "actor-name", text: a.name }),
      el("p", { class: "small" }, `${a.type}${a.country ? " · " + a.country : ""} · id ${a.id} · ${a.documents} reports · first seen ${a.first_seen || "?"}, last ${a.last_seen || "?"}`,
        a.provisional ? el("span", { class: "badge hedged", text: "provisional" }) : null),
      el("p", {}, el("strong", { text: "Seen as: " }), a.aliases.join(", ") || "—"),
      a.kb_aliases.length ? el("p", { class: "small" }, el("strong", { text: "Known aliases: " }), a.kb_aliases.join(", ")) : null,
      a.dated_names.length ? el("p", {}, el("strong", { text: "Dated names: " }),
        a.dated_names.map((n) => `${n.name} (${n.from || "…"} – ${n.until || "…"})`).join("; ")) : null,
      el("h3", { text: `Relations (${a.relations.length})` }),
      el("table", { class: "rel", id: "actor-relations" },
        el("tr", {}, ...["relation", "with", "sources", "status", "evidence"].map((h) => el("th", { text: h }))), ...rows),
      el("h3", { text: `Events (${a.events_total})` }),
      el("ul", { class: "plain" }, a.events.slice(-50).reverse().map((e) => el("li", { class: "clickable", on: { click: () => showEvidence("event", e) } },
        el("span", { class: "dot " + typeClass(e.type) }), claimTitle("event", e)))),
      a.control.length ? el("h3", { text: `Control (${a.control_total})` }) : null,
      el("ul", { class: "plain" }, a.control.slice(-30).reverse().map((c) => el("li", { class: "clickable", on: { click: () => showEvidence("control", c) } },
        claimTitle("control", c), ...flags(c)))),
      el("form", { class: "correct", on: { submit: (e) => e.preventDefault() } },
        el("span", { class: "small", text: "Correct this actor:" }), alias,
        el("button", { type: "button", text: "Add alias", on: { click: async () => report(line, await write("/api/corrections", { kind: "add_alias", target: a.id, payload: { alias: alias.value } })) } }),
        into,
        el("button", { type: "button", text: "Merge", on: { click: async () => report(line, await write("/api/corrections", { kind: "merge_actors", target: a.id, payload: { into: into.value } })) } }),
        line),
    );
  }

  function showEventList(title, events) {
    panel(el("h2", { text: title }),
      events.length ? el("ul", { class: "plain", id: "event-list" }, events.map((e) => el("li", { class: "clickable", on: { click: () => showEvidence("event", e) } },
        el("span", { class: "dot " + typeClass(e.type) }), claimTitle("event", e)))) : el("p", { class: "hint", text: "No dated events." }));
  }

  // ---------------------------------------------------------------- the map
  let map = null, eventLayer = null, controlLayer = null;
  async function initMap() {
    map = L.map("map", { zoomControl: true, attributionControl: true, preferCanvas: false }).fitBounds([[32.3, 35.6], [37.3, 42.4]]);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth outlines");
    try {
      const countries = await api("/static/vendor/natural-earth/countries-levant.geojson");
      // className only applies when a path is created, so Syria gets a layer of its own.
      const syria = (f) => String(f.id) === "760";
      L.geoJSON(countries, { interactive: false, className: "country", filter: (f) => !syria(f) }).addTo(map);
      L.geoJSON(countries, { interactive: false, className: "country syria", filter: syria }).addTo(map);
    } catch (_) { /* the map still works without outlines */ }
    controlLayer = L.layerGroup().addTo(map);
    eventLayer = L.layerGroup().addTo(map);
    $("#map-legend").replaceChildren(
      ...[["t-battles", "battles"], ["t-remote", "explosions / remote"], ["t-civilians", "violence against civilians"],
        ["t-protest", "protests / riots"], ["t-strategic", "strategic developments"]].map(([c, t]) => el("span", { class: "dot " + c, text: t })),
      el("span", { class: "dot control", text: "control (ring, actor colour)" }));
  }

  function tooltip(...kids) { return el("div", {}, ...kids); }

  async function loadMap(asOf, seq) {
    const win = Number($("#window").value);
    const start = win > 0 ? addDays(asOf, -win) : null;
    const [points, control] = await Promise.all([
      api("/api/events.geojson", { start, end: asOf, limit: 2000 }),
      api("/api/control", { as_of: asOf, latest: true, limit: 5000 }),
    ]);
    if (seq !== state.seq) return;
    eventLayer.clearLayers();
    controlLayer.clearLayers();
    let shown = 0;
    for (const f of points.features) {
      const e = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const m = L.circleMarker([lat, lon], {
        radius: 5 + Math.min(10, Math.sqrt(e.fatalities || 0)), className: `event-marker ${typeClass(e.type)}`, fill: true, stroke: true,
      });
      m.bindTooltip(tooltip(el("strong", { text: e.sub_type || e.type }), el("br"), `${e.place || "?"} · ${e.date || "undated"}`,
        e.fatalities ? el("div", { text: `${e.fatalities} killed (reported)` }) : null));
      m.on("click", async () => {
        document.querySelectorAll(".event-marker.selected").forEach((x) => x.classList.remove("selected"));
        if (m.getElement()) m.getElement().classList.add("selected");
        showEvidence("event", await api(`/api/events/${encodeURIComponent(e.id)}`));
      });
      m.addTo(eventLayer);
      const node = m.getElement();
      if (node) node.dataset.eventId = String(e.id);
      shown++;
    }
    // Control: the latest asserted claim per place wins; two actors on that date mark it contested.
    const latest = new Map();
    for (const c of control) {
      if (c.negated || !c.place || typeof c.place.lat !== "number") continue;
      const key = c.place.place_id || c.place.name;
      const prev = latest.get(key);
      if (!prev || (c.as_of || "") > (prev[0].as_of || "")) latest.set(key, [c]);
      else if ((c.as_of || "") === (prev[0].as_of || "") && !prev.some((p) => p.actor === c.actor)) prev.push(c);
    }
    for (const claims of latest.values()) {
      const c = claims[claims.length - 1];
      const ring = L.circleMarker([c.place.lat, c.place.lon], { radius: 14, className: "control-marker", color: claims.length > 1 ? "#e08a00" : actorColor(c.actor), fill: false });
      ring.bindTooltip(tooltip(claims.length > 1 ? "contested: " : "", claims.map((x) => `${x.actor_name || x.actor}`).join(" / "), " hold ",
        el("strong", { text: c.place.name }), el("br"), `as of ${c.as_of || "?"}`));
      ring.on("click", () => showEvidence("control", c));
      ring.addTo(controlLayer);
    }
    const sum = $("#map-summary");
    const span = win > 0 ? ` in the ${win} days to ${asOf}` : ` up to ${asOf}`;
    sum.textContent = `${points.truncated ? `the newest ${shown}` : shown} located events${span} · ${latest.size} places held`;
    sum.dataset.events = String(shown);
  }

  // ---------------------------------------------------------------- the network
  let cy = null;
  const EDGE_COLORS = { ally_of: "#2e9e4f", fights: "#d23b3b", backs: "#3b6fd2", member_of: "#8a5ad2", leads: "#8a5ad2" };
  const NODE_COLORS = { state: "#3b6fd2", state_force: "#1f4f9c", armed_group: "#d23b3b", coalition: "#e08a00", party: "#2e9e4f", person: "#7b2d8e", international_org: "#17becf" };

  async function initNetwork() {
    const full = await api("/api/network");
    cy = cytoscape({
      container: $("#network"),
      elements: [
        ...full.nodes.map((n) => ({ group: "nodes", data: { id: n.id, label: n.name, type: n.type, degree: n.degree } })),
        ...full.edges.map((e) => ({ group: "edges", data: { id: e.id, source: e.source, target: e.target, type: e.type, weight: e.weight, status: e.status, symmetric: e.symmetric ? 1 : 0 } })),
      ],
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, width: "mapData(degree, 1, 12, 14, 34)", height: "mapData(degree, 1, 12, 14, 34)", "background-color": (n) => NODE_COLORS[n.data("type")] || "#777", "text-outline-color": "#fff", "text-outline-width": 2, color: "#1d2733" } },
        { selector: "edge", style: { width: "mapData(weight, 0, 6, 1.5, 7)", "line-color": (e) => EDGE_COLORS[e.data("type")] || "#999", "curve-style": "bezier", opacity: 0.85, "target-arrow-shape": (e) => (e.data("symmetric") ? "none" : "triangle"), "target-arrow-color": (e) => EDGE_COLORS[e.data("type")] || "#999", "arrow-scale": 0.8 } },
        { selector: "edge[status = 'denied']", style: { "line-style": "dashed", opacity: 0.6 } },
        { selector: "edge[status = 'contested']", style: { "line-style": "dotted", "line-color": "#e08a00", "target-arrow-color": "#e08a00" } },
        { selector: ".off", style: { display: "none" } },
        { selector: ":selected", style: { "border-width": 3, "border-color": "#000" } },
      ],
      layout: { name: "cose", animate: false, randomize: true, nodeRepulsion: () => 40000, idealEdgeLength: () => 110, nodeOverlap: 40, padding: 30 },
      wheelSensitivity: 0.3,
    });
    cy.on("tap", "node", (evt) => showActor(evt.target.id()));
    cy.on("tap", "edge", async (evt) => {
      const d = evt.target.data();
      const rel = await api("/api/relations", { actor: d.source, type: d.type, as_of: state.asOf });
      const r = rel.find((x) => x.subject === d.source && x.object === d.target);
      if (!r) return;
      panel(el("h2", { text: "Relation" }), el("h3", { text: `${r.subject_name} ${r.type} ${r.object_name}` }),
        el("p", {}, el("span", { class: "badge " + r.status, text: r.status }), ` ${r.sources} sources assert, ${r.denied_by} deny · first ${r.first_seen || "?"}, last ${r.last_seen || "?"}`),
        claimList(r));
    });
  }

  async function loadNetwork(asOf, seq) {
    const net = await api("/api/network", { as_of: asOf });
    if (seq !== state.seq || !cy) return;
    const nodes = new Map(net.nodes.map((n) => [n.id, n]));
    const edges = new Map(net.edges.map((e) => [e.id, e]));
    cy.batch(() => {
      cy.nodes().forEach((n) => {
        const x = nodes.get(n.id());
        n.toggleClass("off", !x);
        if (x) n.data({ label: x.name, degree: x.degree });
      });
      cy.edges().forEach((e) => {
        const x = edges.get(e.id());
        e.toggleClass("off", !x);
        if (x) e.data({ weight: x.weight, status: x.status });
      });
    });
    const allies = net.edges.filter((e) => e.type === "ally_of" && e.status !== "denied").length;
    const fights = net.edges.filter((e) => e.type === "fights" && e.status !== "denied").length;
    const sum = $("#network-summary");
    sum.textContent = `${net.nodes.length} actors · ${net.edges.length} relations (${allies} alliances, ${fights} hostilities) as of ${asOf}`;
    sum.dataset.nodes = String(net.nodes.length);
    sum.dataset.edges = String(net.edges.length);
    sum.dataset.asOf = asOf;
  }

  // ---------------------------------------------------------------- the timeline
  async function initTimeline() {
    const months = await api("/api/timeline");
    const box = $("#timeline");
    box.replaceChildren();
    if (!state.start) return;
    const counts = new Map(months.map((m) => [m.month, m]));
    const all = [];
    for (let m = state.start.slice(0, 7); m <= state.end.slice(0, 7);) {
      all.push(m);
      const [y, mo] = m.split("-").map(Number);
      m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
    }
    const max = Math.max(1, ...months.map((m) => m.events));
    for (const m of all) {
      const c = counts.get(m) || { events: 0, fatalities: 0 };
      const bar = el("div", { class: "bar", title: `${m}: ${c.events} events, ${c.fatalities} reported killed`, data: { month: m } },
        el("span", { class: "lbl", text: m.endsWith("-01") || all.length <= 24 ? m : "" }));
      bar.style.height = `${Math.max(3, (100 * c.events) / max)}%`; // CSSOM, allowed by the policy
      bar.addEventListener("click", async () => {
        const [y, mo] = m.split("-").map(Number);
        const last = iso(Date.UTC(y, mo, 0));
        const end = last > state.end ? state.end : last;
        setAsOf(end);
        const evs = await api("/api/events", { start: `${m}-01`, end: last, limit: 500 });
        showEventList(`Events in ${m}`, evs);
      });
      box.append(bar);
    }
    $("#timeline-summary").textContent = `${months.reduce((s, m) => s + m.events, 0)} dated events by month; click a month to list them`;
  }

  function markTimeline(asOf) {
    const cur = asOf.slice(0, 7);
    document.querySelectorAll("#timeline .bar").forEach((b) => {
      b.classList.toggle("current", b.dataset.month === cur);
      b.classList.toggle("future", b.dataset.month > cur);
    });
  }

  // ---------------------------------------------------------------- the clock
  function setAsOf(day) {
    const slider = $("#date-slider");
    slider.value = String(Math.max(0, Math.min(Number(slider.max), daysBetween(state.start, day))));
    onSlide();
  }

  const refresh = debounce(async () => {
    const seq = ++state.seq;
    const asOf = state.asOf;
    markTimeline(asOf);
    try {
      await Promise.all([loadMap(asOf, seq), loadNetwork(asOf, seq)]);
    } catch (e) {
      console.warn("refresh failed", e);
    }
    if (seq === state.seq) document.body.dataset.asOf = asOf;
  }, 120);

  function onSlide() {
    state.asOf = addDays(state.start, Number($("#date-slider").value));
    $("#date-label").value = state.asOf;
    $("#date-label").textContent = state.asOf;
    refresh();
  }

  let player = null;
  function togglePlay() {
    const btn = $("#play");
    if (player) {
      clearInterval(player);
      player = null;
      btn.classList.remove("playing");
      return;
    }
    const slider = $("#date-slider");
    const step = Math.max(1, Math.round(Number(slider.max) / 60));
    if (Number(slider.value) >= Number(slider.max)) slider.value = "0";
    btn.classList.add("playing");
    player = setInterval(() => {
      const v = Math.min(Number(slider.max), Number(slider.value) + step);
      slider.value = String(v);
      onSlide();
      if (v >= Number(slider.max)) togglePlay();
    }, 500);
  }

  // ---------------------------------------------------------------- search
  const doSearch = debounce(async () => {
    const q = $("#search").value.trim();
    const list = $("#search-results");
    if (!q) { list.hidden = true; return; }
    const hits = await api("/api/search", { q, limit: 12 });
    list.replaceChildren(...hits.map((h) => el("li", {
      tabIndex: 0, data: { actor: h.id },
      on: { click: () => { list.hidden = true; showActor(h.id); }, keydown: (e) => { if (e.key === "Enter") { list.hidden = true; showActor(h.id); } } },
    }, el("strong", { text: h.name }), ` · ${h.type}`, h.matched !== h.name ? el("span", { class: "small", text: ` (${h.matched})` }) : null)));
    if (!hits.length) list.replaceChildren(el("li", { text: "No actor found" }));
    list.hidden = false;
  }, 150);

  // ---------------------------------------------------------------- start
  async function main() {
    const tokenBox = $("#token");
    tokenBox.value = sessionStorage.getItem("orbat-token") || "";
    tokenBox.addEventListener("change", () => sessionStorage.setItem("orbat-token", tokenBox.value));
    $("#search").addEventListener("input", doSearch);
    document.addEventListener("click", (e) => { if (!$("#search-box").contains(e.target)) $("#search-results").hidden = true; });
    $("#date-slider").addEventListener("input", onSlide);
    $("#window").addEventListener("change", () => refresh());
    $("#play").addEventListener("click", togglePlay);

    const summary = await api("/api/summary");
    state.writes = summary.writes;
    const c = summary.counts;
    $("#counts").textContent = `${c.documents} reports · ${c.actors} actors · ${c.events} events · ${c.relations} relations · ${c.control} control claims`;
    if (!summary.writes) tokenBox.placeholder = "read-only server";
    const today = iso(Date.now());
    state.start = summary.dates.start || today;
    state.end = summary.dates.end || today;
    const slider = $("#date-slider");
    slider.max = String(Math.max(0, daysBetween(state.start, state.end)));
    slider.value = slider.max;
    const actors = await api("/api/actors", { limit: 5000 });
    for (const a of actors) state.names.set(a.id, a.name);
    await initMap();
    await Promise.all([initNetwork(), initTimeline()]);
    onSlide();
    document.body.dataset.ready = "1";
  }

  window.addEventListener("DOMContentLoaded", () => {
    main().catch((e) => {
      console.error(e);
      document.body.dataset.ready = "error";
    });
  });
})();
