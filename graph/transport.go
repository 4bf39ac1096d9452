package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/errcode"
	"github.com/drugwatch/roundtable-kg/internal/jsondepth"
	"github.com/drugwatch/roundtable-kg/reqlog"
)

// MaxBodyBytes bounds the size of a request body, whatever its transfer encoding, and of the
// query string of a GET request.
const MaxBodyBytes = 1 << 20

// Codes of errors about the HTTP request itself rather than its GraphQL document.
const (
	CodePayloadTooLarge  = errcode.PayloadTooLarge
	CodeMethodNotAllowed = errcode.MethodNotAllowed
)

// The media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport serves GET and POST as the GraphQL-over-HTTP specification says: it answers in
// application/graphql-response+json when the client accepts it (application/json otherwise),
// with the status codes the specification prescribes for each, and without a data entry when
// execution did not start. Every answer, errors included, is a GraphQL response. It answers
// when the request's context is done even if execution has not finished, so that a request
// past its deadline gets a TIMEOUT error rather than an empty reply.
type httpTransport struct{ logger *slog.Logger }

var _ graphql.Transport = httpTransport{}

// Supports takes every request: those it cannot serve get a GraphQL error saying why.
func (httpTransport) Supports(*http.Request) bool { return true }

// response is a GraphQL response as written: without a data entry when execution did not start.
// The JSON tags say its form; encode writes it.
type response struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

// encode writes the response as JSON. The data is written as the executor made it: it is valid
// JSON already, and json.Marshal would validate and compact it again, a tenth of the CPU of a
// large answer.
func (r response) encode() []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	sep := ""
	if len(r.Errors) > 0 {
		errs, err := json.Marshal(r.Errors)
		if err != nil {
			return []byte(`{"errors":[{"message":"internal error: the errors could not be encoded","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`)
		}
		b.WriteString(`"errors":`)
		b.Write(errs)
		sep = ","
	}
	if len(r.Data) > 0 {
		b.WriteString(sep + `"data":`)
		b.Write(r.Data)
		sep = ","
	}
	if len(r.Extensions) > 0 {
		ext, err := json.Marshal(r.Extensions)
		if err != nil {
			return []byte(`{"errors":[{"message":"internal error: the extensions could not be encoded","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`)
		}
		b.WriteString(sep + `"extensions":`)
		b.Write(ext)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// requestError is an error in the HTTP request, answered with status before any GraphQL work.
type requestError struct {
	status int
	err    *gqlerror.Error
}

func newRequestError(status int, code, format string, args ...any) *requestError {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": code}
	return &requestError{status: status, err: err}
}

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := admission.WithClient(r.Context(), r.RemoteAddr)
	media := responseMedia(r.Header.Get("Accept"))
	write := func(status int, resp response) {
		w.Header().Set("Content-Type", media+"; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(resp.encode()) // the client has gone if this fails
	}
	fail := func(e *requestError) {
		write(e.status, response{Errors: exec.DispatchError(ctx, gqlerror.List{e.err}).Errors})
	}
	// Only a successful GET (below) may be kept by caches.
	w.Header().Set("Cache-Control", "no-store")
	params, reqErr := readParams(r)
	if reqErr != nil {
		if reqErr.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", "GET, HEAD, POST")
		}
		fail(reqErr)
		return
	}

	type outcome struct {
		resp    *graphql.Response
		started bool
	}
	done := make(chan outcome, 1)
	go func() {
		growStack(0)
		defer func() {
			if p := recover(); p != nil {
				t.logger.ErrorContext(ctx, "panic", "panic", p)
				err := gqlerror.Errorf("internal error (request %s)", reqlog.String(ctx, reqlog.KeyRequest))
				err.Extensions = map[string]any{"code": CodeInternal}
				done <- outcome{resp: exec.DispatchError(ctx, gqlerror.List{err})}
			}
		}()
		opCtx, errs := exec.CreateOperationContext(ctx, params)
		if errs != nil {
			done <- outcome{resp: exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs)}
			return
		}
		handler, opCtxCtx := exec.DispatchOperation(ctx, opCtx)
		done <- outcome{resp: handler(opCtxCtx), started: true}
	}()
	var o outcome
	select {
	case o = <-done:
	case <-ctx.Done():
		select {
		case o = <-done: // finished as the deadline passed: its answer is complete
		default:
		}
	}
	if o.resp == nil {
		// The context ended first (the executor answers nil for a context already done).
		class := errcode.Of(ctx.Err())
		err := gqlerror.Errorf("%s", class.Message)
		err.Extensions = map[string]any{"code": class.Code}
		resp := response{Errors: exec.DispatchError(ctx, gqlerror.List{err}).Errors}
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = class.Status
		}
		write(status, resp)
		return
	}
	resp := response{Errors: o.resp.Errors, Extensions: o.resp.Extensions}
	status := http.StatusOK
	if o.started {
		resp.Data = o.resp.Data
		if len(resp.Data) == 0 {
			resp.Data = json.RawMessage("null")
		}
	} else if media == mediaGraphQLResponse {
		status = statusOf(o.resp.Errors)
	}
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && o.started && len(resp.Errors) == 0 {
		// A GET names its document in the URL, by text or by persisted hash: shared caches may
		// keep the answer for a while.
		w.Header().Set("Cache-Control", getCacheControl)
	}
	write(status, resp)
}

