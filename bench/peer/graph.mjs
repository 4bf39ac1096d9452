// The schema, data, loaders and resolvers shared by the Node peers of the Go server (server.mjs:
// graphql-yoga; mercurius.mjs: Fastify with Mercurius and graphql-jit), for the load comparison of
// BENCHMARKS.md: the same schema (SCHEMA), the same data (GRAPH, written by cmd/load), the same order
// of relationships and the same search (search.mjs), so that their responses to the load mix are the
// Go server's, byte for byte once parsed (cmd/load checks it). Loaders are DataLoaders made per
// request (loaders()).
import { readFileSync } from 'node:fs';
import { parse, valueFromASTUntyped } from 'graphql';
import DataLoader from 'dataloader';
import { countFacets, fold, matcher, rankSearch, score, searchDoc } from './search.mjs';

const graph = JSON.parse(readFileSync(process.env.GRAPH, 'utf8'));
export const typeDefs = readFileSync(process.env.SCHEMA, 'utf8');

// The typed relationship fields of the schema, by type and field, from their @relation directives:
// the one source of that mapping, which the Go server reads too.
const typed = {};
for (const def of parse(typeDefs).definitions) {
  if (def.kind !== 'ObjectTypeDefinition') continue;
  for (const field of def.fields ?? []) {
    const d = field.directives?.find((x) => x.name.value === 'relation');
    if (!d) continue;
    const arg = (name) => {
      const a = d.arguments.find((x) => x.name.value === name);
      return a ? valueFromASTUntyped(a.value) : undefined;
    };
    (typed[def.name.value] ??= {})[field.name.value] = { types: arg('types'), dir: arg('direction'), other: arg('otherTypes') ?? [] };
  }
}

const MAX_PAGE = 100;
const DEFAULT_PAGE = 20;
// The page of a typed relationship field when a request gives none (graph.TypedPageSize).
const TYPED_PAGE = 10;

// Indexes, as the Go embedded store builds them.
const byId = new Map();
const entities = [...graph.entities].sort((a, b) => cmp(a.id, b.id));
for (const e of entities) byId.set(e.id, e);
const adj = new Map(entities.map((e) => [e.id, []]));
graph.relationships.forEach((r, i) => {
  adj.get(r.from).push({ rel: r, other: r.to, out: true, i });
  adj.get(r.to).push({ rel: r, other: r.from, out: false, i });
});
for (const list of adj.values()) {
  list.sort((a, b) => cmp(a.rel.type, b.rel.type) || cmp(a.other, b.other) || (a.out === b.out ? 0 : a.out ? -1 : 1));
}

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The search documents of every entity, folded and stemmed once, as the Go store indexes them.
const searchDocs = entities.map((e) => ({ e, doc: searchDoc(e) }));

const cursor = (n) => Buffer.from('offset:' + n).toString('base64url');
function page(first, after, defaultPage = DEFAULT_PAGE) {
  let offset = 0;
  if (after != null) {
    const raw = Buffer.from(after, 'base64url').toString();
    if (!raw.startsWith('offset:')) throw new Error(`malformed cursor "${after}"`);
    offset = Number(raw.slice(7)) + 1;
  }
  const limit = first ?? defaultPage;
  if (limit < 0 || limit > MAX_PAGE) throw new Error(`first must be between 0 and ${MAX_PAGE}, got ${limit}`);
  return { offset, limit };
}
function pageInfo(p, n, hasMore) {
  return {
    hasNextPage: hasMore,
    hasPreviousPage: p.offset > 0,
    startCursor: n > 0 ? cursor(p.offset) : null,
    endCursor: n > 0 ? cursor(p.offset + n - 1) : null,
  };
}

