package explore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/drugwatch/roundtable-kg/memory"
	"github.com/drugwatch/roundtable-kg/web"
)

// chromium returns the path of Debian's Chromium, or "" if it is not installed.
func chromium() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// browserLog collects the page's requests, exceptions and console errors.
type browserLog struct {
	mu       sync.Mutex
	requests []string
	errors   []string
}

func (l *browserLog) listen(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		l.requests = append(l.requests, ev.Request.URL)
	case *network.EventLoadingFailed:
		l.errors = append(l.errors, "loading failed: "+ev.ErrorText+" "+string(ev.BlockedReason))
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + d.Exception.Description
		}
		l.errors = append(l.errors, fmt.Sprintf("exception at %.100s:%d: %s", d.URL, d.LineNumber+1, text))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var args []string
			for _, a := range ev.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			l.errors = append(l.errors, "console.error: "+strings.Join(args, " "))
		}
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.EntryLevelError {
			l.errors = append(l.errors, fmt.Sprintf("log: %s (%.100s)", ev.Entry.Text, ev.Entry.URL))
		}
	}
}

func (l *browserLog) check(t *testing.T, server string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, r := range l.requests {
		if !strings.HasPrefix(r, server+"/") && !strings.HasPrefix(r, "data:") {
			t.Errorf("the page requested %.100s, outside the server", r)
		}
	}
	for _, e := range l.errors {
		t.Errorf("browser: %s", e)
	}
}

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
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// TestExplorerInBrowser drives the explorer in headless Chromium, with every host but the test
// server unreachable: a search, a neighbourhood, an expansion, the language switch, a path, and
// the URL that restores the view.
func TestExplorerInBrowser(t *testing.T) {
	exe := chromium()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("Chromium is not installed, and CI is set: install it (apt-get install chromium) so that the browser test runs")
		}
		t.Skip("Chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	store, _, err := memory.Seeded()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1280, 800),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	events := &browserLog{}
	if err := chromedp.Listen(browser, events.listen); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	defer events.check(t, srv.URL)
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
