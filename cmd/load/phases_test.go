package main

import (
	"encoding/json"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

// TestNewDocuments checks that every NewDocuments request is a document of its own, and that the
// ceiling answers it with its template's response under the request's alias.
func TestNewDocuments(t *testing.T) {
	ds, err := checked.Load()
	if err != nil {
		t.Fatal(err)
	}
	mix, err := bench.NewMix(ds.Entities)
	if err != nil {
		t.Fatal(err)
	}
	reqs, ok := morePhases(phaseNewDocuments, mix)
	if !ok || len(reqs) != len(mix["EntityPage"]) || !unique(reqs) {
		t.Fatalf("NewDocuments: %d templates, unique %v; want one per entity page", len(reqs), unique(reqs))
	}
	if vars, _ := morePhases(phaseVariables, mix); unique(vars) {
		t.Error("Variables requests are NewDocuments templates")
	}
	template := reqs[0].Body
	byBody := map[string][]byte{string(template): []byte(`{"data":{"n_":{"id":"x"}}}`)}
	salt := attackSalt()
	a, b := freshBody(template, salt, 1), freshBody(template, salt, 2)
	if string(a) == string(b) || string(a) == string(template) {
		t.Fatalf("fresh bodies are not new:\n%s\n%s", a, b)
	}
	var req struct{ Query string }
	if err := json.Unmarshal(a, &req); err != nil {
		t.Fatalf("fresh body %s: %v", a, err)
	}
	got, ok := aliased(byBody, a)
	want := `{"data":{"n_` + salt + `_1":{"id":"x"}}}`
	if !ok || string(got) != want {
		t.Errorf("aliased(%s) = %s, %v; want %s", a, got, ok, want)
	}
	if _, ok := aliased(byBody, []byte(`{"query":"{ n_x: entity(id: \"y\") { id } }"}`)); ok {
		t.Error("aliased answered a request of no template")
	}
}
