package graph

import (
	"context"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// facets converts the domain's facets.
func facets(f kg.Facets) *model.Facets {
	out := &model.Facets{Types: []*model.TypeCount{}, Categories: []*model.CategoryCount{}}
	for _, t := range f.Types {
		out.Types = append(out.Types, &model.TypeCount{Type: model.GQLType(t.Type), Count: t.Count})
	}
	for _, c := range f.Categories {
		out.Categories = append(out.Categories, &model.CategoryCount{Type: model.GQLType(c.Type), Category: c.Category, Count: c.Count})
	}
	return out
}

func (r *Resolver) facets(ctx context.Context) (*model.Facets, error) {
	f, err := r.Store.Facets(ctx)
	if err != nil {
		return nil, err
	}
	return facets(f), nil
}
