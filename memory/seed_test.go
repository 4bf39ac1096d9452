package memory

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/drugwatch/roundtable-kg/seed"
	"github.com/drugwatch/roundtable-kg/seed/checked"
)

// The dataset compiled into package seed/checked is the one seed.Load reads and checks from the
// embedded files, and Seeded serves it; with files of another sum, Seeded reads and checks them.
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
		if diff := cmp.Diff(want.Entities, got.Entities); diff != "" {
			t.Errorf("%s: entities differ from seed.Load's (-want +got):\n%s", name, diff)
		}
		if diff := cmp.Diff(want.Relationships, got.Relationships); diff != "" {
			t.Errorf("%s: relationships differ from seed.Load's (-want +got):\n%s", name, diff)
		}
		if got.Version != want.Version {
			t.Errorf("%s: version %s, seed.Load's %s", name, got.Version, want.Version)
		}
		if read := len(got.Documents) > 0; read != (name == "read") {
			t.Errorf("%s: the seed files were read: %v", name, read)
		}
	}
}
