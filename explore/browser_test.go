package explore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/drugwatch/roundtable-kg/browsertest"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
	"github.com/drugwatch/roundtable-kg/web"
)

// run runs steps in the browser, failing the test with what was being done. A step that waits
// for an element that never comes gives up after a while, leaving the browser to the next test.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Steps(steps...)); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// poll waits until the JavaScript expression is true.
func poll(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tgt *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second))(ctx, tgt)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("waiting for %s: %w", expr, err)
		}
		return chromedp.Void{}, nil
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	return browsertest.Run(t, ctx, "evaluate "+expr, chromedp.Evaluate[T](expr))
}

// screenshot saves a picture of the page as name in the temporary folder, and says where.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	file := filepath.Join(os.TempDir(), name)
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", file)
}

// clear empties the input of the page that selector names.
func clear(selector string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tgt *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](fmt.Sprintf(`(document.querySelector(%q).value = '', true)`, selector))(ctx, tgt)
		return chromedp.Void{}, err
	}
}

// idle is true once the page has drawn what it was asked for: no request is under way and the
// status line is empty.
const idle = `(explorer.pending?.() ?? 0) === 0 && document.getElementById('status').textContent === ''`

// open loads the explorer at query (such as "?lang=fr") and waits for its script.
func open(t *testing.T, ctx context.Context, srv *httptest.Server, query string) {
	t.Helper()
	run(t, ctx, "open the explorer at "+query,
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(srv.URL+"/explore/"+query),
		chromedp.WaitVisible(chromedp.CSS("#search")),
		poll(`typeof explorer === 'object'`),
	)
}

// show types text, a name or an id, into the search box and shows that entity.
func show(t *testing.T, ctx context.Context, text, id string) {
	t.Helper()
	run(t, ctx, "show "+text,
		clear("#search"),
		chromedp.SendKeys(chromedp.CSS("#search"), text),
		chromedp.Click(chromedp.CSS("#search-form button"), chromedp.NodeVisible),
		poll(fmt.Sprintf(`explorer.state.focus === %q && document.getElementById('entity-name') !== null && %s`, id, idle)),
	)
}

// connect types from and to, names or ids, into the path form and asks how they are connected;
// fromID and toID are the ids they should resolve to.
func connect(t *testing.T, ctx context.Context, from, to, fromID, toID string) {
	t.Helper()
	run(t, ctx, fmt.Sprintf("connect %s and %s", from, to),
		clear("#path-from"),
		chromedp.SendKeys(chromedp.CSS("#path-from"), from),
		clear("#path-to"),
		chromedp.SendKeys(chromedp.CSS("#path-to"), to),
		chromedp.Click(chromedp.CSS("#path-go"), chromedp.NodeVisible),
		poll(fmt.Sprintf(`explorer.state.from === %q && explorer.state.to === %q && document.querySelectorAll('.path-steps li').length > 0 && %s`,
			fromID, toID, idle)),
	)
}

