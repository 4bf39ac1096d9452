package web_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/web"
)

// TestMetricsOperationsBounded sends a real operation name, then 10,000 junk names, then the real
// one and the name of a trusted document again: the real names keep their labels, the junk ones
// past the first hundred count as "other", and the operation labels stay bounded.
func TestMetricsOperationsBounded(t *testing.T) {
	h := web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.DiscardHandler),
		Documents: []string{"query TrustedOne { dataVersion }"}})
	send := func(name string) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": "query `+name+` { dataVersion }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Cache-Control", "no-cache") // answers from the response cache name no operation
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", name, rec.Code, rec.Body)
		}
	}
	send("RealOne")
	junk := 10000
	if testing.Short() {
		junk = 1000
	}
	for i := range junk {
		send(fmt.Sprintf("Junk%d", i))
	}
	send("RealOne")
	send("TrustedOne")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	for _, want := range []string{
		`http_request_duration_seconds_count{operation="RealOne",path="/graphql",status="200"} 2`,
		`http_request_duration_seconds_count{operation="TrustedOne",path="/graphql",status="200"} 1`,
		fmt.Sprintf(`http_request_duration_seconds_count{operation="other",path="/graphql",status="200"} %d`, junk-99),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	labels := map[string]bool{}
	for _, m := range regexp.MustCompile(`_count\{operation="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		labels[m[1]] = true
	}
	if len(labels) != 102 { // RealOne, 99 junk names, TrustedOne, other
		t.Errorf("%d operation labels, want 102", len(labels))
	}
}
