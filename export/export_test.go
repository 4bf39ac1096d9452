package export_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/export"
	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
	"github.com/drugwatch/roundtable-kg/neo4j/propgraph"
	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/web"
)

// fixture is a real server over the embedded graph, and the data it serves.
type fixture struct {
	srv   *httptest.Server
	store *memory.Store
	ds    *seed.Dataset
	byID  map[string]kg.Entity
	rels  map[string]kg.Relationship
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s, ds := memorytest.MustSeeded(t)
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: s, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	f := &fixture{srv: srv, store: s, ds: ds, byID: map[string]kg.Entity{}, rels: map[string]kg.Relationship{}}
	for _, e := range ds.Entities {
		f.byID[e.ID] = e
	}
	for _, r := range ds.Relationships {
		f.rels[r.Key()] = r
	}
	return f
}

// get downloads an export and checks its headers.
func (f *fixture) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, resp.StatusCode, body)
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=") {
		t.Errorf("GET %s: Content-Disposition %q", path, cd)
	}
	return string(body)
}

// evidence rebuilds a list of evidence from the parallel lists an export writes.
func evidence(t *testing.T, docs, sections, quotes, paragraphs, quotesEn, kinds, notes, footnotes []string) []kg.Evidence {
	t.Helper()
	n := len(quotes)
	if len(docs) != n || len(sections) != n || len(paragraphs) != n || len(quotesEn) != n || len(kinds) != n || len(notes) != n || len(footnotes) != n {
		t.Errorf("evidence lists of lengths %d, %d, %d, %d, %d, %d, %d, %d", len(docs), len(sections), n, len(paragraphs), len(quotesEn), len(kinds), len(notes), len(footnotes))
		return nil
	}
	out := make([]kg.Evidence, n)
	for i := range quotes {
		p, err := strconv.Atoi(paragraphs[i])
		if err != nil {
			t.Errorf("paragraph %q: %v", paragraphs[i], err)
		}
		f, err := strconv.Atoi(footnotes[i])
		if err != nil {
			t.Errorf("footnote %q: %v", footnotes[i], err)
		}
		out[i] = kg.Evidence{Kind: kinds[i], Document: docs[i], Section: sections[i], Quote: quotes[i], Note: notes[i], Footnote: f, Paragraph: p, QuoteEN: quotesEn[i]}
	}
	return out
}

// jsonInts decodes a JSON list of numbers into their decimal strings.
func jsonInts(t *testing.T, s string) []string {
	t.Helper()
	var list []int
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = strconv.Itoa(n)
	}
	return out
}

func jsonList(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return out
}

type graphml struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string   `xml:"id,attr"`
			Data []gmData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source string   `xml:"source,attr"`
			Target string   `xml:"target,attr"`
			Data   []gmData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type gmData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func dataMap(list []gmData) map[string]string {
	m := map[string]string{}
	for _, d := range list {
		m[d.Key] = d.Value
	}
	return m
}

func TestGraphML(t *testing.T) {
	f := newFixture(t)
	var g graphml
	if err := xml.Unmarshal([]byte(f.get(t, "/export/graphml")), &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Graph.Nodes) != len(f.ds.Entities) || len(g.Graph.Edges) != len(f.ds.Relationships) || g.Graph.EdgeDefault != "directed" {
		t.Fatalf("%d nodes, %d edges; want %d, %d", len(g.Graph.Nodes), len(g.Graph.Edges), len(f.ds.Entities), len(f.ds.Relationships))
	}
	types := map[string]string{}
	for _, k := range g.Keys {
		types[k.ID] = k.Type
	}
	if types["n_value"] != "double" || types["n_number"] != "long" || types["n_nameFr"] != "string" {
		t.Errorf("key types %v", types)
	}
	for _, n := range g.Graph.Nodes {
		want, ok := f.byID[n.ID]
		d := dataMap(n.Data)
		if !ok {
			t.Errorf("node %s is not in the data", n.ID)
			continue
		}
		got := evidence(t, jsonList(t, d["n_evidenceDocuments"]), jsonList(t, d["n_evidenceSections"]), jsonList(t, d["n_evidenceQuotes"]),
			jsonInts(t, d["n_evidenceParagraphs"]), jsonList(t, d["n_evidenceQuotesEn"]),
			jsonList(t, d["n_evidenceKinds"]), jsonList(t, d["n_evidenceNotes"]), jsonInts(t, d["n_evidenceFootnotes"]))
		if diff := cmp.Diff(want.Evidence, got); diff != "" {
			t.Errorf("node %s evidence (-want +got):\n%s", n.ID, diff)
		}
		if d["n_type"] != string(model.GQLType(want.Type)) || d["n_nameFr"] != want.Name.FR || d["n_nameEn"] != want.Name.EN || d["label"] != want.Name.EN || d["n_descriptionFr"] != want.Description.FR {
			t.Errorf("node %s: %v", n.ID, d)
		}
		if want.Type == kg.Fact {
			if v, err := strconv.ParseFloat(d["n_value"], 64); err != nil || v != want.Value || d["n_unit"] != want.Unit {
				t.Errorf("figure %s: value %q unit %q, want %v %s", n.ID, d["n_value"], d["n_unit"], want.Value, want.Unit)
			}
		}
		if len(want.Aliases) > 0 && !cmp.Equal(jsonList(t, d["n_aliases"]), want.Aliases) {
			t.Errorf("node %s aliases %s, want %v", n.ID, d["n_aliases"], want.Aliases)
		}
		if _, leaked := d["n_searchText"]; leaked {
			t.Errorf("node %s carries the store's searchText", n.ID)
		}
	}
	for _, e := range g.Graph.Edges {
		d := dataMap(e.Data)
		r, ok := f.rels[d["e_type"]+"|"+e.Source+"|"+e.Target]
		if !ok {
			t.Errorf("edge %s %s %s is not in the data", e.Source, d["e_type"], e.Target)
			continue
		}
		got := evidence(t, jsonList(t, d["e_evidenceDocuments"]), jsonList(t, d["e_evidenceSections"]), jsonList(t, d["e_evidenceQuotes"]),
			jsonInts(t, d["e_evidenceParagraphs"]), jsonList(t, d["e_evidenceQuotesEn"]),
			jsonList(t, d["e_evidenceKinds"]), jsonList(t, d["e_evidenceNotes"]), jsonInts(t, d["e_evidenceFootnotes"]))
		if diff := cmp.Diff(r.Evidence, got); diff != "" {
			t.Errorf("edge %s evidence (-want +got):\n%s", r.Key(), diff)
		}
	}
}

