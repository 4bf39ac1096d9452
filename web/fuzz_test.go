package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
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
	h := fuzzHandler(f)
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
		checkAnswer(t, rec.Code, rec.Body.Bytes(), method+" "+string(b))
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

// checkAnswer fails t unless an answer of /graphql is a GraphQL response: JSON with data or
// errors, every error with a message and a code, and not a 5xx but for a 503 whose errors are all
// TIMEOUT or SERVER_BUSY (the time limit, a client gone, or admission).
func checkAnswer(t *testing.T, status int, body []byte, request string) {
	t.Helper()
	if (status >= 500 && status != http.StatusServiceUnavailable) || len(body) == 0 {
		t.Fatalf("%.300q: %d %q", request, status, body)
	}
	var resp struct {
		Data   *json.RawMessage `json:"data"`
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		t.Fatalf("%.300q: not JSON: %v: %.300s", request, err, body)
	}
	if status == http.StatusServiceUnavailable {
		for _, e := range resp.Errors {
			if e.Extensions.Code != "TIMEOUT" && e.Extensions.Code != "SERVER_BUSY" {
				t.Fatalf("%.300q: 503 with an error that is not TIMEOUT or SERVER_BUSY: %.300s", request, body)
			}
		}
		if len(resp.Errors) == 0 {
			t.Fatalf("%.300q: 503 without errors: %.300s", request, body)
		}
	}
	if resp.Data == nil && len(resp.Errors) == 0 {
		t.Fatalf("%.300q: neither data nor errors: %.300s", request, body)
	}
	for _, e := range resp.Errors {
		if e.Message == "" || e.Extensions.Code == "" {
			t.Fatalf("%.300q: an error without a message or a code: %.300s", request, body)
		}
	}
}

// fuzzHandler is the server's whole handler on the embedded graph, with a short time limit to
// keep the fuzzer moving: an input that runs into it must still be answered, with TIMEOUT.
func fuzzHandler(f *testing.F) http.Handler {
	return web.NewHandler(web.Options{Store: mustStore(f), Logger: slog.New(slog.DiscardHandler), Timeout: 2 * time.Second})
}

// FuzzDocument posts arbitrary GraphQL documents: whatever the text, the answer is a GraphQL
// response. The seeds are the IDE's operations, each alone, and documents that push at the
// parser and the limits (nesting, aliases, fragments, directives, literals).
// Run it with: go test ./web/ -run '^$' -fuzz FuzzDocument -fuzztime 60s -fuzzminimizetime 10s
// (some inputs take a second: minimizing one for the default 60 s would take the whole run).
func FuzzDocument(f *testing.F) {
	doc, err := parser.ParseQuery(&ast.Source{Input: ide.Examples})
	if err != nil {
		f.Fatal(err)
	}
	for _, op := range doc.Operations {
		var b strings.Builder
		formatter.NewFormatter(&b).FormatQueryDocument(&ast.QueryDocument{Operations: ast.OperationList{op}, Fragments: doc.Fragments})
		f.Add(b.String(), op.Name)
	}
	for _, q := range []string{
		`{ dataVersion }`,
		`{ a: dataVersion b: stats { entities } c: entity(id: "canada") { id name(lang: FR) } }`,
		`{ entity(id: "canada") { ... on Place { id } ...F } } fragment F on Entity { name }`,
		`fragment A on Query { ...B } fragment B on Query { ...A } { ...A }`,
		`{ dataVersion @skip(if: $undefined) }`,
		`query Q($x: Int = "s") { entities(first: $x) { totalCount } }`,
		`{ entities(first: -1, after: "") { totalCount } }`,
		`{ search(text: "\u0000\uFFFF\uD800", first: 100) { totalCount } }`,
		"{ search(text: \"\"\"block\n  string\"\"\") { totalCount } }",
		`{ neighborhood(id: "canada", depth: 1, limit: 10) { nodes { id } } }`,
		`{ path(from: "canada", to: "fentanyl", maxHops: 2) { length } }`,
		`{ entities(first: 99999999999999999999) { totalCount } }`,
		`{ __schema { types { name fields { name } } } }`,
		`{ __typename ... on Query { __typename } }`,
		strings.Repeat(`{ entity(id: "x") `, 12) + strings.Repeat("}", 12),
		`subscription { dataVersion }`,
		`mutation { dataVersion }`,
		`query A { dataVersion } query A { dataVersion }`,
	} {
		f.Add(q, "")
	}
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, query, operation string) {
		b, err := json.Marshal(map[string]string{"query": query, "operationName": operation})
		if err != nil {
			return // not text that JSON can carry
		}
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkAnswer(t, rec.Code, rec.Body.Bytes(), string(b))
	})
}

