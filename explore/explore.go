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

// Handler serves the explorer under prefix (such as "/explore/"): the page at the prefix itself,
// its scripts and the vendored libraries under it. The page calls the GraphQL endpoint at
// endpoint.
func Handler(prefix, endpoint string) http.Handler {
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
	mux := http.NewServeMux()
	mux.Handle("GET "+prefix+"vendor/", http.StripPrefix(prefix+"vendor/", http.FileServerFS(vendor)))
	servePage := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(page))
	}
	mux.HandleFunc("GET "+prefix+"{$}", servePage)
	mux.HandleFunc("GET "+prefix+"{file}", func(w http.ResponseWriter, r *http.Request) {
		file := r.PathValue("file")
		if file == "index.html" {
			servePage(w, r)
			return
		}
		data, err := fs.ReadFile(assets, file)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		http.ServeContent(w, r, file, time.Time{}, bytes.NewReader(data))
	})
	return mux
}
