package kg

import (
	"slices"
	"strings"
)

// The kinds of a fact's figure.
const (
	KindCount    = "count"    // a number of things, people or events
	KindAmount   = "amount"   // a quantity of matter: kilograms, pills
	KindMoney    = "money"    // a sum of money
	KindShare    = "share"    // a part of a whole, in percent or as a fraction
	KindChange   = "change"   // a rise or fall, in percent or as a multiple
	KindRate     = "rate"     // a number per unit of time or a ratio
	KindDuration = "duration" // a length of time
	KindDate     = "date"     // a year or a date
)

// FactKinds lists the kinds of figure in a fixed order.
var FactKinds = []string{KindCount, KindAmount, KindMoney, KindShare, KindChange, KindRate, KindDuration, KindDate}

// The qualifiers of a fact's value: how the source bounds it.
const (
	QualifierExact         = "exact"
	QualifierApproximately = "approximately" // "environ", "près de"
	QualifierMoreThan      = "more-than"     // "plus de"
	QualifierLessThan      = "less-than"     // "moins de"
	QualifierUpTo          = "up-to"         // "jusqu'à"
	QualifierAtLeast       = "at-least"      // "au moins"
	QualifierAverage       = "average"       // "en moyenne": the value is a mean
)

// Qualifiers lists the qualifiers in a fixed order.
var Qualifiers = []string{QualifierExact, QualifierApproximately, QualifierMoreThan, QualifierLessThan, QualifierUpTo, QualifierAtLeast, QualifierAverage}

// ValidKind reports whether k is one of FactKinds.
func ValidKind(k string) bool { return slices.Contains(FactKinds, k) }

// ValidQualifier reports whether q is one of Qualifiers.
func ValidQualifier(q string) bool { return slices.Contains(Qualifiers, q) }

// Measures lists what a fact's figure may measure, beside its kind and unit: figures of one
// measure can be compared and put in series.
var Measures = []string{
	"seizures",          // things seized, their number, weight or value
	"deaths",            // deaths
	"cases",             // court or police cases
	"offences",          // crimes and criminal incidents
	"arrests",           // arrests
	"visits",            // visits to a service: emergency departments, consumption sites
	"inspections",       // inspections of mail or items
	"closures",          // accounts or sites closed
	"use",               // consumption of a substance
	"organizations",     // criminal or other organizations, their number or share
	"criminal-activity", // the activity of criminal organizations
	"trade",             // imports and exports
	"identifications",   // substances, samples or compounds identified or tested
	"personnel",         // employees, agents, volunteers
	"funding",           // money given to a program
	"calls",             // calls to a service
	"availability",      // hours or days a service is open
	"agreements",        // agreements signed
	"communities",       // communities served or represented
	"websites",          // websites reviewed
	"countries",         // countries an operation reached
	"laboratories",      // clandestine laboratories dismantled
	"publications",      // reports and intelligence products
	"event",             // facts about the roundtable itself: its edition, length, sessions, speakers
}

// ValidMeasure reports whether m is one of Measures.
func ValidMeasure(m string) bool { return slices.Contains(Measures, m) }

// SeriesOf returns the facts of facts that belong to series, ordered by period (ISO periods sort
// as text: "2013" before "2019-01/2019-09"), then id; none when series is empty.
func SeriesOf(facts []Entity, series string) []Entity {
	var out []Entity
	for _, f := range facts {
		if series != "" && f.Type == Fact && f.Series == series {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b Entity) int {
		if c := strings.Compare(a.Period, b.Period); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// Previous returns the figure before f in its ordered series, and false when f is the first or
// not in it.
func Previous(series []Entity, f Entity) (Entity, bool) {
	for i, s := range series {
		if s.ID == f.ID && i > 0 {
			return series[i-1], true
		}
	}
	return Entity{}, false
}