// roundTrip encodes v in JSON and decodes it into generic values, as a reader of the export would.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSON(t *testing.T) {
	f := newFixture(t)
	var g struct {
		Nodes []map[string]any
		Links []export.JSONLink
	}
	dec := json.NewDecoder(strings.NewReader(f.get(t, "/export/json")))
	if err := dec.Decode(&g); err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != len(f.ds.Entities) || len(g.Links) != len(f.ds.Relationships) {
		t.Fatalf("%d nodes, %d links; want %d, %d", len(g.Nodes), len(g.Links), len(f.ds.Entities), len(f.ds.Relationships))
	}
	for _, n := range g.Nodes {
		id, _ := n["id"].(string)
		want, ok := f.byID[id]
		if !ok {
			t.Errorf("node %s is not in the data", id)
			continue
		}
		// Every property of the node in Neo4j but the store's own, and the evidence as objects.
		props := map[string]any{"evidence": want.Evidence}
		for _, p := range propgraph.Node(want) {
			switch p.Key {
			case "sortNameFr", "sortNameEn", "searchText", "evidenceDocuments", "evidenceSections", "evidenceQuotes", "evidenceParagraphs", "evidenceQuotesEn",
				"evidenceKinds", "evidenceNotes", "evidenceFootnotes":
			default:
				props[p.Key] = p.Value
			}
		}
		if diff := cmp.Diff(roundTrip(t, props), roundTrip(t, n)); diff != "" {
			t.Errorf("node %s (-data +export):\n%s", id, diff)
		}
	}
	for _, l := range g.Links {
		r, ok := f.rels[l.Type+"|"+l.Source+"|"+l.Target]
		if !ok || !cmp.Equal(r.Evidence, l.Evidence) {
			t.Errorf("link %s %s %s: in data %v, evidence differs %v", l.Source, l.Type, l.Target, ok, !cmp.Equal(r.Evidence, l.Evidence))
		}
	}
}

func readCSV(t *testing.T, body string) ([]string, [][]string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("empty CSV")
	}
	return rows[0], rows[1:]
}

func column(header []string, name string) int {
	return slices.Index(header, name)
}

