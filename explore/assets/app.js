// The explorer: draws the graph through the public GraphQL API only. The view (language, focused
// entity, expanded entities, path ends) lives in the URL, so a link restores it.
"use strict";

(function () {
  const endpoint = document.querySelector('meta[name="graphql-endpoint"]').content;
  cytoscape.use(cytoscapeFcose);

  // Every string the page shows, in both languages. Elements name theirs with data-i18n (text),
  // data-i18n-placeholder, data-i18n-title and data-i18n-aria-label. What comes from the graph
  // (names, descriptions, quotes) is marked with the class "data".
  const words = {
    en: {
      pageTitle: "Explorer · Roundtable knowledge graph",
      title: "Roundtable knowledge graph", ide: "GraphiQL IDE", ideTitle: "Write GraphQL queries in the IDE",
      search: "Search", searchPlaceholder: "name or id: riverbank…", show: "Show",
      connect: "How are these connected?", from: "From", to: "To", nameOrId: "name or id", go: "Connect",
      language: "Language", graph: "Graph", legend: "Legend",
      hint: "Search for an entity to draw its neighbourhood.",
      expand: "Expand", relationships: "Relationships", figures: "Figures", noPath: "No path of at most 6 relationships.",
      paths: "Paths", path: "Path", hop: "hop", hops: "hops", loading: "Loading…", notFound: "Nothing found for", evidence: "Evidence",
      translated: "unofficial translation of the French source",
      reference: "Reference, not in the source (world knowledge)",
      stated: "relationship the source states", provenance: "where it was said: discussed in, about, presented at, reports on",
      onPath: "relationship on a path",
    },
    fr: {
      pageTitle: "Explorateur · Graphe de connaissances de la table ronde",
      title: "Graphe de la table ronde", ide: "IDE GraphiQL", ideTitle: "Écrire des requêtes GraphQL dans l’IDE",
      search: "Rechercher", searchPlaceholder: "nom ou id : riverbank…", show: "Afficher",
      connect: "Quel est le lien ?", from: "De", to: "À", nameOrId: "nom ou id", go: "Relier",
      language: "Langue", graph: "Graphe", legend: "Légende",
      hint: "Cherchez une entité pour dessiner son voisinage.",
      expand: "Déployer", relationships: "Relations", figures: "Chiffres", noPath: "Aucun chemin d’au plus 6 relations.",
      paths: "Chemins", path: "Chemin", hop: "étape", hops: "étapes", loading: "Chargement…", notFound: "Aucun résultat pour", evidence: "Preuves",
      translated: "",
      reference: "Référence, hors de la source (connaissance générale ; note en anglais)",
      stated: "relation énoncée par la source", provenance: "où cela a été dit : discuté dans, au sujet de, présenté à, rend compte de",
      onPath: "relation sur un chemin",
    },
  };

  // The entity types: colour, shape and name in each language.
  const types = {
    ORGANIZATION: ["#2563eb", "round-rectangle", "organization", "organisation"],
    PERSON: ["#7c3aed", "ellipse", "person", "personne"],
    INITIATIVE: ["#059669", "diamond", "initiative", "initiative"],
    SUBSTANCE: ["#dc2626", "hexagon", "substance", "substance"],
    PLACE: ["#d97706", "triangle", "place", "lieu"],
    SESSION: ["#64748b", "rectangle", "session", "séance"],
    EVENT: ["#334155", "star", "event", "événement"],
    DOCUMENT: ["#0f172a", "tag", "document", "document"],
    FACT: ["#db2777", "vee", "figure", "chiffre"],
  };

  // The relationship types, read from their start to their end, in each language.
  const relationshipNames = {
    PART_OF: ["part of", "fait partie de"], ORGANIZED: ["organized", "a organisé"], HELD_IN: ["held in", "a eu lieu à"],
    FOLLOWS: ["follows", "fait suite à"], REPORTS_ON: ["reports on", "rend compte de"], PRESENTED_AT: ["presented at", "a présenté à"],
    SPOKE_ON_BEHALF_OF: ["spoke on behalf of", "a parlé au nom de"], AFFILIATED_WITH: ["affiliated with", "rattaché à"],
    RUNS: ["runs", "mène"], LAUNCHED: ["launched", "a lancé"], CREATED: ["created", "a créé"], ADOPTED: ["adopted", "a adopté"],
    CONTRIBUTES_TO: ["contributes to", "contribue à"], PARTICIPATES_IN: ["participates in", "participe à"], FUNDS: ["funds", "finance"],
    PARTNERS_WITH: ["partners with", "est partenaire de"], OWNS: ["owns", "possède"], GOVERNS: ["governs", "encadre"],
    TARGETS: ["targets", "vise"], SEIZED: ["seized", "a saisi"], INTERCEPTS: ["intercepts", "intercepte"], TRAFFICS: ["traffics", "fait le trafic de"],
    ORIGINATES_IN: ["originates in", "provient de"], OPERATES_IN: ["operates in", "intervient à"], LOCATED_IN: ["located in", "situé à"],
    DISCUSSED_IN: ["discussed in", "discuté dans"], ABOUT: ["about", "au sujet de"], SUBCLASS_OF: ["a kind of", "une sorte de"],
    SHIPPED_WITH: ["shipped with", "expédié avec"],
  };

  // The relationship types that say where something was said rather than what; drawn dashed.
  const provenance = ["DISCUSSED_IN", "ABOUT", "PRESENTED_AT", "REPORTS_ON"];

  // The clip path that draws each node shape in the legend.
  const clips = {
    "round-rectangle": "inset(0 round 3px)", "ellipse": "circle(50%)", "rectangle": "none",
    "diamond": "polygon(50% 0, 100% 50%, 50% 100%, 0 50%)",
    "hexagon": "polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%)",
    "triangle": "polygon(50% 0, 100% 100%, 0 100%)",
    "star": "polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%, 21% 91%, 32% 57%, 2% 35%, 39% 35%)",
    "tag": "polygon(0 0, 75% 0, 100% 50%, 75% 100%, 0 100%)",
    "vee": "polygon(0 0, 50% 40%, 100% 0, 50% 100%)",
  };

  const state = { lang: "en", focus: "", expanded: [], from: "", to: "" };
  const names = {}; // id -> {en, fr, type}
  // What the panel shows: "details" of the focused entity, or the "paths" of lastPaths.
  let view = "";
  let lastPaths = [];
  // The status line: a key of words and what follows it, or a message as it came.
  let statusLine = { key: "hint", extra: "" };

  const cy = cytoscape({
    container: document.getElementById("graph"),
    minZoom: 0.2, maxZoom: 3,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "background-color": "data(color)", "shape": "data(shape)",
        "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 110, "width": 22, "height": 22,
        "text-valign": "bottom", "text-margin-y": 3,
      } },
      { selector: "node.focus", style: { "border-width": 3, "border-color": "#111827", "width": 30, "height": 30 } },
      { selector: "edge", style: {
        "label": "data(label)", "font-size": 7, "color": "#667085", "width": 1.2, "line-color": "#98a2b3",
        "target-arrow-shape": "triangle", "target-arrow-color": "#98a2b3", "curve-style": "bezier",
      } },
      { selector: "edge.provenance", style: { "line-style": "dashed" } },
      { selector: "edge.path", style: { "line-color": "#e11d48", "target-arrow-color": "#e11d48", "width": 3 } },
      { selector: "node.path", style: { "border-width": 3, "border-color": "#e11d48" } },
    ],
  });

  const $ = (id) => document.getElementById(id);
  const t = (key) => words[state.lang][key];
  const fr = () => state.lang === "fr";

  let pending = 0; // requests under way

  async function gql(query, variables) {
    pending++;
    try {
      const resp = await fetch(endpoint, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      const body = await resp.json();
      if (body.errors && body.errors.length) {
        throw new Error(body.errors.map((e) => e.message).join("; "));
      }
      return body.data;
    } finally {
      pending--;
    }
  }

  // status shows words[key] followed by extra, in the current language and again after a switch.
  function status(key, extra) {
    statusLine = { key, extra: extra || "" };
    renderStatus();
  }

  // statusText shows a message as it came (the server's errors are in English).
  function statusText(text) {
    statusLine = { key: "", extra: text };
    renderStatus();
  }

  function renderStatus() {
    const { key, extra } = statusLine;
    $("status").textContent = key ? (extra ? `${t(key)} « ${extra} »` : t(key)) : extra;
  }

  function remember(n) {
    names[n.id] = { en: n.en, fr: n.fr, type: n.type };
  }

  function label(id) {
    const n = names[id];
    return n ? (fr() ? n.fr : n.en) : id;
  }

  function typeName(type) {
    const s = types[type];
    return s ? s[fr() ? 3 : 2] : type.toLowerCase();
  }

  function relName(type) {
    const r = relationshipNames[type];
    return r ? r[fr() ? 1 : 0] : type;
  }

  function addNode(n) {
    remember(n);
    if (cy.getElementById(n.id).nonempty()) return false;
    const [color, shape] = types[n.type] || ["#475467", "ellipse"];
    cy.add({ group: "nodes", data: { id: n.id, label: label(n.id), color, shape, type: n.type } });
    return true;
  }

  // addEdge draws a relationship from its start to its end, whichever way a path reads it.
  function addEdge(r) {
    const id = r.type + "|" + r.from.id + "|" + r.to.id;
    if (cy.getElementById(id).nonempty()) return cy.getElementById(id);
    const e = cy.add({ group: "edges", data: { id, source: r.from.id, target: r.to.id, type: r.type, label: relName(r.type) } });
    if (provenance.includes(r.type)) e.addClass("provenance");
    return e;
  }

  // clear removes the drawing and forgets the view, before a new search or path request.
  function clear() {
    cy.elements().remove();
    state.focus = ""; state.expanded = []; state.from = ""; state.to = "";
    lastPaths = [];
    view = "";
    $("details").replaceChildren();
  }

  const nodeFields = "id type en: name(lang: EN) fr: name(lang: FR)";
  const quoteFields = "kind note section en: quote(lang: EN) fr: quote(lang: FR)";

  function layout() {
    cy.layout({ name: "fcose", animate: false, randomize: true, nodeDimensionsIncludeLabels: true, packComponents: true }).run();
  }

  // expand draws the neighbourhood of id.
  async function expand(id) {
    status("loading");
    const data = await gql(`query($id: ID!) { neighborhood(id: $id, depth: 1, limit: 60) {
      nodes { ${nodeFields} } relationships { type from { id } to { id } } } }`, { id });
    let added = 0;
    cy.batch(() => {
      data.neighborhood.nodes.forEach((n) => { if (addNode(n)) added++; });
      data.neighborhood.relationships.forEach(addEdge);
    });
    if (!state.expanded.includes(id)) state.expanded.push(id);
    layout();
    status("");
    return added;
  }

  async function focus(id) {
    state.focus = id;
    if (cy.getElementById(id).empty() || !state.expanded.includes(id)) await expand(id);
    cy.nodes().removeClass("focus");
    cy.getElementById(id).addClass("focus");
    await details(id);
    save();
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (k === "onclick") e.onclick = v; else e.setAttribute(k, v); });
    children.forEach((c) => e.append(c));
    return e;
  }

  // quoteBlock shows a quote in the chosen language; English quotes are the graph's unofficial
  // translations of the French source, and say so.
  function quoteBlock(ev) {
    const note = t("translated");
    const quote = fr() ? ev.fr : ev.en;
    return el("blockquote", note ? { title: note } : {}, `${ev.section}${fr() ? " :" : ":"} « ${quote} »` + (note ? ` (${note})` : ""));
  }

  // referenceBlock shows evidence that is world knowledge rather than a quote: its note, marked as
  // not from the source.
  function referenceBlock(ev) {
    return el("blockquote", { class: "reference", title: t("reference") }, `${t("reference")}${fr() ? " : " : ": "}${ev.note}`);
  }

  // quotes shows at most n pieces of evidence: quotes, and references with their note.
  function quotes(evidence, n) {
    return evidence.filter((ev) => ev.en || ev.fr || ev.kind === "REFERENCE")
      .slice(0, n).map((ev) => (ev.kind === "REFERENCE" ? referenceBlock(ev) : quoteBlock(ev)));
  }

  // entityLink names an entity and focuses it when clicked.
  function entityLink(id, name) {
    const href = "?" + new URLSearchParams({ lang: state.lang, focus: id }).toString();
    return el("a", { class: "link data", href, "data-id": id, onclick: (ev) => { ev.preventDefault(); guard(focus(id)); } }, name);
  }

  // arrow names a relationship type between two arrows' ends: "—originates in→".
  function arrow(type) {
    return el("span", { class: "rel", "data-type": type }, ` —${relName(type)}→ `);
  }

  // details fills the side panel: the entity, its relationships with their quotes, its figures.
  async function details(id) {
    const lang = state.lang.toUpperCase();
    const data = await gql(`query($id: ID!, $lang: Language) { entity(id: $id) {
      id type name(lang: $lang) description(lang: $lang) aliases degree
      relationships(first: 100) { totalCount edges { direction node { type evidence { ${quoteFields} } }
        other { ${nodeFields} name(lang: $lang) ... on Fact { statement(lang: $lang) value unit } } } } } }`, { id, lang });
    if (state.focus !== id || state.lang.toUpperCase() !== lang) return; // the view moved on
    const e = data.entity;
    const box = $("details");
    view = "details";
    box.replaceChildren();
    if (!e) return;
    box.append(el("p", { class: "type" }, typeName(e.type)), el("h2", { id: "entity-name", class: "data" }, e.name));
    if (e.aliases.length) box.append(el("p", { class: "data" }, e.aliases.join(" · ")));
    if (e.description) box.append(el("p", { class: "data" }, e.description));
    box.append(el("button", { id: "expand", type: "button", onclick: () => guard(expand(e.id)) }, t("expand")));
    const rels = el("ul", { id: "relationships" });
    const facts = el("ul", { id: "figures" });
    e.relationships.edges.forEach((edge) => {
      remember(edge.other);
      if (edge.other.type === "FACT" && edge.node.type === "ABOUT") {
        facts.append(el("li", {}, el("span", { class: "data" }, edge.other.statement || edge.other.name),
          ...quotes(edge.node.evidence, Infinity)));
        return;
      }
      // The entity of the panel stands on its side of the arrow, unnamed.
      const other = entityLink(edge.other.id, edge.other.name);
      const line = edge.direction === "OUTGOING" ? [arrow(edge.node.type), other] : [other, arrow(edge.node.type)];
      rels.append(el("li", { "data-direction": edge.direction }, ...line,
        ...quotes(edge.node.evidence, 2)));
    });
    box.append(el("h3", {}, `${t("relationships")} (${e.degree})`), rels);
    if (facts.children.length) box.append(el("h3", {}, t("figures")), facts);
  }

  async function showPaths(from, to) {
    state.from = from; state.to = to;
    status("loading");
    const data = await gql(`query($from: ID!, $to: ID!) { paths(from: $from, to: $to, maxHops: 6, first: 3) {
      length nodes { ${nodeFields} } hops { relationship { type from { id } to { id } } evidence { ${quoteFields} } } } }`,
    { from, to });
    lastPaths = data.paths;
    cy.elements().removeClass("path");
    cy.batch(() => {
      data.paths.forEach((p) => {
        p.nodes.forEach((n) => { addNode(n); cy.getElementById(n.id).addClass("path"); });
        p.hops.forEach((h) => addEdge(h.relationship).addClass("path"));
      });
    });
    renderPaths();
    $("panel").scrollTop = 0;
    layout();
    status("");
    save();
  }

  // renderPaths lists the paths in the panel: a heading for each, its hops numbered within it,
  // each hop read in its relationship's direction.
  function renderPaths() {
    view = "paths";
    const box = $("details");
    box.replaceChildren(el("h2", {}, t("paths")));
    if (!lastPaths.length) {
      box.append(el("p", { id: "no-path" }, t("noPath")));
      return;
    }
    lastPaths.forEach((p, i) => {
      const n = p.hops.length;
      const section = el("section", { class: "path" },
        el("h3", { class: "path-heading" }, `${t("path")} ${i + 1} — ${n} ${t(n === 1 ? "hop" : "hops")}`),
        el("p", { class: "path-ends data" }, p.nodes.map((node) => label(node.id)).join(" · ")));
      const list = el("ol", { class: "path-steps" });
      p.hops.forEach((h) => {
        const r = h.relationship;
        list.append(el("li", { class: "hop", "data-from": r.from.id, "data-to": r.to.id },
          entityLink(r.from.id, label(r.from.id)), arrow(r.type), entityLink(r.to.id, label(r.to.id)),
          ...quotes(h.evidence, 1)));
      });
      section.append(list);
      box.append(section);
    });
  }

  // renderLegend lists the colour and shape of each entity type and the lines of each kind of
  // relationship, from the tables the drawing uses.
  function renderLegend() {
    $("legend-types").replaceChildren(...Object.entries(types).map(([type, [color, shape]]) => {
      const swatch = el("span", { class: "swatch", "data-shape": shape });
      swatch.style.background = color;
      swatch.style.clipPath = clips[shape];
      return el("li", { "data-type": type }, swatch, typeName(type));
    }));
    $("legend-links").replaceChildren(...[["stated", "solid"], ["provenance", "dashed"], ["onPath", "path"]].map(([key, kind]) =>
      el("li", { "data-kind": kind }, el("span", { class: "line " + kind }), t(key))));
  }

  function setLang(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
    $("lang-fr").setAttribute("aria-pressed", String(lang === "fr"));
    document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.dataset.i18n); });
    for (const attr of ["placeholder", "title", "aria-label"]) {
      const key = "i18n" + attr.replace(/(^|-)(\w)/g, (_, _dash, c) => c.toUpperCase());
      document.querySelectorAll(`[data-i18n-${attr}]`).forEach((e) => e.setAttribute(attr, t(e.dataset[key])));
    }
    renderStatus();
    renderLegend();
    cy.nodes().forEach((n) => n.data("label", label(n.id())));
    cy.edges().forEach((e) => e.data("label", relName(e.data("type"))));
    if (view === "paths") renderPaths();
    else if (view === "details" && state.focus) guard(details(state.focus));
    save();
  }

  function save() {
    const p = new URLSearchParams();
    p.set("lang", state.lang);
    if (state.focus) p.set("focus", state.focus);
    if (state.expanded.length) p.set("expanded", state.expanded.join(","));
    if (state.from && state.to) { p.set("from", state.from); p.set("to", state.to); }
    history.replaceState(null, "", "?" + p.toString());
  }

  // restore draws the view of the URL in the order it was made: the paths (which start from a
  // clean drawing), then the expansions, then the focus.
  async function restore() {
    const p = new URLSearchParams(location.search);
    setLang(p.get("lang") === "fr" ? "fr" : "en");
    if (p.get("from") && p.get("to")) {
      $("path-from").value = p.get("from"); $("path-to").value = p.get("to");
      await showPaths(p.get("from"), p.get("to"));
    }
    for (const id of (p.get("expanded") || "").split(",").filter(Boolean)) await expand(id);
    if (p.get("focus")) await focus(p.get("focus"));
  }

  // suggest fills a datalist with the entities whose names match the text, ids as values.
  let suggestTimer = 0;
  function suggest(input, list) {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => guard((async () => {
      const text = input.value.trim();
      if (text.length < 2) return;
      const data = await gql(`query($text: String!, $lang: Language) { search(text: $text, first: 8) {
        edges { node { ${nodeFields} name(lang: $lang) } } } }`, { text, lang: state.lang.toUpperCase() });
      list.replaceChildren(...data.search.edges.map((e) => {
        remember(e.node);
        return el("option", { value: e.node.id, label: `${e.node.name} (${typeName(e.node.type)})` });
      }));
    })()), 150);
  }

  // resolve turns what the user typed, a name or an id, into an id: an id as is, else the best
  // search hit.
  async function resolve(text) {
    text = text.trim();
    if (!text) return "";
    const data = await gql(`query($id: ID!, $text: String!) { entity(id: $id) { ${nodeFields} }
      search(text: $text, first: 1) { edges { node { ${nodeFields} } } } }`, { id: text, text });
    if (data.entity) { remember(data.entity); return data.entity.id; }
    const hit = data.search.edges[0];
    if (!hit) { status("notFound", text); return ""; }
    remember(hit.node);
    return hit.node.id;
  }

  function guard(promise) {
    promise.catch((err) => statusText(err.message));
  }

  $("search").addEventListener("input", () => suggest($("search"), $("suggestions")));
  $("path-from").addEventListener("input", () => suggest($("path-from"), $("path-suggestions")));
  $("path-to").addEventListener("input", () => suggest($("path-to"), $("path-suggestions")));
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    guard(resolve($("search").value).then((id) => {
      if (!id) return;
      clear();
      return focus(id);
    }));
  });
  $("path-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    guard(Promise.all([resolve($("path-from").value), resolve($("path-to").value)]).then(([from, to]) => {
      if (!from || !to) return;
      clear();
      return showPaths(from, to);
    }));
  });
  $("lang-en").addEventListener("click", () => setLang("en"));
  $("lang-fr").addEventListener("click", () => setLang("fr"));
  cy.on("tap", "node", (ev) => guard(focus(ev.target.id())));

  // Read-only handles for tests and the console.
  window.explorer = { cy, state, words, types, relationshipNames, pending: () => pending };
  guard(restore());
})();