// relPage is memory.Store.Relationships for one entity.
function relPage(id, q) {
  const all = (adj.get(id) || []).filter(
    (a) =>
      !(q.dir === 'OUTGOING' && !a.out) &&
      !(q.dir === 'INCOMING' && a.out) &&
      (!q.types?.length || q.types.includes(a.rel.type)) &&
      (!q.other?.length || q.other.includes(byId.get(a.other).type)),
  );
  const start = Math.min(q.offset, all.length);
  const end = Math.min(start + q.limit, all.length);
  return { items: all.slice(start, end), total: all.length, hasMore: end < all.length };
}

// Per-request loaders: entities by id, and relationship pages by entity and options.
export function loaders() {
  return {
    entity: new DataLoader(async (ids) => ids.map((id) => byId.get(id) ?? null)),
    rels: new DataLoader(async (keys) => keys.map((k) => relPage(k.id, k)), {
      cacheKeyFn: (k) => JSON.stringify(k),
    }),
  };
}

const typeName = (t) => t[0] + t.slice(1).toLowerCase();
const text = (t, lang) => (lang === 'FR' ? t.fr || t.en : t.en || t.fr);
const opt = (s) => (s ? s : null);
const mustLoad = async (ctx, id) => {
  const e = await ctx.loaders.entity.load(id);
  if (!e) throw new Error(`entity "${id}" named by a relationship: not found`);
  return e;
};

async function relationships(e, args, ctx) {
  const p = page(args.first, args.after);
  const r = await ctx.loaders.rels.load({ id: e.id, types: args.types ?? [], dir: args.direction ?? 'BOTH', other: [], ...p });
  return {
    edges: r.items.map((a, i) => ({
      cursor: cursor(p.offset + i),
      node: a.rel,
      otherId: a.other,
      direction: a.rel.from === e.id ? 'OUTGOING' : 'INCOMING',
    })),
    pageInfo: pageInfo(p, r.items.length, r.hasMore),
    totalCount: r.total,
  };
}

async function related(e, args, ctx, spec) {
  const p = page(args.first, args.after, TYPED_PAGE);
  const r = await ctx.loaders.rels.load({ id: e.id, types: spec.types, dir: spec.dir, other: spec.other, ...p });
  return {
    edges: r.items.map((a, i) => ({ cursor: cursor(p.offset + i), nodeId: a.other, relationship: a.rel })),
    pageInfo: pageInfo(p, r.items.length, r.hasMore),
    totalCount: r.total,
  };
}