func TestNeo4jAdminCSV(t *testing.T) {
	f := newFixture(t)
	header, rows := readCSV(t, f.get(t, "/export/neo4j-nodes"))
	if header[0] != "id:ID(Entity)" || header[1] != ":LABEL" || len(rows) != len(f.ds.Entities) {
		t.Fatalf("nodes header %v, %d rows", header, len(rows))
	}
	for _, want := range []string{"nameFr", "value:double", "number:long", "aliases:string[]", "evidenceQuotes:string[]", "searchText"} {
		if column(header, want) < 0 {
			t.Errorf("nodes header lacks %s: %v", want, header)
		}
	}
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, export.ArrayDelimiter)
	}
	// splitAll splits a list whose elements may all be empty: n of them.
	splitAll := func(s string, n int) []string {
		if n == 0 {
			return nil
		}
		return strings.Split(s, export.ArrayDelimiter)
	}
	for _, row := range rows {
		want, ok := f.byID[row[0]]
		if !ok {
			t.Errorf("node %s is not in the data", row[0])
			continue
		}
		if row[1] != "Entity;"+string(want.Type) || row[column(header, "nameEn")] != want.Name.EN {
			t.Errorf("node %s: labels %q name %q", row[0], row[1], row[column(header, "nameEn")])
		}
		n := len(split(row[column(header, "evidenceDocuments:string[]")]))
		got := evidence(t, split(row[column(header, "evidenceDocuments:string[]")]), splitAll(row[column(header, "evidenceSections:string[]")], n), splitAll(row[column(header, "evidenceQuotes:string[]")], n),
			split(row[column(header, "evidenceParagraphs:long[]")]), splitAll(row[column(header, "evidenceQuotesEn:string[]")], n),
			split(row[column(header, "evidenceKinds:string[]")]), splitAll(row[column(header, "evidenceNotes:string[]")], n),
			split(row[column(header, "evidenceFootnotes:long[]")]))
		if diff := cmp.Diff(want.Evidence, got); diff != "" {
			t.Errorf("node %s evidence (-want +got):\n%s", row[0], diff)
		}
		if row[column(header, "searchText")] != propgraph.SearchText(want) {
			t.Errorf("node %s: searchText differs from what the seed writes", row[0])
		}
	}
	header, rows = readCSV(t, f.get(t, "/export/neo4j-relationships"))
	if !slices.Equal(header[:3], []string{":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"}) || len(rows) != len(f.ds.Relationships) {
		t.Fatalf("relationships header %v, %d rows", header, len(rows))
	}
	for _, row := range rows {
		r, ok := f.rels[row[2]+"|"+row[0]+"|"+row[1]]
		n := len(split(row[column(header, "evidenceDocuments:string[]")]))
		got := evidence(t, split(row[column(header, "evidenceDocuments:string[]")]), splitAll(row[column(header, "evidenceSections:string[]")], n), splitAll(row[column(header, "evidenceQuotes:string[]")], n),
			split(row[column(header, "evidenceParagraphs:long[]")]), splitAll(row[column(header, "evidenceQuotesEn:string[]")], n),
			split(row[column(header, "evidenceKinds:string[]")]), splitAll(row[column(header, "evidenceNotes:string[]")], n),
			split(row[column(header, "evidenceFootnotes:long[]")]))
		if !ok || !cmp.Equal(r.Evidence, got) {
			t.Errorf("relationship %v: in data %v, evidence %v", row[:3], ok, got)
		}
	}
}

func TestCitations(t *testing.T) {
	f := newFixture(t)
	header, rows := readCSV(t, f.get(t, "/export/citations"))
	if !slices.Equal(header, export.CitationHeader) {
		t.Fatalf("header %v", header)
	}
	want := 0
	for _, e := range f.ds.Entities {
		want += len(e.Evidence)
	}
	for _, r := range f.ds.Relationships {
		want += len(r.Evidence)
	}
	if len(rows) != want {
		t.Errorf("%d citations, want %d (one per evidence)", len(rows), want)
	}
	doc := f.byID["roundtable-2019"]
	for _, row := range rows {
		ev := kg.Evidence{Kind: row[column(header, "evidenceKind")], Document: row[column(header, "document")], Section: row[column(header, "section")],
			Quote: row[column(header, "quote")], QuoteEN: row[column(header, "quoteEn")], Note: row[column(header, "note")]}
		if ev.IsReference() {
			if ev.Note == "" || ev.Quote != "" || !strings.Contains(row[column(header, "citationEn")], ev.Note) {
				t.Errorf("reference %v: want a note, no quote, and the note in its citation", row)
			}
			continue
		}
		if p := row[column(header, "paragraph")]; p != "" {
			ev.Paragraph, _ = strconv.Atoi(p)
		}
		if got, want := row[column(header, "citation")], kg.Cite(&doc, ev, kg.FR); got != want || doc.URL == "" || !strings.Contains(got, doc.URL) {
			t.Errorf("citation %q, want %q with the document's address", got, want)
		}
		if got, want := row[column(header, "citationEn")], kg.Cite(&doc, ev, kg.EN); got != want {
			t.Errorf("English citation %q, want %q", got, want)
		}
	}
}

