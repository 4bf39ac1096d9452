// Package cache keeps the responses of a GraphQL endpoint for repeated reads, and answers HTTP
// revalidation (ETag, If-None-Match, 304 Not Modified) for GET requests.
//
// The schema has queries only, so every successful response is a function of the request and of
// the data: a response is kept under its normalised document (comments, commas and spaces that
// do not matter removed), operation name, variables (as canonical JSON) and the store's
// DataVersion, and served again until the data changes or the response is evicted. Responses with
// errors are never kept. The cache is bounded in bytes and evicts the least recently used.
//
// A request with Cache-Control: no-cache or no-store skips the cache (and is kept for the next).
package cache

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/drugwatch/roundtable-kg/internal/jsondepth"
)

// DefaultMaxBytes bounds the cache when Options.MaxBytes is zero.
const DefaultMaxBytes = 64 << 20

// Options configure a cache.
type Options struct {
	// MaxBytes bounds the bytes of kept responses and their keys; DefaultMaxBytes when zero.
	MaxBytes int64
	// Version returns the data version (kg.Store.DataVersion); it is part of every key.
	Version func(context.Context) (string, error)
	// VersionTTL is how long a version is trusted before Version is called again; one second
	// when zero. A store whose data never changes while it serves may set it to hours.
	VersionTTL time.Duration
	// MaxAge is the max-age of the Cache-Control header of the successful GET responses the
	// cache serves (and of its 304 answers); zero sends no-cache, which still lets clients
	// revalidate with If-None-Match. Answers it passes on (errors) keep the handler's header.
	MaxAge time.Duration
}

// Handler serves GraphQL requests from the cache, or from the handler it wraps.
type Handler struct {
	next http.Handler
	opts Options

	mu      sync.Mutex
	entries map[string]*list.Element
	lru     list.List // of *entry, most recent first
	bytes   int64

	version atomic.Pointer[version]
}

type entry struct {
	key         string
	aliases     []string // the exact requests that found it
	contentType string
	body        []byte
}

type version struct {
	value   string
	expires time.Time
}

// New returns next behind a response cache.
func New(next http.Handler, o Options) *Handler {
	if o.MaxBytes == 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.VersionTTL == 0 {
		o.VersionTTL = time.Second
	}
	return &Handler{next: next, opts: o, entries: map[string]*list.Element{}}
}

