package seed

import (
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

// qualifierMarkers maps the French words that bound a figure to the qualifier they mean. A marker
// counts when it stands right before the figure's words (valueText) in its quote, or opens them
// ("plus que doublé").
var qualifierMarkers = []struct {
	re        *regexp.Regexp
	qualifier string
}{
	{regexp.MustCompile(`(?i)\benviron$`), kg.QualifierApproximately},
	{regexp.MustCompile(`(?i)\bprès (de|d')$`), kg.QualifierApproximately},
	{regexp.MustCompile(`(?i)\bpratiquement$`), kg.QualifierApproximately},
	{regexp.MustCompile(`(?i)\bquelque$`), kg.QualifierApproximately},
	{regexp.MustCompile(`(?i)\bplus (de|d'|que)$`), kg.QualifierMoreThan},
	{regexp.MustCompile(`(?i)\bmoins (de|d'|que)$`), kg.QualifierLessThan},
	{regexp.MustCompile(`(?i)\bjusqu'(à|a)$`), kg.QualifierUpTo},
	{regexp.MustCompile(`(?i)\bau moins$`), kg.QualifierAtLeast},
	{regexp.MustCompile(`(?i)\ben moyenne$`), kg.QualifierAverage},
}

// impliedQualifier returns the qualifier that the words of quote right before (or at the start of)
// valueText imply, or "" when there are none.
func impliedQualifier(quote, valueText string) string {
	q := strings.ReplaceAll(kg.NormalizeSpace(quote), "’", "'")
	v := strings.ReplaceAll(kg.NormalizeSpace(valueText), "’", "'")
	i := strings.Index(q, v)
	if i < 0 {
		return ""
	}
	before := strings.TrimSpace(q[:i])
	for _, m := range qualifierMarkers {
		if m.re.MatchString(before) {
			return m.qualifier
		}
		// The marker may be part of valueText itself: "plus que doublé".
		words := strings.Fields(v)
		for n := 1; n < len(words); n++ {
			if m.re.MatchString(strings.Join(words[:n], " ")) {
				return m.qualifier
			}
		}
	}
	return ""
}

// periodPhrase matches a figure that is the length of the window a statement looks back over ("au
// cours des sept derniers jours"): that is the statement's period, not a figure.
var periodPhrase = regexp.MustCompile(`(?i)(au cours|pendant|durant|lors) (des|de la|du) $`)

// checkFactKind checks a fact's kind and qualifier against the vocabulary, its unit and its quote.
func checkFactKind(e kg.Entity, add func(id, format string, args ...any)) {
	if !kg.ValidKind(e.Kind) {
		add(e.ID, "fact kind %q is not one of %v", e.Kind, kg.FactKinds)
	}
	if !kg.ValidMeasure(e.Measure) {
		add(e.ID, "fact measure %q is not one of %v", e.Measure, kg.Measures)
	}
	if !kg.ValidQualifier(e.Qualifier) {
		add(e.ID, "fact qualifier %q is not one of %v", e.Qualifier, kg.Qualifiers)
	}
	unit := strings.ToLower(e.Unit)
	switch e.Kind {
	case kg.KindShare:
		if unit != "percent" {
			add(e.ID, "a share is in percent, not %q", e.Unit)
		}
	case kg.KindChange:
		if unit != "percent" && unit != "ratio" {
			add(e.ID, "a change is in percent or a ratio, not %q", e.Unit)
		}
	case kg.KindMoney:
		if unit != "cad" && unit != "usd" {
			add(e.ID, "money is in CAD or USD, not %q", e.Unit)
		}
	case kg.KindRate:
		if unit != "ratio" && !strings.Contains(unit, " per ") {
			add(e.ID, "a rate is a ratio or a unit \"... per ...\", not %q", e.Unit)
		}
	case kg.KindDuration:
		if !regexp.MustCompile(`^(days?|hours?|weeks?|months?|years?)\b`).MatchString(unit) {
			add(e.ID, "a duration is in days, hours, weeks, months or years, not %q", e.Unit)
		}
	case kg.KindCount, kg.KindAmount:
		if unit == "percent" || unit == "ratio" || unit == "cad" || unit == "usd" {
			add(e.ID, "a %s is not in %q", e.Kind, e.Unit)
		}
	}
	for _, ev := range e.Evidence {
		q := strings.ReplaceAll(kg.NormalizeSpace(ev.Quote), "’", "'")
		v := strings.ReplaceAll(kg.NormalizeSpace(e.ValueText), "’", "'")
		if i := strings.Index(q, v); i >= 0 && periodPhrase.MatchString(q[:i]) && strings.HasPrefix(strings.TrimSpace(q[i+len(v):]), "dernier") {
			add(e.ID, "%q is the length of the window the statement looks back over (\"au cours des ... derniers\"): that is its period, not a figure", e.ValueText)
		}
		if want := impliedQualifier(ev.Quote, e.ValueText); want != "" && want != e.Qualifier {
			add(e.ID, "qualifier %q disagrees with the quote, which says %q: want %q", e.Qualifier, ev.Quote, want)
		}
	}
	if e.Qualifier != kg.QualifierExact && e.Qualifier != "" {
		found := false
		for _, ev := range e.Evidence {
			if impliedQualifier(ev.Quote, e.ValueText) == e.Qualifier {
				found = true
			}
		}
		if !found {
			add(e.ID, "qualifier %q is not in any quote of the fact (\"environ\", \"plus de\", ... right before %q)", e.Qualifier, e.ValueText)
		}
	}
}

// checkFactLinks checks that every fact is about at least one entity and was reported in a session,
// or says in "noSession" why not.
func checkFactLinks(ds *Dataset, byID map[string]kg.Entity, add func(id, format string, args ...any)) {
	about := map[string]int{}
	sessions := map[string]int{}
	for _, r := range ds.Relationships {
		switch {
		case r.Type == "ABOUT":
			about[r.From]++
		case r.Type == "DISCUSSED_IN" && byID[r.To].Type == kg.Session:
			sessions[r.From]++
		}
	}
	for _, e := range ds.Entities {
		if e.Type != kg.Fact {
			if _, ok := ds.NoSession[e.ID]; ok {
				add(e.ID, "only facts have \"noSession\"")
			}
			continue
		}
		if about[e.ID] == 0 {
			add(e.ID, "fact is about nothing: give \"about\"")
		}
		why := strings.TrimSpace(ds.NoSession[e.ID])
		switch {
		case sessions[e.ID] == 0 && why == "":
			add(e.ID, "fact is reported in no session (DISCUSSED_IN) and \"noSession\" does not say why")
		case sessions[e.ID] > 0 && why != "":
			add(e.ID, "fact has a session and a \"noSession\" reason")
		}
	}
}

// checkPairs rejects an entity that is both LOCATED_IN and OPERATES_IN the same place: one of the two
// is the more precise reading of the text, and keeping both counts the pair twice.
func checkPairs(ds *Dataset, add func(id, format string, args ...any)) {
	located := map[[2]string]bool{}
	for _, r := range ds.Relationships {
		if r.Type == "LOCATED_IN" {
			located[[2]string{r.From, r.To}] = true
		}
	}
	for _, r := range ds.Relationships {
		if r.Type == "OPERATES_IN" && located[[2]string{r.From, r.To}] {
			add("OPERATES_IN "+r.From+" -> "+r.To, "also LOCATED_IN the same place: keep the one the quote states")
		}
	}
}

// checkDocument checks what a citation needs: title, publisher, language, event date, address, and
// an English heading for every section.
func checkDocument(e kg.Entity, add func(id, format string, args ...any)) {
	if e.Publisher.FR == "" || e.Publisher.EN == "" {
		add(e.ID, "document needs a publisher in fr and en")
	}
	if !strings.HasPrefix(e.URL, "https://") {
		add(e.ID, "document needs its https address (url)")
	}
	if e.Language != kg.FR && e.Language != kg.EN {
		add(e.ID, "document language %q is not fr or en", e.Language)
	}
	if e.EventDate == "" {
		add(e.ID, "document needs the date of the event it summarises (eventDate)")
	}
	if len(e.Sections) == 0 {
		add(e.ID, "document has no sections in documents.json")
	}
	for _, s := range e.Sections {
		if s.Title.FR == "" || s.Title.EN == "" {
			add(e.ID, "section %s needs a heading in fr and en (headingEn in documents.json)", s.ID)
		}
	}
}

// statedBy holds, for the relationship types whose meaning a verb carries, the words (folded) of
// which the first quote must contain one: the first quote is the one that states the relationship.
var statedBy = map[kg.RelationshipType][]string{
	"SEIZED":             {"sais", "confisc"},
	"INTERCEPTS":         {"intercept", "detect", "repere", "empecher la contrebande"},
	"SPOKE_ON_BEHALF_OF": {"au nom d"},
	"ORIGINATES_IN":      {"en provenance", "cree", "origin"},
	"LAUNCHED":           {"lanc"},
	"CREATED":            {"cree", "mis sur pied", "mis en place", "etabli"},
	"ADOPTED":            {"adopt"},
	"CONTRIBUTES_TO":     {"contribu"},
	"OWNS":               {"propriet"},
	"SHIPPED_WITH":       {"ensemble"},
}

// rankedBy holds the words (folded) of which the first quote of a relationship with a rank must
// contain one: the words that give the order.
var rankedBy = map[kg.RelationshipType][]string{
	"INTERCEPTS": {"les plus couramment", "le plus souvent"},
}

// checkRank checks that only the types of rankedBy carry a rank, and that their first quote gives
// an order.
func checkRank(r kg.Relationship, add func(id, format string, args ...any)) {
	if r.Rank == 0 {
		return
	}
	id := string(r.Type) + " " + r.From + " -> " + r.To
	words, ok := rankedBy[r.Type]
	if !ok || r.Rank < 0 {
		add(id, "rank %d: only %v carry a rank, from 1", r.Rank, slices.Sorted(maps.Keys(rankedBy)))
		return
	}
	q := kg.Fold(firstQuote(r.Evidence).Quote)
	for _, w := range words {
		if strings.Contains(q, w) {
			return
		}
	}
	add(id, "rank %d: the first quote gives no order (none of %q): %q", r.Rank, words, firstQuote(r.Evidence).Quote)
}

// firstQuote returns the first evidence that is a quote, the zero evidence when there is none.
func firstQuote(ev []kg.Evidence) kg.Evidence {
	for _, e := range ev {
		if !e.IsReference() {
			return e
		}
	}
	return kg.Evidence{}
}

// checkStated checks that a relationship's first quote says what its type means, for the types in
// statedBy.
func checkStated(r kg.Relationship, add func(id, format string, args ...any)) {
	words, ok := statedBy[r.Type]
	if !ok || len(r.Evidence) == 0 {
		return
	}
	q := kg.Fold(firstQuote(r.Evidence).Quote)
	for _, w := range words {
		if strings.Contains(q, w) {
			return
		}
	}
	add(string(r.Type)+" "+r.From+" -> "+r.To, "the first quote does not state it (none of %q): %q", words, firstQuote(r.Evidence).Quote)
}

// checkSeries checks that the facts of each series are at least two, of one measure, unit and kind,
// about the same entities, and of distinct periods: the figures of one thing across time.
func checkSeries(ds *Dataset, add func(id, format string, args ...any)) {
	about := map[string][]string{}
	for _, r := range ds.Relationships {
		if r.Type == "ABOUT" {
			about[r.From] = append(about[r.From], r.To)
		}
	}
	series := map[string][]kg.Entity{}
	for _, e := range ds.Entities {
		if e.Series != "" {
			series[e.Series] = append(series[e.Series], e)
		}
	}
	for name, facts := range series {
		if len(facts) < 2 {
			add(facts[0].ID, "series %q has one figure: a series links figures across periods", name)
			continue
		}
		first := facts[0]
		periods := map[string]bool{}
		for _, f := range facts {
			if f.Measure != first.Measure || f.Unit != first.Unit || f.Kind != first.Kind {
				add(f.ID, "series %q mixes %s/%s/%s with %s/%s/%s of %s", name, f.Measure, f.Unit, f.Kind, first.Measure, first.Unit, first.Kind, first.ID)
			}
			if !slices.Equal(about[f.ID], about[first.ID]) {
				add(f.ID, "series %q: about %v, but %s is about %v", name, about[f.ID], first.ID, about[first.ID])
			}
			if f.Period == "" || periods[f.Period] {
				add(f.ID, "series %q: period %q is empty or given twice", name, f.Period)
			}
			periods[f.Period] = true
		}
	}
}
