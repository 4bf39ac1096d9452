package model

import "github.com/drugwatch/roundtable-kg/kg"

// EntityEdge is an edge of an EntityConnection. In lists that follow a relationship the node is
// loaded lazily, by id, through the entity loader, so one store call serves every edge of a level.
type EntityEdge struct {
	Cursor string
	// NodeID is the id of the node.
	NodeID string
	// Loaded is the node when the list already holds it (plain lists), else nil.
	Loaded Entity
	// Relationship leads to the node in lists that follow one, else nil.
	Relationship *Relationship
}

// Evidence returns the evidence of the edge's relationship, empty in plain lists.
func (e *EntityEdge) Evidence() []*kg.Evidence {
	if e.Relationship == nil {
		return []*kg.Evidence{}
	}
	return e.Relationship.Evidence()
}

// RelationshipEdge is an edge of a RelationshipConnection, seen from one entity.
type RelationshipEdge struct {
	Cursor    string
	Node      *Relationship
	Direction Direction
	// OtherID is the id of the entity at the other end.
	OtherID string
}
