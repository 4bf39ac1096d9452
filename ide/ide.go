// Package ide serves the GraphiQL IDE with all its scripts and styles embedded in the binary, so
// that it works without access to a CDN (air-gapped machines, CI).
//
// The page is gqlgen's own GraphiQL page (playground.Handler), pointed at copies of the exact
// files it would otherwise load from jsDelivr: GraphiQL, React, ReactDOM and the explorer plugin.
// assets/README.md says where each file comes from and how to refresh them.
package ide

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
)

// AssetsPath is the URL path under which Handler serves the embedded files.
const AssetsPath = "/ide/assets/"

// Title is the title of the IDE page.
const Title = "Roundtable knowledge graph – GraphiQL"

// The embedded files. Their names carry the package version, so a refresh changes every URL
// and the long cache lifetime below never serves a stale file.
const (
	graphiqlJS  = "graphiql-4.1.2.min.js"
	graphiqlCSS = "graphiql-4.1.2.min.css"
	reactJS     = "react-18.2.0.production.min.js"
	reactDOMJS  = "react-dom-18.2.0.production.min.js"
	explorerJS  = "plugin-explorer-4.0.6.umd.js"
	explorerCSS = "plugin-explorer-4.0.6.css"
)

// Each file is named so that a missing one is a compile error rather than a blank page.
//
//go:embed assets/graphiql-4.1.2.min.js assets/graphiql-4.1.2.min.css
//go:embed assets/react-18.2.0.production.min.js assets/react-dom-18.2.0.production.min.js
//go:embed assets/plugin-explorer-4.0.6.umd.js assets/plugin-explorer-4.0.6.css
var files embed.FS

// assetCacheControl lets browsers and proxies keep an asset for a year: its URL changes with
// its version.
const assetCacheControl = "public, max-age=31536000, immutable"

// asset is one embedded file, ready to serve.
type asset struct {
	data        []byte
	contentType string
	// integrity is the Subresource Integrity value of data: "sha256-" and the base64 digest.
	integrity string
}

// handler serves the assets under AssetsPath and the IDE page everywhere else.
type handler struct {
	assets   map[string]asset
	page     asset
	examples string
}

// Handler returns the GraphiQL IDE for the GraphQL endpoint at endpoint (a path such as
// "/graphql", or an absolute URL). It serves GET and HEAD requests:
//
//   - AssetsPath + name: the embedded file, with its content type and a long cache lifetime;
//   - any other path: gqlgen's GraphiQL page, loading only those files, each checked by its
//     integrity hash, with the explorer plugin and the editor state kept in the URL, under a
//     header that links to the visual explorer at /explore/.
//
// When the page is requested without a query URL parameter, and examples is not empty,
// Handler redirects to the same path with ?query=examples, so the editor opens on them.
//
// Mount it both on the page's path and on AssetsPath, for example:
//
//	h := ide.Handler("/graphql", ide.Examples)
//	mux.Handle("GET /{$}", h)
//	mux.Handle("GET "+ide.AssetsPath, h)
//
// The page is rendered once, here: it is the same for every request. Handler panics if an
// embedded file cannot be read or the page cannot be rendered, which would be a build defect.
func Handler(endpoint string, examples string) http.Handler {
	assets, err := loadAssets()
	if err != nil {
		panic(fmt.Sprintf("ide: %v", err))
	}
	url := func(name string) string { return AssetsPath + name }
	playgroundPage := playground.Handler(Title, endpoint,
		playground.WithGraphiqlVersion(
			url(graphiqlJS), url(graphiqlCSS),
			assets[graphiqlJS].integrity, assets[graphiqlCSS].integrity),
		playground.WithGraphiqlReactVersion(
			url(reactJS), url(reactDOMJS),
			assets[reactJS].integrity, assets[reactDOMJS].integrity),
		playground.WithGraphiqlPluginExplorerVersion(
			url(explorerJS), url(explorerCSS),
			assets[explorerJS].integrity, assets[explorerCSS].integrity),
		playground.WithGraphiqlEnablePluginExplorer(true),
		playground.WithGraphiqlPersistStateInURL(true),
		// Keeps the saved tabs apart from those of other GraphiQL pages on the same host.
		playground.WithStoragePrefix("roundtable-kg:"),
	)
	page, err := render(playgroundPage)
	if err != nil {
		panic(fmt.Sprintf("ide: %v", err))
	}
	page, err = withHeader(page)
	if err != nil {
		panic(fmt.Sprintf("ide: %v", err))
	}
	return &handler{assets: assets, page: page, examples: examples}
}

