package model

// EntityEdge is an edge of an EntityConnection. The resolver of the connection sets the node,
// loading the nodes of a whole page in one call, so that the node needs no resolver of its own.
type EntityEdge struct {
	Cursor string
	// Node is the entity; nil when the query does not select it.
	Node Entity
	// Relationship leads to the node in lists that follow one, else nil.
	Relationship *Relationship
}

// Evidence returns the evidence of the edge's relationship, empty in plain lists.
func (e *EntityEdge) Evidence() []*Evidence {
	if e.Relationship == nil {
		return []*Evidence{}
	}
	return e.Relationship.Evidence()
}

// RelationshipEdge is an edge of a RelationshipConnection, seen from one entity.
type RelationshipEdge struct {
	Cursor    string
	Node      *Relationship
	Direction Direction
	// Other is the entity at the other end; nil when the query does not select it.
	Other Entity
}
