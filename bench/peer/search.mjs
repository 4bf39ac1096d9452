// The search of kg/search.go, kg/fold.go and kg.RankSearch, value for value: the same folding,
// words, Snowball stems (snowball-stemmers gives the stems of github.com/blevesearch/snowballstem
// over the seed's whole vocabulary; cmd/load's TestPeerStems checks it), stop words, tiers and
// order. Read those files for the why; this one only follows them.
import { readFileSync } from 'node:fs';
import snowball from 'snowball-stemmers';

const stemmers = { EN: snowball.newStemmer('english'), FR: snowball.newStemmer('french') };

// Scores, as kg's constants.
const SCORE = {
  name: { exact: 100, prefix: 60, words: 40 },
  alias: { exact: 95, prefix: 55, words: 35 },
};
const SCORE_DESCRIPTION = 10;
const SCORE_ALL_WORDS = 8;
const SCORE_SOME_WORDS = 5;
const SCORE_SOME_WORDS_DESCRIPTION = 2;
const FACT_WEIGHT = 0.15;
const TYPO_WEIGHT = 0.5;
const SYNONYM_WEIGHT = 0.9;
const MAX_SYNONYM_QUERIES = 24;

const luceneStopWords = [
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it',
  'no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these',
  'they', 'this', 'to', 'was', 'will', 'with',
];
const stopWords = [
  ...luceneStopWords,
  'au', 'aux', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'par', 'pour', 'sur',
  'un', 'une',
];
const startsStopWord = (w) => stopWords.some((s) => s.startsWith(w));

// The entity types in kg.EntityTypes' order, spelled as in the schema.
export const ENTITY_TYPES = ['DOCUMENT', 'EVENT', 'SESSION', 'ORGANIZATION', 'PERSON', 'INITIATIVE', 'SUBSTANCE', 'PLACE', 'FACT'];

const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const WORD_SEPARATOR = /[^\p{L}\p{Nd}\p{Mn}]+/u;
const DIGIT = /\p{Nd}/u;

// lower is Go's strings.ToLower: each code point on its own, no special casing.
const lower = (s) => Array.from(s, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join('');

// fold is kg.Fold: marks removed, lower case, anything but letters and digits one space.
export function fold(s) {
  const bare = s.normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
  let out = '';
  let space = false;
  for (const ch of bare) {
    if (LETTER_OR_DIGIT.test(ch)) {
      if (space && out.length > 0) out += ' ';
      space = false;
      out += lower(ch);
    } else {
      space = true;
    }
  }
  return out;
}

const bytes = (s) => Buffer.byteLength(s, 'utf8');
const runes = (s) => Array.from(s).length;

const stemCache = new Map();

// stem is kg.Stem: the Snowball stem of a lower-case word in lang ('EN' or 'FR'), or '' when it has
// none worth matching.
export function stem(lang, word) {
  if (bytes(word) < 3 || DIGIT.test(word)) return '';
  const key = lang + word;
  let s = stemCache.get(key);
  if (s === undefined) {
    s = stemmers[lang].stem(word);
    if (runes(s) < 3 || stopWords.includes(fold(s))) s = '';
    stemCache.set(key, s);
  }
  return s;
}

// stemsOf is kg's stemsOf: a word's folded stems in lang, or in both when lang is null.
const stemsOf = (word, lang) => ({
  en: lang !== 'FR' ? fold(stem('EN', word)) : '',
  fr: lang !== 'EN' ? fold(stem('FR', word)) : '',
});

// splitWords is kg's splitWords: the words of s, folded and as written.
function splitWords(s) {
  const folded = [];
  const written = [];
  for (const r of lower(s.normalize('NFC')).split(WORD_SEPARATOR)) {
    if (!r) continue;
    const parts = fold(r).split(' ').filter(Boolean);
    if (parts.length === 1) {
      folded.push(parts[0]);
      written.push(r);
    } else {
      folded.push(...parts);
      written.push(...parts);
    }
  }
  return { folded, written };
}

function field(name, lang, text) {
  const { folded, written } = splitWords(text || '');
  return { field: name, lang, text: folded.join(' '), words: folded, stems: written.map((w) => stemsOf(w, lang)) };
}

// searchDoc is kg.NewSearchDoc: the searchable texts of an entity of the peer's graph.
export function searchDoc(e) {
  const fields = [field('name', 'FR', e.name.fr), field('name', 'EN', e.name.en)];
  for (const a of e.aliases) fields.push(field('alias', null, a));
  fields.push(field('description', 'FR', e.description.fr), field('description', 'EN', e.description.en));
  if (e.type === 'FACT') fields.push(field('description', 'FR', e.statement.fr), field('description', 'EN', e.statement.en));
  return { fields, fact: e.type === 'FACT' };
}

// matcher is kg.NewMatcher: a query prepared for scoring.
// typos is kg.Typos: the edits a folded query word may be from a word of a text.
const lettersOnly = (w) => /^[a-z]+$/.test(w);
export const typos = (w) => (!lettersOnly(w) || w.length < 5 ? 0 : w.length <= 8 ? 1 : 2);

// withinEdits is kg.WithinEdits: a and b are at most k insertions, deletions or substitutions apart.
function withinEdits(a, b, k) {
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > k) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] <= k;
}

