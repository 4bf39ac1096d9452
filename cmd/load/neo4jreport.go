package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// queryLabels name the mix's queries in the report.
var queryLabels = map[string]string{
	"EntityPage":   "entity page",
	"Search":       "search",
	"Neighborhood": "neighbourhood depth 2, limit 200",
	"Path":         "path (at most 4 hops)",
	"Deep":         "deep (orgs → initiatives → targets, participants, partners)",
}

// targetColumns are the report's columns, by target name.
var targetColumns = []struct{ name, title string }{
	{"neo4j", "project on Neo4j"},
	{"peer", "@neo4j/graphql"},
	{"embedded", "project embedded"},
}

// neo4jReport prints the side-by-side table in the form of BENCHMARKS.md: for each query, p50 at
// the fewest connections, req/s at the most, the Cypher statements (RUN messages) and the bytes
// Neo4j sent per request at the fewest connections (where at most one request is in flight when a
// point ends, so the counts are exact to one request), and the CPU time of Neo4j's JVM per
// request at the most connections (the load that sets capacity); then BENCHMARKS.md's targets as
// ratios of the project on Neo4j to the peer.
func neo4jReport(w io.Writer, cfg config, targets []neo4jTarget, results map[string]map[int]map[string][]point, costs map[string]map[int]map[string][]usage) {
	lo, hi := slices.Min(cfg.conns), slices.Max(cfg.conns)
	present := map[string]bool{}
	for _, t := range targets {
		present[t.name] = true
	}
	p50 := func(q, t string) (float64, bool) {
		var xs []float64
		for _, p := range results[q][lo][t] {
			l, ok := p.latency[q]
			if !ok {
				l = p.latency["all"]
			}
			xs = append(xs, float64(l[0].Microseconds())/1000)
		}
		return median(xs), len(xs) > 0
	}
	rps := func(q, t string) (float64, bool) {
		var xs []float64
		for _, p := range results[q][hi][t] {
			xs = append(xs, p.rps)
		}
		return median(xs), len(xs) > 0
	}
	// at sums a cost over the runs at c connections and divides by their requests.
	at := func(c int) func(q, t string, f func(usage) float64) (float64, bool) {
		return func(q, t string, f func(usage) float64) (float64, bool) {
			var sum float64
			n := 0
			for _, u := range costs[q][c][t] {
				if f(u) < 0 {
					return 0, false
				}
				sum += f(u)
				n += u.requests
			}
			if n == 0 {
				return 0, false
			}
			return sum / float64(n), true
		}
	}
	per, perHi := at(lo), at(hi)
	statements := func(u usage) float64 { return float64(u.counts.Runs) }
	bytes := func(u usage) float64 { return float64(u.counts.BytesToClient) }
	cpu := func(u usage) float64 {
		if u.cpuUnknown {
			return -1
		}
		return float64(u.cpu) / float64(time.Millisecond)
	}

	fmt.Fprintf(w, "| query | | %s |\n|---|---|%s\n", strings.Join(columnTitles(), " | "), strings.Repeat("---|", len(targetColumns)))
	for _, q := range cfg.phases {
		rows := []struct {
			label string
			value func(t string) string
			neo4j bool // a cost of Neo4j: none for the embedded store
		}{
			{fmt.Sprintf("p50 @%d connection%s", lo, plural(lo)), func(t string) string { return cell(p50(q, t))(msText) }, false},
			{fmt.Sprintf("req/s @%d connections", hi), func(t string) string { return cell(rps(q, t))(thousands) }, false},
			{"Cypher statements / request", func(t string) string {
				return cell(per(q, t, statements))(func(x float64) string { return fmt.Sprintf("%.2f", x) })
			}, true},
			{"bytes from Neo4j / request", func(t string) string { return cell(per(q, t, bytes))(kbText) }, true},
			{fmt.Sprintf("Neo4j CPU / request @%d", hi), func(t string) string { return cell(perHi(q, t, cpu))(msText) }, true},
		}
		errs := 0
		for _, byTarget := range costs[q] {
			for _, us := range byTarget {
				for _, u := range us {
					errs += u.errors
				}
			}
		}
		if errs > 0 {
			rows = append(rows, struct {
				label string
				value func(t string) string
				neo4j bool
			}{"responses with errors (all points)", func(t string) string {
				n := 0
				for _, byTarget := range costs[q] {
					for _, u := range byTarget[t] {
						n += u.errors
					}
				}
				return thousands(float64(n))
			}, false})
		}
		for i, r := range rows {
			head := ""
			if i == 0 {
				head = queryLabels[q]
			}
			var cells []string
			for _, c := range targetColumns {
				switch {
				case !present[c.name]:
					cells = append(cells, "")
				case r.neo4j && c.name == "embedded":
					cells = append(cells, "")
				default:
					cells = append(cells, r.value(c.name))
				}
			}
			fmt.Fprintf(w, "| %s | %s | %s |\n", head, r.label, strings.Join(cells, " | "))
		}
	}

	if !present["peer"] {
		return
	}
	fmt.Fprintf(w, "\nThe targets, as ratios of the project on Neo4j to @neo4j/graphql (medians):\n\n")
	fmt.Fprintf(w, "| query | p50 @%d (≤ 0.5) | req/s @%d (≥ 1.5) | statements / request (entity page, deep: 1; others ≤ 2) | bytes / request (≤ 1) | Neo4j CPU / request (≤ 1) |\n|---|---|---|---|---|---|\n", lo, hi)
	for _, q := range cfg.phases {
		if len(results[q][lo]["peer"]) == 0 {
			fmt.Fprintf(w, "| %s | no peer query | | %s | | |\n", queryLabels[q], statementTarget(q, per))
			continue
		}
		ratio := func(f func(q, t string) (float64, bool)) (float64, bool) {
			a, okA := f(q, "neo4j")
			b, okB := f(q, "peer")
			if !okA || !okB || b == 0 {
				return 0, false
			}
			return a / b, true
		}
		costRatio := func(per func(q, t string, f func(usage) float64) (float64, bool), f func(usage) float64) (float64, bool) {
			return ratio(func(q, t string) (float64, bool) { return per(q, t, f) })
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", queryLabels[q],
			verdict(ratio(p50))(func(x float64) bool { return x <= 0.5 }),
			verdict(ratio(rps))(func(x float64) bool { return x >= 1.5 }),
			statementTarget(q, per),
			verdict(costRatio(per, bytes))(func(x float64) bool { return x <= 1 }),
			verdict(costRatio(perHi, cpu))(func(x float64) bool { return x <= 1 }))
	}
}

