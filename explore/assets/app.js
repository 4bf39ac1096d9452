// The explorer: draws the graph through the public GraphQL API only. The view (language, focused
// entity, expanded entities, path ends) lives in the URL, so a link restores it.
"use strict";

(function () {
  const endpoint = document.querySelector('meta[name="graphql-endpoint"]').content;
  cytoscape.use(cytoscapeFcose);

  const words = {
    en: {
      title: "Roundtable knowledge graph", search: "Search", show: "Show", connect: "How are these connected?",
      from: "From", to: "To", go: "Connect", hint: "Search for an entity to draw its neighbourhood.",
      expand: "Expand", relationships: "Relationships", figures: "Figures", noPath: "No path of at most 6 relationships.",
      paths: "Paths", loading: "Loading…", notFound: "Nothing found for", evidence: "Evidence",
      translated: "unofficial translation of the French source",
    },
    fr: {
      title: "Graphe de connaissances de la table ronde", search: "Rechercher", show: "Afficher", connect: "Quel est le lien ?",
      from: "De", to: "À", go: "Relier", hint: "Cherchez une entité pour dessiner son voisinage.",
      expand: "Déployer", relationships: "Relations", figures: "Chiffres", noPath: "Aucun chemin d’au plus 6 relations.",
      paths: "Chemins", loading: "Chargement…", notFound: "Aucun résultat pour", evidence: "Preuves",
      translated: "",
    },
  };

  // Colour and shape per entity type.
  const styles = {
    ORGANIZATION: ["#2563eb", "round-rectangle"], PERSON: ["#7c3aed", "ellipse"], INITIATIVE: ["#059669", "diamond"],
    SUBSTANCE: ["#dc2626", "hexagon"], PLACE: ["#d97706", "triangle"], SESSION: ["#64748b", "rectangle"],
    EVENT: ["#334155", "star"], DOCUMENT: ["#0f172a", "tag"], FACT: ["#db2777", "vee"],
  };

  const state = { lang: "en", focus: "", expanded: [], from: "", to: "" };
  const names = {}; // id -> {en, fr, type}

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
        "label": "data(type)", "font-size": 7, "color": "#667085", "width": 1.2, "line-color": "#98a2b3",
        "target-arrow-shape": "triangle", "target-arrow-color": "#98a2b3", "curve-style": "bezier",
      } },
      { selector: "edge.path", style: { "line-color": "#e11d48", "target-arrow-color": "#e11d48", "width": 3 } },
      { selector: "node.path", style: { "border-width": 3, "border-color": "#e11d48" } },
    ],
  });

  const $ = (id) => document.getElementById(id);
  const t = (key) => words[state.lang][key];

  async function gql(query, variables) {
    const resp = await fetch(endpoint, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const body = await resp.json();
    if (body.errors && body.errors.length) {
      throw new Error(body.errors.map((e) => e.message).join("; "));
    }
    return body.data;
  }

  function status(text) { $("status").textContent = text; }

  function remember(n) {
    names[n.id] = { en: n.en, fr: n.fr, type: n.type };
  }

  function label(id) {
    const n = names[id];
    return n ? (state.lang === "fr" ? n.fr : n.en) : id;
  }

  function addNode(n) {
    remember(n);
    if (cy.getElementById(n.id).nonempty()) return false;
    const [color, shape] = styles[n.type] || ["#475467", "ellipse"];
    cy.add({ group: "nodes", data: { id: n.id, label: label(n.id), color, shape, type: n.type } });
    return true;
  }

  function addEdge(r) {
    const id = r.type + "|" + r.from.id + "|" + r.to.id;
    if (cy.getElementById(id).nonempty()) return cy.getElementById(id);
    return cy.add({ group: "edges", data: { id, source: r.from.id, target: r.to.id, type: r.type } });
  }

  const nodeFields = "id type en: name(lang: EN) fr: name(lang: FR)";

  function layout() {
    cy.layout({ name: "fcose", animate: false, randomize: true, nodeDimensionsIncludeLabels: true, packComponents: true }).run();
  }

  // expand draws the neighbourhood of id.
  async function expand(id) {
    status(t("loading"));
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
    return el("blockquote", { title: note }, `${ev.section}: « ${ev.quote} »` + (note ? ` (${note})` : ""));
  }

  // details fills the side panel: the entity, its relationships with their quotes, its figures.
  async function details(id) {
    const lang = state.lang.toUpperCase();
    const data = await gql(`query($id: ID!, $lang: Language) { entity(id: $id) {
      id type name(lang: $lang) description(lang: $lang) aliases degree
      relationships(first: 100) { totalCount edges { direction node { type evidence { section quote(lang: $lang) } }
        other { ${nodeFields} name(lang: $lang) ... on Fact { statement(lang: $lang) value unit } } } } } }`, { id, lang });
    const e = data.entity;
    const box = $("details");
    box.replaceChildren();
    if (!e) return;
    box.append(el("p", { class: "type" }, e.type.toLowerCase()), el("h2", { id: "entity-name" }, e.name));
    if (e.aliases.length) box.append(el("p", {}, e.aliases.join(" · ")));
    if (e.description) box.append(el("p", {}, e.description));
    box.append(el("button", { id: "expand", type: "button", onclick: () => expand(e.id) }, t("expand")));
    const rels = el("ul", { id: "relationships" });
    const facts = el("ul", { id: "figures" });
    e.relationships.edges.forEach((edge) => {
      remember(edge.other);
      if (edge.other.type === "FACT" && edge.node.type === "ABOUT") {
        facts.append(el("li", {}, edge.other.statement || edge.other.name,
          ...edge.node.evidence.map((ev) => quoteBlock(ev))));
        return;
      }
      const arrow = edge.direction === "OUTGOING" ? "→" : "←";
      const open = el("button", { class: "link", type: "button", "data-id": edge.other.id, onclick: () => focus(edge.other.id) }, edge.other.name);
      rels.append(el("li", {}, `${arrow} ${edge.node.type} `, open,
        ...edge.node.evidence.slice(0, 2).map((ev) => quoteBlock(ev))));
    });
    box.append(el("h3", {}, `${t("relationships")} (${e.degree})`), rels);
    if (facts.children.length) box.append(el("h3", {}, t("figures")), facts);
  }

  async function showPaths(from, to) {
    state.from = from; state.to = to;
    status(t("loading"));
    const data = await gql(`query($from: ID!, $to: ID!, $lang: Language) { paths(from: $from, to: $to, maxHops: 6, first: 3) {
      length nodes { ${nodeFields} } relationships { type from { id } to { id } evidence { section quote(lang: $lang) } } } }`,
      { from, to, lang: state.lang.toUpperCase() });
    cy.elements().removeClass("path");
    const box = $("details");
    box.replaceChildren(el("h2", {}, t("paths")));
    $("panel").scrollTop = 0;
    if (!data.paths.length) {
      box.append(el("p", { id: "no-path" }, t("noPath")));
    }
    cy.batch(() => {
      data.paths.forEach((p) => {
        p.nodes.forEach((n) => { addNode(n); cy.getElementById(n.id).addClass("path"); });
        const list = el("ol", { class: "path-steps" });
        p.relationships.forEach((r, i) => {
          addEdge(r).addClass("path");
          list.append(el("li", {}, `${label(p.nodes[i].id)} — ${r.type} — ${label(p.nodes[i + 1].id)}`,
            ...r.evidence.slice(0, 1).map((ev) => quoteBlock(ev))));
        });
        box.append(list);
      });
    });
    layout();
    status("");
    save();
  }

  function setLang(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    $("lang-en").setAttribute("aria-pressed", String(lang === "en"));
    $("lang-fr").setAttribute("aria-pressed", String(lang === "fr"));
    document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.dataset.i18n); });
    cy.nodes().forEach((n) => n.data("label", label(n.id())));
    if (state.focus) details(state.focus);
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

  async function restore() {
    const p = new URLSearchParams(location.search);
    setLang(p.get("lang") === "fr" ? "fr" : "en");
    for (const id of (p.get("expanded") || "").split(",").filter(Boolean)) await expand(id);
    if (p.get("focus")) await focus(p.get("focus"));
    if (p.get("from") && p.get("to")) {
      $("path-from").value = p.get("from"); $("path-to").value = p.get("to");
      await showPaths(p.get("from"), p.get("to"));
    }
  }

  // suggest fills a datalist with the entities whose names match the text, ids as values.
  let suggestTimer = 0;
  function suggest(input, list) {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => {
      const text = input.value.trim();
      if (text.length < 2) return;
      const data = await gql(`query($text: String!, $lang: Language) { search(text: $text, first: 8) {
        edges { node { ${nodeFields} name(lang: $lang) } } } }`, { text, lang: state.lang.toUpperCase() });
      list.replaceChildren(...data.search.edges.map((e) => {
        remember(e.node);
        return el("option", { value: e.node.id, label: `${e.node.name} (${e.node.type.toLowerCase()})` });
      }));
    }, 150);
  }

  // resolve turns what the user typed into an id: an id as is, else the best search hit.
  async function resolve(text) {
    text = text.trim();
    if (!text) return "";
    const data = await gql(`query($id: ID!, $text: String!) { entity(id: $id) { id }
      search(text: $text, first: 1) { edges { node { ${nodeFields} } } } }`, { id: text, text });
    if (data.entity) return data.entity.id;
    const hit = data.search.edges[0];
    if (!hit) { status(`${t("notFound")} « ${text} »`); return ""; }
    remember(hit.node);
    return hit.node.id;
  }

  function guard(promise) {
    promise.catch((err) => status(err.message));
  }

  $("search").addEventListener("input", () => suggest($("search"), $("suggestions")));
  $("path-from").addEventListener("input", () => suggest($("path-from"), $("path-suggestions")));
  $("path-to").addEventListener("input", () => suggest($("path-to"), $("path-suggestions")));
  $("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    guard(resolve($("search").value).then((id) => id && focus(id)));
  });
  $("path-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    guard(Promise.all([resolve($("path-from").value), resolve($("path-to").value)])
      .then(([from, to]) => from && to && showPaths(from, to)));
  });
  $("lang-en").addEventListener("click", () => setLang("en"));
  $("lang-fr").addEventListener("click", () => setLang("fr"));
  cy.on("tap", "node", (ev) => guard(focus(ev.target.id())));

  // Read-only handles for tests and the console.
  window.explorer = { cy, state };
  guard(restore());
})();