// executionStack is the stack an execution's goroutine is given at its start (growStack). A new
// goroutine's stack starts small and doubles each time a call needs more; each doubling copies the
// stack and adjusts every frame on it, and the executor's recursion, several frames a level of the
// response, made three of them per entity page, deep in the recursion (6% of the server's CPU
// under load). Grown while it holds one frame, the stack is copied once, almost empty.
const executionStack = 32 << 10

// growStack grows the calling goroutine's stack to hold executionStack bytes more, by calling a
// function whose frame is that large. i only keeps the frame from being optimised away.
//
//go:noinline
func growStack(i int) byte {
	var frame [executionStack]byte
	frame[i] = 1
	return frame[(i+1)%executionStack]
}

// GETMaxAge is how long shared caches may keep a successful answer to a GET request. The
// response cache in front of the handler (package cache) sends the same.
const GETMaxAge = time.Minute

// getCacheControl lets caches keep successful answers to GET requests for GETMaxAge.
var getCacheControl = "public, max-age=" + strconv.Itoa(int(GETMaxAge.Seconds()))

// statusOf is the status of a request whose execution did not start, in
// application/graphql-response+json: 400 for a document that cannot run, 500 when the server failed.
func statusOf(errs gqlerror.List) int {
	for _, e := range errs {
		if e.Extensions["code"] == CodeInternal {
			return http.StatusInternalServerError
		}
	}
	return http.StatusBadRequest
}

// responseMedia chooses the media type of the answer from the Accept header:
// application/graphql-response+json when the client lists it, application/json otherwise.
func responseMedia(accept string) string {
	for part := range strings.SplitSeq(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && media == mediaGraphQLResponse && params["q"] != "0" {
			return mediaGraphQLResponse
		}
	}
	return mediaJSON
}

// rawRequest is the body of a POST, or the parameters of a GET, before their types are checked.
type rawRequest struct {
	Query         any `json:"query"`
	OperationName any `json:"operationName"`
	Variables     any `json:"variables"`
	Extensions    any `json:"extensions"`
}