// query asks the server's GraphQL API, as the page does, and decodes the data into out.
func query(t *testing.T, srv *httptest.Server, q string, out any) {
	t.Helper()
	body, err := json.Marshal(map[string]string{"query": q})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var answer struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(answer.Errors) > 0 {
		t.Fatalf("%s: %v", q, answer.Errors)
	}
	if err := json.Unmarshal(answer.Data, out); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// apiPath is a path as the API gives it: its hops in the path's order, each with the
// relationship in its own direction.
type apiPath struct {
	Nodes []struct{ ID string }
	Hops  []struct {
		Relationship struct {
			Type     string
			From, To struct{ ID, Name string }
		}
	}
}

// paths asks the API for the paths the page asks for.
func paths(t *testing.T, srv *httptest.Server, from, to string) []apiPath {
	t.Helper()
	var data struct{ Paths []apiPath }
	query(t, srv, fmt.Sprintf(`{ paths(from: %q, to: %q, maxHops: 6, first: 3) { nodes { id }
		hops { relationship { type from { id name } to { id name } } } } }`, from, to), &data)
	if len(data.Paths) == 0 {
		t.Fatalf("no path from %s to %s", from, to)
	}
	return data.Paths
}

// pageStrings lists what the page says in its own words: the text, the placeholders, titles and
// labels of every element, and the title of the page; not what comes from the graph.
const pageStrings = `(() => {
  const skip = (e) => e.closest('.data, blockquote, datalist, script, style');
  const out = new Set([document.title]);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const s = n.textContent.trim();
    if (s && !skip(n.parentElement)) out.add(s);
  }
  document.querySelectorAll('[placeholder], [title], [aria-label]').forEach((e) => {
    if (skip(e)) return;
    for (const a of ['placeholder', 'title', 'aria-label']) if (e.getAttribute(a)) out.add(e.getAttribute(a).trim());
  });
  return [...out];
})()`

// TestExplorerInBrowser drives the explorer in headless Chromium, with every host but the test
// server unreachable.
func TestExplorerInBrowser(t *testing.T) {
	store, _ := memorytest.MustSeeded(t)
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()

	browser, events := browsertest.New(t, 3*time.Minute, 1280, 800)
	defer events.Check(t, srv.URL)
	// A screenshot of the page when a step fails, to see what went wrong.
	fail := func(t *testing.T) {
		if t.Failed() {
			screenshot(t, browser, "explore-failure-"+strings.ReplaceAll(t.Name(), "/", "-")+".png")
		}
	}

	// A tour: a search, a neighbourhood, an expansion, the language switch, a path, and the URL
	// that restores the view.
	t.Run("Tour", func(t *testing.T) {
		defer fail(t)
		open(t, browser, srv, "")
		run(t, browser, "search for riverbank",
			chromedp.SendKeys(chromedp.CSS("#search"), "riverbank"),
			poll(`[...document.querySelectorAll('#suggestions option')].some(o => o.value === 'project-riverbank')`),
			chromedp.Click(chromedp.CSS("#search-form button"), chromedp.NodeVisible),
			poll(`explorer.cy.getElementById('project-riverbank').nonempty() && explorer.cy.nodes().length > 1`),
			poll(`document.getElementById('entity-name')?.textContent === 'Project Riverbank'`),
		)
		before := eval[int](t, browser, `explorer.cy.nodes().length`)
		run(t, browser, "expand a neighbour from the side panel",
			chromedp.Click(chromedp.CSS(`#relationships a[data-id="illicit-drugs"]`), chromedp.NodeVisible),
			poll(fmt.Sprintf(`explorer.cy.nodes().length > %d`, before)),
		)
		run(t, browser, "switch to French",
			chromedp.Click(chromedp.CSS("#lang-fr"), chromedp.NodeVisible),
			poll(`explorer.cy.getElementById('project-riverbank').data('label') === 'Projet Riverbank'`),
			poll(`document.querySelector('h1')?.textContent.startsWith('Graphe')`),
		)
		connect(t, browser, "j-code", "project-riverbank", "j-code", "project-riverbank")
		if !eval[bool](t, browser, `explorer.cy.getElementById('j-code').hasClass('path')`) {
			t.Error("the path does not start at J-CODE")
		}
		run(t, browser, "focus the second entity of the first hop",
			chromedp.Click(chromedp.CSS(`.hop a:nth-of-type(2)`), chromedp.NodeVisible),
			poll(`document.getElementById('entity-name') !== null && `+idle),
		)
		focused := eval[string](t, browser, `explorer.state.focus`)
		location := browsertest.Run(t, browser, "read the location", chromedp.Location())
		for _, want := range []string{"lang=fr", "focus=" + focused, "from=j-code", "to=project-riverbank"} {
			if !strings.Contains(location, want) {
				t.Errorf("location %s lacks %s", location, want)
			}
		}
		run(t, browser, "open the saved view",
			chromedp.Navigate("about:blank"),
			chromedp.Navigate(location),
			poll(fmt.Sprintf(`explorer.cy.edges('.path').length > 0 && explorer.cy.getElementById(%q).hasClass('focus')`, focused)),
			poll(`explorer.cy.getElementById('project-riverbank').data('label') === 'Projet Riverbank'`),
		)
		run(t, browser, "narrow window",
			chromedp.EmulateViewport(420, 800),
			poll(`document.getElementById('graph').getBoundingClientRect().width > 300 && document.getElementById('panel').getBoundingClientRect().width > 300`),
			chromedp.EmulateViewport(1280, 800),
		)
	})

	// Each hop is listed and drawn from the start of its relationship to its end, whichever way
	// the path reads it: Fentanyl originates in Mexico, Winnipeg is located in Manitoba.
	t.Run("HopsInTheirDirection", func(t *testing.T) {
		defer fail(t)
		open(t, browser, srv, "?lang=en")
		for _, c := range []struct{ from, to string }{{"mexico", "j-code"}, {"manitoba", "winnipeg"}} {
			connect(t, browser, c.from, c.to, c.from, c.to)
			want := paths(t, srv, c.from, c.to)
			hops := eval[[][]string](t, browser, `[...document.querySelectorAll('.path-steps')].map((ol) =>
				[...ol.children].map((li) => li.textContent))`)
			if len(hops) != len(want) {
				t.Fatalf("%s to %s: %d lists of hops, want %d", c.from, c.to, len(hops), len(want))
			}
			for i, p := range want {
				if len(hops[i]) != len(p.Hops) {
					t.Errorf("%s to %s, path %d: %d hops listed, want %d", c.from, c.to, i+1, len(hops[i]), len(p.Hops))
					continue
				}
				for j, h := range p.Hops {
					r := h.Relationship
					// The hop reads "From —relationship→ To", followed by its evidence.
					line := hops[i][j]
					arrow := strings.Index(line, "→")
					if !strings.HasPrefix(line, r.From.Name+" —") || arrow < 0 || !strings.HasPrefix(line[arrow:], "→ "+r.To.Name) {
						t.Errorf("%s to %s, path %d, hop %d reads %.80q, want %s —%s→ %s", c.from, c.to, i+1, j+1, line, r.From.Name, r.Type, r.To.Name)
					}
					drawn := eval[[]string](t, browser, fmt.Sprintf(`explorer.cy.edges('.path').filter((e) => e.data('type') === %q &&
						[e.source().id(), e.target().id()].sort().join() === [%q, %q].sort().join()).map((e) => e.source().id() + '>' + e.target().id())`,
						r.Type, r.From.ID, r.To.ID))
					if want := []string{r.From.ID + ">" + r.To.ID}; !slices.Equal(drawn, want) {
						t.Errorf("%s to %s, %s drawn as %v, want %v", c.from, c.to, r.Type, drawn, want)
					}
				}
			}
		}
		if got := eval[string](t, browser, `explorer.cy.getElementById('winnipeg').edgesTo('#manitoba').map((e) => e.style('target-arrow-shape')).join()`); got != "triangle" {
			t.Errorf("the edge from Winnipeg to Manitoba ends in %q, want an arrow (triangle)", got)
		}
	})

	// Each path has a heading with its number and length, its hops numbered within it; a new
	// path request or search clears the previous drawing.
	t.Run("PathHeadingsAndCleanRedraw", func(t *testing.T) {
		defer fail(t)
		open(t, browser, srv, "?lang=en")
		show(t, browser, "riverbank", "project-riverbank")
		connect(t, browser, "mexico", "j-code", "mexico", "j-code")
		want := paths(t, srv, "mexico", "j-code")
		var headings, nodes []string
		for i, p := range want {
			unit := "hops"
			if len(p.Hops) == 1 {
				unit = "hop"
			}
			headings = append(headings, fmt.Sprintf("Path %d — %d %s", i+1, len(p.Hops), unit))
			for _, n := range p.Nodes {
				if !slices.Contains(nodes, n.ID) {
					nodes = append(nodes, n.ID)
				}
			}
		}
		if got := eval[[]string](t, browser, `[...document.querySelectorAll('.path-heading')].map((h) => h.textContent)`); !slices.Equal(got, headings) {
			t.Errorf("path headings %q, want %q", got, headings)
		}
		// Each path's list is its own, under its heading, numbered from 1.
		lists := eval[[]int](t, browser, `[...document.querySelectorAll('.path-heading')].map((h) => {
			const ol = h.parentElement.querySelector('ol.path-steps');
			return ol ? ol.start * 100 + ol.children.length : 0;
		})`)
		for i, p := range want {
			if i >= len(lists) || lists[i] != 100+len(p.Hops) {
				t.Errorf("path %d: list under its heading %v, want %d hops numbered from 1", i+1, lists, len(p.Hops))
			}
		}
		drawn := eval[[]string](t, browser, `explorer.cy.nodes().map((n) => n.id())`)
		slices.Sort(drawn)
		slices.Sort(nodes)
		if !slices.Equal(drawn, nodes) {
			t.Errorf("after the path request the graph shows %v, want only the paths' entities %v", drawn, nodes)
		}
		show(t, browser, "Winnipeg", "winnipeg")
		if n := eval[int](t, browser, `explorer.cy.elements('.path').length`); n != 0 {
			t.Errorf("after a new search, %d elements of the paths are still drawn", n)
		}
		var hood struct {
			Neighborhood struct{ Nodes []struct{ ID string } }
		}
		query(t, srv, `{ neighborhood(id: "winnipeg", depth: 1, limit: 60) { nodes { id } } }`, &hood)
		nodes = nodes[:0]
		for _, n := range hood.Neighborhood.Nodes {
			nodes = append(nodes, n.ID)
		}
		drawn = eval[[]string](t, browser, `explorer.cy.nodes().map((n) => n.id())`)
		slices.Sort(drawn)
		slices.Sort(nodes)
		if !slices.Equal(drawn, nodes) {
			t.Errorf("after a new search the graph shows %v, want the neighbourhood of Winnipeg %v", drawn, nodes)
		}
		if location := browsertest.Run(t, browser, "read the location", chromedp.Location()); strings.Contains(location, "from=") {
			t.Errorf("after a new search the location %s still holds the path", location)
		}
	})

	// The language switch turns every string of the page, live, and leaves the status alone.
	t.Run("BothLanguages", func(t *testing.T) {
		defer fail(t)
		open(t, browser, srv, "?lang=en")
		show(t, browser, "riverbank", "project-riverbank")
		run(t, browser, "switch to French",
			chromedp.Click(chromedp.CSS("#lang-fr"), chromedp.NodeVisible),
			poll(`document.documentElement.lang === 'fr'`),
		)
		if got := eval[string](t, browser, `document.getElementById('status').textContent`); got != "" {
			t.Errorf("after the switch the status reads %q, want nothing: the neighbourhood is drawn", got)
		}
		run(t, browser, "back to English", chromedp.Click(chromedp.CSS("#lang-en"), chromedp.NodeVisible), poll(idle))

		// The same view in both languages shares no string of the page's own, but for a few
		// words the two languages spell alike.
		same := []string{"EN", "FR", "English", "Français", "initiative", "substance", "document"}
		compare := func(view string) {
			t.Helper()
			run(t, browser, "switch to English", chromedp.Click(chromedp.CSS("#lang-en"), chromedp.NodeVisible), poll(idle))
			en := eval[[]string](t, browser, pageStrings)
			if len(en) < 20 {
				t.Fatalf("%s: the page says only %q", view, en)
			}
			run(t, browser, "switch to French",
				chromedp.Click(chromedp.CSS("#lang-fr"), chromedp.NodeVisible),
				poll(`document.documentElement.lang === 'fr' && `+idle),
			)
			frStrings := eval[[]string](t, browser, pageStrings)
			for _, s := range en {
				if slices.Contains(frStrings, s) && !slices.Contains(same, s) {
					t.Errorf("%s: %q is the same in English and French", view, s)
				}
			}
		}
		connect(t, browser, "mexico", "j-code", "mexico", "j-code")
		compare("paths")
		if got, want := eval[string](t, browser, `document.querySelector('.path-heading').textContent`), "Chemin 1 — 2 étapes"; got != want {
			t.Errorf("first path heading in French %q, want %q", got, want)
		}
		if got := eval[string](t, browser, `document.querySelector('.hop').textContent`); !strings.HasPrefix(got, "Fentanyl —provient de→ Mexique") {
			t.Errorf("first hop in French reads %.60q", got)
		}
		show(t, browser, "winnipeg", "winnipeg")
		compare("an entity")

		// Every key has its words in both languages; every entity type and relationship type of
		// the graph has a name.
		if got := eval[[]string](t, browser, `Object.keys(explorer.words.en).filter((k) => !(k in explorer.words.fr)).concat(
			Object.keys(explorer.words.fr).filter((k) => !(k in explorer.words.en)))`); len(got) > 0 {
			t.Errorf("words in one language only: %v", got)
		}
		var vocabulary struct {
			Vocabulary []struct{ Name string }
			Type       struct{ EnumValues []struct{ Name string } } `json:"__type"`
		}
		query(t, srv, `{ vocabulary { name } __type(name: "EntityType") { enumValues { name } } }`, &vocabulary)
		relNames := eval[[]string](t, browser, `Object.keys(explorer.relationshipNames)`)
		for _, r := range vocabulary.Vocabulary {
			if !slices.Contains(relNames, r.Name) {
				t.Errorf("relationship type %s has no name in the explorer", r.Name)
			}
		}
		typeNames := eval[[]string](t, browser, `Object.keys(explorer.types)`)
		for _, v := range vocabulary.Type.EnumValues {
			if !slices.Contains(typeNames, v.Name) {
				t.Errorf("entity type %s has no colour, shape or name in the explorer", v.Name)
			}
		}
	})

	// The legend shows each entity type as the graph draws it, and each kind of relationship.
	t.Run("Legend", func(t *testing.T) {
		defer fail(t)
		open(t, browser, srv, "?lang=en")
		show(t, browser, "winnipeg", "winnipeg")
		run(t, browser, "expand Manitoba",
			chromedp.Click(chromedp.CSS(`#relationships a[data-id="manitoba"]`), chromedp.NodeVisible),
			poll(`explorer.state.focus === 'manitoba' && `+idle),
		)
		// Every type drawn, with its colour and shape, has its line in the legend.
		missing := eval[[]string](t, browser, `explorer.cy.nodes().map((n) => {
			const li = document.querySelector('#legend-types li[data-type="' + n.data('type') + '"]');
			const swatch = li && li.querySelector('.swatch');
			const colour = (c) => c.replace(/\s/g, '');
			if (!swatch || colour(getComputedStyle(swatch).backgroundColor) !== colour(n.style('background-color')) ||
				swatch.dataset.shape !== n.style('shape') || li.textContent.trim() === '') return n.data('type');
			return '';
		}).filter(Boolean)`)
		if len(missing) > 0 {
			t.Errorf("types drawn but not in the legend as drawn: %v", missing)
		}
		if n := eval[int](t, browser, `document.querySelectorAll('#legend-types li').length`); n != eval[int](t, browser, `Object.keys(explorer.types).length`) {
			t.Errorf("legend lists %d entity types, want every type", n)
		}
		// Stated relationships solid, provenance links dashed, as drawn.
		kinds := eval[map[string]string](t, browser, `Object.fromEntries([...document.querySelectorAll('#legend-links li')].map((li) =>
			[li.dataset.kind, getComputedStyle(li.querySelector('.line')).borderTopStyle]))`)
		drawnStyles := eval[map[string]string](t, browser, `({
			solid: explorer.cy.edges('[type = "LOCATED_IN"]').first().style('line-style'),
			dashed: explorer.cy.edges('[type = "DISCUSSED_IN"]').first().style('line-style'),
		})`)
		for kind, style := range drawnStyles {
			if kinds[kind] != style {
				t.Errorf("legend draws %s relationships %q, the graph %q", kind, kinds[kind], style)
			}
		}
		if _, ok := kinds["path"]; !ok {
			t.Errorf("legend lacks the relationships of a path: %v", kinds)
		}
	})

	// The inputs take names as well as ids, and say so.
	t.Run("NamesOrIds", func(t *testing.T) {
		defer fail(t)
		open(t, browser, srv, "?lang=en")
		for _, id := range []string{"search", "path-from", "path-to"} {
			if got := eval[string](t, browser, fmt.Sprintf(`document.getElementById(%q).placeholder`, id)); !strings.HasPrefix(got, "name or id") {
				t.Errorf("#%s says %q, want name or id", id, got)
			}
		}
		show(t, browser, "Project Riverbank", "project-riverbank")
		connect(t, browser, "Mexico", "Joint Criminal Opioid and Darknet Enforcement", "mexico", "j-code")
		connect(t, browser, "Winnipeg", "J-CODE", "winnipeg", "j-code")
	})

	// Evidence that is world knowledge shows its note, marked as not from the source, in both
	// languages: the University of Manitoba is in Winnipeg by a reference.
	t.Run("References", func(t *testing.T) {
		defer fail(t)
		for lang, mark := range map[string]string{"en": "Reference, not in the source", "fr": "Référence, hors de la source"} {
			open(t, browser, srv, "?lang="+lang+"&from=university-of-manitoba&to=winnipeg")
			run(t, browser, "wait for the paths", poll(`document.querySelectorAll('.path-steps li').length > 0 && `+idle))
			got := eval[[]string](t, browser, `[...document.querySelectorAll('blockquote.reference')].map((b) => b.textContent)`)
			if len(got) == 0 || !strings.HasPrefix(got[0], mark) || len(got[0]) <= len(mark)+3 {
				t.Errorf("%s: references shown %q, want one starting %q with its note", lang, got, mark)
			}
		}
	})

	// The header holds one line at 1280 px in both languages, and links to the IDE, which links back.
	t.Run("HeaderAndLinks", func(t *testing.T) {
		defer fail(t)
		open(t, browser, srv, "?lang=en&from=mexico&to=j-code")
		run(t, browser, "wait for the paths", poll(`document.querySelectorAll('.path-steps li').length > 0 && `+idle))
		const oneLine = `(() => {
			const h = document.querySelector('header'), cs = getComputedStyle(h);
			const inner = h.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
			const line = Math.max(...[...h.children].map((c) => c.getBoundingClientRect().height));
			return [inner, line];
		})()`
		for _, lang := range []string{"en", "fr"} {
			run(t, browser, "switch to "+lang, chromedp.Click(chromedp.CSS("#lang-"+lang), chromedp.NodeVisible), poll(`document.documentElement.lang === '`+lang+`'`))
			screenshot(t, browser, "explore-"+lang+".png")
			if got := eval[[]float64](t, browser, oneLine); got[0] > got[1]+0.5 {
				t.Errorf("%s: the header is %.0f px high inside, its tallest item %.0f px: it wraps at 1280 px", lang, got[0], got[1])
			}
		}
		run(t, browser, "follow the link to the IDE",
			chromedp.Click(chromedp.CSS("#ide-link"), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS(".graphiql-container")),
		)
		if location := browsertest.Run(t, browser, "read the location", chromedp.Location()); !strings.HasPrefix(location, srv.URL+"/?") {
			t.Errorf("the link to the IDE led to %s", location)
		}
		run(t, browser, "follow the IDE's link to the explorer",
			chromedp.Click(chromedp.CSS(`#site-header a[href="/explore/"]`), chromedp.NodeVisible),
			chromedp.WaitVisible(chromedp.CSS("#path-form")),
			poll(`location.pathname === '/explore/' && typeof explorer === 'object'`),
		)
	})
}
