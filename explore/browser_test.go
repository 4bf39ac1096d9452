package explore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/drugwatch/roundtable-kg/browsertest"
	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/web"
)

// run runs steps in the browser, failing the test with what was being done.
func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
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

// TestExplorerInBrowser drives the explorer in headless Chromium, with every host but the test
// server unreachable: a search, a neighbourhood, an expansion, the language switch, a path, and
// the URL that restores the view.
func TestExplorerInBrowser(t *testing.T) {
	store, _, err := memory.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()

	browser, events := browsertest.New(t, 90*time.Second, 1280, 800)
	defer events.Check(t, srv.URL)
	// A screenshot of the page when a step fails, to see what went wrong.
	defer func() {
		if !t.Failed() {
			return
		}
		shot, err := chromedp.Run(browser, chromedp.CaptureScreenshot())
		if err != nil {
			t.Logf("screenshot: %v", err)
			return
		}
		file := filepath.Join(os.TempDir(), "explore-failure.png")
		if err := os.WriteFile(file, shot, 0o644); err == nil {
			t.Logf("screenshot of the failure: %s", file)
		}
	}()

	run(t, browser, "open the explorer",
		chromedp.Navigate(srv.URL+"/explore"),
		chromedp.WaitVisible(chromedp.CSS("#search")),
	)
	run(t, browser, "search for riverbank",
		chromedp.SendKeys(chromedp.CSS("#search"), "riverbank"),
		poll(`[...document.querySelectorAll('#suggestions option')].some(o => o.value === 'project-riverbank')`),
		chromedp.Click(chromedp.CSS("#search-form button"), chromedp.NodeVisible),
		poll(`explorer.cy.getElementById('project-riverbank').nonempty() && explorer.cy.nodes().length > 1`),
		poll(`document.getElementById('entity-name')?.textContent === 'Project Riverbank'`),
	)
	before := eval[int](t, browser, `explorer.cy.nodes().length`)
	run(t, browser, "expand a neighbour from the side panel",
		chromedp.Click(chromedp.CSS(`#relationships button[data-id="illicit-drugs"]`), chromedp.NodeVisible),
		poll(fmt.Sprintf(`explorer.cy.nodes().length > %d`, before)),
	)
	run(t, browser, "switch to French",
		chromedp.Click(chromedp.CSS("#lang-fr"), chromedp.NodeVisible),
		poll(`explorer.cy.getElementById('project-riverbank').data('label') === 'Projet Riverbank'`),
		poll(`document.querySelector('h1')?.textContent.startsWith('Graphe')`),
	)
	run(t, browser, "ask how J-CODE and Project Riverbank are connected",
		chromedp.SendKeys(chromedp.CSS("#path-from"), "j-code"),
		chromedp.SendKeys(chromedp.CSS("#path-to"), "project-riverbank"),
		chromedp.Click(chromedp.CSS("#path-go"), chromedp.NodeVisible),
		poll(`explorer.cy.edges('.path').length > 0 && document.querySelectorAll('.path-steps li').length > 0`),
	)
	if shot, err := chromedp.Run(browser, chromedp.CaptureScreenshot()); err == nil {
		file := filepath.Join(os.TempDir(), "explore.png")
		if err := os.WriteFile(file, shot, 0o644); err == nil {
			t.Logf("screenshot of the explorer: %s", file)
		}
	}
	if !eval[bool](t, browser, `explorer.cy.getElementById('j-code').hasClass('path')`) {
		t.Error("the path does not start at J-CODE")
	}
	location, err := chromedp.Run(browser, chromedp.Location())
	if err != nil {
		t.Fatalf("read the location: %v", err)
	}
	for _, want := range []string{"lang=fr", "focus=illicit-drugs", "from=j-code", "to=project-riverbank"} {
		if !strings.Contains(location, want) {
			t.Errorf("location %s lacks %s", location, want)
		}
	}
	run(t, browser, "open the saved view",
		chromedp.Navigate("about:blank"),
		chromedp.Navigate(location),
		poll(`explorer.cy.edges('.path').length > 0 && explorer.cy.getElementById('illicit-drugs').hasClass('focus')`),
		poll(`explorer.cy.getElementById('project-riverbank').data('label') === 'Projet Riverbank'`),
	)
	run(t, browser, "narrow window",
		chromedp.EmulateViewport(420, 800),
		poll(`document.getElementById('graph').getBoundingClientRect().width > 300 && document.getElementById('panel').getBoundingClientRect().width > 300`),
	)
}
