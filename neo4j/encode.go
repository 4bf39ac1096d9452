package neo4j

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j/propgraph"
	"github.com/drugwatch/roundtable-kg/seed"
)

// Script is one Cypher script: its file name and its text, statements separated by ';'.
type Script struct {
	Name string
	Text string
}

// Statement is one statement of a script, without its ';', and the line on which it starts.
type Statement struct {
	Line int
	Text string
}

// GraphMetaID is the id of the node that records the version of the data loaded into Neo4j.
const GraphMetaID = "graph"

// FulltextIndex is the name of the full-text index over the searchable texts of entities.
const FulltextIndex = "entitySearch"

// Statements splits a script into statements. Comments (// and /* */) and blank text between
// statements are dropped; semicolons inside strings, quoted names and comments do not split.
func (s Script) Statements() []Statement {
	var out []Statement
	var cur strings.Builder
	line, start := 1, 0
	text := s.Text
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" {
			out = append(out, Statement{Line: start, Text: t})
		}
		cur.Reset()
		start = 0
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case strings.HasPrefix(text[i:], "//"):
			end := strings.IndexByte(text[i:], '\n')
			if end < 0 {
				end = len(text) - i
			}
			i += end
			continue
		case strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				end = len(text) - i - 2
			}
			line += strings.Count(text[i:i+2+end], "\n")
			i += 2 + end + 2
			continue
		case c == ';':
			flush()
			i++
			continue
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(text) && text[j] != c {
				if text[j] == '\\' && c != '`' {
					j++
				}
				j++
			}
			j = min(j+1, len(text))
			if start == 0 {
				start = line
			}
			cur.WriteString(text[i:j])
			line += strings.Count(text[i:j], "\n")
			i = j
			continue
		}
		if c == '\n' {
			line++
		} else if start == 0 && !unicode.IsSpace(rune(c)) {
			start = line
		}
		cur.WriteByte(c)
		i++
	}
	flush()
	return out
}

// Scripts renders the dataset as the four seed scripts that researchers run with the cypher
// command (Store.RunScript) or `cypher-shell -f`, or paste into Neo4j Browser (committed under
// seed/ by `go generate ./...`):
//
//   - 01-schema.cypher: a uniqueness constraint on id for :Entity and for each entity type's label,
//     an index on type, and the full-text index FulltextIndex (dropped and created again, so that
//     a changed definition takes effect); then it waits for the indexes.
//   - 02-entities.cypher: the statement of seed-entities.cypher, once per batch of entities, with
//     the batch written as a literal list in place of $rows.
//   - 03-relationships.cypher: likewise seed-relationships.cypher for the relationships.
//   - 04-version.cypher: deletes the entities and relationships that the data no longer has, then
//     records the data version and counts on the (:GraphMeta {id: 'graph'}) node.
//
// The scripts run exactly the statements of the seed command (Store.Seed), which passes the same
// rows as parameters, so the two cannot drift apart; a test runs both on Neo4j and compares. The
// one exception is the deletion of what the data no longer has: the scripts do it over ranges of
// the data's sorted ids, pruneBatch ids a statement (seed-prune-*.cypher), the seed command page
// by page through the database (seed-entity-page.cypher); no statement lists every id.
// Every statement is idempotent: running the scripts again changes nothing, and running them over
// an older version of the data leaves exactly this version.
//
// Nodes and relationships hold the properties of package propgraph.
func Scripts(ds *seed.Dataset) ([]Script, error) { return scripts(ds, pruneBatch) }

// scripts is Scripts with batch ids a prune statement.
func scripts(ds *seed.Dataset, batch int) ([]Script, error) {
	p, err := newSeedRows(ds)
	if err != nil {
		return nil, err
	}
	var schema strings.Builder
	schema.WriteString(header)
	schema.WriteString("// Schema: one unique id per label, an index on type, and the full-text index used by search.\n")
	schema.WriteString("// Safe to run again: constraints and indexes say IF NOT EXISTS; the full-text index is made anew.\n")
	for _, st := range schemaStatements() {
		schema.WriteString(st + ";\n")
	}
	fmt.Fprintf(&schema, "DROP INDEX %s IF EXISTS;\n%s;\nCALL db.awaitIndexes(300);\n", FulltextIndex, fulltextStatement())

	var ents, rels strings.Builder
	ents.WriteString(header)
	fmt.Fprintf(&ents, "// Entities: %d, in batches of %d rows, each row {id, type, properties}.\n", len(ds.Entities), scriptBatch)
	for batch := range slices.Chunk(p.entities, scriptBatch) {
		ents.WriteString(stmtSeedEntities.bind(map[string]string{"rows": literal(batch)}) + ";\n")
	}
	rels.WriteString(header)
	fmt.Fprintf(&rels, "// Relationships: %d, in batches of %d rows, each row {type, from, to, properties}.\n", len(ds.Relationships), scriptBatch)
	for batch := range slices.Chunk(p.relationships, scriptBatch) {
		rels.WriteString(stmtSeedRelationships.bind(map[string]string{"rows": literal(batch)}) + ";\n")
	}

	var version strings.Builder
	version.WriteString(header)
	version.WriteString("// Deletes what an older version of the data had and this one does not, then records the version\n")
	version.WriteString("// and the counts that the seed command checks.\n")
	version.WriteString(p.pruneScript(batch))
	version.WriteString(stmtSeedVersion.bind(literals(p.versionParams())) + ";\n")
	return []Script{
		{Name: "01-schema.cypher", Text: schema.String()},
		{Name: "02-entities.cypher", Text: ents.String()},
		{Name: "03-relationships.cypher", Text: rels.String()},
		{Name: "04-version.cypher", Text: version.String()},
	}, nil
}

