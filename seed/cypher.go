package seed

//go:generate go run ./gen

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/drugwatch/roundtable-kg/kg"
)

// The Cypher scripts are generated from the data by `go generate ./seed` and committed, so that they
// can be run with `cypher-shell -f` or pasted into Neo4j Browser without building anything.
//
//go:embed *.cypher
var scripts embed.FS

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

// Scripts returns the committed Cypher scripts in the order they must run.
func Scripts() []Script {
	names, err := fs.Glob(scripts, "*.cypher")
	if err != nil {
		panic(err) // the pattern is constant and valid
	}
	slices.Sort(names)
	out := make([]Script, len(names))
	for i, name := range names {
		data, err := fs.ReadFile(scripts, name)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		out[i] = Script{Name: name, Text: string(data)}
	}
	return out
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

// CypherScripts renders the dataset as the four seed scripts, in order:
//
//   - 01-schema.cypher: a uniqueness constraint on id for :Entity and for each entity type's label,
//     an index on type, and the full-text index FulltextIndex; then it waits for the indexes.
//   - 02-entities.cypher: one MERGE per entity, keyed on id, that sets all its properties.
//   - 03-relationships.cypher: one MERGE per relationship between the two entities it joins.
//   - 04-version.cypher: deletes the entities and relationships that the data no longer has, then
//     records the data version and counts on the (:GraphMeta {id: 'graph'}) node.
//
// Every statement is idempotent: running the scripts again changes nothing, and running them over
// an older version of the data leaves exactly this version.
//
// Neo4j properties cannot hold maps, so an entity's texts are flattened into lowerCamelCase
// properties (nameFr, nameEn, descriptionFr, ...) and evidence into three parallel lists
// (evidenceDocuments, evidenceSections, evidenceQuotes), on nodes and relationships alike. Each node
// also holds sortNameFr and sortNameEn (kg.SortKey), so that ORDER BY sorts as the embedded store
// does, and searchText (every searchable text folded with kg.Fold), the field that search looks up
// in the full-text index.
func CypherScripts(ds *Dataset) ([]Script, error) {
	schema := renderSchema()
	entities, err := renderEntities(ds.Entities)
	if err != nil {
		return nil, err
	}
	rels, err := renderRelationships(ds)
	if err != nil {
		return nil, err
	}
	return []Script{
		{Name: "01-schema.cypher", Text: schema},
		{Name: "02-entities.cypher", Text: entities},
		{Name: "03-relationships.cypher", Text: rels},
		{Name: "04-version.cypher", Text: renderVersion(ds)},
	}, nil
}

const header = "// Generated from seed/data by `go generate ./seed`. Do not edit: edit the data and regenerate.\n"

func renderSchema() string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("// Schema: one unique id per label, an index on type, and the full-text index used by search.\n")
	b.WriteString("// Safe to run again: every statement says IF NOT EXISTS.\n")
	labels := append([]string{"Entity"}, typeLabels()...)
	for _, l := range labels {
		fmt.Fprintf(&b, "CREATE CONSTRAINT %sId IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE;\n", lowerFirst(l), l)
	}
	b.WriteString("CREATE CONSTRAINT graphMetaId IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE;\n")
	b.WriteString("CREATE INDEX entityType IF NOT EXISTS FOR (n:Entity) ON (n.type);\n")
	// searchText holds the folded words that search matches; the other texts are there for people
	// who query the index themselves in Neo4j Browser.
	fmt.Fprintf(&b, "CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:Entity) ON EACH "+
		"[n.nameFr, n.nameEn, n.aliasesText, n.descriptionFr, n.descriptionEn, n.statementFr, n.statementEn, n.searchText] "+
		"OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false}};\n", FulltextIndex)
	b.WriteString("CALL db.awaitIndexes(300);\n")
	return b.String()
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

// Property is one property of a node or a relationship as the seed scripts write it. Value is a
// string, a []string, an int64 or a float64: the types Neo4j stores them as.
type Property struct {
	Key   string
	Value any
}

func renderMap(props []Property) string {
	parts := make([]string, len(props))
	for i, p := range props {
		parts[i] = p.Key + ": " + literal(p.Value)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// literal writes a property value as a Cypher literal.
func literal(v any) string {
	switch x := v.(type) {
	case string:
		return quote(x)
	case []string:
		return quoteList(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return floatLiteral(x)
	}
	panic(fmt.Sprintf("seed: no Cypher literal for %T", v))
}

// SearchText returns every folded word of e's searchable texts and its Snowball stems
// (kg.SearchDoc.Words), joined by spaces: what the full-text index holds for it, so that the
// index finds an entity by a stem as well as by a prefix of a word.
func SearchText(e kg.Entity) string {
	return strings.Join(kg.NewSearchDoc(e).Words(), " ")
}

// NodeProperties returns the properties of an entity's node, in a fixed order. Optional fields are
// left out when empty; a fact always has a value.
func NodeProperties(e kg.Entity) []Property {
	ps := []Property{{"id", e.ID}, {"type", string(e.Type)}}
	str := func(key, v string) {
		if v != "" {
			ps = append(ps, Property{key, v})
		}
	}
	str("category", e.Category)
	str("nameFr", e.Name.FR)
	str("nameEn", e.Name.EN)
	ps = append(ps, Property{"sortNameFr", kg.SortKey(&e, kg.FR)}, Property{"sortNameEn", kg.SortKey(&e, kg.EN)})
	if len(e.Aliases) > 0 {
		ps = append(ps, Property{"aliases", slices.Clone(e.Aliases)}, Property{"aliasesText", strings.Join(e.Aliases, " | ")})
	}
	str("descriptionFr", e.Description.FR)
	str("descriptionEn", e.Description.EN)
	str("roleFr", e.Role.FR)
	str("roleEn", e.Role.EN)
	if e.Number != 0 {
		ps = append(ps, Property{"number", int64(e.Number)})
	}
	str("startDate", e.StartDate)
	str("endDate", e.EndDate)
	if e.Type == kg.Fact || e.Value != 0 {
		ps = append(ps, Property{"value", e.Value})
	}
	str("valueText", e.ValueText)
	str("unit", e.Unit)
	str("period", e.Period)
	str("statementFr", e.Statement.FR)
	str("statementEn", e.Statement.EN)
	ps = append(ps, Property{"searchText", SearchText(e)})
	return append(ps, evidenceProperties(e.Evidence)...)
}

// RelationshipProperties returns the properties of a relationship: its evidence.
func RelationshipProperties(r kg.Relationship) []Property { return evidenceProperties(r.Evidence) }

func evidenceProperties(ev []kg.Evidence) []Property {
	docs := make([]string, len(ev))
	sections := make([]string, len(ev))
	quotes := make([]string, len(ev))
	for i, e := range ev {
		docs[i], sections[i], quotes[i] = e.Document, e.Section, e.Quote
	}
	return []Property{
		{"evidenceDocuments", docs},
		{"evidenceSections", sections},
		{"evidenceQuotes", quotes},
	}
}

func renderEntities(entities []kg.Entity) (string, error) {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("// Entities: one MERGE per entity, keyed on id; SET n = {...} replaces every property, so a\n")
	b.WriteString("// field removed from the data disappears too.\n")
	for _, e := range entities {
		if !e.Type.Valid() {
			return "", fmt.Errorf("seed: entity %q: unknown type %q", e.ID, e.Type)
		}
		if !kg.Slug(e.ID) {
			return "", fmt.Errorf("seed: entity %q: id is not a slug", e.ID)
		}
		fmt.Fprintf(&b, "MERGE (n:Entity:%s {id: %s}) SET n = %s;\n", e.Type, quote(e.ID), renderMap(NodeProperties(e)))
	}
	return b.String(), nil
}

func renderRelationships(ds *Dataset) (string, error) {
	types := map[string]kg.EntityType{}
	for _, e := range ds.Entities {
		types[e.ID] = e.Type
	}
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("// Relationships: both ends are matched by id, then one MERGE per (type, from, to).\n")
	for _, r := range ds.Relationships {
		if _, ok := kg.LookupRelType(r.Type); !ok {
			return "", fmt.Errorf("seed: relationship %s: type not in the vocabulary", r.Key())
		}
		if _, ok := types[r.From]; !ok {
			return "", fmt.Errorf("seed: relationship %s: no entity %q", r.Key(), r.From)
		}
		if _, ok := types[r.To]; !ok {
			return "", fmt.Errorf("seed: relationship %s: no entity %q", r.Key(), r.To)
		}
		fmt.Fprintf(&b, "MATCH (a:Entity {id: %s}) MATCH (b:Entity {id: %s}) MERGE (a)-[r:%s]->(b) SET r = %s;\n",
			quote(r.From), quote(r.To), r.Type, renderMap(RelationshipProperties(r)))
	}
	return b.String(), nil
}

func renderVersion(ds *Dataset) string {
	ids := make([]string, len(ds.Entities))
	for i, e := range ds.Entities {
		ids[i] = quote(e.ID)
	}
	keys := make([]string, len(ds.Relationships))
	for i, r := range ds.Relationships {
		keys[i] = quoteList([]string{r.Type, r.From, r.To})
	}
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("// Deletes what an older version of the data had and this one does not, then records the version\n")
	b.WriteString("// and the counts that the seed command checks.\n")
	fmt.Fprintf(&b, "MATCH (n:Entity) WHERE NOT n.id IN [%s] DETACH DELETE n;\n", strings.Join(ids, ", "))
	fmt.Fprintf(&b, "MATCH (:Entity)-[r]->(:Entity) WHERE NOT [type(r), startNode(r).id, endNode(r).id] IN [%s] DELETE r;\n", strings.Join(keys, ", "))
	fmt.Fprintf(&b, "MERGE (m:GraphMeta {id: %s}) SET m.dataVersion = %s, m.entityCount = %d, m.relationshipCount = %d;\n",
		quote(GraphMetaID), quote(ds.Version), len(ds.Entities), len(ds.Relationships))
	return b.String()
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
