package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

const cursorPrefix = "offset:"

// encodeCursor returns the opaque cursor of the item at offset.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

// decodeCursor returns the offset of the item a cursor points at.
func decodeCursor(c string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return 0, kg.Errorf(kg.ErrInvalid, "malformed cursor %.40q", c)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(raw), cursorPrefix))
	if err != nil || n < 0 {
		return 0, kg.Errorf(kg.ErrInvalid, "malformed cursor %.40q", c)
	}
	if n > kg.MaxOffset {
		return 0, kg.Errorf(kg.ErrInvalid, "cursor %.40q points past the end of any list; use an endCursor the API returned", c)
	}
	return n, nil
}

// TypedPageSize is the page size of a typed connection (Organization.runs, Initiative.targets,
// ...) when a request gives none. Typed connections hang off entities, mostly off entities of
// another list, so their pages multiply: at 10 rather than kg.DefaultPageSize, a question of four
// hops asked without first fits the cost limit.
const TypedPageSize = 10

// typedFirst returns first, or TypedPageSize when it is nil.
func typedFirst(first *int) *int {
	if first != nil {
		return first
	}
	n := TypedPageSize
	return &n
}

// pageArgs turns Relay arguments into a page: the items after the cursor, first of them.
func pageArgs(first *int, after *string) (kg.Page, error) {
	p := kg.Page{Limit: kg.DefaultPageSize}
	if first != nil {
		if *first < 0 || *first > kg.MaxPageSize {
			return p, kg.Errorf(kg.ErrInvalid, "first must be between 0 and %d, got %d", kg.MaxPageSize, *first)
		}
		p.Limit = *first
	}
	if after != nil {
		n, err := decodeCursor(*after)
		if err != nil {
			return p, err
		}
		p.Offset = n + 1
	}
	return p, nil
}

// pageInfo describes the page of n items that starts at p.Offset. An empty page has no next
// page: without an end cursor, a client could only ask for the same page again.
func pageInfo(p kg.Page, n int, hasMore bool) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: hasMore && n > 0, HasPreviousPage: p.Offset > 0}
	if n > 0 {
		start, end := encodeCursor(p.Offset), encodeCursor(p.Offset+n-1)
		info.StartCursor, info.EndCursor = &start, &end
	}
	return info
}

func entityTypes(types []model.EntityType) []kg.EntityType {
	out := make([]kg.EntityType, len(types))
	for i, t := range types {
		out[i] = model.KGType(t)
	}
	return out
}

func direction(d *model.Direction) kg.Direction {
	if d == nil {
		return kg.Both
	}
	switch *d {
	case model.DirectionOutgoing:
		return kg.Outgoing
	case model.DirectionIncoming:
		return kg.Incoming
	}
	return kg.Both
}

func entityOrder(o *model.EntityOrder) (kg.OrderField, bool) {
	if o == nil {
		return kg.OrderByID, false
	}
	desc := o.Descending != nil && *o.Descending
	switch o.Field {
	case model.EntityOrderFieldName:
		if model.Lang(o.Lang) == kg.FR {
			return kg.OrderByNameFR, desc
		}
		return kg.OrderByNameEN, desc
	case model.EntityOrderFieldNumber:
		return kg.OrderByNumber, desc
	case model.EntityOrderFieldValue:
		return kg.OrderByValue, desc
	case model.EntityOrderFieldDegree:
		return kg.OrderByDegree, desc
	}
	return kg.OrderByID, desc
}
