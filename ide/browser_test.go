package ide_test

import (
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/drugwatch/roundtable-kg/browsertest"
	"github.com/drugwatch/roundtable-kg/ide"
	"github.com/drugwatch/roundtable-kg/memory/memorytest"
	"github.com/drugwatch/roundtable-kg/web"
)

// TestIDEInBrowser opens the IDE in headless Chromium, with every host but the test server
// unreachable, runs the first example and reads the answer in the result pane.
func TestIDEInBrowser(t *testing.T) {
	// The whole server's handler, so that the page runs under its Content-Security-Policy and
	// compression.
	store, _ := memorytest.MustSeeded(t)
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: store, Logger: slog.New(slog.DiscardHandler)}))
	defer srv.Close()

	browserCtx, events := browsertest.New(t, 30*time.Second, 1400, 900)
	defer events.Check(t, srv.URL)

	const (
		queryEditor = `.graphiql-query-editor .CodeMirror`
		resultPane  = `.result-window`
		runButton   = `.graphiql-execute-button`
		// With several operations in the editor, the run button offers a menu of them.
		firstOperation = `//*[@role="menuitem"][normalize-space()="Initiative"]`
		explorerButton = `button[aria-label="Show GraphiQL Explorer"]`
		explorerPane   = `.graphiql-explorer-root`
	)
	browsertest.Run(t, browserCtx, "open the IDE", chromedp.Steps(
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(queryEditor)),
	))
	// The header links to the visual explorer, and GraphiQL fits below it.
	browsertest.Run(t, browserCtx, "see the link to the visual explorer",
		chromedp.WaitVisible(chromedp.CSS(`#site-header a[href="/explore/"]`)))
	if bottom := browsertest.Run(t, browserCtx, "measure GraphiQL",
		chromedp.Evaluate[float64](`document.getElementById('graphiql').getBoundingClientRect().bottom - window.innerHeight`)); bottom > 0.5 {
		t.Errorf("GraphiQL ends %.0f px below the window", bottom)
	}
	location := browsertest.Run(t, browserCtx, "read the location", chromedp.Location())
	editorText := browsertest.Run(t, browserCtx, "read the query editor",
		chromedp.Evaluate[string](`document.querySelector('`+queryEditor+`').CodeMirror.getValue()`))
	explorer := browsertest.Run(t, browserCtx, "look for the explorer plugin",
		chromedp.Evaluate[bool](`typeof GraphiQLPluginExplorer.explorerPlugin === 'function'`))
	browsertest.Run(t, browserCtx, "run the first example", chromedp.Steps(
		chromedp.Click(chromedp.CSS(runButton), chromedp.NodeVisible),
		chromedp.Click(chromedp.Search(firstOperation), chromedp.NodeVisible),
	))
	browsertest.Run(t, browserCtx, "wait for the result",
		chromedp.Poll[bool](`document.querySelector('`+resultPane+`').innerText.includes('Joint Criminal Opioid')`,
			chromedp.WithPollingTimeout(15*time.Second)))
	resultText := browsertest.Run(t, browserCtx, "read the result pane", chromedp.Text(chromedp.CSS(resultPane)))
	result := browsertest.Run(t, browserCtx, "read the result",
		chromedp.Evaluate[string](`document.querySelector('`+resultPane+` .CodeMirror').CodeMirror.getValue()`))
	screenshot := browsertest.Run(t, browserCtx, "take a screenshot", chromedp.CaptureScreenshot())
	// The explorer plugin lists the fields of Query once GraphiQL has read the schema.
	browsertest.Run(t, browserCtx, "open the explorer plugin", chromedp.Steps(
		chromedp.Click(chromedp.CSS(explorerButton), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS(explorerPane)),
	))
	browsertest.Run(t, browserCtx, "wait for the explorer plugin to list the fields of Query",
		chromedp.Poll[bool](`document.querySelector('`+explorerPane+`').innerText.includes('neighborhood')`,
			chromedp.WithPollingTimeout(5*time.Second)))

	shot := filepath.Join(os.TempDir(), "ide.png")
	if err := os.WriteFile(shot, screenshot, 0o644); err != nil {
		t.Errorf("write screenshot: %v", err)
	} else {
		t.Logf("screenshot of the IDE: %s", shot)
	}

	u, err := url.Parse(location)
	if err != nil {
		t.Fatalf("page location %q: %v", location, err)
	}
	if got := u.Query().Get("query"); got != ide.Examples {
		t.Errorf("query parameter of the page = %.60q..., want ide.Examples", got)
	}
	if editorText != ide.Examples {
		t.Errorf("query editor holds %.60q..., want ide.Examples", editorText)
	}
	if !explorer {
		t.Error("the explorer plugin is not loaded")
	}

	var answer struct {
		Data struct {
			Entity struct {
				Name  string
				RunBy struct {
					Edges []struct{ Node struct{ Name string } }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(result), &answer); err != nil {
		t.Fatalf("result pane does not hold JSON: %v\n%s", err, result)
	}
	if got, want := answer.Data.Entity.Name, "Joint Criminal Opioid and Darknet Enforcement"; got != want {
		t.Errorf("result: entity name %q, want %q", got, want)
	}
	var runBy []string
	for _, e := range answer.Data.Entity.RunBy.Edges {
		runBy = append(runBy, e.Node.Name)
	}
	if !strings.Contains(strings.Join(runBy, "|"), "Federal Bureau of Investigation") {
		t.Errorf("result: run by %q, want the Federal Bureau of Investigation among them", runBy)
	}
	if !strings.Contains(resultText, "Joint Criminal Opioid and Darknet Enforcement") {
		t.Errorf("result pane shows %.200q, want the initiative's name", resultText)
	}

	_, page := MustGet(t, srv.URL+pageURL, nil)
	for _, r := range resources(string(page)) {
		if status := events.Status(srv.URL + r.url); status != 200 {
			t.Errorf("%s: status %d, want 200", r.url, status)
		}
	}
}