// statementTarget is the project's statements per request on Neo4j against its target in BENCHMARKS.md:
// one for the entity page and the deep query, at most two for the others. The counts include the
// statements a server sends by the second, not by the request (the project's data-version check
// for its response cache, at most once a second while it serves), so 0.02 above the target is
// still one statement per request.
func statementTarget(q string, per func(q, t string, f func(usage) float64) (float64, bool)) string {
	x, ok := per(q, "neo4j", func(u usage) float64 { return float64(u.counts.Runs) })
	if !ok {
		return "-"
	}
	limit := 2.0
	if q == "EntityPage" || q == "Deep" {
		limit = 1
	}
	if x <= limit+0.02 {
		return fmt.Sprintf("%.2f met", x)
	}
	return fmt.Sprintf("%.2f **missed**", x)
}

func columnTitles() []string {
	var out []string
	for _, c := range targetColumns {
		out = append(out, c.title)
	}
	return out
}

// cell formats a value that may be missing.
func cell(x float64, ok bool) func(func(float64) string) string {
	return func(format func(float64) string) string {
		if !ok {
			return "-"
		}
		return format(x)
	}
}

// verdict formats a ratio with whether it meets its target.
func verdict(x float64, ok bool) func(func(float64) bool) string {
	return func(met func(float64) bool) string {
		if !ok {
			return "-"
		}
		if met(x) {
			return fmt.Sprintf("%.2f met", x)
		}
		return fmt.Sprintf("%.2f **missed**", x)
	}
}

// msText writes a latency in milliseconds with two decimals below 10 ms, where a change of a
// tenth is a change of several percent, and one above.
func msText(x float64) string {
	if x < 10 {
		return fmt.Sprintf("%.2f ms", x)
	}
	return fmt.Sprintf("%.1f ms", x)
}

func kbText(x float64) string { return fmt.Sprintf("%.1f KB", x/1000) }

// thousands formats a count with a comma between thousands, as BENCHMARKS.md writes them.
func thousands(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
