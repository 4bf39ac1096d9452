package graph_test

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
)

var update = flag.Bool("update", false, "rewrite the plans in testdata/plans")

// planRecorder is the embedded store, keeping the plans it is asked to read.
type planRecorder struct {
	*memory.Store
	plans []kg.Plan
}

func (r *planRecorder) ReadPlan(ctx context.Context, p kg.Plan) (kg.PlanResult, error) {
	r.plans = append(r.plans, p)
	return r.Store.ReadPlan(ctx, p)
}

// The plans that the entity page and the deep query of the load mix make are kept in
// testdata/plans, where a change to the planner shows in review; package neo4j compiles the same
// files into the statements of neo4j/testdata (TestCompilePlan).
func TestMixPlans(t *testing.T) {
	store, mix, err := bench.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	rec := &planRecorder{Store: store}
	h := graph.NewHandler(rec, slog.New(slog.NewTextHandler(io.Discard, nil)), graph.WithPlans(true))
	for file, body := range map[string][]byte{"entity-page.json": mix["EntityPage"][0].Body, "deep.json": mix["Deep"][0].Body} {
		t.Run(file, func(t *testing.T) {
			rec.plans = nil
			if w := postJSON(h, body); w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body.Bytes())
			}
			if len(rec.plans) != 1 {
				t.Fatalf("%d plans read, want 1", len(rec.plans))
			}
			got, err := json.MarshalIndent(rec.plans[0], "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "plans", file)
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got)+"\n" != string(want) {
				t.Errorf("the plan of %s changed (go test ./graph/ -run TestMixPlans -update to accept):\n%s", file, got)
			}
		})
	}
}
