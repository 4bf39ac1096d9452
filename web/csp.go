package web

import (
	"mime"
	"net/http"
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