// params are the parts of a GraphQL request that decide its response.
type params struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    struct {
		PersistedQuery struct {
			Hash string `json:"sha256Hash"`
		} `json:"persistedQuery"`
	} `json:"extensions"`
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, ok := readRaw(r)
	if !ok {
		h.next.ServeHTTP(w, r)
		return
	}
	v, err := h.dataVersion(r.Context())
	if err != nil {
		h.next.ServeHTTP(w, r) // the handler reports the store's trouble
		return
	}
	// The answer's media type follows the Accept header, so it is part of the key.
	v += "\x00" + r.Header.Get("Accept")
	exact := r.Method + "\x00" + string(raw) + "\x00" + v
	get := r.Method == http.MethodGet
	fresh := skip(r)
	// A request seen before, byte for byte, is found without parsing it.
	e := h.lookup(exact, fresh)
	key := ""
	if e != nil {
		key = e.key
	} else {
		p, ok := parseParams(r, raw)
		if !ok {
			h.next.ServeHTTP(w, r)
			return
		}
		if key, err = p.key(v); err != nil {
			h.next.ServeHTTP(w, r)
			return
		}
		if !fresh {
			e = h.get(key, exact)
		}
	}
	etag := `"` + key[:32] + `"`
	if get {
		if matches(r.Header.Get("If-None-Match"), etag) {
			w.Header().Set("Cache-Control", h.cacheControl())
			// Only successful responses carry an ETag, and this one depends on the key alone.
			w.Header().Set("ETag", etag)
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if e != nil {
		h.write(w, e, etag, get, "HIT")
		return
	}
	rec := &recorder{header: http.Header{}}
	h.next.ServeHTTP(rec, r)
	// A copy of exactly its length: the bound counts what the cache holds.
	e = &entry{key: key, contentType: rec.header.Get("Content-Type"), body: bytes.Clone(rec.body.Bytes())}
	if rec.status() == http.StatusOK && cacheable(e) {
		h.put(e, exact)
		h.write(w, e, etag, get, "MISS")
		return
	}
	for k, vs := range rec.header {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.status())
	_, _ = w.Write(rec.body.Bytes()) // the client has gone if this fails
}

func (h *Handler) write(w http.ResponseWriter, e *entry, etag string, get bool, state string) {
	hdr := w.Header()
	hdr.Set("Content-Type", e.contentType)
	hdr.Set("Content-Length", strconv.Itoa(len(e.body)))
	hdr.Set("X-Cache", state)
	if get {
		hdr.Set("ETag", etag)
		hdr.Set("Cache-Control", h.cacheControl())
	} else {
		hdr.Set("Cache-Control", "no-store") // as the handler says of a POST's answer
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.body) // the client has gone if this fails
}

func (h *Handler) cacheControl() string {
	if h.opts.MaxAge <= 0 {
		return "no-cache"
	}
	return "public, max-age=" + strconv.Itoa(int(h.opts.MaxAge.Seconds()))
}

// dataVersion returns the store's data version, asking it at most once per VersionTTL.
func (h *Handler) dataVersion(ctx context.Context) (string, error) {
	now := time.Now()
	if v := h.version.Load(); v != nil && now.Before(v.expires) {
		return v.value, nil
	}
	value, err := h.opts.Version(ctx)
	if err != nil {
		return "", fmt.Errorf("cache: data version: %w", err)
	}
	h.version.Store(&version{value: value, expires: now.Add(h.opts.VersionTTL)})
	return value, nil
}

// lookup returns the entry a request of exactly these bytes was answered with, or nil.
func (h *Handler) lookup(exact string, fresh bool) *entry {
	if fresh {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	el := h.touch(exact)
	if el == nil {
		return nil
	}
	return el.Value.(*entry)
}

// touch returns the list element of the entry of key, moved to the front as the most recently
// used, or nil. h.mu must be held.
func (h *Handler) touch(key string) *list.Element {
	el := h.entries[key]
	if el != nil {
		h.lru.MoveToFront(el)
	}
	return el
}

// get returns the entry of key, or nil; exact, the bytes of the request, becomes another way to
// find it.
func (h *Handler) get(key, exact string) *entry {
	h.mu.Lock()
	defer h.mu.Unlock()
	el := h.touch(key)
	if el == nil {
		return nil
	}
	e := el.Value.(*entry)
	if len(e.aliases) < maxAliases {
		e.aliases = append(e.aliases, exact)
		h.entries[exact] = el
		h.bytes += int64(len(exact))
		h.evict()
	}
	return e
}

// maxAliases bounds the different requests (layouts of one document) that find one entry
// without being parsed.
const maxAliases = 8

func (h *Handler) put(e *entry, exact string) {
	e.aliases = []string{exact}
	size := e.size()
	if size > h.opts.MaxBytes {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if old, ok := h.entries[e.key]; ok {
		h.remove(old)
	}
	if old, ok := h.entries[exact]; ok {
		h.remove(old)
	}
	el := h.lru.PushFront(e)
	h.entries[e.key] = el
	h.entries[exact] = el
	h.bytes += size
	h.evict()
}

// evict removes the least recently used entries until the cache is within its bound.
func (h *Handler) evict() {
	for h.bytes > h.opts.MaxBytes {
		h.remove(h.lru.Back())
	}
}

func (h *Handler) remove(el *list.Element) {
	e := el.Value.(*entry)
	h.lru.Remove(el)
	delete(h.entries, e.key)
	for _, a := range e.aliases {
		delete(h.entries, a)
	}
	h.bytes -= e.size()
}

// Bytes returns the bytes the cache holds, and the number of responses.
func (h *Handler) Bytes() (int64, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.bytes, h.lru.Len()
}

// size counts an entry's bytes: its body, key, aliases and content type, and a fixed overhead.
func (e *entry) size() int64 {
	n := len(e.body) + len(e.key) + len(e.contentType) + 128
	for _, a := range e.aliases {
		n += len(a)
	}
	return int64(n)
}

// cacheable reports whether a response may be kept: JSON (not a stream of incremental results)
// and without errors.
func cacheable(e *entry) bool {
	mt, _, err := mime.ParseMediaType(e.contentType)
	if err != nil || (mt != "application/json" && mt != "application/graphql-response+json") {
		return false
	}
	return !bytes.Contains(e.body, []byte(`"errors":`))
}

// skip reports whether the client asks not to be served from a cache.
func skip(r *http.Request) bool {
	cc := strings.ToLower(r.Header.Get("Cache-Control"))
	return strings.Contains(cc, "no-cache") || strings.Contains(cc, "no-store") ||
		strings.Contains(strings.ToLower(r.Header.Get("Pragma")), "no-cache")
}

func matches(ifNoneMatch, etag string) bool {
	for _, t := range strings.Split(ifNoneMatch, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// readRaw returns what identifies a request exactly: the query string of a GET, the body of a
// JSON POST, which it leaves readable again; false when the request is not one the cache
// understands (the handler then answers it alone).
func readRaw(r *http.Request) ([]byte, bool) {
	switch r.Method {
	case http.MethodGet:
		return []byte(r.URL.RawQuery), true
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/json" || r.Header.Get("Upgrade") != "" {
			return nil, false
		}
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		return body, err == nil
	}
	return nil, false
}

// parseParams reads the GraphQL parameters of a request whose raw bytes readRaw returned.
// Requests nested deeper than maxJSONDepth are not parsed here: the handler refuses them.
func parseParams(r *http.Request, raw []byte) (params, bool) {
	var p params
	if r.Method == http.MethodPost {
		if jsondepth.Exceeds(raw, maxJSONDepth) >= 0 {
			return p, false
		}
		if err := json.Unmarshal(raw, &p); err != nil {
			return p, false
		}
	} else {
		q := r.URL.Query()
		p.Query, p.OperationName = q.Get("query"), q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if jsondepth.Exceeds([]byte(v), maxJSONDepth) >= 0 {
				return p, false
			}
			p.Variables = json.RawMessage(v)
		}
		if ext := q.Get("extensions"); ext != "" {
			if err := json.Unmarshal([]byte(ext), &p.Extensions); err != nil {
				return p, false
			}
		}
	}
	return p, p.Query != "" || p.Extensions.PersistedQuery.Hash != ""
}

// key returns the hex SHA-256 of what decides the response: the normalised document (or, for a
// persisted query sent without it, its hash), the operation name, the variables and the version.
func (p params) key(version string) (string, error) {
	h := sha256.New()
	if p.Query != "" {
		io.WriteString(h, "q:"+Normalize(p.Query))
	} else {
		io.WriteString(h, "p:"+p.Extensions.PersistedQuery.Hash)
	}
	io.WriteString(h, "\x00"+p.OperationName+"\x00")
	if len(p.Variables) > 0 && string(p.Variables) != "null" {
		var v any
		if err := json.Unmarshal(p.Variables, &v); err != nil {
			return "", fmt.Errorf("cache: variables: %w", err)
		}
		canonical, err := json.Marshal(v) // map keys in order
		if err != nil {
			return "", fmt.Errorf("cache: variables: %w", err)
		}
		h.Write(canonical)
	}
	io.WriteString(h, "\x00"+version)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// maxJSONDepth bounds the nesting of the requests the cache decodes; deeper ones go to the handler
// undecoded, which refuses them (graph.MaxJSONDepth is smaller).
const maxJSONDepth = 64

// recorder keeps what the wrapped handler writes.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}
