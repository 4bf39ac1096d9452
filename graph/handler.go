package graph

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Error codes of extensions.code.
const (
	CodeBadUserInput       = "BAD_USER_INPUT"
	CodeNotFound           = "NOT_FOUND"
	CodeServiceUnavailable = "SERVICE_UNAVAILABLE"
	CodeTimeout            = "TIMEOUT"
	CodeInternal           = "INTERNAL_SERVER_ERROR"
)

// MaxComplexity bounds the cost of one query: each field costs 1, list fields cost their page
// size times their children.
const MaxComplexity = 100000

// RequestInfo is what the HTTP layer and the GraphQL layer share about one request: the HTTP
// layer sets ID and logs; the GraphQL layer fills in the operation name.
type RequestInfo struct {
	ID        string
	Operation string
}

type requestInfoKey struct{}

// WithRequestInfo returns a context carrying info.
func WithRequestInfo(ctx context.Context, info *RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, info)
}

func requestInfo(ctx context.Context) *RequestInfo {
	if info, ok := ctx.Value(requestInfoKey{}).(*RequestInfo); ok {
		return info
	}
	return &RequestInfo{}
}

// Option configures NewHandler.
type Option func(*options)

type options struct {
	loaderWait time.Duration
}

// WithLoaderWait sets how long the dataloaders wait to gather the keys of one query level before
// calling the store (DefaultLoaderWait unless set). Longer waits batch more reliably on a busy
// machine and add that much latency per level.
func WithLoaderWait(d time.Duration) Option {
	return func(o *options) { o.loaderWait = d }
}

// NewHandler returns the GraphQL endpoint over store: GET and POST, per-request dataloaders,
// a complexity limit, and one error presenter that gives every error an extensions.code.
func NewHandler(store kg.Store, logger *slog.Logger, opts ...Option) http.Handler {
	o := options{loaderWait: DefaultLoaderWait}
	for _, opt := range opts {
		opt(&o)
	}
	cfg := Config{Resolvers: &Resolver{Store: store}}
	cfg.Complexity = complexity()
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(extension.FixedComplexityLimit(MaxComplexity))
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		requestInfo(ctx).Operation = graphql.GetOperationContext(ctx).OperationName
		return next(withLoaders(ctx, newLoaders(store, o.loaderWait)))
	})
	srv.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error {
		return presentError(ctx, logger, err)
	})
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "request", requestInfo(ctx).ID, "panic", p)
		return errors.New("internal error")
	})
	return srv
}

// presentError maps domain errors to codes. Errors the user can act on keep their message;
// anything else is logged with the request id and shown without internals.
func presentError(ctx context.Context, logger *slog.Logger, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	var already *gqlerror.Error
	if errors.As(err, &already) && already.Extensions["code"] != nil {
		return gqlErr
	}
	code := ""
	switch {
	case errors.Is(err, kg.ErrInvalid):
		code = CodeBadUserInput
	case errors.Is(err, kg.ErrNotFound):
		code = CodeNotFound
	case errors.Is(err, kg.ErrUnavailable):
		code = CodeServiceUnavailable
		gqlErr.Message = "the graph store is unavailable; try again shortly"
		logger.WarnContext(ctx, "store unavailable", "request", requestInfo(ctx).ID, "err", err)
	case errors.Is(err, kg.ErrTimeout):
		code = CodeTimeout
		gqlErr.Message = "the query ran too long and was stopped; ask for less (a smaller page, depth or path)"
		logger.WarnContext(ctx, "store timeout", "request", requestInfo(ctx).ID, "err", err)
	case errors.Is(err, context.DeadlineExceeded):
		code = CodeServiceUnavailable
		gqlErr.Message = "the request timed out"
	default:
		if errors.As(err, &already) {
			// Errors from the executor itself (bad arguments, validation) without a code.
			code = CodeBadUserInput
			break
		}
		code = CodeInternal
		id := requestInfo(ctx).ID
		logger.ErrorContext(ctx, "internal error", "request", id, "err", err)
		gqlErr.Message = "internal error (request " + id + ")"
	}
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	gqlErr.Extensions["code"] = code
	return gqlErr
}

// Timeout bounds the time one request may take.
const Timeout = 10 * time.Second
