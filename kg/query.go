package kg

import (
	"cmp"
	"slices"
	"strings"
)

// Window returns the bounds [start, end) of a page over n ordered items and whether more items
// follow it. Stores that filter in memory share it so that they page the same way.
func Window(n int, p Page) (start, end int, more bool) {
	start = min(max(p.Offset, 0), n)
	end = min(start+p.Limit, n)
	return start, end, end < n
}

func checkPage(p Page) error {
	if p.Offset < 0 || p.Offset > MaxOffset {
		return Errorf(ErrInvalid, "offset %d is outside 0..%d", p.Offset, MaxOffset)
	}
	if p.Limit < 0 || p.Limit > MaxPageSize {
		return Errorf(ErrInvalid, "page size %d is outside 0..%d", p.Limit, MaxPageSize)
	}
	return nil
}

func checkTypes(types []EntityType) error {
	for _, t := range types {
		if !t.Valid() {
			return Errorf(ErrInvalid, "unknown entity type %q", t)
		}
	}
	return nil
}

// CheckEntityQuery returns an ErrInvalid error if q cannot be served.
func CheckEntityQuery(q EntityQuery) error {
	if q.OrderBy != "" && !q.OrderBy.Valid() {
		return Errorf(ErrInvalid, "unknown order %q", q.OrderBy)
	}
	if err := checkTypes(q.Types); err != nil {
		return err
	}
	if err := CheckRelTypes(q.DegreeExcludes); err != nil {
		return err
	}
	if err := CheckFilter(q.Where); err != nil {
		return err
	}
	return checkPage(q.Page)
}

// CheckRelQuery returns an ErrInvalid error if q cannot be served.
func CheckRelQuery(q RelQuery) error {
	if err := CheckRelTypes(q.Types); err != nil {
		return err
	}
	if err := checkTypes(q.OtherTypes); err != nil {
		return err
	}
	if err := CheckFilter(q.Where); err != nil {
		return err
	}
	return checkPage(q.Page)
}

// CheckSearchQuery returns the folded search text, or an ErrInvalid error if q cannot be served.
func CheckSearchQuery(q SearchQuery) (string, error) {
	folded := Fold(q.Text)
	if folded == "" {
		return "", Errorf(ErrInvalid, "search text %q has no letters or digits", q.Text)
	}
	if len(q.Text) > 200 {
		return "", Errorf(ErrInvalid, "search text is %d bytes long; the maximum is 200", len(q.Text))
	}
	if words, _ := splitWords(q.Text); len(words) > MaxSearchWords {
		return "", Errorf(ErrInvalid, "search text has %d words; the maximum is %d", len(words), MaxSearchWords)
	}
	if err := checkTypes(q.Types); err != nil {
		return "", err
	}
	if err := checkTypes(q.ExcludeTypes); err != nil {
		return "", err
	}
	return folded, checkPage(q.Page)
}

// CheckNeighborhoodQuery returns an ErrInvalid error if q cannot be served.
func CheckNeighborhoodQuery(q NeighborhoodQuery) error {
	if q.Depth < 0 || q.Depth > MaxDepth {
		return Errorf(ErrInvalid, "depth %d is outside 0..%d", q.Depth, MaxDepth)
	}
	if q.Limit < 1 || q.Limit > MaxNeighborhoodLimit {
		return Errorf(ErrInvalid, "limit %d is outside 1..%d", q.Limit, MaxNeighborhoodLimit)
	}
	return CheckRelTypes(q.Types)
}

// CheckPathQuery returns an ErrInvalid error if q cannot be served.
func CheckPathQuery(q PathQuery) error {
	if q.MaxHops < 1 || q.MaxHops > MaxHops {
		return Errorf(ErrInvalid, "maxHops %d is outside 1..%d", q.MaxHops, MaxHops)
	}
	return CheckRelTypes(q.Types)
}

// SortKey returns the key an entity sorts by for a name order: its folded name in that language.
func SortKey(e *Entity, lang Language) string { return Fold(e.Name.In(lang)) }

// NumberLast is the NumberKey of a session without a number that is not the opening.
const NumberLast = 1<<31 - 1

// NumberKey is what OrderByNumber sorts an entity by: its number, except that a session without
// a number sorts after the numbered ones (NumberLast), unless it is the opening (category
// "opening", 0): the opening, the plenary sessions by number, then the conclusion.
func NumberKey(e *Entity) int {
	if e.Type == Session && e.Number == 0 && e.Category != "opening" {
		return NumberLast
	}
	return e.Number
}

// CompareEntities orders two entities by field, breaking ties by id (always ascending). It does not
// know degrees: CompareByDegree does.
func CompareEntities(a, b *Entity, field OrderField, desc bool) int {
	var c int
	switch field {
	case OrderByNameEN:
		c = strings.Compare(SortKey(a, EN), SortKey(b, EN))
	case OrderByNameFR:
		c = strings.Compare(SortKey(a, FR), SortKey(b, FR))
	case OrderByNumber:
		c = cmp.Compare(NumberKey(a), NumberKey(b))
	case OrderByValue:
		c = cmp.Compare(a.Value, b.Value)
	}
	if desc {
		c = -c
	}
	return cmp.Or(c, strings.Compare(a.ID, b.ID))
}

// CompareByDegree orders two entities by their degrees, breaking ties by id (always ascending).
func CompareByDegree(a, b *Entity, degreeA, degreeB int, desc bool) int {
	c := cmp.Compare(degreeA, degreeB)
	if desc {
		c = -c
	}
	return cmp.Or(c, strings.Compare(a.ID, b.ID))
}

// SortHits orders search hits best first; ties go to things before facts about them, then to the
// shorter English name, then to the id.
func SortHits(hits []SearchHit) {
	slices.SortStableFunc(hits, func(a, b SearchHit) int { return compareHits(a.Score, &a.Entity, b.Score, &b.Entity) })
}

// compareHits orders two hits as SortHits does.
func compareHits(sa float64, a *Entity, sb float64, b *Entity) int {
	if c := cmp.Compare(sb, sa); c != 0 {
		return c
	}
	if fa, fb := a.Type == Fact, b.Type == Fact; fa != fb {
		if fa {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(len(a.Name.EN), len(b.Name.EN)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
