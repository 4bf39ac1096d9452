// Package explore serves the visual explorer of the graph at /explore: a page that draws the
// neighbourhood of an entity, expands it node by node, shows the evidence behind each
// relationship and the figures about each entity, and draws the explained paths between two
// entities. It reads the graph only through the public GraphQL API, and works offline: its
// scripts, and the graph libraries vendored from npm with their licences (vendor/, see
// vendor.sh), are embedded in the binary.
package explore

import (
	"bytes"
	"embed"
	"html"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed assets vendor
var files embed.FS

// CSP is the Content-Security-Policy of the page: it runs only the server's own scripts, calls
// only the server, may not be framed, and neither changes its base URL nor submits its forms
// anywhere (their submit events are handled by the script). Styles may be inline: the graph
// library sets style attributes.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// Handler serves the explorer under prefix (such as "/explore/"): the page at the prefix itself,
// its scripts and the vendored libraries under it, files only (no listings of the folders). The
// page calls the GraphQL endpoint at endpoint. Paths it does not serve go to notFound
// (http.NotFound when nil).
func Handler(prefix, endpoint string, notFound http.Handler) http.Handler {
	if notFound == nil {
		notFound = http.NotFoundHandler()
	}
	assets, err := fs.Sub(files, "assets")
	if err != nil {
		panic(err) // the embedded tree always holds assets
	}
	vendor, err := fs.Sub(files, "vendor")
	if err != nil {
		panic(err)
	}
	page, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		panic(err)
	}
	page = []byte(strings.ReplaceAll(string(page), "%ENDPOINT%", html.EscapeString(endpoint)))
	// serveFile serves one file of fsys, and nothing for a folder or a missing file.
	serveFile := func(fsys fs.FS, w http.ResponseWriter, r *http.Request) {
		file := r.PathValue("file")
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			notFound.ServeHTTP(w, r)
			return
		}
		http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(data))
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+prefix+"vendor/{file}", func(w http.ResponseWriter, r *http.Request) {
		serveFile(vendor, w, r)
	})
	servePage := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", CSP)
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(page))
	}
	mux.HandleFunc("GET "+prefix+"{$}", servePage)
	mux.HandleFunc("GET "+prefix+"{file}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("file") == "index.html" {
			servePage(w, r)
			return
		}
		serveFile(assets, w, r)
	})
	mux.Handle("/", notFound)
	return mux
}
