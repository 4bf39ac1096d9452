package graph

import (
	"context"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// citation cites an evidence in lang, with the document it names loaded through the request's
// loader (so that the evidence of a whole page shares one load).
func citation(ctx context.Context, ev *model.Evidence, lang *model.Language) (string, error) {
	e, err := loadersFrom(ctx).entity(ctx, ev.Document)
	if err != nil {
		return "", err
	}
	return kg.Cite(e, *ev.Evidence, model.Lang(lang)), nil
}
