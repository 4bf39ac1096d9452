package graph

import (
	"context"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// series returns the figures of f's series in the order of their periods: the figures about f's
// first subject in f's unit and kind, kept when they share its series. A figure in no series has
// none.
func (r *Resolver) series(ctx context.Context, f *kg.Entity) ([]kg.Entity, error) {
	if f.Series == "" {
		return nil, nil
	}
	about, err := r.Store.Relationships(ctx, []string{f.ID}, kg.RelQuery{Types: []kg.RelationshipType{"ABOUT"}, Direction: kg.Outgoing, Page: kg.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if len(about) == 0 || len(about[0].Relationships) == 0 {
		return nil, nil
	}
	page, err := r.Store.Facts(ctx, kg.FactQuery{About: []string{about[0].Relationships[0].To}, Units: []string{f.Unit}, Kinds: []string{f.Kind}, Page: kg.Page{Limit: kg.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	return kg.SeriesOf(page.Entities, f.Series), nil
}

// seriesFigures returns the figures of f's series as the schema's facts.
func (r *Resolver) seriesFigures(ctx context.Context, f *model.Fact) ([]*model.Fact, error) {
	list, err := r.series(ctx, f.KG())
	if err != nil {
		return nil, err
	}
	out := make([]*model.Fact, len(list))
	for i := range list {
		out[i] = model.Wrap(&list[i]).(*model.Fact)
	}
	return out, nil
}

// figureChange returns the change from the figure before f in its series, or nil.
func (r *Resolver) figureChange(ctx context.Context, f *model.Fact) (*model.FigureChange, error) {
	list, err := r.series(ctx, f.KG())
	if err != nil {
		return nil, err
	}
	prev, ok := kg.Previous(list, *f.KG())
	if !ok {
		return nil, nil
	}
	c := &model.FigureChange{From: model.Wrap(&prev).(*model.Fact), Difference: f.KG().Value - prev.Value}
	if prev.Value != 0 {
		p := c.Difference / prev.Value * 100
		c.Percent = &p
	}
	return c, nil
}
