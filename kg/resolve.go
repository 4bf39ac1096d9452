package kg

import (
	"context"
	"slices"
	"strings"
)

// Resolve returns the entity that ref names, or nil when it names none. ref is an id, or, case,
// accents and punctuation aside, an id, a name in either language or an alias (an acronym) of an
// entity that is not a figure: "cbsa", "ASFC", "GRC" and "J-CODE" name entities. An entity whose
// id is ref as written is the answer whatever other entities ref names; otherwise a ref that
// names several entities is ErrInvalid, the error listing their ids, rather than one picked.
//
// Resolve reads the graph through Store alone: a lookup by id, then a search whose exact matches
// of names and aliases rank first (ScoreExactName, ScoreExactAlias).
func Resolve(ctx context.Context, s Store, ref string) (*Entity, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, Errorf(ErrInvalid, "an empty reference")
	}
	folded := Fold(ref)
	guess := strings.ReplaceAll(folded, " ", "-")
	byID, err := s.EntitiesByID(ctx, []string{ref, guess})
	if err != nil {
		return nil, err
	}
	if byID[0] != nil {
		return byID[0], nil
	}
	q := SearchQuery{Text: ref, ExcludeTypes: []EntityType{Fact}, Page: Page{Limit: MaxPageSize}}
	if _, err := CheckSearchQuery(q); err != nil {
		return nil, err
	}
	page, err := s.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	var found []*Entity
	if byID[1] != nil {
		found = append(found, byID[1])
	}
	for i, h := range page.Hits {
		if Names(h.Entity, folded) && !slices.ContainsFunc(found, func(e *Entity) bool { return e.ID == h.Entity.ID }) {
			found = append(found, &page.Hits[i].Entity)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return found[0], nil
	}
	ids := make([]string, len(found))
	for i, e := range found {
		ids[i] = e.ID
	}
	return nil, Errorf(ErrInvalid, "%q names %d entities: %s; give one of their ids", ref, len(ids), strings.Join(ids, ", "))
}

// Names reports whether folded, a reference folded with Fold, is e's id, one of its names or one
// of its aliases, each folded.
func Names(e Entity, folded string) bool {
	if folded == "" {
		return false
	}
	if Fold(e.ID) == folded || Fold(e.Name.FR) == folded || Fold(e.Name.EN) == folded {
		return true
	}
	return slices.ContainsFunc(e.Aliases, func(a string) bool { return Fold(a) == folded })
}