// pruneBatch is the number of the data's ids, and so of ranges of entities, that one prune
// statement of the scripts covers.
const pruneBatch = 1000

// pruneScript returns the prune statements of the scripts: for each range of batch of the
// data's sorted ids, the deletion of the entities in the range that the data does not have,
// then of those after the last; then, over the same ranges, the deletion of the relationships
// that start in the range and that the data does not have.
func (p *seedRows) pruneScript(batch int) string {
	ids := slices.Sorted(slices.Values(p.ids))
	from := map[string][][]string{}
	for _, k := range p.keys {
		from[k[1]] = append(from[k[1]], k)
	}
	var ents, rels strings.Builder
	after := ""
	for chunk := range slices.Chunk(ids, batch) {
		upTo := chunk[len(chunk)-1]
		ents.WriteString(stmtSeedPruneEntities.bind(map[string]string{"after": literal(after), "upTo": literal(upTo), "ids": literal(chunk)}) + ";\n")
		keys := [][]string{}
		for _, id := range chunk {
			keys = append(keys, from[id]...)
		}
		rels.WriteString(stmtSeedPruneRelationships.bind(map[string]string{"after": literal(after), "upTo": literal(upTo), "keys": literal(keys)}) + ";\n")
		after = upTo
	}
	ents.WriteString(stmtSeedPruneEntitiesAfter.bind(map[string]string{"after": literal(after)}) + ";\n")
	return ents.String() + rels.String()
}

// scriptBatch is the number of rows of one statement in the committed scripts: small enough that
// a statement stays readable in Neo4j Browser.
const scriptBatch = 25

const header = "// Generated from seed/data by `go generate ./...`. Do not edit: edit the data and regenerate.\n"

// schemaStatements returns the constraints and the type index, each safe to run again.
func schemaStatements() []string {
	var out []string
	labels := append([]string{"Entity"}, typeLabels()...)
	for _, l := range labels {
		out = append(out, fmt.Sprintf("CREATE CONSTRAINT %sId IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", lowerFirst(l), l))
	}
	return append(out,
		"CREATE CONSTRAINT graphMetaId IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX entityType IF NOT EXISTS FOR (n:Entity) ON (n.type)")
}

// fulltextProperties are the properties of the full-text index. searchText holds the folded words
// that search matches; the other texts are there for people who query the index themselves.
var fulltextProperties = []string{"nameFr", "nameEn", "aliasesText", "descriptionFr", "descriptionEn", "statementFr", "statementEn", "searchText"}

// fulltextAnalyzer is the index's analyzer: it lower-cases and folds accents, as kg.Fold does.
const fulltextAnalyzer = "standard-folding"

// fulltextStatement creates the full-text index if no index of its name exists.
func fulltextStatement() string {
	props := make([]string, len(fulltextProperties))
	for i, p := range fulltextProperties {
		props[i] = "n." + p
	}
	return fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:Entity) ON EACH [%s] "+
		"OPTIONS {indexConfig: {`fulltext.analyzer`: %s, `fulltext.eventually_consistent`: false}}",
		FulltextIndex, strings.Join(props, ", "), quote(fulltextAnalyzer))
}

func typeLabels() []string {
	out := make([]string, len(kg.EntityTypes))
	for i, t := range kg.EntityTypes {
		out[i] = string(t)
	}
	return out
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// literal writes a value as a Cypher literal: a string, a []string, an int64, a float64, a []propgraph.Property
// (a map, keys in order) or a list of these.
func literal(v any) string {
	switch x := v.(type) {
	case string:
		return quote(x)
	case []string:
		return quoteList(x)
	case []int64:
		parts := make([]string, len(x))
		for i, n := range x {
			parts[i] = strconv.FormatInt(n, 10)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return floatLiteral(x)
	case []propgraph.Property:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = p.Key + ": " + literal(p.Value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case [][]propgraph.Property:
		// One row a line, so that a batch of the scripts reads as a table.
		parts := make([]string, len(x))
		for i, row := range x {
			parts[i] = "\n  " + literal(row)
		}
		return "[" + strings.Join(parts, ",") + "\n]"
	case [][]string:
		return listLiteral(x)
	}
	panic(fmt.Sprintf("neo4j: no Cypher literal for %T", v))
}

func listLiteral[T any](list []T) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = literal(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// literals writes each parameter as a literal.
func literals(params map[string]any) map[string]string {
	out := make(map[string]string, len(params))
	for k, v := range params {
		out[k] = literal(v)
	}
	return out
}

// param turns a value of the shapes literal takes into a driver parameter: maps for []propgraph.Property.
func param(v any) any {
	switch x := v.(type) {
	case []propgraph.Property:
		m := make(map[string]any, len(x))
		for _, p := range x {
			m[p.Key] = param(p.Value)
		}
		return m
	case [][]propgraph.Property:
		out := make([]any, len(x))
		for i, p := range x {
			out[i] = param(p)
		}
		return out
	case [][]string:
		out := make([]any, len(x))
		for i, p := range x {
			out[i] = p
		}
		return out
	}
	return v
}

// quote returns s as a single-quoted Cypher string literal. Backslashes and quotes are escaped, and
// so is every character that is not printable (control characters, no-break spaces, line
// separators), so that each statement stays on one line and the file shows what it holds.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '\'':
			b.WriteString(`\'`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			switch {
			case r == utf8.RuneError:
				b.WriteString(`\uFFFD`)
			case unicode.IsPrint(r):
				b.WriteRune(r)
			case r > 0xFFFF:
				fmt.Fprintf(&b, `\U%08X`, r)
			default:
				fmt.Fprintf(&b, `\u%04X`, r)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

func quoteList(list []string) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = quote(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// floatLiteral writes v so that Cypher reads it back as a FLOAT with the same value.
func floatLiteral(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
