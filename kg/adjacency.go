package kg

import (
	"cmp"
	"strings"
)

// Adjacent is one relationship seen from one of its ends: its type, the id of the entity at the
// other end, and whether it leaves the entity whose list it is in.
type Adjacent struct {
	Type     RelationshipType
	Other    string
	Outgoing bool
}

// CompareAdjacent is the order in which every store lists the relationships of one entity: by
// type, then the other end's id, outgoing before incoming. Neighbourhoods and shortest paths walk
// the graph in this order too, so that every store returns the same one among equal answers.
func CompareAdjacent(a, b Adjacent) int {
	return cmp.Or(
		cmp.Compare(a.Type, b.Type),
		strings.Compare(a.Other, b.Other),
		CompareOutgoing(a.Outgoing, b.Outgoing),
	)
}

// CompareOutgoing orders an outgoing relationship (a or b true) before an incoming one: the
// direction's part of CompareAdjacent, for stores that order adjacency by other keys.
func CompareOutgoing(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
