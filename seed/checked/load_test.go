package checked

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/drugwatch/roundtable-kg/seed"
)

// The dataset compiled into this package is the one seed.Load reads and checks from the embedded
// files, and Load serves it; with files of another sum, Load reads and checks them and gives the
// same dataset.
func TestLoadIsTheCheckedSeed(t *testing.T) {
	want, err := seed.Load()
	if err != nil {
		t.Fatal(err)
	}
	sum, err := seed.Sum()
	if err != nil {
		t.Fatal(err)
	}
	if sum != Sum {
		t.Errorf("seed/checked was generated from other seed files (sum %s, the embedded files' %s): run go generate ./seed", Sum, sum)
	}
	for name, sum := range map[string]string{"checked": Sum, "read": "another sum"} {
		got, err := load(sum)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(seed.Dataset{})); diff != "" {
			t.Errorf("%s: the dataset differs from seed.Load's (-want +got):\n%s", name, diff)
		}
		fromChecked := &got.Entities[0].Evidence[0] == &Entities[0].Evidence[0]
		if fromChecked != (name == "checked") {
			t.Errorf("%s: the dataset is package checked's: %v", name, fromChecked)
		}
	}
}
