package seed

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/drugwatch/roundtable-kg/kg"
)

// Coverage counts a dataset: entities per type, relationships per type, and per section of each
// source the entities, relationships and facts that quote it.
type Coverage struct {
	Entities      map[kg.EntityType]int
	Relationships map[kg.RelationshipType]int
	// FactKinds, Qualifiers and Measures count facts per kind, qualifier and measure.
	FactKinds  map[string]int
	Qualifiers map[string]int
	Measures   map[string]int
	Evidence   int
	// References counts the evidence that is world knowledge (a note, no quote of a section).
	References int
	// Translated counts the evidence whose quote has an English translation.
	Translated int
	Sections   []SectionCoverage
}

// SectionCoverage counts what quotes one section of a document.
type SectionCoverage struct {
	Document, Section              string
	Entities, Relationships, Facts int
	Quotes                         int
}

// Measure returns the coverage of ds.
func Measure(ds *Dataset) Coverage {
	c := Coverage{Entities: map[kg.EntityType]int{}, Relationships: map[kg.RelationshipType]int{}, FactKinds: map[string]int{}, Qualifiers: map[string]int{}, Measures: map[string]int{}}
	type key struct{ doc, sec string }
	idx := map[key]*SectionCoverage{}
	for _, d := range ds.Documents {
		for _, s := range d.Sections {
			c.Sections = append(c.Sections, SectionCoverage{Document: d.ID, Section: s.ID})
		}
	}
	for i := range c.Sections {
		s := &c.Sections[i]
		idx[key{s.Document, s.Section}] = s
	}
	// count adds one to the counter of each section the evidence quotes, once per section.
	count := func(ev []kg.Evidence, field func(*SectionCoverage) *int) {
		seen := map[key]bool{}
		for _, e := range ev {
			if e.IsReference() {
				c.References++
				continue
			}
			k := key{e.Document, e.Section}
			s := idx[k]
			if s == nil {
				continue
			}
			s.Quotes++
			c.Evidence++
			if e.QuoteEN != "" {
				c.Translated++
			}
			if !seen[k] {
				seen[k] = true
				*field(s)++
			}
		}
	}
	for _, e := range ds.Entities {
		c.Entities[e.Type]++
		if e.Type == kg.Fact {
			c.FactKinds[e.Kind]++
			c.Qualifiers[e.Qualifier]++
			c.Measures[e.Measure]++
			count(e.Evidence, func(s *SectionCoverage) *int { return &s.Facts })
		} else {
			count(e.Evidence, func(s *SectionCoverage) *int { return &s.Entities })
		}
	}
	for _, r := range ds.Relationships {
		c.Relationships[r.Type]++
		count(r.Evidence, func(s *SectionCoverage) *int { return &s.Relationships })
	}
	return c
}

// Write prints the coverage as plain-text tables: entities per type, relationships per type, facts
// per kind, qualifier and measure, what quotes each section, and how many references there are.
func (c Coverage) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	total := 0
	fmt.Fprintln(tw, "entity type\tcount\t")
	for _, t := range kg.EntityTypes {
		fmt.Fprintf(tw, "%s\t%d\t\n", t, c.Entities[t])
		total += c.Entities[t]
	}
	fmt.Fprintf(tw, "all entities\t%d\t\n\n", total)
	total = 0
	fmt.Fprintln(tw, "relationship type\tcount\t")
	names := kg.RelTypeNames()
	sort.SliceStable(names, func(i, j int) bool { return c.Relationships[names[i]] > c.Relationships[names[j]] })
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t%d\t\n", n, c.Relationships[n])
		total += c.Relationships[n]
	}
	fmt.Fprintf(tw, "all relationships\t%d\t\n\n", total)
	fmt.Fprintln(tw, "fact kind\tcount\t")
	for _, k := range kg.FactKinds {
		fmt.Fprintf(tw, "%s\t%d\t\n", k, c.FactKinds[k])
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "fact qualifier\tcount\t")
	for _, q := range kg.Qualifiers {
		fmt.Fprintf(tw, "%s\t%d\t\n", q, c.Qualifiers[q])
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "fact measure\tcount\t")
	for _, m := range kg.Measures {
		fmt.Fprintf(tw, "%s\t%d\t\n", m, c.Measures[m])
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "section\tentities\trelationships\tfacts\tquotes\t")
	for _, s := range c.Sections {
		fmt.Fprintf(tw, "%s/%s\t%d\t%d\t%d\t%d\t\n", s.Document, s.Section, s.Entities, s.Relationships, s.Facts, s.Quotes)
	}
	fmt.Fprintf(tw, "all evidence\t\t\t\t%d\t\n", c.Evidence)
	fmt.Fprintf(tw, "with an English translation\t\t\t\t%d\t\n", c.Translated)
	fmt.Fprintf(tw, "world-knowledge references\t\t\t\t%d\t\n", c.References)
	return tw.Flush()
}
