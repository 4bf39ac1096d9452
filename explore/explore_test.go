package explore_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/explore"
)

// TestPageAndAssets checks that the page and every script it loads are served from the binary,
// and that each vendored library comes with its licence.
func TestPageAndAssets(t *testing.T) {
	srv := httptest.NewServer(explore.Handler("/explore/", "/graphql", nil))
	defer srv.Close()
	get := func(path string) (int, string, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
	}
	status, ctype, page := get("/explore/")
	if status != http.StatusOK || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(page, `content="/graphql"`) {
		t.Fatalf("page: %d %s\n%.300s", status, ctype, page)
	}
	// What the page loads: scripts and styles, not the links it offers.
	refs := regexp.MustCompile(`(?:<script src|<link rel="stylesheet" href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 6 {
		t.Errorf("page loads %d files, want the styles, the app and four libraries", len(refs))
	}
	for _, m := range refs {
		if strings.Contains(m[1], "//") {
			t.Errorf("page loads %s from elsewhere", m[1])
			continue
		}
		if status, _, body := get("/explore/" + m[1]); status != http.StatusOK || len(body) < 100 {
			t.Errorf("%s: status %d, %d bytes", m[1], status, len(body))
		}
	}
	for _, lib := range []string{"cytoscape", "cytoscape-fcose", "cose-base", "layout-base"} {
		if status, _, body := get("/explore/vendor/LICENSE." + lib); status != http.StatusOK || !strings.Contains(body, "Permission is hereby granted") {
			t.Errorf("licence of %s: status %d", lib, status)
		}
	}
	for _, path := range []string{"/explore/nope.js", "/explore/vendor/", "/explore/vendor", "/explore/vendor/nope.js", "/explore/assets/app.js"} {
		if status, _, body := get(path); status != http.StatusNotFound || strings.Contains(body, "LICENSE") {
			t.Errorf("%s: status %d, want 404 without a listing", path, status)
		}
	}
}
