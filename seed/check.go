package seed

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Problem is one thing wrong with the data.
type Problem struct {
	File string // the data file that defines the entity, when known
	ID   string // the entity or relationship concerned
	Msg  string
}

func (p Problem) String() string {
	if p.File != "" {
		return fmt.Sprintf("%s: %s: %s", p.File, p.ID, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.ID, p.Msg)
}

// Check returns every problem of the data: quotes not found in their section, relationships whose
// type or endpoints the vocabulary does not allow, missing names in either language, shared
// normalised names, facts whose value is not in their quote, and malformed ids.
func Check(ds *Dataset) []Problem {
	ps := slices.Clone(ds.problems)
	add := func(id, format string, args ...any) {
		ps = append(ps, Problem{File: ds.Origin[id], ID: id, Msg: fmt.Sprintf(format, args...)})
	}
	docs := map[string]DocumentInfo{}
	for _, d := range ds.Documents {
		docs[d.ID] = d
	}
	checkEvidence := func(id string, ev []kg.Evidence) {
		if len(ev) == 0 {
			add(id, "no evidence")
		}
		for _, e := range ev {
			switch e.Kind {
			case kg.EvidenceReference:
				if strings.TrimSpace(e.Note) == "" {
					add(id, "a reference needs a note saying what is known")
				}
				if e.Quote != "" || e.Section != "" {
					add(id, "a reference has a note, not a section and a quote: %q", e.Quote)
				}
				continue
			case kg.EvidenceQuote, "":
				if e.Note != "" {
					add(id, "a quote has no note (a reference does): %q", e.Note)
				}
			default:
				add(id, "evidence kind %q is not %q or %q", e.Kind, kg.EvidenceQuote, kg.EvidenceReference)
				continue
			}
			d, ok := docs[e.Document]
			if !ok {
				add(id, "evidence names unknown document %q", e.Document)
				continue
			}
			text, ok := d.Text[e.Section]
			if !ok {
				add(id, "evidence names unknown section %q of %s", e.Section, e.Document)
				continue
			}
			q := kg.NormalizeSpace(e.Quote)
			if q == "" {
				add(id, "empty quote in section %s", e.Section)
			} else if !strings.Contains(text, q) {
				add(id, "quote not found in section %s: %q", e.Section, e.Quote)
			}
		}
	}

	byID := map[string]kg.Entity{}
	names := map[string]string{}
	for _, e := range ds.Entities {
		byID[e.ID] = e
		if !kg.Slug(e.ID) {
			add(e.ID, "id is not a slug (lower-case ascii words joined by '-')")
		}
		if !e.Type.Valid() {
			add(e.ID, "unknown type %q", e.Type)
		}
		if strings.TrimSpace(e.Name.FR) == "" || strings.TrimSpace(e.Name.EN) == "" {
			add(e.ID, "name needs both fr and en")
		}
		if strings.TrimSpace(e.Description.FR) == "" || strings.TrimSpace(e.Description.EN) == "" {
			add(e.ID, "description needs both fr and en")
		}
		checkEvidence(e.ID, e.Evidence)
		if len(e.Evidence) > 0 && quotes(e.Evidence) == 0 {
			add(e.ID, "an entity needs at least one quote of the source")
		}
		if e.Type == kg.Fact {
			checkFact(e, add)
		} else if e.Kind != "" || e.Qualifier != "" || e.Measure != "" || e.Series != "" {
			add(e.ID, "only facts have a kind, a qualifier, a measure and a series")
		}
		if e.Type == kg.Document {
			checkDocument(e, add)
		}
		if e.Type == kg.Person && (e.Role.FR == "" || e.Role.EN == "") {
			add(e.ID, "person needs a role in fr and en")
		}
		for _, key := range nameKeys(e) {
			if other, ok := names[key]; ok && other != e.ID {
				if _, why := ds.Distinct[pair(other, e.ID)]; !why {
					add(e.ID, "shares the normalised name or alias %q with %s (add \"distinct\" with a reason if both are right)", key, other)
				}
				continue
			}
			names[key] = e.ID
		}
	}
	for p := range ds.Distinct {
		for _, id := range p {
			if _, ok := byID[id]; !ok {
				add(id, "named in \"distinct\" but not defined")
			}
		}
	}
	for _, d := range ds.Documents {
		if e, ok := byID[d.ID]; !ok || e.Type != kg.Document {
			add(d.ID, "document has no entity of type Document")
		}
	}
	checkPairs(ds, add)
	checkFactLinks(ds, byID, add)
	checkSeries(ds, add)
	for _, r := range ds.Relationships {
		id := string(r.Type) + " " + r.From + " -> " + r.To
		rt, ok := kg.LookupRelType(r.Type)
		if !ok {
			add(id, "relationship type not in the vocabulary")
			continue
		}
		from, okFrom := byID[r.From]
		to, okTo := byID[r.To]
		if !okFrom || !okTo {
			add(id, "endpoint does not exist")
			continue
		}
		if r.From == r.To {
			add(id, "relationship from an entity to itself")
		}
		if !rt.Allows(from.Type, to.Type) {
			add(id, "%s may not go from %s to %s", r.Type, from.Type, to.Type)
		}
		checkEvidence(id, r.Evidence)
		if len(r.Evidence) > 0 && quotes(r.Evidence) == 0 && !referenceTypes[r.Type] {
			add(id, "%s needs a quote of the source (world knowledge alone serves only %v)", r.Type, slices.Sorted(maps.Keys(referenceTypes)))
		}
		checkStated(r, add)
		checkRank(r, add)
	}
	return ps
}

// referenceTypes are the relationship types that world knowledge alone may support (a reference,
// without a quote): where a place or an organization is, what it belongs to.
var referenceTypes = map[kg.RelationshipType]bool{"LOCATED_IN": true, "PART_OF": true, "GOVERNS": true, "OWNS": true}

// quotes returns the number of quotes among ev.
func quotes(ev []kg.Evidence) int {
	n := 0
	for _, e := range ev {
		if !e.IsReference() {
			n++
		}
	}
	return n
}

// nameKeys returns the folded names and aliases of an entity, each once. Facts are exempt: their
// names are descriptions of figures, not names of things.
func nameKeys(e kg.Entity) []string {
	if e.Type == kg.Fact {
		return nil
	}
	var keys []string
	seen := map[string]bool{}
	for _, s := range append([]string{e.Name.FR, e.Name.EN}, e.Aliases...) {
		k := kg.Fold(s)
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

func checkFact(e kg.Entity, add func(id, format string, args ...any)) {
	if e.Unit == "" {
		add(e.ID, "fact has no unit")
	}
	checkFactKind(e, add)
	if e.Statement.FR == "" || e.Statement.EN == "" {
		add(e.ID, "fact needs a statement in fr and en")
	}
	if e.ValueText == "" {
		add(e.ID, "fact has no valueText")
		return
	}
	found := false
	for _, ev := range e.Evidence {
		if strings.Contains(kg.NormalizeSpace(ev.Quote), kg.NormalizeSpace(e.ValueText)) {
			found = true
		}
	}
	if !found {
		add(e.ID, "valueText %q is not in the fact's quote", e.ValueText)
	}
	v, err := ParseFrenchNumber(e.ValueText)
	if err != nil {
		add(e.ID, "valueText %q: %v", e.ValueText, err)
		return
	}
	if math.Abs(v-e.Value) > 1e-9*math.Max(1, math.Abs(v)) {
		add(e.ID, "value %v does not match valueText %q (%v)", e.Value, e.ValueText, v)
	}
}

var digits = regexp.MustCompile(`\d[\d\s\x{00a0}\x{202f}]*(?:,\d+)?`)

var numberWords = map[string]float64{
	"zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
	"huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
	"quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
	"cinquante": 50, "soixante": 60, "cent": 100, "cents": 100, "mille": 1000,
	// Multiplicative verbs: "a doublé" is a ratio of 2.
	"doublé": 2, "doublée": 2, "triplé": 3, "triplée": 3, "quadruplé": 4, "quintuplé": 5,
	// Ordinals: "la troisième table ronde" is the third.
	"premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3,
	"quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7,
}

var multipliers = map[string]float64{
	"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
	"moitié": 0.5, "demi": 0.5, "tiers": 1.0 / 3, "quart": 0.25, "quarts": 0.25,
}

// ParseFrenchNumber reads the number that a piece of French text gives: digits with spaces between
// thousands and a decimal comma ("14 700", "1,5"), or number words ("vingt-cinq", "trois", "doublé"), followed
// by an optional "million", "milliard", or a fraction word ("tiers", "quart", "moitié").
func ParseFrenchNumber(s string) (float64, error) {
	s = strings.ToLower(s)
	var value float64
	rest := s
	if loc := digits.FindStringIndex(s); loc != nil {
		num := strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\u00a0', '\u202f', '\t', '\n':
				return -1
			case ',':
				return '.'
			}
			return r
		}, s[loc[0]:loc[1]])
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, fmt.Errorf("read %q: %w", num, err)
		}
		value, rest = v, s[loc[1]:]
	} else {
		// Number words: "vingt-cinq" = 20+5, "deux cents" = 2*100, "trois mille" = 3*1000.
		var total, group float64
		seen := false
		for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '\u00a0' }) {
			n, ok := numberWords[w]
			if !ok {
				continue
			}
			seen = true
			switch {
			case n == 100:
				group = math.Max(group, 1) * 100
			case n == 1000:
				total += math.Max(group, 1) * 1000
				group = 0
			default:
				group += n
			}
		}
		if !seen {
			return 0, fmt.Errorf("no number in %q", s)
		}
		value, rest = total+group, ""
		for _, w := range strings.Fields(s) {
			if m, ok := multipliers[w]; ok {
				value *= m
			}
		}
		return value, nil
	}
	for _, w := range strings.Fields(rest) {
		if m, ok := multipliers[strings.Trim(w, ".,;:$%")]; ok {
			value *= m
			break
		}
	}
	return value, nil
}
