package graph

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/errcode"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/reqlog"
)

// Error codes of extensions.code.
const (
	CodeBadUserInput       = errcode.BadUserInput
	CodeNotFound           = errcode.NotFound
	CodeServiceUnavailable = errcode.ServiceUnavailable
	CodeTimeout            = errcode.Timeout
	CodeInternal           = errcode.Internal
	// CodeServerBusy is the code of an operation refused because too much expensive work waits
	// already (package admission).
	CodeServerBusy = errcode.ServerBusy
)

// Option configures NewHandler.
type Option func(*options)

type options struct {
	// loaderWait gives the dataloaders' wait at each request: the store's unless set.
	loaderWait    func() time.Duration
	limits        Limits
	gate          *admission.Gate
	introspection bool
	apqCacheSize  int
	trusted       map[string]string
	noPlans       *bool // unless set, whether the store's batch wait is 0
}

// DefaultAPQCacheSize is the number of documents the automatic persisted queries cache keeps;
// documents over 16 KiB are not kept (the client sends them whole again).
const DefaultAPQCacheSize = 1000

// WithLoaderWait sets how long the dataloaders wait to gather the keys of one query level before
// calling the store (unless set, the store's BatchWait, asked at each request, else
// DefaultLoaderWait). Longer waits batch more reliably on a busy machine and add that much
// latency per level.
func WithLoaderWait(d time.Duration) Option {
	return func(o *options) { o.loaderWait = func() time.Duration { return d } }
}

// WithPlans turns the planner on or off. On, the selection of entity(id) and of entities(...)
// becomes one plan that a store implementing kg.PlanReader reads at once; off, each connection is
// loaded by its own resolver through the dataloaders. Unless set, it is on for a store that reads
// plans and asks for a batch wait (BatchWaiter): a store over the network, where a plan saves
// round trips; a store that answers from memory (a wait of 0) gains nothing from a plan.
func WithPlans(on bool) Option {
	return func(o *options) {
		off := !on
		o.noPlans = &off
	}
}

// WithLimits sets the limits of a document (DefaultLimits unless set).
func WithLimits(l Limits) Option {
	return func(o *options) { o.limits = l }
}

// WithGate sets the gate that admits operations by their cost (one of admission.Default unless
// set); a server shares one gate among everything that does expensive work.
func WithGate(g *admission.Gate) Option {
	return func(o *options) { o.gate = g }
}

// WithIntrospection turns introspection on or off (on unless set). Off, validation errors do
// not suggest field names either, so the schema cannot be guessed from them.
func WithIntrospection(on bool) Option {
	return func(o *options) { o.introspection = on }
}

// WithAPQCacheSize sets how many documents the automatic persisted queries cache keeps
// (DefaultAPQCacheSize unless set).
func WithAPQCacheSize(n int) Option {
	return func(o *options) { o.apqCacheSize = n }
}

// WithTrustedDocuments turns on the allow-list mode: only the documents of trusted, by the
// hex SHA-256 of their text, are executed; a request names one by the hash alone
// ({"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "..."}}}) or sends its text.
// Automatic persisted queries are off in this mode.
func WithTrustedDocuments(trusted map[string]string) Option {
	return func(o *options) { o.trusted = trusted }
}

// NewHandler returns the GraphQL endpoint over store: GET and POST by the GraphQL-over-HTTP
// specification, per-request dataloaders, the limits of a document, automatic persisted queries
// or trusted documents, and one error presenter that gives every error an extensions.code and
// the request's id. Records logged with a request's context carry the operation name (see
// reqlog).
func NewHandler(store kg.Store, logger *slog.Logger, opts ...Option) http.Handler {
	o := options{limits: DefaultLimits, introspection: true, apqCacheSize: DefaultAPQCacheSize,
		// A store may revise its wait as it learns the round trip, so it is asked at each request.
		loaderWait: func() time.Duration { return batchWait(store) }}
	for _, opt := range opts {
		opt(&o)
	}
	noPlans := batchWait(store) == 0
	if o.noPlans != nil {
		noPlans = *o.noPlans
	}
	cfg := Config{Resolvers: &Resolver{Store: store, NoPlans: noPlans}}
	cfg.Complexity = complexity()
	es := NewExecutableSchema(cfg)
	removeDefer.Do(func() { delete(es.Schema().Directives, "defer") })
	srv := handler.New(es)
	srv.AddTransport(httpTransport{logger: logger})
	srv.SetQueryCache(newQueryCache())
	srv.SetParserTokenLimit(o.limits.Tokens)
	if o.introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.SetDisableSuggestion(true)
	}
	if o.trusted != nil {
		srv.Use(trustedDocuments{documents: o.trusted})
	} else if o.apqCacheSize > 0 {
		srv.Use(extension.AutomaticPersistedQuery{Cache: newAPQCache(o.apqCacheSize)})
	}
	srv.Use(limitsExtension{limits: o.limits, passed: newPassedCache()})
	srv.Use(newComplexityLimit(o.limits.Cost))
	if o.gate == nil {
		o.gate = admission.New(admission.Default)
	}
	scoper, _ := store.(kg.Scoper)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		ctx = withLoaders(ctx, newLoaders(store, o.loaderWait()))
		end := func() {}
		if scoper != nil {
			// The store calls of the request share one read transaction.
			ctx, end = scoper.Scope(ctx)
		}
		h := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			defer end()
			release, err := o.gate.Admit(ctx, admission.Client(ctx), costOf(ctx))
			if err != nil {
				return &graphql.Response{Errors: gqlerror.List{presentError(ctx, logger, err)}}
			}
			defer release()
			return h(ctx)
		}
	})
	srv.SetErrorPresenter(func(ctx context.Context, err error) *gqlerror.Error {
		return presentError(ctx, logger, err)
	})
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", p)
		return errors.New("internal error")
	})
	return srv
}

// removeDefer removes @defer from the schema the executor validates against and introspection
// lists: the server answers each request with one response, so deferred fragments would never be
// sent, and the executor would wait forever to hand them over. A document with @defer fails
// validation, as the schema file (which never declared it) says it should.
var removeDefer sync.Once

// presentError maps domain errors to codes and gives every error the request's id. Errors the
// user can act on keep their message; anything else is logged and shown without internals.
func presentError(ctx context.Context, logger *slog.Logger, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	id := reqlog.String(ctx, reqlog.KeyRequest)
	var already *gqlerror.Error
	code, _ := gqlErr.Extensions["code"].(string)
	switch {
	case code == "COMPLEXITY_LIMIT_EXCEEDED":
		code = CodeQueryTooComplex
		gqlErr.Message += "; ask for smaller pages (first), fewer levels, or fewer of the costly fields (paths, connections, path, neighborhood, search) in one request"
	case code != "":
	case !errcode.Known(err) && errors.As(err, &already):
		// Errors from the executor itself (bad arguments, validation) without a code.
		code = CodeBadUserInput
	default:
		class := errcode.Of(err)
		code = class.Code
		switch {
		case code == errcode.Internal:
			logger.ErrorContext(ctx, "internal error", "err", err)
			gqlErr.Message = "internal error (request " + id + ")"
		case class.Logged:
			logger.WarnContext(ctx, "store error", "code", code, "err", err)
		}
		if class.Message != "" && code != errcode.Internal {
			gqlErr.Message = class.Message
		}
	}
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	gqlErr.Extensions["code"] = code
	if id != "" {
		gqlErr.Extensions["requestId"] = id
	}
	return gqlErr
}
