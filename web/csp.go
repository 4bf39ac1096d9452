package web

import (
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
)

// apiCSP is the Content-Security-Policy of JSON and text answers: they load nothing.
const apiCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// pageCSP is the Content-Security-Policy of a page whose handler set none: it may not be framed
// nor change its base URL, and loads what its handler chose.
const pageCSP = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// setDefaultCSP gives an answer without a Content-Security-Policy the one for its content type.
func setDefaultCSP(h http.Header) {
	if h.Get("Content-Security-Policy") != "" {
		return
	}
	media, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	switch media {
	case "application/json", "application/graphql-response+json", "text/plain":
		h.Set("Content-Security-Policy", apiCSP)
	default:
		h.Set("Content-Security-Policy", pageCSP)
	}
}

// inlineScript matches the inline scripts of a page (those without a src attribute).
var inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)

// withCSP serves the IDE with a Content-Security-Policy that lets it load only the server's own
// files and run only its own inline script, named by its hash. Its styles may be inline: the
// editor sets style attributes, which hashes cannot allow. The policy is computed once from the
// page itself, so that it follows the page when the IDE is upgraded.
func withCSP(ide http.Handler) http.Handler {
	rec := httptest.NewRecorder()
	ide.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/?query=%7B%7D", nil))
	scripts := []string{"'self'"}
	for _, m := range inlineScript.FindAllStringSubmatch(rec.Body.String(), -1) {
		sum := sha256.Sum256([]byte(m[1]))
		scripts = append(scripts, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	policy := strings.Join([]string{
		"default-src 'self'",
		"script-src " + strings.Join(scripts, " "),
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self' data:",
		"connect-src 'self'",
		"frame-ancestors 'none'",
		"base-uri 'none'",
		"form-action 'none'",
	}, "; ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		ide.ServeHTTP(w, r)
	})
}
