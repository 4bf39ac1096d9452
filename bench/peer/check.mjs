// The peer's search on its own, for cmd/load's tests (peer_test.go), which compare it with the Go
// store's over the seed's whole vocabulary. One JSON value in on stdin, one JSON value out:
//
//   node check.mjs stems  < ["word", ...]             → [["en stem", "fr stem"], ...] (kg.Stem)
//   GRAPH=graph.json node check.mjs search < ["text", ...] → [{ total, hits: [{ id, score, field, lang }] }, ...]
//
// search returns the first 100 hits of each text, as the search query's largest page.
import { readFileSync } from 'node:fs';
import { matcher, rankSearch, score, searchDoc, stem } from './search.mjs';

const input = JSON.parse(readFileSync(0, 'utf8'));
let out;
switch (process.argv[2]) {
  case 'stems':
    out = input.map((w) => [stem('EN', w), stem('FR', w)]);
    break;
  case 'search': {
    const docs = JSON.parse(readFileSync(process.env.GRAPH, 'utf8')).entities.map((e) => ({ e, doc: searchDoc(e) }));
    out = input.map((text) => {
      const m = matcher(text);
      const hits = docs.map(({ e, doc }) => ({ e, ...score(m, doc) })).filter((h) => h.score > 0);
      const r = rankSearch(hits, { offset: 0, limit: 100 });
      return { total: r.total, hits: r.hits.map((h) => ({ id: h.e.id, score: h.score, field: h.field, lang: h.lang ?? '' })) };
    });
    break;
  }
  default:
    throw new Error(`usage: node check.mjs stems|search < input.json`);
}
process.stdout.write(JSON.stringify(out));
