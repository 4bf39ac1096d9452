package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
)

// Every request of the load mix is answered without errors and with data, so that the
// benchmarks, the load command and the peer's check measure work that succeeds.
func TestLoadMixSucceeds(t *testing.T) {
	store, mix, err := bench.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	h := graph.NewHandler(store, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, name := range bench.Names {
		if len(mix[name]) == 0 {
			t.Errorf("no %s request in the mix", name)
		}
		for _, r := range mix[name] {
			w := postJSON(h, r.Body)
			var resp struct {
				Data   map[string]any `json:"data"`
				Errors []any          `json:"errors"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || w.Code != http.StatusOK || len(resp.Errors) > 0 {
				t.Fatalf("%s %s: status %d, %v: %s", name, r.Body, w.Code, err, w.Body.Bytes())
			}
			for field, v := range resp.Data {
				if v == nil {
					t.Errorf("%s %s: %s is null", name, r.Body, field)
				}
			}
		}
	}
}

// postJSON posts body to h's /graphql as JSON and returns the recorded answer.
func postJSON(h http.Handler, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}
