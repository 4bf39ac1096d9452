package kg

import "slices"

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
)

// Qualifiers lists the qualifiers in a fixed order.
var Qualifiers = []string{QualifierExact, QualifierApproximately, QualifierMoreThan, QualifierLessThan, QualifierUpTo, QualifierAtLeast}

// ValidKind reports whether k is one of FactKinds.
func ValidKind(k string) bool { return slices.Contains(FactKinds, k) }

// ValidQualifier reports whether q is one of Qualifiers.
func ValidQualifier(q string) bool { return slices.Contains(Qualifiers, q) }
