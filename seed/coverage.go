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
	countTable(tw, "entity type", kg.EntityTypes, c.Entities, "all entities")
	names := kg.RelTypeNames()
	sort.SliceStable(names, func(i, j int) bool { return c.Relationships[names[i]] > c.Relationships[names[j]] })
	countTable(tw, "relationship type", names, c.Relationships, "all relationships")
	countTable(tw, "fact kind", kg.FactKinds, c.FactKinds, "")
	countTable(tw, "fact qualifier", kg.Qualifiers, c.Qualifiers, "")
	countTable(tw, "fact measure", kg.Measures, c.Measures, "")
	fmt.Fprintln(tw, "section\tentities\trelationships\tfacts\tquotes\t")
	for _, s := range c.Sections {
		fmt.Fprintf(tw, "%s/%s\t%d\t%d\t%d\t%d\t\n", s.Document, s.Section, s.Entities, s.Relationships, s.Facts, s.Quotes)
	}
	fmt.Fprintf(tw, "all evidence\t\t\t\t%d\t\n", c.Evidence)
	fmt.Fprintf(tw, "with an English translation\t\t\t\t%d\t\n", c.Translated)
	fmt.Fprintf(tw, "world-knowledge references\t\t\t\t%d\t\n", c.References)
	return tw.Flush()
}

// countTable writes the count of each key, in order, under a heading, then a blank line; with a
// total label, a line before the blank one counts them all.
func countTable[K ~string](w io.Writer, heading string, keys []K, counts map[K]int, total string) {
	fmt.Fprintf(w, "%s\tcount\t\n", heading)
	sum := 0
	for _, k := range keys {
		fmt.Fprintf(w, "%s\t%d\t\n", k, counts[k])
		sum += counts[k]
	}
	if total != "" {
		fmt.Fprintf(w, "%s\t%d\t\n", total, sum)
	}
	fmt.Fprintln(w)
}