// readParams reads the GraphQL request of r, refusing it with the status and code that say why.
func readParams(r *http.Request) (*graphql.RawParams, *requestError) {
	var raw rawRequest
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		if len(r.URL.RawQuery) > MaxBodyBytes {
			return nil, newRequestError(http.StatusRequestURITooLong, CodePayloadTooLarge,
				"the query string is longer than %d bytes; send the request with POST", MaxBodyBytes)
		}
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, newRequestError(http.StatusBadRequest, CodeBadUserInput, "the query string is malformed: %v", err)
		}
		if q.Has("query") {
			raw.Query = q.Get("query")
		}
		if q.Has("operationName") {
			raw.OperationName = q.Get("operationName")
		}
		for name, dst := range map[string]*any{"variables": &raw.Variables, "extensions": &raw.Extensions} {
			if !q.Has(name) {
				continue
			}
			if err := decodeJSON([]byte(q.Get(name)), dst); err != nil {
				return nil, newRequestError(http.StatusBadRequest, CodeBadUserInput, "the %s parameter is not valid JSON: %v", name, err)
			}
		}
	case http.MethodPost:
		media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || media != mediaJSON {
			return nil, newRequestError(http.StatusUnsupportedMediaType, CodeBadUserInput,
				"the body must be application/json, not %q", r.Header.Get("Content-Type"))
		}
		if r.ContentLength > MaxBodyBytes {
			return nil, tooLarge()
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
		var maxErr *http.MaxBytesError
		switch {
		case errors.As(err, &maxErr) || len(body) > MaxBodyBytes:
			return nil, tooLarge()
		case err != nil:
			// The error names the connection's addresses: the client is told only what happened.
			var netErr net.Error
			if errors.As(err, &netErr) && netErr.Timeout() {
				return nil, newRequestError(http.StatusRequestTimeout, CodeTimeout, "the body did not arrive within the server's time limit")
			}
			return nil, newRequestError(http.StatusBadRequest, CodeBadUserInput, "the body could not be read in full")
		}
		if err := decodeJSON(body, &raw); err != nil {
			return nil, newRequestError(http.StatusBadRequest, CodeBadUserInput, "the body is not a JSON object of the form {\"query\": ..., \"variables\": {...}}: %v", err)
		}
	case http.MethodOptions:
		return nil, newRequestError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "OPTIONS is answered only to CORS preflight requests from allowed origins; use GET or POST")
	default:
		return nil, newRequestError(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "method %s is not allowed; use GET or POST", r.Method)
	}
	return checkParams(raw, r.Header)
}

func tooLarge() *requestError {
	return newRequestError(http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
		"the request body is larger than %d bytes; send a smaller document or fewer variables", MaxBodyBytes)
}

// MaxJSONDepth bounds the nesting of the JSON of a request (a POST body, or the variables and
// extensions of a GET), counted in objects and arrays from the outermost: a POST's variables may
// hold values nested MaxJSONDepth-2 levels deep. No input type of the schema comes close.
const MaxJSONDepth = 32

// decodeJSON decodes one JSON value, numbers kept as json.Number, and refuses anything after it.
// A value nested deeper than MaxJSONDepth is refused before it is decoded. Errors never quote
// the input.
func decodeJSON(b []byte, v any) error {
	if at := jsondepth.Exceeds(b, MaxJSONDepth); at >= 0 {
		return fmt.Errorf("the JSON nests deeper than %d levels (at byte %d)", MaxJSONDepth, at)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax):
			return fmt.Errorf("syntax error at byte %d", syntax.Offset)
		case errors.As(err, &typ):
			return fmt.Errorf("a JSON object is expected, not %s", typ.Value)
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return errors.New("unexpected end of input")
		}
		return errors.New("malformed JSON")
	}
	if d.More() {
		return errors.New("data after the JSON value")
	}
	return nil
}

// checkParams checks the types of the request's parameters.
func checkParams(raw rawRequest, header http.Header) (*graphql.RawParams, *requestError) {
	bad := func(format string, args ...any) (*graphql.RawParams, *requestError) {
		return nil, newRequestError(http.StatusBadRequest, CodeBadUserInput, format, args...)
	}
	p := &graphql.RawParams{Headers: header}
	switch q := raw.Query.(type) {
	case string:
		p.Query = q
	case nil:
	default:
		return bad("query must be a string")
	}
	switch n := raw.OperationName.(type) {
	case string:
		p.OperationName = n
	case nil:
	default:
		return bad("operationName must be a string")
	}
	switch v := raw.Variables.(type) {
	case map[string]any:
		p.Variables = v
	case nil:
	default:
		return bad("variables must be a JSON object")
	}
	switch e := raw.Extensions.(type) {
	case map[string]any:
		p.Extensions = e
	case nil:
	default:
		return bad("extensions must be a JSON object")
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return bad("the request has no query: send {\"query\": \"{ dataVersion }\"}")
	}
	return p, nil
}