func TestNeighbourhoodAndErrors(t *testing.T) {
	f := newFixture(t)
	var g struct {
		Nodes []map[string]any
		Links []export.JSONLink
	}
	if err := json.Unmarshal([]byte(f.get(t, "/export/json?id=j-code&depth=1")), &g); err != nil {
		t.Fatal(err)
	}
	sub, err := f.store.Neighborhood(context.Background(), "j-code", kg.NeighborhoodQuery{Depth: 1, Limit: kg.MaxNeighborhoodLimit})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Nodes) != len(sub.Nodes) || len(g.Links) != len(sub.Relationships) || g.Nodes[0]["id"] != "j-code" {
		t.Errorf("neighbourhood export: %d nodes, %d links; want %d, %d", len(g.Nodes), len(g.Links), len(sub.Nodes), len(sub.Relationships))
	}
	checkExportErrors(t, f.srv.URL, map[string]exportError{
		"/export/pdf-X9":                      {http.StatusNotFound, "NOT_FOUND"},
		"/export/json?id=nope-X9":             {http.StatusNotFound, "NOT_FOUND"},
		"/export/json?id=j-code&depth=9":      {http.StatusBadRequest, "BAD_USER_INPUT"},
		"/export/json?id=j-code&depth=one-X9": {http.StatusBadRequest, "BAD_USER_INPUT"},
	})
}

// exportError is the status and code of an export's error answer.
type exportError struct {
	status int
	code   string
}

// checkExportErrors checks that each path is answered with a GraphQL error of the given status
// and code, with a request id, that no cache may keep, and that does not repeat the input (every
// path's input holds "X9").
func checkExportErrors(t *testing.T, base string, want map[string]exportError) {
	t.Helper()
	for path, w := range want {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Errors []struct {
				Message    string
				Extensions struct{ Code, RequestID string }
			}
		}
		if err := json.Unmarshal(body, &got); err != nil || len(got.Errors) != 1 {
			t.Errorf("GET %s: not one GraphQL error (%v): %s", path, err, body)
			continue
		}
		e := got.Errors[0]
		if resp.StatusCode != w.status || e.Extensions.Code != w.code || e.Extensions.RequestID == "" {
			t.Errorf("GET %s: status %d, code %q, request id %q; want %d, %q and an id", path, resp.StatusCode, e.Extensions.Code, e.Extensions.RequestID, w.status, w.code)
		}
		if strings.Contains(e.Message, "X9") || strings.Contains(e.Message, "nope") || strings.Contains(e.Message, "one") {
			t.Errorf("GET %s: the message repeats the input: %q", path, e.Message)
		}
		if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, cc)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
	}
}

// TestExportTimeout checks that an export past the server's time limit is answered with a
// TIMEOUT error rather than a cut file or an internal error.
func TestExportTimeout(t *testing.T) {
	s, _ := memorytest.MustSeeded(t)
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: s, Timeout: time.Nanosecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	checkExportErrors(t, srv.URL, map[string]exportError{
		"/export/json?id=j-code&X9=1": {http.StatusServiceUnavailable, "TIMEOUT"},
	})
}

func TestJSONLD(t *testing.T) {
	f := newFixture(t)
	var doc struct {
		Context map[string]any   `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(f.get(t, "/export/jsonld")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context["@base"] == nil || len(doc.Graph) != len(f.ds.Entities)+len(f.ds.Relationships) {
		t.Fatalf("context %v, %d items; want %d", doc.Context, len(doc.Graph), len(f.ds.Entities)+len(f.ds.Relationships))
	}
	quotes := func(item map[string]any) []string {
		var out []string
		list, _ := item["evidence"].([]any)
		for _, ev := range list {
			m, _ := ev.(map[string]any)
			q, _ := m["quote"].(string)
			out = append(out, q)
		}
		return out
	}
	want := func(list []kg.Evidence) []string {
		var out []string
		for _, ev := range list {
			out = append(out, ev.Quote)
		}
		return out
	}
	seen := map[string]bool{}
	for _, item := range doc.Graph {
		id, _ := item["@id"].(string)
		seen[id] = true
		if item["@type"] == "Relationship" {
			key := fmt.Sprint(item["relationshipType"], "|", item["from"], "|", item["to"])
			r, ok := f.rels[key]
			if !ok || !cmp.Equal(want(r.Evidence), quotes(item)) {
				t.Errorf("relationship %s: in data %v, quotes differ", key, ok)
			}
			continue
		}
		e, ok := f.byID[id]
		name, _ := item["name"].(map[string]any)
		if !ok || string(e.Type) != item["@type"] || name["fr"] != e.Name.FR || name["en"] != e.Name.EN || !cmp.Equal(want(e.Evidence), quotes(item)) {
			t.Errorf("entity %s: in data %v, %v", id, ok, item)
		}
		if e.Category != "" && item["category"] != e.Category || e.Type == kg.Fact && (item["unit"] != e.Unit || item["value"] != e.Value) {
			t.Errorf("entity %s: category %v, unit %v, value %v", id, item["category"], item["unit"], item["value"])
		}
	}
	if len(seen) != len(doc.Graph) {
		t.Errorf("%d distinct @id for %d items", len(seen), len(doc.Graph))
	}
}