// near is the typo match of kg: a word of a text within a query word's edits.
const near = (q, w) =>
  q.typos > 0 && Math.abs(w.length - q.text.length) <= q.typos && lettersOnly(w) && withinEdits(q.text, w, q.typos) && !stopWords.includes(w);

// synonymGroups is kg/synonyms.txt, parsed as kg.parseSynonyms does.
const synonymGroups = readFileSync(new URL('../../kg/synonyms.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((line) => {
    const [broad, narrow = ''] = line.split(/>(.*)/s);
    const terms = (part) =>
      part.trim() === '' ? [] : part.split('|').map((t) => t.trim()).map((t) => ({ text: t, words: splitWords(t).folded }));
    return { broad: terms(broad), narrow: terms(narrow) };
  });

// synonymQueries is kg.synonymQueries: the query with one of its terms replaced by a synonym.
function synonymQueries(folded, written) {
  const out = [];
  for (const g of synonymGroups) {
    const all = [...g.broad, ...g.narrow];
    let at = -1;
    let term = { words: [] };
    let broad = false;
    for (let i = 0; i < folded.length; i++) {
      all.forEach((t, j) => {
        if (
          t.words.length > term.words.length &&
          t.words.length <= folded.length - i &&
          t.words.every((w, k) => folded[i + k] === w)
        ) {
          [at, term, broad] = [i, t, j < g.broad.length];
        }
      });
      if (at >= 0) break;
    }
    if (at < 0) continue;
    for (const o of broad ? all : g.broad) {
      if (o.text === term.text) continue;
      if (out.length === MAX_SYNONYM_QUERIES) return out;
      out.push([...written.slice(0, at), o.text, ...written.slice(at + term.words.length)].join(' '));
    }
  }
  return out;
}

function writtenMatcher(folded, written) {
  const words = folded.map((w, i) => {
    const content = !startsStopWord(w);
    return { text: w, stems: stemsOf(written[i], null), content, typos: content ? typos(w) : 0 };
  });
  return { text: folded.join(' '), words, content: words.filter((w) => w.content).length, synonyms: [] };
}

export function matcher(text) {
  const { folded, written } = splitWords(text);
  const m = writtenMatcher(folded, written);
  for (const q of synonymQueries(folded, written)) {
    const s = splitWords(q);
    m.synonyms.push(writtenMatcher(s.folded, s.written));
  }
  return m;
}

function matches(f, q, i) {
  if (f.words[i].startsWith(q.text)) return true;
  const st = f.stems[i];
  return (st.en !== '' && st.en === q.stems.en) || (st.fr !== '' && st.fr === q.stems.fr);
}

// How a query word matches a text: not at all (0), with a typo (1), or as written (2).
function holds(f, q) {
  let how = 0;
  for (let i = 0; i < f.words.length; i++) {
    if (matches(f, q, i)) return 2;
    if (how === 0 && near(q, f.words[i])) how = 1;
  }
  return how;
}

