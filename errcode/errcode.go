// Package errcode is the one table of what a client is told about an error: the code of
// extensions.code, the HTTP status, and, for errors whose text holds internals, a fixed message.
// The GraphQL endpoint's error presenter and the downloads both use it, and Write answers with
// an error in the GraphQL form wherever the server answers outside GraphQL.
package errcode

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/reqlog"
)

// The codes of extensions.code.
const (
	BadUserInput       = "BAD_USER_INPUT"
	NotFound           = "NOT_FOUND"
	ServiceUnavailable = "SERVICE_UNAVAILABLE"
	Timeout            = "TIMEOUT"
	Internal           = "INTERNAL_SERVER_ERROR"
	PayloadTooLarge    = "PAYLOAD_TOO_LARGE"
	MethodNotAllowed   = "METHOD_NOT_ALLOWED"
	QueryTooComplex    = "QUERY_TOO_COMPLEX"
	ServerBusy         = "SERVER_BUSY"
)

// Class is what a client is told about one kind of error.
type Class struct {
	Code   string
	Status int
	// Message replaces the error's own text, which may hold internals; empty when the error's
	// text is written for the client (it says what in the request is wrong).
	Message string
	// Logged reports an error of the server or its store, which an operator should see: the
	// client's request was not at fault.
	Logged bool
}

// Messages of the classes whose errors hold nothing for the client.
const (
	msgUnavailable  = "the graph store is unavailable; try again shortly"
	msgStoreTimeout = "the query ran too long and was stopped; ask for less (a smaller page, depth or path)"
	msgDeadline     = "the request took longer than the server's time limit; ask for less (smaller pages, fewer levels)"
	msgCanceled     = "the request was cancelled"
	msgInternal     = "internal error"
	msgBusy         = "the server is busy with expensive requests; try again shortly, or ask for less"
)

// table maps the domain's sentinel errors and the context's errors to their class, first match
// first.
var table = []struct {
	target error
	class  Class
}{
	{kg.ErrTooComplex, Class{Code: QueryTooComplex, Status: http.StatusBadRequest}},
	{admission.ErrBusy, Class{Code: ServerBusy, Status: http.StatusServiceUnavailable, Message: msgBusy}},
	{kg.ErrInvalid, Class{Code: BadUserInput, Status: http.StatusBadRequest}},
	{kg.ErrNotFound, Class{Code: NotFound, Status: http.StatusNotFound}},
	{kg.ErrUnavailable, Class{Code: ServiceUnavailable, Status: http.StatusServiceUnavailable, Message: msgUnavailable, Logged: true}},
	{kg.ErrTimeout, Class{Code: Timeout, Status: http.StatusServiceUnavailable, Message: msgStoreTimeout, Logged: true}},
	{context.DeadlineExceeded, Class{Code: Timeout, Status: http.StatusServiceUnavailable, Message: msgDeadline}},
	{context.Canceled, Class{Code: Timeout, Status: http.StatusServiceUnavailable, Message: msgCanceled}},
}

// internal is the class of every error the table does not know.
var internal = Class{Code: Internal, Status: http.StatusInternalServerError, Message: msgInternal, Logged: true}

// Of returns the class of err; errors the table does not know are internal errors.
func Of(err error) Class {
	for _, t := range table {
		if errors.Is(err, t.target) {
			return t.class
		}
	}
	return internal
}

// Known reports whether err is one of the errors the table knows.
func Known(err error) bool {
	return Of(err) != internal
}

// Write answers r with one error in the form of a GraphQL response, with the request's id, as
// JSON that no cache may keep.
func Write(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	ext := map[string]string{"code": code}
	if id := reqlog.String(r.Context(), reqlog.KeyRequest); id != "" {
		ext["requestId"] = id
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Del("Content-Disposition")
	w.WriteHeader(status)
	body := map[string]any{"errors": []any{map[string]any{"message": message, "extensions": ext}}}
	_ = json.NewEncoder(w).Encode(body) // the client has gone if this fails; nothing to do
}
