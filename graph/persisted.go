package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodePersistedQueryNotFound is the code of a request for a document the server does not hold:
// an unknown hash with automatic persisted queries (the client then sends the text), or any
// document outside the trusted ones.
const CodePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"

// ReadTrustedDocuments reads a JSON object that maps the hex SHA-256 of each trusted document to
// its text, as client code generators write it (GraphQL Code Generator's persisted documents,
// for instance). Every hash is checked against its document.
func ReadTrustedDocuments(r io.Reader) (map[string]string, error) {
	var docs map[string]string
	if err := json.NewDecoder(r).Decode(&docs); err != nil {
		return nil, fmt.Errorf("trusted documents: want a JSON object of hash to document: %w", err)
	}
	for hash, doc := range docs {
		if sum := sha256Hex(doc); sum != hash {
			return nil, fmt.Errorf("trusted documents: the document of %s has the hash %s", hash, sum)
		}
	}
	return docs, nil
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// trustedDocuments executes only the documents of an allow-list, named by hash or sent whole.
type trustedDocuments struct{ documents map[string]string }

var _ interface {
	graphql.OperationParameterMutator
	graphql.HandlerExtension
} = trustedDocuments{}

func (trustedDocuments) ExtensionName() string                   { return "TrustedDocuments" }
func (trustedDocuments) Validate(graphql.ExecutableSchema) error { return nil }

func (t trustedDocuments) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	var hash string
	if pq, ok := p.Extensions["persistedQuery"].(map[string]any); ok {
		hash, _ = pq["sha256Hash"].(string)
	}
	if p.Query != "" {
		sum := sha256Hex(p.Query)
		if hash != "" && hash != sum {
			return badInput("the persistedQuery hash %q is not the SHA-256 of the query", hash)
		}
		hash = sum
	}
	doc, ok := t.documents[hash]
	if !ok {
		err := gqlerror.Errorf("this server executes only trusted documents, and this one is not among them")
		err.Extensions = map[string]any{"code": CodePersistedQueryNotFound}
		return err
	}
	p.Query = doc
	return nil
}
