package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/internal/stall"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/reqlog"
)

// exchange sends a request and returns the status, the headers and the body of the answer: the
// one way the tests of this package send requests.
func exchange(t testing.TB, method, url, contentType, accept string, body io.Reader) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

// TestGraphQLOverHTTP checks the answers the GraphQL-over-HTTP specification prescribes, and that
// every refusal is a GraphQL error with a code.
func TestGraphQLOverHTTP(t *testing.T) {
	srv := newServer(t, mustStore(t))
	const (
		js  = "application/json"
		gql = "application/graphql-response+json"
	)
	long := strings.Repeat("a", graph.MaxBodyBytes)
	// 50 unused variables nested 10,000 levels deep: a megabyte of brackets.
	var deep strings.Builder
	deep.WriteString(`{"query": "{ dataVersion }", "variables": {`)
	for i := range 50 {
		if i > 0 {
			deep.WriteString(",")
		}
		fmt.Fprintf(&deep, `"v%d": %s1%s`, i, strings.Repeat("[", 9990), strings.Repeat("]", 9990))
	}
	deep.WriteString("}}")
	nested := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	cases := map[string]struct {
		method, path, contentType, accept, body string
		status                                  int
		media, code                             string
		data                                    bool // whether the answer has a data entry
	}{
		"OK":                  {"POST", "", js, "", `{"query": "{ dataVersion }"}`, 200, js, "", true},
		"OKGraphQLResponse":   {"POST", "", js, gql, `{"query": "{ dataVersion }"}`, 200, gql, "", true},
		"ParseErrorJSON":      {"POST", "", js, js, `{"query": "{"}`, 200, js, "GRAPHQL_PARSE_FAILED", false},
		"ParseErrorGQL":       {"POST", "", js, gql, `{"query": "{"}`, 400, gql, "GRAPHQL_PARSE_FAILED", false},
		"ValidationGQL":       {"POST", "", js, gql, `{"query": "{ colour }"}`, 400, gql, "GRAPHQL_VALIDATION_FAILED", false},
		"TooComplexGQL":       {"POST", "", js, gql, `{"query": "{ a: dataVersion b: dataVersion } ` + strings.Repeat("{ x }", 3000) + `"}`, 400, gql, graph.CodeQueryTooComplex, false},
		"DeferRefused":        {"POST", "", js, gql, `{"query": "{ ... @defer { dataVersion } }"}`, 400, gql, "GRAPHQL_VALIDATION_FAILED", false},
		"ResolverErrorGQL":    {"POST", "", js, gql, `{"query": "{ entities(first: 101) { totalCount } }"}`, 200, gql, graph.CodeBadUserInput, true},
		"NotJSON":             {"POST", "", js, "", `{"query": "` + long[:100] + ``, 400, js, graph.CodeBadUserInput, false},
		"QueryNotString":      {"POST", "", js, gql, `{"query": 1}`, 400, gql, graph.CodeBadUserInput, false},
		"VariablesNotObject":  {"POST", "", js, gql, `{"query": "{ dataVersion }", "variables": "x"}`, 400, gql, graph.CodeBadUserInput, false},
		"NoQuery":             {"POST", "", js, "", `{}`, 400, js, graph.CodeBadUserInput, false},
		"WrongContentType":    {"POST", "", "text/plain", "", `{"query": "{ dataVersion }"}`, 415, js, graph.CodeBadUserInput, false},
		"Put":                 {"PUT", "", js, "", `{"query": "{ dataVersion }"}`, 405, js, graph.CodeMethodNotAllowed, false},
		"Delete":              {"DELETE", "", "", "", ``, 405, js, graph.CodeMethodNotAllowed, false},
		"BodyTooLarge":        {"POST", "", js, "", `{"query": "{ dataVersion }", "variables": {"x": "` + long + `"}}`, 413, js, graph.CodePayloadTooLarge, false},
		"GetOK":               {"GET", "?query=" + url.QueryEscape("{ dataVersion }"), "", "", "", 200, js, "", true},
		"GetBadVariables":     {"GET", "?query=" + url.QueryEscape("{ dataVersion }") + "&variables=%7B", "", gql, "", 400, gql, graph.CodeBadUserInput, false},
		"GetQueryStringLarge": {"GET", "?query=" + long, "", "", "", 414, js, graph.CodePayloadTooLarge, false},
		"GetInvalidDocument":  {"GET", "?query=" + url.QueryEscape("{"), "", "", "", 200, js, "GRAPHQL_PARSE_FAILED", false},
		"VariablesTooDeep":    {"POST", "", js, gql, deep.String(), 400, gql, graph.CodeBadUserInput, false},
		"VariablesAtDepth":    {"POST", "", js, gql, `{"query": "{ dataVersion }", "variables": {"x": ` + nested(graph.MaxJSONDepth-2) + `}}`, 200, gql, "", true},
		"VariablesPastDepth":  {"POST", "", js, gql, `{"query": "{ dataVersion }", "variables": {"x": ` + nested(graph.MaxJSONDepth-1) + `}}`, 400, gql, graph.CodeBadUserInput, false},
		"GetVariablesTooDeep": {"GET", "?query=" + url.QueryEscape("{ dataVersion }") + "&variables=" + url.QueryEscape(`{"x": `+nested(graph.MaxJSONDepth)+`}`), "", gql, "", 400, gql, graph.CodeBadUserInput, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			status, header, body := exchange(t, tc.method, srv.URL+tc.path, tc.contentType, tc.accept, strings.NewReader(tc.body))
			var r map[string]json.RawMessage
			if err := json.Unmarshal(body, &r); err != nil {
				t.Fatalf("%d %.200s: not JSON: %v", status, body, err)
			}
			var errs []gqlError
			_ = json.Unmarshal(r["errors"], &errs)
			code := ""
			if len(errs) > 0 {
				code, _ = errs[0].Extensions["code"].(string)
				if errs[0].Message == "" {
					t.Error("an error without a message")
				}
			}
			_, hasData := r["data"]
			if status != tc.status || code != tc.code || hasData != tc.data || !strings.HasPrefix(header.Get("Content-Type"), tc.media) {
				t.Errorf("%d %s code %q data %v; want %d %s code %q data %v\n%.300s",
					status, header.Get("Content-Type"), code, hasData, tc.status, tc.media, tc.code, tc.data, body)
			}
			if len(body) > 1000 {
				t.Errorf("the answer has %d bytes: it echoes the request", len(body))
			}
			if status == http.StatusMethodNotAllowed && header.Get("Allow") != "GET, HEAD, POST" {
				t.Errorf("Allow: %q", header.Get("Allow"))
			}
			// Only a successful GET may be kept by a cache.
			wantCC := "no-store"
			if tc.method == "GET" && tc.code == "" {
				wantCC = "public, max-age=60"
			}
			if cc := header.Get("Cache-Control"); cc != wantCC {
				t.Errorf("Cache-Control %q, want %q", cc, wantCC)
			}
		})
	}
	t.Run("Head", func(t *testing.T) {
		status, header, body := exchange(t, "HEAD", srv.URL+"?query="+url.QueryEscape("{ dataVersion }"), "", "", nil)
		if status != http.StatusOK || !strings.HasPrefix(header.Get("Content-Type"), js) || len(body) != 0 {
			t.Errorf("HEAD: %d %s, %d bytes; want 200 %s without a body", status, header.Get("Content-Type"), len(body), js)
		}
	})
	t.Run("ChunkedBodyTooLarge", func(t *testing.T) {
		body := io.MultiReader(strings.NewReader(`{"query": "{ dataVersion }", "variables": {"x": "`), strings.NewReader(long), strings.NewReader(`"}}`))
		status, _, b := exchange(t, "POST", srv.URL, js, "", body)
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), graph.CodePayloadTooLarge) {
			t.Errorf("%d %.300s, want 413 %s", status, b, graph.CodePayloadTooLarge)
		}
	})
}