// loadAssets reads the embedded files and computes their integrity hashes.
func loadAssets() (map[string]asset, error) {
	contentTypes := map[string]string{
		".js":  "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8",
	}
	assets := make(map[string]asset)
	for _, name := range []string{graphiqlJS, graphiqlCSS, reactJS, reactDOMJS, explorerJS, explorerCSS} {
		data, err := files.ReadFile("assets/" + name)
		if err != nil {
			return nil, fmt.Errorf("read asset %s: %w", name, err)
		}
		contentType, ok := contentTypes[path.Ext(name)]
		if !ok {
			return nil, fmt.Errorf("asset %s: no content type for its extension", name)
		}
		assets[name] = newAsset(data, contentType)
	}
	return assets, nil
}

// newAsset returns data ready to serve as contentType.
func newAsset(data []byte, contentType string) asset {
	sum := sha256.Sum256(data)
	return asset{
		data:        data,
		contentType: contentType,
		integrity:   "sha256-" + base64.StdEncoding.EncodeToString(sum[:]),
	}
}

// render runs gqlgen's page handler once and keeps what it writes. The page does not depend on
// the request, and gqlgen's handler panics when a write fails, as it does whenever a client
// goes away in the middle of the response.
func render(page http.Handler) (asset, error) {
	rec := &recorder{header: make(http.Header), status: http.StatusOK}
	req, err := http.NewRequest(http.MethodGet, "/", nil)
	if err != nil {
		return asset{}, fmt.Errorf("render page: %w", err)
	}
	page.ServeHTTP(rec, req)
	if rec.status != http.StatusOK {
		return asset{}, fmt.Errorf("render page: status %d", rec.status)
	}
	return newAsset(rec.body.Bytes(), rec.header.Get("Content-Type")), nil
}

// header is the bar above GraphiQL: the name of the graph and a link to the visual explorer,
// served by the same server at /explore/. GraphiQL fills the rest of the window.
const header = `<header id="site-header" style="display:flex;gap:1rem;align-items:center;box-sizing:border-box;height:2rem;` +
	`padding:0 1rem;border-bottom:1px solid #d0d5dd;background:#f7f8fa;font:14px system-ui,sans-serif">` +
	`<strong>Roundtable knowledge graph</strong><a href="/explore/">Visual explorer</a></header>` +
	`<style>#graphiql { height: calc(100vh - 2rem); }</style>`

// withHeader puts header at the top of the body of page.
func withHeader(page asset) (asset, error) {
	body := []byte("<body>")
	if bytes.Count(page.data, body) != 1 {
		return asset{}, fmt.Errorf("add the header: the page has %d <body> tags, want 1", bytes.Count(page.data, body))
	}
	return newAsset(bytes.Replace(page.data, body, append(body, header...), 1), page.contentType), nil
}

// recorder is the http.ResponseWriter that render hands to the page handler.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// ServeHTTP serves an asset or the page.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if name, ok := strings.CutPrefix(r.URL.Path, AssetsPath); ok {
		h.serveAsset(w, r, name)
		return
	}
	h.servePage(w, r)
}

// serveAsset serves the embedded file name. ServeContent answers conditional and range requests;
// the integrity hash serves as a strong ETag.
func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	a, ok := h.assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", assetCacheControl)
	w.Header().Set("ETag", `"`+a.integrity+`"`)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}

// servePage serves the GraphiQL page, after redirecting to the examples if the URL holds no
// query. The page reads its editor state from the URL (parameters.query, variables, headers,
// operationName) and writes it back there as the user edits.
func (h *handler) servePage(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	if !params.Has("query") && h.examples != "" {
		params.Set("query", h.examples)
		// One leading slash: the browser would read //host/... as another host.
		target := "/" + strings.TrimLeft(r.URL.EscapedPath(), "/")
		http.Redirect(w, r, target+"?"+params.Encode(), http.StatusFound)
		return
	}
	// The page carries the assets' URLs and hashes: browsers must revalidate it, so that they
	// see new ones after an upgrade.
	w.Header().Set("Content-Type", h.page.contentType)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("ETag", `"`+h.page.integrity+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(h.page.data))
}