const common = {
  type: (e) => e.type,
  name: (e, { lang }) => text(e.name, lang),
  description: (e, { lang }) => opt(text(e.description, lang)),
  startDate: (e) => opt(e.startDate),
  endDate: (e) => opt(e.endDate),
  relationships,
};
const entityTypes = ['ORGANIZATION', 'PERSON', 'EVENT', 'SESSION', 'INITIATIVE', 'SUBSTANCE', 'PLACE', 'FACT', 'DOCUMENT'];
export const resolvers = {
  Entity: { __resolveType: (e) => typeName(e.type) },
  Node: { __resolveType: (e) => typeName(e.type) },
  Query: {
    entity: (_, { id }, ctx) => ctx.loaders.entity.load(id),
    node: (_, { id }, ctx) => ctx.loaders.entity.load(id),
    nodes: (_, { ids }, ctx) => ctx.loaders.entity.loadMany(ids),
    entities: (_, args) => {
      const p = page(args.first, args.after);
      const list = entities.filter(
        (e) => (!args.types?.length || args.types.includes(e.type)) && (!args.categories?.length || args.categories.includes(e.category)),
      );
      const items = list.slice(p.offset, p.offset + p.limit);
      return {
        edges: items.map((e, i) => ({ cursor: cursor(p.offset + i), node: e, relationship: null })),
        pageInfo: pageInfo(p, items.length, p.offset + items.length < list.length),
        totalCount: list.length,
      };
    },
    search: (_, args) => {
      if (fold(args.text) === '') throw new Error(`search text "${args.text}" has no letters or digits`);
      const length = Buffer.byteLength(args.text);
      if (length > 200) throw new Error(`search text is ${length} bytes long; the maximum is 200`);
      const p = page(args.first, args.after);
      const m = matcher(args.text);
      const hits = [];
      for (const { e, doc } of searchDocs) {
        const s = score(m, doc);
        if (s.score > 0) hits.push({ e, ...s });
      }
      const r = rankSearch(hits, { types: args.types, excludeTypes: args.excludeTypes, ...p });
      return {
        edges: r.hits.map((h, i) => ({
          cursor: cursor(p.offset + i),
          node: h.e,
          score: h.score,
          matchedField: h.field,
          matchedLanguage: h.lang,
        })),
        pageInfo: pageInfo(p, r.hits.length, r.hasMore),
        totalCount: r.total,
        facets: r.facets,
      };
    },
    facets: () => countFacets(entities),
    neighborhood: (_, { id, depth, relationshipTypes, limit }) => {
      const centre = byId.get(id);
      if (!centre) throw new Error(`entity "${id}": not found`);
      limit = limit ?? 100;
      const nodes = [centre];
      const rels = [];
      const seen = new Set([id]);
      const relSeen = new Set();
      let truncated = false;
      let frontier = [id];
      for (let d = 0; d < depth && frontier.length; d++) {
        const next = [];
        for (const from of frontier) {
          for (const a of adj.get(from)) {
            if (relationshipTypes?.length && !relationshipTypes.includes(a.rel.type)) continue;
            if (!seen.has(a.other)) {
              if (nodes.length >= limit) {
                truncated = true;
                continue;
              }
              seen.add(a.other);
              nodes.push(byId.get(a.other));
              next.push(a.other);
            }
            if (!relSeen.has(a.i)) {
              relSeen.add(a.i);
              rels.push(a.rel);
            }
          }
        }
        frontier = next;
      }
      return { nodes, relationships: rels, truncated };
    },
    path: (_, { from, to, maxHops, relationshipTypes }) => {
      for (const id of [from, to]) if (!byId.has(id)) throw new Error(`entity "${id}": not found`);
      const back = new Map([[from, null]]);
      let frontier = [from];
      for (let h = 0; h < maxHops && frontier.length && !back.has(to); h++) {
        const next = [];
        for (const id of frontier) {
          for (const a of adj.get(id)) {
            if (relationshipTypes?.length && !relationshipTypes.includes(a.rel.type)) continue;
            if (!back.has(a.other)) {
              back.set(a.other, { prev: id, rel: a.rel });
              next.push(a.other);
            }
          }
        }
        frontier = next;
      }
      if (!back.has(to)) return null;
      const nodes = [];
      const rels = [];
      for (let id = to; ; ) {
        nodes.unshift(byId.get(id));
        const st = back.get(id);
        if (!st) break;
        rels.unshift(st.rel);
        id = st.prev;
      }
      return { nodes, relationships: rels, length: rels.length };
    },
    dataVersion: () => 'peer',
  },
  Relationship: {
    from: (r, _, ctx) => mustLoad(ctx, r.from),
    to: (r, _, ctx) => mustLoad(ctx, r.to),
    evidence: (r) => r.evidence ?? [],
  },
  RelationshipEdge: { other: (edge, _, ctx) => mustLoad(ctx, edge.otherId) },
  EntityEdge: {
    node: (edge, _, ctx) => edge.node ?? mustLoad(ctx, edge.nodeId),
    evidence: (edge) => edge.relationship?.evidence ?? [],
  },
  SearchEdge: {},
};
for (const t of entityTypes) {
  const name = typeName(t);
  const r = { ...common };
  if (t === 'PERSON') r.role = (e, { lang }) => text(e.role, lang);
  if (t === 'SESSION') r.number = (e) => (e.number ? e.number : null);
  if (t === 'FACT') {
    r.period = (e) => opt(e.period);
    r.statement = (e, { lang }) => text(e.statement, lang);
  }
  for (const [f, spec] of Object.entries(typed[name] ?? {})) {
    r[f] = (e, args, ctx) => related(e, args, ctx, spec);
  }
  resolvers[name] = r;
}
