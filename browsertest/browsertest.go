// Package browsertest runs pages of the server in a real headless Chromium (Debian's chromium,
// driven through chromedp) for tests, as on an air-gapped machine: no host resolves but
// 127.0.0.1. It records what the page does (requests, responses, exceptions, console errors) so
// that a test can fail on any of it.
//
// Without Chromium a browser test skips, saying what to install; with the environment variable
// CI set, that skip is a failure.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/drugwatch/roundtable-kg/internal/testenv"
)

// Chromium returns the path of Debian's Chromium, or "" if it is not installed.
func Chromium() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// New starts a headless Chromium of the given window size for at most timeout and returns its
// browser context and the log of what its pages do. The browser stops when the test ends.
func New(t *testing.T, timeout time.Duration, width, height int) (context.Context, *Log) {
	t.Helper()
	testenv.Short(t, "Chromium")
	exe := Chromium()
	if exe == "" {
		testenv.Missing(t, "Chromium is not installed (apt-get install chromium): the browser test needs it")
	}
	ctx, cancel := context.WithTimeout(t.Context(), timeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// As on an air-gapped machine: no host resolves but the test server's.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(width, height),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	l := &Log{responses: map[string]int64{}}
	if err := chromedp.Listen(browser, l.listen); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return browser, l
}

// Run runs action in the browser of ctx and returns its value; it fails tb, naming what, if the
// action fails.
func Run[T any](tb testing.TB, ctx context.Context, what string, action chromedp.Action[T]) T {
	tb.Helper()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
	return v
}

// Log collects what the pages of a browser do. Chromium reports events on another goroutine.
type Log struct {
	mu        sync.Mutex
	requests  []string // URLs of every request the page made
	responses map[string]int64
	errors    []string // exceptions, console errors, failed loads
}

func (l *Log) listen(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		l.requests = append(l.requests, ev.Request.URL)
	case *network.EventResponseReceived:
		l.responses[ev.Response.URL] = ev.Response.Status
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

// Status returns the HTTP status of the response to url, or 0 if none arrived.
func (l *Log) Status(url string) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.responses[url]
}

// Check fails t for every request to another origin than server's, every exception, every
// console error and every failed load. Defer it, so that a step that times out still shows what
// went wrong in the page.
func (l *Log) Check(t *testing.T, server string) {
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
