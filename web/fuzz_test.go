package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/drugwatch/roundtable-kg/ide"
	"github.com/drugwatch/roundtable-kg/web"
)

// FuzzGraphQLEndpoint sends arbitrary requests to /graphql through the server's whole handler:
// whatever the method, body, query string and Accept header, the answer is a GraphQL response
// (JSON with data or errors, every error with a code), never a 5xx or an empty reply. The seeds
// are the IDE's examples, sent whole and one operation at a time, and a few hostile requests.
// Run it with: go test ./web/ -run '^$' -fuzz FuzzGraphQLEndpoint -fuzztime 60s
func FuzzGraphQLEndpoint(f *testing.F) {
	body := func(query, operation string, vars string) []byte {
		b, _ := json.Marshal(map[string]any{"query": query, "operationName": operation, "variables": json.RawMessage(vars)})
		return b
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: ide.Examples})
	if err != nil {
		f.Fatal(err)
	}
	for _, op := range doc.Operations {
		f.Add("POST", body(ide.Examples, op.Name, "{}"), "", "application/json")
		f.Add("GET", []byte(nil), "query="+url.QueryEscape(ide.Examples)+"&operationName="+op.Name, "application/graphql-response+json")
	}
	f.Add("POST", body(`{ a0: dataVersion a1: dataVersion }`, "", "null"), "", "")
	f.Add("POST", body(`query($n: Int) { entities(first: $n, after: "b2Zmc2V0OjE") { totalCount } }`, "", `{"n": 3000000000}`), "", "")
	f.Add("POST", body(`fragment F on Query { ...F } { ...F }`, "", "{}"), "", "")
	f.Add("POST", []byte(`{"query": 1, "variables": []}`), "", "")
	f.Add("POST", []byte(`{not json`), "", "application/json")
	f.Add("PUT", []byte(`{}`), "", "")
	f.Add("GET", []byte(nil), "query=%7B&variables=%5B", "")
	// A short time limit keeps the fuzzer moving: an input that runs into it must still be
	// answered, with TIMEOUT.
	h := web.NewHandler(web.Options{Store: mustStore(f), Logger: slog.New(slog.DiscardHandler), Timeout: 2 * time.Second})
	f.Fuzz(func(t *testing.T, method string, b []byte, rawQuery string, accept string) {
		if method == "" || strings.ContainsAny(method, " \t\r\n()<>@,;:\\\"/[]?={}") || !isASCII(method) {
			return // not a method an HTTP client can send
		}
		req := httptest.NewRequest(http.MethodGet, "/graphql", bytes.NewReader(b))
		req.Method = method
		req.URL.RawQuery = rawQuery
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 || rec.Body.Len() == 0 {
			t.Fatalf("%s %q: %d %q", method, b, rec.Code, rec.Body.String())
		}
		var resp struct {
			Data   *json.RawMessage `json:"data"`
			Errors []struct {
				Message    string
				Extensions struct{ Code string }
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatalf("%s %q: not JSON: %v: %.300s", method, b, err, rec.Body.String())
		}
		if resp.Data == nil && len(resp.Errors) == 0 {
			t.Fatalf("%s %q: neither data nor errors: %.300s", method, b, rec.Body.String())
		}
		for _, e := range resp.Errors {
			if e.Message == "" || e.Extensions.Code == "" {
				t.Fatalf("%s %q: an error without a message or a code: %.300s", method, b, rec.Body.String())
			}
		}
	})
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
