package main

import (
	"runtime"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// peerGraph is the graph as the Node peer reads it: the same entities and relationships, with
// entity types spelled as in the schema.
type peerGraph struct {
	Entities      []peerEntity       `json:"entities"`
	Relationships []peerRelationship `json:"relationships"`
}

type peerEntity struct {
	ID          string        `json:"id"`
	Type        string        `json:"type"`
	Category    string        `json:"category"`
	Name        kg.Text       `json:"name"`
	Aliases     []string      `json:"aliases"`
	Description kg.Text       `json:"description"`
	Evidence    []kg.Evidence `json:"evidence"`
	Role        kg.Text       `json:"role"`
	Number      int           `json:"number"`
	StartDate   string        `json:"startDate"`
	EndDate     string        `json:"endDate"`
	Value       float64       `json:"value"`
	ValueText   string        `json:"valueText"`
	Unit        string        `json:"unit"`
	Period      string        `json:"period"`
	Statement   kg.Text       `json:"statement"`
}

type peerRelationship struct {
	Type     string        `json:"type"`
	From     string        `json:"from"`
	To       string        `json:"to"`
	Evidence []kg.Evidence `json:"evidence"`
}

func exportGraph(entities []kg.Entity, rels []kg.Relationship) peerGraph {
	g := peerGraph{Entities: make([]peerEntity, len(entities)), Relationships: make([]peerRelationship, len(rels))}
	for i, e := range entities {
		g.Entities[i] = peerEntity{
			ID: e.ID, Type: strings.ToUpper(string(e.Type)), Category: e.Category, Name: e.Name,
			Aliases: e.Aliases, Description: e.Description, Evidence: e.Evidence, Role: e.Role,
			Number: e.Number, StartDate: e.StartDate, EndDate: e.EndDate, Value: e.Value,
			ValueText: e.ValueText, Unit: e.Unit, Period: e.Period, Statement: e.Statement,
		}
		if g.Entities[i].Aliases == nil {
			g.Entities[i].Aliases = []string{}
		}
	}
	for i, r := range rels {
		g.Relationships[i] = peerRelationship{Type: string(r.Type), From: r.From, To: r.To, Evidence: r.Evidence}
	}
	return g
}

func numCPU() int { return runtime.GOMAXPROCS(0) }
