// Lints every Cypher statement of the project with Neo4j's own linter
// (@neo4j-cypher/language-support): syntax, semantic analysis (undefined variables, types),
// unknown functions and procedures, and labels, relationship types and properties that the
// database will not have.
//
// Usage: node lint/lint-cypher.mjs [file.cypher ...]
// Without arguments it lints seed/*.cypher, neo4j/*.cypher and neo4j/testdata/*.cypher (the
// statements the store compiles from the plans of the load mix). It prints file:line:column for each
// diagnostic, errors and warnings alike, and exits 1 if there is any.
//
// Each distinct shape of statement (the same text but for its literals) is linted once, as Cypher 5,
// the language of Neo4j 5 and the default of newer servers, and as Cypher 25, which newer servers
// and Aura can be set to run by default.
//
// The schema the statements are checked against is what the seed scripts write: the labels,
// relationship types and property keys of seed/02-entities.cypher, seed/03-relationships.cypher
// and seed/04-version.cypher. A statement of the store that reads a property the seed never writes
// is a bug, and this catches it.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  lintCypherQuery,
  parseParameters,
  parseStatementsStrs,
  testData,
} from '@neo4j-cypher/language-support';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const versions = ['CYPHER 5', 'CYPHER 25'];

function cypherFiles(dir) {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.cypher'))
    .sort()
    .map((f) => join(root, dir, f));
}

// withoutStrings blanks the content of string literals, so that the regular expressions below
// only see Cypher syntax.
function withoutStrings(text) {
  return text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
}

// shape is a statement without its literals: strings blanked, numbers zeroed, and literal lists
// and maps collapsed, so that the seed scripts' batches, which differ only in their rows, are one
// shape.
function shape(statement) {
  let text = withoutStrings(statement).replace(/\b\d+(\.\d+)?\b/g, '0');
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text.replace(/\[[^\[\]]*\]/g, '[]').replace(/\{[^{}]*\}/g, '{}');
  }
  return text;
}

function seedSchema() {
  // The seed sets each entity's label and each relationship's type from its row's type (SET
  // n:$(row.type), MERGE (a)-[r:$(row.type)]->(b)), so they are read from the rows.
  const labels = new Set(['Entity', 'GraphMeta']);
  const relationshipTypes = new Set();
  const propertyKeys = new Set();
  for (const file of cypherFiles('seed')) {
    if (file.endsWith('01-schema.cypher')) continue; // it reads properties, it does not write them
    const raw = readFileSync(file, 'utf8');
    const types = file.endsWith('02-entities.cypher') ? labels
      : file.endsWith('03-relationships.cypher') ? relationshipTypes : null;
    if (types) {
      for (const m of raw.matchAll(/^\s*\{(?:id: '[^']*', )?type: '(\w+)'/gm)) types.add(m[1]);
    }
    const text = withoutStrings(raw);
    // The keys of the rows ({id, type, properties} and {type, from, to, properties}), which the
    // statements read as row.id, row.from, ...
    for (const m of text.matchAll(/^\s*\{(.*)\},?$/gm)) {
      for (const k of m[1].matchAll(/(?:^|, )(\w+): /g)) propertyKeys.add(k[1]);
    }
    for (const m of text.matchAll(/properties: \{([^}]*)\}/g)) {
      for (const k of m[1].matchAll(/(?:^|,)\s*(\w+)\s*:/g)) propertyKeys.add(k[1]);
    }
    for (const m of text.matchAll(/\w\.(\w+)\s*=[^~]/g)) propertyKeys.add(m[1]);
  }
  propertyKeys.add('id');
  return { labels, relationshipTypes, propertyKeys };
}

const written = seedSchema();
const baseSchema = {
  labels: [...written.labels],
  relationshipTypes: [...written.relationshipTypes],
  propertyKeys: [...written.propertyKeys],
  // The signatures of Neo4j's built-in functions and procedures, as the package ships them.
  functions: testData.mockSchema.functions,
  procedures: testData.mockSchema.procedures,
};
for (const version of versions) {
  for (const name of ['db.index.fulltext.queryNodes', 'db.awaitIndexes']) {
    if (!baseSchema.procedures[version]?.[name]) {
      console.error(`lint-cypher: procedure ${name} missing from the linter's ${version} schema`);
      process.exit(2);
    }
  }
}

const severities = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

// statementsOf splits a file into statements, each with the line and column where it starts.
function statementsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  let searchFrom = 0;
  for (const statement of parseStatementsStrs(text)) {
    const at = text.indexOf(statement, searchFrom);
    const offset = at < 0 ? searchFrom : at;
    searchFrom = offset + statement.length;
    const before = text.slice(0, offset);
    out.push({
      file,
      statement,
      line: before.split('\n').length - 1,
      column: offset - (before.lastIndexOf('\n') + 1),
    });
  }
  return out;
}

// lintStatement lints one statement as the given version of Cypher, declaring the parameters it
// uses, and returns its diagnostics with their position in the file.
function lintStatement({ file, statement, line, column }, version) {
  const parameters = Object.fromEntries(
    parseParameters(statement, false).map((p) => [p, null]),
  );
  const { diagnostics } = lintCypherQuery(
    statement,
    { ...baseSchema, parameters, defaultLanguage: version },
    { consoleCommandsEnabled: false },
  );
  return diagnostics.map((d) => ({
    file,
    line: line + d.range.start.line + 1,
    column: d.range.start.character + (d.range.start.line === 0 ? column : 0) + 1,
    severity: severities[d.severity] ?? String(d.severity),
    message: version === versions[0] ? d.message : `${version}: ${d.message}`,
  }));
}

const files = process.argv.length > 2
  ? process.argv.slice(2)
  : [...cypherFiles('seed'), ...cypherFiles('neo4j'), ...cypherFiles('neo4j/testdata')];
const jobs = files.flatMap(statementsOf);
// One statement of each shape, the first, is linted, as every version: the linter needs about a
// tenth of a second per statement, and the seed scripts repeat a few shapes with other rows.
const shapes = new Map();
for (const job of jobs) {
  const key = shape(job.statement);
  if (!shapes.has(key)) shapes.set(key, job);
}
const problems = [...shapes.values()]
  .flatMap((job) => versions.map((version) => lintStatement(job, version)).flat())
  .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
for (const p of problems) {
  console.log(`${relative(process.cwd(), p.file)}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
}
if (problems.length > 0) {
  console.log(`lint-cypher: ${problems.length} problem(s) in ${files.length} file(s)`);
  process.exit(1);
}
console.log(`lint-cypher: ${jobs.length} statement(s) in ${files.length} file(s), ` +
  `${shapes.size} distinct shapes linted as ${versions.join(' and ')}: no problem`);
