package memory

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

// The dataset compiled into package seed/checked is the one seed.Load reads and checks from the
// embedded files, and Seeded serves it; with files of another sum, Seeded reads and checks them
// and gives the same dataset.
func TestSeededIsTheCheckedSeed(t *testing.T) {
	want, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := seed.Sum()
	if err != nil {
		t.Fatal(err)
	}
	if sum != checked.Sum {
		t.Errorf("seed/checked was generated from other seed files (sum %s, the embedded files' %s): run go generate ./seed", checked.Sum, sum)
	}
	for name, sum := range map[string]string{"checked": checked.Sum, "read": "another sum"} {
		got, err := seedDataset(sum)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(seed.Dataset{})); diff != "" {
			t.Errorf("%s: the dataset differs from seed.Load's (-want +got):\n%s", name, diff)
		}
		fromChecked := &got.Entities[0].Evidence[0] == &checked.Entities[0].Evidence[0]
		if fromChecked != (name == "checked") {
			t.Errorf("%s: the dataset is package checked's: %v", name, fromChecked)
		}
	}
}