function scoreField(m, f) {
  if (m.text === '' || f.text === '') return 0;
  const name = f.field !== 'description';
  const tier = SCORE[f.field];
  if (name && f.text === m.text) return tier.exact;
  if (name && f.text.startsWith(m.text)) return tier.prefix;
  let weight = 1;
  for (const q of m.words) {
    const how = holds(f, q);
    if (how === 0) return 0;
    if (how === 1) weight = TYPO_WEIGHT;
  }
  return (name ? tier.words : SCORE_DESCRIPTION) * weight;
}

const fieldRank = (f) => (f === 'name' ? 0 : f === 'alias' ? 1 : 2);

// score is kg.Matcher.Score: { score, field, lang }, score 0 for no match.
// score is kg.Matcher.Score: a synonym of the query scores SYNONYM_WEIGHT of what it would score
// as written.
export function score(m, doc) {
  let best = scoreWritten(m, doc);
  for (const s of m.synonyms) {
    const r = scoreWritten(s, doc);
    if (r.score * SYNONYM_WEIGHT > best.score) best = { ...r, score: r.score * SYNONYM_WEIGHT };
  }
  return best;
}

function scoreWritten(m, doc) {
  let best = 0;
  let bestField = null;
  for (const f of doc.fields) {
    const s = scoreField(m, f);
    if (s > best) [best, bestField] = [s, f];
  }
  if (best === 0 && m.words.length > 0) {
    let all = true;
    let typo = false;
    let some = 0;
    for (const q of m.words) {
      let found = null;
      let foundHow = 0;
      for (const f of doc.fields) {
        const how = holds(f, q);
        if (how > foundHow || (how !== 0 && how === foundHow && fieldRank(f.field) < fieldRank(found.field))) {
          [found, foundHow] = [f, how];
        }
      }
      if (found === null) {
        all = false;
        continue;
      }
      let weight = 1;
      if (foundHow === 1) [typo, weight] = [true, TYPO_WEIGHT];
      if (q.content) some += (found.field === 'description' ? SCORE_SOME_WORDS_DESCRIPTION : SCORE_SOME_WORDS) * weight;
      if (bestField === null || fieldRank(found.field) < fieldRank(bestField.field)) bestField = found;
    }
    if (all && typo) best = SCORE_ALL_WORDS * TYPO_WEIGHT;
    else if (all) best = SCORE_ALL_WORDS;
    else if (some > 0) best = some / m.content;
    else return { score: 0 };
  }
  if (best === 0) return { score: 0 };
  if (doc.fact) best *= FACT_WEIGHT;
  return { score: best, field: bestField.field, lang: bestField.lang };
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

// countFacets is kg.CountFacets over entities of the peer's graph.
export function countFacets(list) {
  const counts = new Map();
  for (const e of list) {
    const byCat = counts.get(e.type) ?? new Map();
    byCat.set(e.category, (byCat.get(e.category) ?? 0) + 1);
    counts.set(e.type, byCat);
  }
  const facets = { types: [], categories: [] };
  for (const type of ENTITY_TYPES) {
    const byCat = counts.get(type);
    if (!byCat) continue;
    let total = 0;
    for (const category of [...byCat.keys()].sort(cmp)) {
      total += byCat.get(category);
      if (category !== '') facets.categories.push({ type, category, count: byCat.get(category) });
    }
    facets.types.push({ type, count: total });
  }
  return facets;
}

// rankSearch is kg.RankSearch: hits ({ e, score, field, lang }) of every type to the page asked for.
export function rankSearch(hits, { types, excludeTypes, offset, limit }) {
  const facets = countFacets(hits.map((h) => h.e));
  const kept = hits.filter((h) => (!types?.length || types.includes(h.e.type)) && !excludeTypes?.includes(h.e.type));
  kept.sort(
    (a, b) =>
      b.score - a.score ||
      (a.e.type === 'FACT') - (b.e.type === 'FACT') ||
      bytes(a.e.name.en) - bytes(b.e.name.en) ||
      cmp(a.e.id, b.e.id),
  );
  const start = Math.min(Math.max(offset, 0), kept.length);
  const end = Math.min(start + limit, kept.length);
  return { hits: kept.slice(start, end), total: kept.length, hasMore: end < kept.length, facets };
}
