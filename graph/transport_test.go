package graph_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The POST transport writes data without a second pass: the bytes must still be the JSON gqlgen's
// transport would write, with the media type the client asked for.
func TestPostWritesTheSameJSON(t *testing.T) {
	srv := newServer(t, mustStore(t))
	const query = `{ entity(id: "j-code") { id name aliases evidence { quote } } search(text: "R&D <b>") { totalCount } }`
	for _, tc := range []struct{ accept, want string }{
		{"", "application/json"},
		{"application/graphql-response+json", "application/graphql-response+json"},
		{"application/graphql-response+json, application/json;q=0.9", "application/graphql-response+json"},
		{"*/*", "application/json"},
	} {
		body, err := json.Marshal(map[string]string{"query": query})
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if tc.accept != "" {
			req.Header.Set("Accept", tc.accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Content-Type"); got != tc.want {
			t.Errorf("Accept %q: Content-Type %q, want %q", tc.accept, got, tc.want)
		}
		var v struct {
			Data   map[string]any `json:"data"`
			Errors []any          `json:"errors"`
		}
		if err := json.Unmarshal(raw, &v); err != nil || len(v.Errors) > 0 || v.Data["entity"] == nil {
			t.Fatalf("Accept %q: %v: %s", tc.accept, err, raw)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(compact.String(), string(raw)); diff != "" {
			t.Errorf("Accept %q: the response is not compact JSON (-compact +sent):\n%s", tc.accept, diff)
		}
	}
}

// GET answers as POST does, and leaves what it cannot decode to gqlgen's transport.
func TestGetWritesTheSameJSON(t *testing.T) {
	srv := newServer(t, mustStore(t))
	for _, tc := range []struct {
		query  string
		status int
	}{
		{"query=" + url.QueryEscape(`query($id: ID!) { entity(id: $id) { id name } }`) + "&variables=" + url.QueryEscape(`{"id":"j-code"}`), http.StatusOK},
		{"query=" + url.QueryEscape(`{ entity(id: "j-code") { id } }`) + "&variables=" + url.QueryEscape(`{not json`), http.StatusBadRequest},
	} {
		resp, err := http.Get(srv.URL + "?" + tc.query)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: status %d, Content-Type %q; want %d, application/json: %s", tc.query, resp.StatusCode, resp.Header.Get("Content-Type"), tc.status, raw)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			t.Fatalf("%s: %v: %s", tc.query, err, raw)
		}
		if compact.String() != string(raw) {
			t.Errorf("%s: the response is not compact JSON: %s", tc.query, raw)
		}
	}
}