// variablesDocument declares variables of every kind the schema takes: scalars, lists, enums,
// an input object, non-null ones and defaults.
const variablesDocument = `query V($id: ID!, $ids: [ID!]!, $n: Int, $after: String, $text: String! = "police",
  $types: [EntityType!], $order: EntityOrder, $lang: Language = FR, $depth: Int! = 1, $limit: Int! = 10,
  $narrower: Boolean, $kinds: [FactKind!], $rel: [String!], $dir: Direction = BOTH) {
  entity(id: $id) { id name(lang: $lang) relationships(types: $rel, direction: $dir, first: $n, after: $after) { totalCount } }
  nodes(ids: $ids) { id }
  entities(types: $types, orderBy: $order, first: $n, after: $after) { totalCount edges { node { id } } }
  search(text: $text, types: $types, first: $n) { totalCount }
  neighborhood(id: $id, depth: $depth, limit: $limit, relationshipTypes: $rel) { truncated nodes { id } }
  facts(about: $ids, includeNarrower: $narrower, kinds: $kinds, first: $n) { totalCount }
}`

// FuzzVariables sends one document that declares variables of every kind, with arbitrary JSON
// as its variables, by POST or by GET: the answer is a GraphQL response. The seeds are valid
// variables, wrong types, nulls, deep nesting, huge numbers and unused variables.
// Run it with: go test ./web/ -run '^$' -fuzz FuzzVariables -fuzztime 60s
func FuzzVariables(f *testing.F) {
	for _, v := range []string{
		`{"id": "canada", "ids": ["canada", "fentanyl"]}`,
		`{"id": "canada", "ids": [], "n": 5, "types": ["ORGANIZATION"], "order": {"field": "DEGREE", "descending": true}}`,
		`{"id": "royal-canadian-mounted-police", "ids": ["x"], "depth": 3, "limit": 500, "lang": "EN", "dir": "OUTGOING", "rel": ["RUNS"]}`,
		`{"id": "canada", "ids": ["canada"], "kinds": ["MONEY"], "narrower": true, "after": "b2Zmc2V0OjE"}`,
		`{"id": null, "ids": null}`,
		`{"id": 1, "ids": "canada", "n": "5", "order": []}`,
		`{"id": "canada", "ids": ["canada"], "n": 3000000000, "depth": -1, "limit": 1e300}`,
		`{"id": "canada", "ids": ["canada"], "order": {"field": "NOPE", "extra": 1}}`,
		`{"id": "canada", "ids": ["canada"], "unused": {"a": [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]}}`,
		`{"id": "\u0000", "ids": ["\ud800"], "text": ""}`,
		`[]`, `null`, `"s"`, `{}`,
	} {
		f.Add([]byte(v), false)
		f.Add([]byte(v), true)
	}
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, vars []byte, get bool) {
		if !json.Valid(vars) {
			return // FuzzGraphQLEndpoint sends bodies that are not JSON
		}
		var req *http.Request
		if get {
			q := url.Values{"query": {variablesDocument}, "variables": {string(vars)}}
			req = httptest.NewRequest(http.MethodGet, "/graphql?"+q.Encode(), nil)
		} else {
			b := []byte(`{"query": ` + strconv.Quote(variablesDocument) + `, "variables": ` + string(vars) + `}`)
			req = httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkAnswer(t, rec.Code, rec.Body.Bytes(), string(vars))
	})
}