// asleep is a store whose lookups take a second and ignore their context, like a backend that
// does not honour cancellation.
type asleep struct{ kg.Store }

func (s asleep) EntitiesByID(ctx context.Context, ids []string) ([]*kg.Entity, error) {
	time.Sleep(time.Second)
	return s.Store.EntitiesByID(context.WithoutCancel(ctx), ids)
}

// TestTimeoutIsAnswered gives requests 100 ms over a store that takes a second: the answer is a
// TIMEOUT error at the deadline, not an empty reply after the store returns.
func TestTimeoutIsAnswered(t *testing.T) {
	h := graph.NewHandler(asleep{mustStore(t)}, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(reqlog.Start(r.Context(), slog.String(reqlog.KeyRequest, "req-1")), 100*time.Millisecond)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
	defer srv.Close()
	start := time.Now()
	r := post(t, srv, `{ entity(id: "winnipeg") { id } }`, nil)
	took := time.Since(start)
	if r.code() != graph.CodeTimeout || r.Errors[0].Extensions["requestId"] != "req-1" {
		t.Errorf("errors %+v, want %s with the request id", r.Errors, graph.CodeTimeout)
	}
	if took > 900*time.Millisecond {
		t.Errorf("answered after %s: the store's second, not the deadline", took)
	}
}

// TestTimeoutDuringValidation turns the limits off and sends 10,000 aliases, which the validator
// takes seconds over: the answer is still a TIMEOUT error at the deadline, not an empty reply.
func TestTimeoutDuringValidation(t *testing.T) {
	h := graph.NewHandler(mustStore(t), slog.New(slog.DiscardHandler), graph.WithLimits(graph.Limits{}))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 200*time.Millisecond)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
	defer srv.Close()
	start := time.Now()
	r := post(t, srv, "{ "+repeat("a%d: dataVersion ", 10000)+"}", nil)
	took := time.Since(start)
	t.Logf("answered in %s", took)
	if r.code() != graph.CodeTimeout || len(r.Data) != 0 {
		t.Errorf("errors %+v, data %s; want %s and no data", r.Errors, r.Data, graph.CodeTimeout)
	}
	if took > 2*time.Second {
		t.Errorf("answered after %s, want the deadline", took)
	}
}

// TestStalledBody sends a body that stops short of its Content-Length to a server with a read
// timeout: the answer says the body did not arrive, without the connection's addresses.
func TestStalledBody(t *testing.T) {
	srv := httptest.NewUnstartedServer(graph.NewHandler(mustStore(t), slog.New(slog.DiscardHandler)))
	srv.Config.ReadTimeout = 200 * time.Millisecond
	srv.Start()
	defer srv.Close()
	status, body, host := stall.Post(t, srv.Listener.Addr().String(), "/")
	if status != http.StatusRequestTimeout || !strings.Contains(string(body), `"code":"TIMEOUT"`) || strings.Contains(string(body), host) {
		t.Errorf("%d %s; want 408 TIMEOUT without the addresses", status, body)
	}
}
