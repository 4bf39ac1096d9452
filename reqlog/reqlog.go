// Package reqlog carries the logging attributes of one request in its context: the HTTP layer
// starts a request's attributes with its id, the GraphQL layer adds the operation name, and every
// record logged with that context, by either layer, carries them all. Neither layer knows the
// other's types: they share slog attributes only.
package reqlog

import (
	"context"
	"log/slog"
	"slices"
	"sync"
)

// Keys of the attributes the server's layers set.
const (
	KeyRequest   = "request"
	KeyOperation = "operation"
)

// attrs is the mutable set of attributes of one request.
type attrs struct {
	mu   sync.Mutex
	list []slog.Attr
}

type attrsKey struct{}

// Start returns a context that carries attrs as the attributes of a new request.
func Start(ctx context.Context, list ...slog.Attr) context.Context {
	return context.WithValue(ctx, attrsKey{}, &attrs{list: slices.Clone(list)})
}

// Set adds attributes to the request of ctx, replacing those of the same key. Without Start it
// does nothing.
func Set(ctx context.Context, list ...slog.Attr) {
	a, ok := ctx.Value(attrsKey{}).(*attrs)
	if !ok {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, attr := range list {
		a.list = slices.DeleteFunc(a.list, func(x slog.Attr) bool { return x.Key == attr.Key })
		a.list = append(a.list, attr)
	}
}

// Attrs returns the attributes of the request of ctx.
func Attrs(ctx context.Context) []slog.Attr {
	a, ok := ctx.Value(attrsKey{}).(*attrs)
	if !ok {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.list)
}

// String returns the attribute key of the request of ctx as a string, or "".
func String(ctx context.Context, key string) string {
	for _, a := range Attrs(ctx) {
		if a.Key == key {
			return a.Value.String()
		}
	}
	return ""
}

// Handler wraps h so that every record logged with a request's context carries its attributes.
func Handler(h slog.Handler) slog.Handler {
	if _, ok := h.(handler); ok {
		return h
	}
	return handler{h}
}

type handler struct{ slog.Handler }

func (h handler) Handle(ctx context.Context, r slog.Record) error {
	if list := Attrs(ctx); len(list) > 0 {
		r = r.Clone()
		r.AddAttrs(list...)
	}
	return h.Handler.Handle(ctx, r)
}

func (h handler) WithAttrs(list []slog.Attr) slog.Handler {
	return handler{h.Handler.WithAttrs(list)}
}

func (h handler) WithGroup(name string) slog.Handler { return handler{h.Handler.WithGroup(name)} }
