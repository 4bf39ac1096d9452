package graph

import (
	"context"
	"errors"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/drugwatch/roundtable-kg/graph/model"
	"github.com/drugwatch/roundtable-kg/kg"
)

// relationshipCounts resolves Entity.relationshipCounts through the request's loader.
func relationshipCounts(ctx context.Context, id string, excludeTypes []string) ([]*model.RelationshipCount, error) {
	counts, err := countsWithout(ctx, id, excludeTypes)
	if err != nil {
		return nil, err
	}
	out := make([]*model.RelationshipCount, len(counts))
	for i, c := range counts {
		d := model.DirectionIncoming
		if c.Direction == kg.Outgoing {
			d = model.DirectionOutgoing
		}
		out[i] = &model.RelationshipCount{Type: string(c.Type), Direction: d, Count: c.Count}
	}
	return out, nil
}

// degree resolves Entity.degree: the sum of its relationship counts, but those of excludeTypes.
func degree(ctx context.Context, id string, excludeTypes []string) (int, error) {
	counts, err := countsWithout(ctx, id, excludeTypes)
	n := 0
	for _, c := range counts {
		n += c.Count
	}
	return n, err
}

// countsWithout returns the relationship counts of id but those of the types exclude, which must
// be in the vocabulary.
func countsWithout(ctx context.Context, id string, exclude []string) ([]kg.RelCount, error) {
	types := kg.RelationshipTypes(exclude)
	if err := kg.CheckRelTypes(types); err != nil {
		return nil, err
	}
	counts, err := loadersFrom(ctx).relCounts(ctx, id)
	if err != nil || len(types) == 0 {
		return counts, err
	}
	return slices.DeleteFunc(slices.Clone(counts), func(c kg.RelCount) bool { return slices.Contains(types, c.Type) }), nil
}

// pathsQuery builds the store's query from the arguments of paths and connections, whose defaults
// the schema gives.
func pathsQuery(maxHops, first int, types, exclude []string, anyLink bool) kg.PathsQuery {
	return kg.PathsQuery{MaxHops: maxHops, First: first, Types: kg.RelationshipTypes(types), ExcludeTypes: kg.RelationshipTypes(exclude), AnyLink: anyLink}
}

// explainedPath converts a path, with its hops read in the path's order.
func explainedPath(p kg.Path) *model.Path {
	nodes, rels := wrapGraph(p.Nodes, p.Relationships)
	out := &model.Path{Nodes: nodes, Relationships: rels, Length: len(p.Relationships), Hops: []*model.PathHop{}}
	for i, r := range p.Relationships {
		from, to := out.Nodes[i], out.Nodes[i+1]
		d := model.DirectionOutgoing
		if r.From != p.Nodes[i].ID {
			d = model.DirectionIncoming
		}
		detour := slices.Contains(kg.ProvenanceTypes, r.Type) || i+1 < len(p.Relationships) && kg.IsHub(p.Nodes[i+1].Type)
		if detour {
			out.Detours++
		}
		out.Hops = append(out.Hops, &model.PathHop{
			From: from, To: to, Relationship: out.Relationships[i], Direction: d,
			Evidence: model.EvidenceList(r.Evidence), Detour: detour,
		})
	}
	return out
}

func (r *Resolver) paths(ctx context.Context, from, to string, maxHops, first int, types, exclude []string, anyLink bool) ([]*model.Path, error) {
	ps, err := r.Store.Paths(ctx, from, to, pathsQuery(maxHops, first, types, exclude, anyLink))
	if err = partial(ctx, err); err != nil {
		return nil, err
	}
	out := make([]*model.Path, len(ps))
	for i, p := range ps {
		out[i] = explainedPath(p)
	}
	return out, nil
}

func (r *Resolver) connections(ctx context.Context, ids []string, maxHops int, types, exclude []string, anyLink bool) (*model.Subgraph, error) {
	sub, err := r.Store.Connections(ctx, slices.Clone(ids), pathsQuery(maxHops, 0, types, exclude, anyLink))
	if err = partial(ctx, err); err != nil {
		return nil, err
	}
	nodes, rels := wrapGraph(sub.Nodes, sub.Relationships)
	return &model.Subgraph{Nodes: nodes, Relationships: rels, Truncated: sub.Truncated}, nil
}

// partial lets a field answer what a store returned with an error saying that its work budget cut
// the answer short: the error is added to the response, beside the partial answer, and partial
// returns nil. Any other error it returns, for the field to fail with.
func partial(ctx context.Context, err error) error {
	if errors.Is(err, kg.ErrTooComplex) {
		graphql.AddError(ctx, err)
		return nil
	}
	return err
}
