package graph_test

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/seed"
)

// translatedStore returns a memory store over the seed data read with a translations file of its
// own that translates the given quotes of section plenary-6, whatever the shipped file holds.
func translatedStore(tb testing.TB, en map[string]string) *memory.Store {
	tb.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(seed.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(seed.FS(), p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	var quotes []map[string]string
	for fr, e := range en {
		quotes = append(quotes, map[string]string{"section": "plenary-6", "fr": fr, "en": e})
	}
	data, err := json.Marshal(map[string]any{"quotes": quotes})
	if err != nil {
		tb.Fatal(err)
	}
	fsys[seed.TranslationsFile] = &fstest.MapFile{Data: data}
	d, err := seed.Read(fsys)
	if err != nil {
		tb.Fatal(err)
	}
	if ps := seed.Check(d); len(ps) > 0 {
		tb.Fatalf("data with test translations: %v", ps[0])
	}
	s, err := memory.New(d.Entities, d.Relationships, d.Version)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestEvidenceQuoteInEnglishParagraphAndCitation(t *testing.T) {
	const fr = "Cette équipe a pour mandat de perturber et de démanteler les marchés illicites du Web profond qui facilitent la distribution de fentanyl et d’autres opioïdes."
	const en = "The team's mandate is to disrupt and dismantle illicit dark web markets that facilitate the distribution of fentanyl and other opioids."
	srv := newServer(t, translatedStore(t, map[string]string{fr: en}))
	type evidence struct {
		Section     string
		Paragraph   *int
		Quote       string
		QuoteFR     string
		QuoteEN     string
		Translation *struct {
			Language, Text, Note string
			Official             bool
		}
		Citation, CitationFR string
	}
	var data struct {
		Entity struct {
			Targets struct {
				Edges []struct {
					Node     struct{ ID string }
					Evidence []evidence
				}
			}
		}
	}
	mustData(t, post(t, srv, `{ entity(id: "j-code") { ... on Initiative { targets { edges { node { id } evidence {
	  section paragraph quote quoteFR: quote(lang: FR) quoteEN: quote(lang: EN)
	  translation { language text official note } citation citationFR: citation(lang: FR) } } } } } }`, nil), &data)
	translated, untranslated := 0, 0
	for _, edge := range data.Entity.Targets.Edges {
		for _, ev := range edge.Evidence {
			if ev.Quote != ev.QuoteFR {
				t.Errorf("quote %q differs from quote(lang: FR) %q", ev.Quote, ev.QuoteFR)
			}
			if ev.Paragraph == nil || *ev.Paragraph != 7 {
				// plenary-6 paragraph 7 is the one on J-CODE's mandate and targets.
				t.Errorf("%s: paragraph = %v, want 7", edge.Node.ID, derefInt(ev.Paragraph))
			}
			for _, want := range []string{"Public Safety Canada. (n.d.).", "[2019 Law Enforcement Roundtable on Drugs: Meeting Summary] (in French)", `Section "Plenary session 6: Technology", paragraph 7.`, "https://www.publicsafety.gc.ca/cnt/rsrcs/pblctns/2019-fall-lw-nfrcmnt-rndtbl-drgs/index-fr.aspx"} {
				if !strings.Contains(ev.Citation, want) {
					t.Errorf("citation %q lacks %q", ev.Citation, want)
				}
			}
			for _, want := range []string{"Sécurité publique Canada. (s. d.).", "Section « Séance plénière 6 : Technologie », paragraphe 7."} {
				if !strings.Contains(ev.CitationFR, want) {
					t.Errorf("French citation %q lacks %q", ev.CitationFR, want)
				}
			}
			switch ev.QuoteFR {
			case fr:
				translated++
				if ev.QuoteEN != en || ev.Translation == nil || ev.Translation.Text != en || ev.Translation.Official || ev.Translation.Language != "EN" || !strings.Contains(ev.Translation.Note, "Unofficial") {
					t.Errorf("translated quote: %+v %+v", ev, ev.Translation)
				}
			default:
				untranslated++
				if ev.QuoteEN != ev.QuoteFR || ev.Translation != nil {
					t.Errorf("quote without translation: quote(lang: EN) = %q, translation = %+v; want the French words and null", ev.QuoteEN, ev.Translation)
				}
			}
		}
	}
	if translated == 0 || untranslated == 0 {
		t.Errorf("%d translated and %d untranslated evidence; the test needs both", translated, untranslated)
	}
}

func TestFactKindQualifierAndDocument(t *testing.T) {
	srv := newServer(t, mustStore(t))
	var data struct {
		Drugs, Money, Share struct{ Kind, Qualifier, Unit string }
		Deaths, Seized      struct{ SessionNote *string }
		Doc                 struct {
			Title, TitleFR, Publisher, PublisherFR, Language, URL string
			EventDate                                             *string
			PublicationDate                                       *string
			Sections                                              []struct{ ID, Title, TitleFR string }
		}
	}
	mustData(t, post(t, srv, `{
	  drugs: entity(id: "fact-sabotor-drugs-seized") { ... on Fact { kind qualifier unit } }
	  money: entity(id: "fact-sabotor-money-seized") { ... on Fact { kind qualifier unit } }
	  share: entity(id: "fact-cbsa-postal-courier-share-of-seizures") { ... on Fact { kind qualifier unit } }
	  deaths: entity(id: "fact-opioid-deaths-canada-2016-2019") { ... on Fact { sessionNote } }
	  seized: entity(id: "fact-sabotor-drugs-seized") { ... on Fact { sessionNote } }
	  doc: entity(id: "roundtable-2019") { ... on Document { title titleFR: title(lang: FR) publisher publisherFR: publisher(lang: FR)
	    language url eventDate publicationDate sections { id title titleFR: title(lang: FR) } } }
	}`, nil), &data)
	want := map[string][3]string{"drugs": {"AMOUNT", "APPROXIMATELY", "kilograms"}, "money": {"MONEY", "MORE_THAN", "USD"}, "share": {"SHARE", "EXACT", "percent"}}
	for name, got := range map[string]struct{ Kind, Qualifier, Unit string }{"drugs": data.Drugs, "money": data.Money, "share": data.Share} {
		if w := want[name]; got.Kind != w[0] || got.Qualifier != w[1] || got.Unit != w[2] {
			t.Errorf("%s: %+v, want %v", name, got, w)
		}
	}
	if n := data.Deaths.SessionNote; n == nil || !strings.Contains(*n, "introduction") {
		t.Errorf("sessionNote of a figure of the introduction = %v, want why it has no session", n)
	}
	if n := data.Seized.SessionNote; n != nil {
		t.Errorf("sessionNote of a figure of plenary 6 = %q, want null", *n)
	}
	d := data.Doc
	if d.Title != "2019 Law Enforcement Roundtable on Drugs: Meeting Summary" || !strings.HasPrefix(d.TitleFR, "Table ronde") ||
		d.Publisher != "Public Safety Canada" || d.PublisherFR != "Sécurité publique Canada" || d.Language != "FR" ||
		d.URL != "https://www.publicsafety.gc.ca/cnt/rsrcs/pblctns/2019-fall-lw-nfrcmnt-rndtbl-drgs/index-fr.aspx" ||
		d.EventDate == nil || *d.EventDate != "2019-10-08/2019-10-09" || d.PublicationDate != nil {
		t.Errorf("document = %+v", d)
	}
	if len(d.Sections) != 13 || d.Sections[3].ID != "plenary-1" || !strings.HasPrefix(d.Sections[3].TitleFR, "Séance plénière 1") || !strings.HasPrefix(d.Sections[3].Title, "Plenary session 1") {
		t.Errorf("sections = %+v", d.Sections)
	}
}

// TestPreciseRelationships asks, one query each, the questions that a vaguer graph answered wrongly.
func TestPreciseRelationships(t *testing.T) {
	srv := newServer(t, mustStore(t))
	type conn struct {
		TotalCount int
		Edges      []struct {
			Node     struct{ ID string }
			Evidence []struct{ Quote string }
		}
	}
	ids := func(c conn) []string {
		var out []string
		for _, e := range c.Edges {
			out = append(out, e.Node.ID)
		}
		return out
	}
	var data struct {
		Session struct{ Presenters conn }
		Ellen   struct {
			SpokenForBy struct {
				Edges []struct {
					Node struct {
						ID            string
						Presentations conn
					}
				}
			}
		}
		Angel struct{ Origins conn }
		CBSA  struct {
			Intercepts conn
			Targets    conn
		}
		US struct{ Organizations conn }
	}
	mustData(t, post(t, srv, `{
	  session: entity(id: "winnipeg-2019-plenary-6") { ... on Session { presenters(first: 50) { totalCount edges { node { id } } } } }
	  ellen: entity(id: "ellen-burack") { ... on Person { spokenForBy { edges { node { id ... on Person { presentations { totalCount edges { node { id } } } } } } } } }
	  angel: entity(id: "angel-program") { ... on Initiative { origins { totalCount edges { node { id } evidence { quote } } } } }
	  cbsa: entity(id: "canada-border-services-agency") { ... on Organization {
	    intercepts(first: 50) { totalCount edges { node { id } evidence { quote } } }
	    targets(first: 50) { totalCount edges { node { id } } } } }
	  us: entity(id: "united-states") { ... on Place { organizations(first: 100) { totalCount edges { node { id } } } } }
	}`, nil), &data)
	if !slices.Contains(ids(data.Session.Presenters), "j-code") {
		t.Errorf("plenary 6 presenters %v lack the J-CODE team", ids(data.Session.Presenters))
	}
	if s := data.Ellen.SpokenForBy.Edges; len(s) != 1 || s[0].Node.ID != "trevor-bhupsingh" || !slices.Contains(ids(s[0].Node.Presentations), "winnipeg-2019-opening") {
		t.Errorf("Ellen Burack: spoken for by %+v, want Trevor Bhupsingh, who gave the opening remarks", s)
	}
	if o := data.Angel.Origins; len(o.Edges) != 1 || o.Edges[0].Node.ID != "massachusetts" || !strings.Contains(o.Edges[0].Evidence[0].Quote, "créé au Massachusetts") {
		t.Errorf("Angel program origins = %+v", o)
	}
	got := ids(data.CBSA.Intercepts)
	for _, s := range []string{"cocaine", "fentanyl", "heroin", "methamphetamine", "illicit-drugs"} {
		if !slices.Contains(got, s) {
			t.Errorf("CBSA intercepts %v, lacks %s", got, s)
		}
	}
	for _, e := range data.CBSA.Intercepts.Edges {
		if e.Node.ID == "fentanyl" && !strings.Contains(e.Evidence[0].Quote, "fentanyl") {
			t.Errorf("first quote of CBSA INTERCEPTS fentanyl does not say fentanyl: %q", e.Evidence[0].Quote)
		}
	}
	if data.CBSA.Targets.TotalCount != 0 {
		t.Errorf("CBSA targets %v: the text says what it intercepts, not what it targets", ids(data.CBSA.Targets))
	}
	us := ids(data.US.Organizations)
	if distinct := slices.Compact(slices.Sorted(slices.Values(us))); len(distinct) != data.US.Organizations.TotalCount {
		t.Errorf("United States organizations: totalCount %d for %d distinct organizations %v", data.US.Organizations.TotalCount, len(distinct), us)
	}
}

func derefInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestNewRelationshipFieldsBothWays checks every SEIZED, INTERCEPTS, SPOKE_ON_BEHALF_OF relationship,
// and those of initiatives in ORIGINATES_IN and PRESENTED_AT, through the named field on each end.
func TestNewRelationshipFieldsBothWays(t *testing.T) {
	ds := mustDataset(t)
	srv := newServer(t, mustStore(t))
	types := map[string]string{}
	for _, e := range ds.Entities {
		types[e.ID] = string(e.Type)
	}
	fields := map[kg.RelationshipType][2]string{ // relationship type: field on the from end, field on the to end
		"SEIZED":             {"seized", "seizedBy"},
		"INTERCEPTS":         {"intercepts", "interceptedBy"},
		"SPOKE_ON_BEHALF_OF": {"spokeOnBehalfOf", "spokenForBy"},
		"ORIGINATES_IN":      {"origins", "originOf"},
		"PRESENTED_AT":       {"presentations", "presenters"},
	}
	checked := map[kg.RelationshipType]int{}
	for _, r := range ds.Relationships {
		f, ok := fields[r.Type]
		if !ok || (r.Type == "ORIGINATES_IN" || r.Type == "PRESENTED_AT") && types[r.From] != "Initiative" {
			continue
		}
		var data struct {
			From, To struct {
				L struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		q := `query($from: ID!, $to: ID!) {
		  from: entity(id: $from) { ... on ` + types[r.From] + ` { l: ` + f[0] + `(first: 100) { edges { node { id } } } } }
		  to: entity(id: $to) { ... on ` + types[r.To] + ` { l: ` + f[1] + `(first: 100) { edges { node { id } } } } }
		}`
		mustData(t, post(t, srv, q, map[string]any{"from": r.From, "to": r.To}), &data)
		has := func(edges []struct{ Node struct{ ID string } }, id string) bool {
			return slices.ContainsFunc(edges, func(e struct{ Node struct{ ID string } }) bool { return e.Node.ID == id })
		}
		if !has(data.From.L.Edges, r.To) || !has(data.To.L.Edges, r.From) {
			t.Errorf("%s %s -> %s: %s.%s has %v, %s.%s has %v", r.Type, r.From, r.To, r.From, f[0], data.From.L.Edges, r.To, f[1], data.To.L.Edges)
		}
		checked[r.Type]++
	}
	for typ := range fields {
		if checked[typ] == 0 {
			t.Errorf("no %s relationship checked", typ)
		}
	}
}