// FuzzHTTP writes arbitrary bytes to a connection of a real HTTP server running the whole
// handler, closes its side for writing and reads every answer: none is a 5xx, but for those
// net/http itself sends for a request it cannot take (501, 505) and 503 (a GraphQL TIMEOUT: net/http
// cancels a request whose client has closed its side, which this one has, so a quick request
// may still be cancelled before it is answered);
// every JSON answer of /graphql is a GraphQL response; no answer holds a socket address; and a
// complete request gets an answer. The seeds are requests of every kind the server serves.
// Run it with: go test ./web/ -run '^$' -fuzz FuzzHTTP -fuzztime 60s
func FuzzHTTP(f *testing.F) {
	post := func(body string) []byte {
		return fmt.Appendf(nil, "POST /graphql HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	}
	for _, seed := range [][]byte{
		post(`{"query": "{ dataVersion }"}`),
		post(`{"query": "{ entity(id: \"canada\") { id name } }", "variables": {}}`),
		[]byte("GET /graphql?query=%7B+dataVersion+%7D HTTP/1.1\r\nHost: h\r\nAccept: application/graphql-response+json\r\n\r\n"),
		[]byte("GET /graphql?query=%7B HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip\r\n\r\n"),
		[]byte("POST /graphql HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n1c\r\n{\"query\": \"{ dataVersion }\"}\r\n0\r\n\r\n"),
		[]byte("POST /graphql HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\": "),
		[]byte("POST /graphql HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}"),
		[]byte("OPTIONS /graphql HTTP/1.1\r\nHost: h\r\nOrigin: https://example.org\r\nAccess-Control-Request-Method: POST\r\n\r\n"),
		[]byte("HEAD /graphql HTTP/1.1\r\nHost: h\r\n\r\n"),
		[]byte("DELETE /graphql HTTP/1.1\r\nHost: h\r\n\r\n"),
		[]byte("GET /export/json?id=canada&depth=1 HTTP/1.1\r\nHost: h\r\n\r\n"),
		[]byte("GET /export/nope?depth=x HTTP/1.1\r\nHost: h\r\n\r\n"),
		[]byte("GET /schema.graphql HTTP/1.1\r\nHost: h\r\n\r\nGET /healthz HTTP/1.1\r\nHost: h\r\n\r\n"),
		[]byte("GET /explore/vendor/ HTTP/1.1\r\nHost: h\r\n\r\n"),
		[]byte("GET / HTTP/1.0\r\n\r\n"),
		[]byte("GET /graphql HTTP/1.1\r\nHost: h\r\nX-Request-Id: \xff\x00\r\n\r\n"),
	} {
		f.Add(seed)
	}
	srv := httptest.NewUnstartedServer(fuzzHandler(f))
	srv.Config.ReadHeaderTimeout = 2 * time.Second
	srv.Config.ReadTimeout = 2 * time.Second
	srv.Start()
	f.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()
	f.Fuzz(func(t *testing.T, raw []byte) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write(raw); err != nil {
			return // the server closed the connection before reading it all
		}
		_ = c.(*net.TCPConn).CloseWrite()
		reqs := requests(raw)
		r := bufio.NewReader(c)
		answers := 0
		for {
			var req *http.Request // what the answer answers, as far as this side can parse it
			if answers < len(reqs) {
				req = reqs[answers]
			}
			resp, err := http.ReadResponse(r, req)
			if err != nil {
				break
			}
			answers++
			body, err := readBody(resp)
			if err != nil {
				break
			}
			switch {
			case resp.StatusCode == http.StatusNotImplemented || resp.StatusCode == http.StatusHTTPVersionNotSupported:
				// net/http refusing a transfer encoding or a protocol version: no handler ran.
			case resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable:
				t.Fatalf("%.300q: %d %.300s", raw, resp.StatusCode, body)
			case req != nil && req.URL.Path == "/graphql" && req.Method != http.MethodHead && strings.Contains(resp.Header.Get("Content-Type"), "json"):
				checkAnswer(t, resp.StatusCode, body, string(raw))
			}
			if a := socketAddress.Find(body); a != nil {
				t.Fatalf("%.300q: an answer holds a socket address (%s): %.300s", raw, a, body)
			}
		}
		if answers == 0 && len(reqs) > 0 {
			t.Fatalf("%.300q: a complete request got no answer", raw)
		}
	})
}

// readBody reads the body of resp whole, gunzipped if it is compressed.
func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.Header.Get("Content-Encoding") != "gzip" {
		return b, err
	}
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// socketAddress matches an IP address with a port, as network errors write them.
var socketAddress = regexp.MustCompile(`(\d{1,3}\.){3}\d{1,3}:\d+`)

// requests parses raw as net/http's parser would, and returns the whole HTTP/1.x requests
// with a host that it starts with, bodies read.
func requests(raw []byte) []*http.Request {
	var reqs []*http.Request
	r := bufio.NewReader(bytes.NewReader(raw))
	for {
		req, err := http.ReadRequest(r)
		if err != nil || req.ProtoMajor != 1 || req.Host == "" {
			return reqs
		}
		if _, err := io.ReadAll(req.Body); err != nil {
			return reqs
		}
		reqs = append(reqs, req)
		if req.Close {
			return reqs
		}
	}
}
