package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
)

func TestTranslate(t *testing.T) {
	s := &Store{uri: "neo4j://db.example:7687", database: `database "kg"`, cfg: Config{Username: "reader", Password: "pw-secret"}}
	type want struct {
		unavailable, unauthorized, notFound, timeout, canceled bool
		text                                                   string
	}
	conn := &neo4j.ConnectivityError{Inner: io.EOF}
	tests := map[string]struct {
		err  error
		want want
	}{
		"Connectivity":       {conn, want{unavailable: true, text: "cannot reach the server"}},
		"RetriesExhausted":   {&neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{conn}}, want{unavailable: true}},
		"Deadline":           {fmt.Errorf("wrapped: %w", context.DeadlineExceeded), want{unavailable: true, text: "no answer in time"}},
		"Canceled":           {context.Canceled, want{canceled: true}},
		"Unauthorized":       {&neo4j.Neo4jError{Code: "Neo.ClientError.Security.Unauthorized", Msg: "bad"}, want{unavailable: true, unauthorized: true, text: `user "reader"`}},
		"RateLimited":        {&neo4j.Neo4jError{Code: "Neo.ClientError.Security.AuthenticationRateLimit"}, want{unavailable: true, unauthorized: true}},
		"DatabaseNotFound":   {&neo4j.Neo4jError{Code: "Neo.ClientError.Database.DatabaseNotFound"}, want{unavailable: true, notFound: true, text: "NEO4J_DATABASE"}},
		"Transient":          {&neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable", Msg: "starting"}, want{unavailable: true, text: "starting"}},
		"ServerTimeout":      {&neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}, want{timeout: true, text: "timeout"}},
		"ServerTimeoutOld":   {&neo4j.Neo4jError{Code: "Neo.ClientError.Transaction.TransactionTimedOut"}, want{timeout: true}},
		"SyntaxError":        {&neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "oops"}, want{text: "oops"}},
		"UsageError":         {&neo4j.UsageError{Message: "server responded HTTP"}, want{text: "server responded HTTP"}},
		"TransientInRetries": {&neo4j.TransactionExecutionLimit{Errors: []error{&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}}}, want{unavailable: true}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			err := s.translate("stats", tt.err)
			if got := errors.Is(err, kg.ErrUnavailable); got != tt.want.unavailable {
				t.Errorf("%v: ErrUnavailable %v, want %v", err, got, tt.want.unavailable)
			}
			if got := errors.Is(err, ErrUnauthorized); got != tt.want.unauthorized {
				t.Errorf("%v: ErrUnauthorized %v, want %v", err, got, tt.want.unauthorized)
			}
			if got := errors.Is(err, ErrDatabaseNotFound); got != tt.want.notFound {
				t.Errorf("%v: ErrDatabaseNotFound %v, want %v", err, got, tt.want.notFound)
			}
			if got := errors.Is(err, kg.ErrTimeout); got != tt.want.timeout {
				t.Errorf("%v: kg.ErrTimeout %v, want %v", err, got, tt.want.timeout)
			}
			if got := errors.Is(err, context.Canceled); got != tt.want.canceled {
				t.Errorf("%v: context.Canceled %v, want %v", err, got, tt.want.canceled)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "neo4j: stats: ") || !strings.Contains(msg, tt.want.text) || strings.Contains(msg, "pw-secret") {
				t.Errorf("message %q: want the prefix, %q, and no password", msg, tt.want.text)
			}
			if !tt.want.canceled && !strings.Contains(msg, s.uri) {
				t.Errorf("message %q does not name %s", msg, s.uri)
			}
			var ne *neo4j.Neo4jError
			var ce *neo4j.ConnectivityError
			var ue *neo4j.UsageError
			if errors.As(err, &ne) || errors.As(err, &ce) || errors.As(err, &ue) {
				t.Errorf("%v: a driver type crosses the store's boundary", err)
			}
		})
	}
	for _, own := range []error{kg.Errorf(kg.ErrNotFound, "entity %q", "x"), decodeErr("x", "bad"), kg.Errorf(kg.ErrInvalid, "bad")} {
		if got := s.translate("x", own); got != own {
			t.Errorf("translate changed the store's own error %v into %v", own, got)
		}
	}
	if s.translate("x", nil) != nil {
		t.Error("translate(nil) is not nil")
	}
}
