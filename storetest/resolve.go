package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/drugwatch/roundtable-kg/kg"
)

// testResolve checks that an id, a name in either language or an alias (an acronym) names its
// entity, case, accents and punctuation aside.
func testResolve(t *testing.T, s kg.Store) {
	ctx := context.Background()
	tests := map[string]string{
		"canada-border-services-agency": "canada-border-services-agency",
		"cbsa":                          "canada-border-services-agency",
		"ASFC":                          "canada-border-services-agency",
		"Agence des services frontaliers du Canada": "canada-border-services-agency",
		"GRC":                          "royal-canadian-mounted-police",
		"rcmp":                         "royal-canadian-mounted-police",
		"GENDARMERIE ROYALE DU CANADA": "royal-canadian-mounted-police",
		"J-CODE":                       "j-code",
		"j code":                       "j-code",
		"Projet Riverbank":             "project-riverbank",
		"Méthamphétamine":              "methamphetamine",
		"methamphetamine":              "methamphetamine",
	}
	for ref, want := range tests {
		e, err := kg.Resolve(ctx, s, ref)
		if err != nil || e == nil || e.ID != want {
			t.Errorf("Resolve(%q) = %v, %v; want %s", ref, e, err, want)
		}
	}
	// A ref that is only a prefix, a word or a synonym of a name names nothing.
	for _, ref := range []string{"cbs", "Riverbank", "Indigenous", "no such thing", "Riverbnk"} {
		if e, err := kg.Resolve(ctx, s, ref); err != nil || e != nil {
			t.Errorf("Resolve(%q) = %v, %v; want nil", ref, e, err)
		}
	}
	for _, ref := range []string{"", "  ", "!!!"} {
		if _, err := kg.Resolve(ctx, s, ref); !errors.Is(err, kg.ErrInvalid) {
			t.Errorf("Resolve(%q): err = %v, want ErrInvalid", ref, err)
		}
	}
}
