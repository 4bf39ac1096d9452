package graph

import (
	"context"
	"strings"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

func (r *Resolver) facts(ctx context.Context, about []string, includeNarrower *bool, units []string, kinds []model.FactKind, sessions []string, period *string, orderBy *model.EntityOrder, first *int, after *string) (*model.EntityConnection, error) {
	p, err := pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	field, desc := entityOrder(orderBy)
	q := kg.FactQuery{About: about, Units: units, Sessions: sessions, OrderBy: field, Descending: desc, Page: p}
	for _, k := range kinds {
		// The enum's names are the kinds in upper case.
		q.Kinds = append(q.Kinds, strings.ToLower(string(k)))
	}
	if includeNarrower != nil {
		q.IncludeNarrower = *includeNarrower
	}
	if period != nil {
		q.Period = *period
	}
	page, err := r.Store.Facts(ctx, q)
	if err != nil {
		return nil, err
	}
	return entityConnection(page, p), nil
}
