package kg

import (
	"context"
	"slices"
	"strings"
)

// MaxNarrowerDepth bounds the walk down SUBCLASS_OF and PART_OF when a facts query includes the
// narrower classes and parts of its subjects.
const MaxNarrowerDepth = 5

// NarrowerTypes are the relationship types that lead from a narrower class or a part to what it
// belongs to: followed backwards, they give a subject's narrower classes and parts.
var NarrowerTypes = []RelationshipType{"SUBCLASS_OF", "PART_OF"}

// FactQuery selects figures (Fact entities).
type FactQuery struct {
	// About keeps the figures about one of these entities (ABOUT) when non-empty.
	About []string
	// IncludeNarrower adds to About their narrower classes and parts (NarrowerTypes, followed
	// backwards, up to MaxNarrowerDepth levels): methamphetamine includes crystal methamphetamine.
	IncludeNarrower bool
	// Units keeps the figures in one of these units when non-empty.
	Units []string
	// Kinds keeps the figures of one of these kinds (FactKinds) when non-empty.
	Kinds []string
	// Sessions keeps the figures reported in one of these sessions (DISCUSSED_IN) when non-empty.
	Sessions []string
	// Period keeps the figures whose period contains this text ("2019") when not empty.
	Period string
	// Qualifiers keeps the figures of one of these qualifiers (Qualifiers) when non-empty.
	Qualifiers []string
	// Measures keeps the figures of one of these measures (Measures) when non-empty.
	Measures []string
	// Where keeps the figures it accepts, when it is set.
	Where *Filter
	// OrderBy is OrderByID, OrderByValue, OrderByNameEN or OrderByNameFR. Figures are ordered by
	// value only within one unit: a store refuses (CheckUnits) to order figures of several units.
	OrderBy    OrderField
	Descending bool
	Page
}

// CheckFactQuery returns an ErrInvalid error if q cannot be served.
func CheckFactQuery(q FactQuery) error {
	switch q.OrderBy {
	case "", OrderByID, OrderByValue, OrderByNameEN, OrderByNameFR:
	default:
		return Errorf(ErrInvalid, "figures cannot be ordered by %q", q.OrderBy)
	}
	for _, k := range q.Kinds {
		if !ValidKind(k) {
			return Errorf(ErrInvalid, "unknown kind of figure %q (known: %v)", k, FactKinds)
		}
	}
	for _, k := range q.Qualifiers {
		if !ValidQualifier(k) {
			return Errorf(ErrInvalid, "unknown qualifier %q (known: %v)", k, Qualifiers)
		}
	}
	for _, m := range q.Measures {
		if !ValidMeasure(m) {
			return Errorf(ErrInvalid, "unknown measure %q (known: %v)", m, Measures)
		}
	}
	if err := CheckFilter(q.Where); err != nil {
		return err
	}
	for name, list := range map[string][]string{"about": q.About, "units": q.Units, "kinds": q.Kinds, "sessions": q.Sessions,
		"qualifiers": q.Qualifiers, "measures": q.Measures} {
		if len(list) > MaxPageSize {
			return Errorf(ErrInvalid, "%s takes at most %d values, got %d", name, MaxPageSize, len(list))
		}
	}
	if len(q.Period) > 100 {
		return Errorf(ErrInvalid, "period is %d bytes long; the maximum is 100", len(q.Period))
	}
	return checkPage(q.Page)
}

// CheckUnits returns an ErrInvalid error when figures of several units are to be ordered by value:
// 60,000 pills do not sort against 10 kilograms. units are the distinct units of the figures
// selected, sorted. A list ordered otherwise, or of figures of one unit, passes.
func CheckUnits(order OrderField, units []string) error {
	if order != OrderByValue || len(units) < 2 {
		return nil
	}
	shown := units
	if len(shown) > 5 {
		shown = append(slices.Clone(units[:5]), "...")
	}
	return Errorf(ErrInvalid, "the figures selected are in %d units (%s): order by value within one, with units: [\"%s\"] say",
		len(units), strings.Join(shown, ", "), units[0])
}

// Narrower returns ids and, when include is set, every entity that reaches one of them through
// NarrowerTypes backwards within MaxNarrowerDepth levels, in walk order. adj reads relationships.
func Narrower(ctx context.Context, ids []string, include bool, adj AdjacencyFunc) ([]string, error) {
	out := slices.Clone(ids)
	if !include {
		return out, nil
	}
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	frontier := out
	budget := NewBudget(ctx, "the search for narrower classes", NarrowerWork)
	for range MaxNarrowerDepth {
		if len(frontier) == 0 {
			break
		}
		got, err := adj(ctx, frontier, NarrowerTypes)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, id := range frontier {
			if err := budget.Spend(len(got[id])); err != nil {
				return nil, err
			}
			for _, n := range got[id] {
				if n.Rel.To == id && !seen[n.Rel.From] {
					seen[n.Rel.From] = true
					next = append(next, n.Rel.From)
				}
			}
		}
		out = append(out, next...)
		frontier = next
	}
	return out, nil
}
