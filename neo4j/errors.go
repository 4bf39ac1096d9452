package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/drugwatch/roundtable-kg/kg"
)

// decodeError is a value from Neo4j that does not have the shape the store expects: the database
// holds something other than what the seed scripts write.
type decodeError struct {
	what string
	err  error
}

func (e *decodeError) Error() string { return fmt.Sprintf("neo4j: decode %s: %v", e.what, e.err) }

func decodeErr(what string, format string, args ...any) error {
	return &decodeError{what: what, err: fmt.Errorf(format, args...)}
}

// translate turns an error of the driver into one of the store: context.Canceled when the caller
// gave up, kg.ErrTimeout when the server stopped a transaction that ran past its timeout,
// kg.ErrUnavailable when the server cannot be reached or does not answer in time, ErrUnauthorized
// when it rejects the credentials, ErrDatabaseNotFound when it has no such database, and otherwise
// an error that carries the driver's message but none of its types. Errors that the store made
// itself pass unchanged.
func (s *Store) translate(what string, err error) error {
	if err == nil {
		return nil
	}
	var de *decodeError
	if errors.Is(err, kg.ErrNotFound) || errors.Is(err, kg.ErrInvalid) || errors.Is(err, kg.ErrUnavailable) ||
		errors.Is(err, kg.ErrTimeout) || errors.As(err, &de) {
		return err
	}
	all := causes(err)
	switch {
	case anyIs(all, context.Canceled):
		return fmt.Errorf("neo4j: %s: %w", what, context.Canceled)
	case authFailure(all):
		return fmt.Errorf("neo4j: %s: %s rejected the credentials of user %q (check NEO4J_USERNAME and NEO4J_PASSWORD): %w: %w",
			what, s.uri, s.cfg.Username, ErrUnauthorized, kg.ErrUnavailable)
	case hasCode(all, "Neo.ClientError.Database.DatabaseNotFound"):
		return fmt.Errorf("neo4j: %s: %s has no %s (check NEO4J_DATABASE): %w: %w",
			what, s.uri, s.database, ErrDatabaseNotFound, kg.ErrUnavailable)
	case hasCode(all, "Neo.ClientError.Transaction.TransactionTimedOut"):
		return fmt.Errorf("neo4j: %s: %s (%s) stopped the query when it ran past its timeout: %w", what, s.uri, s.database, kg.ErrTimeout)
	}
	if reason, ok := unavailable(all); ok {
		return fmt.Errorf("neo4j: %s: %s (%s): %s: %w", what, s.uri, s.database, reason, kg.ErrUnavailable)
	}
	return fmt.Errorf("neo4j: %s: %s (%s): %v", what, s.uri, s.database, err)
}

// causes returns err and every error it wraps, including the causes that the driver's error types
// hold without an Unwrap method.
func causes(err error) []error {
	var out []error
	var walk func(error)
	walk = func(e error) {
		if e == nil || len(out) > 100 {
			return
		}
		out = append(out, e)
		switch t := e.(type) {
		case *neo4j.ConnectivityError:
			walk(t.Inner)
		case *neo4j.TransactionExecutionLimit:
			for _, c := range t.Errors {
				walk(c)
			}
		case interface{ Unwrap() []error }:
			for _, c := range t.Unwrap() {
				walk(c)
			}
		case interface{ Unwrap() error }:
			walk(t.Unwrap())
		}
	}
	walk(err)
	return out
}

func anyIs(all []error, target error) bool {
	for _, e := range all {
		if e == target {
			return true
		}
	}
	return false
}

// authFailure reports whether the server rejected the credentials.
func authFailure(all []error) bool {
	for _, e := range all {
		switch t := e.(type) {
		case *neo4j.InvalidAuthenticationError, *neo4j.TokenExpiredError:
			return true
		case *neo4j.Neo4jError:
			switch t.Code {
			case "Neo.ClientError.Security.Unauthorized",
				"Neo.ClientError.Security.AuthenticationRateLimit",
				"Neo.ClientError.Security.CredentialsExpired",
				"Neo.ClientError.Security.TokenExpired":
				return true
			}
		}
	}
	return false
}

// hasCode reports whether one of the errors is a Neo4j error whose code starts with code: the
// server's timeout has several (TransactionTimedOut, TransactionTimedOutClientConfiguration).
func hasCode(all []error, code string) bool {
	for _, e := range all {
		if t, ok := e.(*neo4j.Neo4jError); ok && strings.HasPrefix(t.Code, code) {
			return true
		}
	}
	return false
}

// unavailable reports whether the error says that the server or the database cannot serve now,
// and why, in a few words.
func unavailable(all []error) (string, bool) {
	for _, e := range all {
		switch t := e.(type) {
		case *neo4j.Neo4jError:
			switch {
			case strings.HasPrefix(t.Code, "Neo.TransientError."), strings.HasPrefix(t.Code, "Neo.ClientError.Cluster."):
				return "the server is not ready: " + t.Msg, true
			}
		}
	}
	// context.DeadlineExceeded is also a net.Error: look for it first.
	if anyIs(all, context.DeadlineExceeded) {
		return "no answer in time: " + last(all).Error(), true
	}
	for _, e := range all {
		switch e.(type) {
		case *neo4j.ConnectivityError, *neo4j.TransactionExecutionLimit, net.Error:
			return "cannot reach the server: " + last(all).Error(), true
		}
		if e == io.EOF || e == io.ErrUnexpectedEOF {
			return "the server closed the connection", true
		}
	}
	return "", false
}

// last returns the innermost cause, whose message says what actually went wrong.
func last(all []error) error { return all[len(all)-1] }
