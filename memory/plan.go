package memory

import (
	"context"

	"github.com/drugwatch/roundtable-kg/kg"
)

var _ kg.PlanReader = (*Store)(nil)

// ReadPlan implements kg.PlanReader: the plan is evaluated level by level over the store's own
// batch methods (kg.ReadPlan), which answer from memory without copies.
func (s *Store) ReadPlan(ctx context.Context, p kg.Plan) (kg.PlanResult, error) {
	return kg.ReadPlan(ctx, s, p)
}
