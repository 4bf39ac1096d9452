package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
)

// slow is a store whose backend stops every search that runs too long, as Neo4j does with a
// transaction past its timeout.
type slow struct{ kg.Store }

func (slow) Search(context.Context, kg.SearchQuery) (kg.SearchPage, error) {
	return kg.SearchPage{}, kg.Errorf(kg.ErrTimeout, "transaction timed out after 2s")
}

func TestStoreTimeout(t *testing.T) {
	srv := newServer(t, slow{mustStore(t)})
	r := post(t, srv, `{ search(text: "meth") { totalCount } }`, nil)
	if got := r.code(); got != graph.CodeTimeout {
		t.Errorf("code %q, want %q (errors %+v)", got, graph.CodeTimeout, r.Errors)
	}
	if len(r.Errors) > 0 && strings.Contains(r.Errors[0].Message, "2s") {
		t.Errorf("message %q shows internals", r.Errors[0].Message)
	}
}
