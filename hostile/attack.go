package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// CheapQuery is the request whose latency is measured beside an attack: one entity by id.
const CheapQuery = `{ entity(id: "royal-canadian-mounted-police") { id } }`

// BudgetCodes are the codes of an answer that refuses or cuts short a request over its budget:
// refused before it starts or cut short by its budget (QUERY_TOO_COMPLEX), stopped at the
// deadline (TIMEOUT), or not admitted while too many expensive requests are in flight
// (SERVER_BUSY).
var BudgetCodes = []string{"QUERY_TOO_COMPLEX", "TIMEOUT", "SERVER_BUSY"}

// Request is one HTTP request of an attack.
type Request struct {
	Method string
	// Path is the path and query string, such as /graphql or /graphql?query=...
	Path string
	Body []byte
}

// Attack is a hostile request, or a family of distinct ones, sent by concurrent clients.
type Attack struct {
	Name string
	// What says what is sent, in a line.
	What    string
	Clients int
	// Total is the number of requests of all the clients together, sent whatever the time it
	// takes; 0 bounds them by time only (Options.Duration).
	Total int
	// OverBudget marks a request that asks for more work than one request may do: its errors
	// must carry one of BudgetCodes.
	OverBudget bool
	// Request returns the i-th request of the attack, counted over all its clients.
	Request func(i int) Request
}

// Attacks returns the attacks of docs/hostile.md, each a request that stays inside the documented
// limits of a document (aliases, depth, body size) and yet asks for much work or memory.
func Attacks() []Attack {
	paths := func(int) Request { return postQuery(aliases(30, func(int) string { return pathsField })) }
	attacks := []Attack{
		{Name: "paths-1", What: "30 aliases of paths(maxHops: 6, first: 10) between two plenaries, 1 client",
			Clients: 1, OverBudget: true, Request: paths},
		{Name: "paths-16", What: "the same, 16 clients", Clients: 16, OverBudget: true, Request: paths},
		{Name: "paths-allowed-16", What: "9 aliases of the same paths, the most the default cost limit lets through, 16 clients",
			Clients: 16, OverBudget: true, Request: func(int) Request { return postQuery(aliases(9, func(int) string { return pathsField })) }},
		{Name: "neighborhood-16", What: "8 aliases of neighborhood(depth: 3, limit: 500) of hubs, with evidence, 16 clients",
			Clients: 16, OverBudget: true, Request: func(int) Request { return postQuery(aliases(8, neighborhoodField)) }},
		{Name: "neighborhood-allowed-16", What: "5 aliases of the same neighborhoods, the most the default cost limit lets through (8 are refused before they run), 16 clients",
			Clients: 16, OverBudget: true, Request: func(int) Request { return postQuery(aliases(5, neighborhoodField)) }},
		{Name: "search-16", What: "25 aliases of search with 32 one-letter words (the most a search takes), near the most the default cost limit lets through, 16 clients",
			Clients: 16, OverBudget: true, Request: func(int) Request { return postQuery(aliases(25, searchField)) }},
		{Name: "variables-16", What: "50 unused variables nested 10,000 deep (1 MB body), 16 clients",
			Clients: 16, Request: func(int) Request { return Request{Method: http.MethodPost, Path: "/graphql", Body: deepVariables} }},
		{Name: "documents-1000", What: "1,000 distinct documents of ~1 MB (a look-up of a long id), 4 clients",
			Clients: 4, Total: 1000, Request: bigDocument},
		{Name: "get-invalid", What: "one GET of an invalid document (its answer's headers)",
			Clients: 1, Total: 1, Request: func(int) Request { return getQuery(`{ entity(id: `) }},
		{Name: "get-paths", What: "one GET of the paths document (its TIMEOUT's or refusal's headers)",
			Clients: 1, Total: 1, OverBudget: true, Request: func(int) Request { return getQuery(aliases(30, func(int) string { return pathsField })) }},
	}
	// The mix sends, in turn, the request of each attack above that clients send again and again.
	var mixed []Attack
	for _, a := range attacks {
		if a.Total == 0 {
			mixed = append(mixed, a)
		}
	}
	return append(attacks, Attack{Name: "mix-16", What: "the requests of every attack above in turn, 16 clients",
		Clients: 16, Request: func(i int) Request { return mixed[i%len(mixed)].Request(i) }})
}

func getQuery(query string) Request {
	return Request{Method: http.MethodGet, Path: "/graphql?query=" + url.QueryEscape(query)}
}

const pathsField = `paths(from: "winnipeg-2019-plenary-2", to: "winnipeg-2019-plenary-1", maxHops: 6, first: 10) { length }`

// hubs are entities with many relationships, so that their neighbourhoods are large.
var hubs = []string{"royal-canadian-mounted-police", "canada", "fentanyl", "methamphetamine",
	"winnipeg", "canada-border-services-agency", "opioids", "public-safety-canada"}

func neighborhoodField(i int) string {
	return fmt.Sprintf(`neighborhood(id: %q, depth: 3, limit: 500) { truncated nodes { id name evidence { quote } } relationships { type evidence { quote citation } } }`,
		hubs[i%len(hubs)])
}

// searchField is a search for 32 one-letter words, each alias its own. (Issue 16 sent 100; a
// search now takes at most 32 words and refuses more with BAD_USER_INPUT.)
func searchField(i int) string {
	words := make([]string, 32)
	for j := range words {
		words[j] = string(rune('a' + (i+j)%26))
	}
	return fmt.Sprintf(`search(text: %q, first: 50) { totalCount edges { score node { id name } } }`, strings.Join(words, " "))
}

// aliases is a document of n aliases, the i-th of field(i).
func aliases(n int, field func(i int) string) string {
	var b strings.Builder
	b.WriteString("{ ")
	for i := range n {
		fmt.Fprintf(&b, "a%d: %s ", i, field(i))
	}
	b.WriteString("}")
	return b.String()
}

func postQuery(query string) Request {
	b, _ := json.Marshal(map[string]string{"query": query})
	return Request{Method: http.MethodPost, Path: "/graphql", Body: b}
}

// deepVariables is a body of 50 variables that the document does not declare, each an array
// nested 10,000 deep: 1,000,000 bytes of brackets, under the 1 MiB body limit.
var deepVariables = func() []byte {
	var b bytes.Buffer
	b.WriteString(`{"query": "{ dataVersion }", "variables": {`)
	for i := range 50 {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `"v%d": %s%s`, i, strings.Repeat("[", 10000), strings.Repeat("]", 10000))
	}
	b.WriteString("}}")
	return b.Bytes()
}()

// filler is the id of bigDocument: letters, safe inside a JSON string and a GraphQL one.
var filler = func() []byte {
	b := make([]byte, 1000000)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return b
}()

// bigDocument is a cheap document, the look-up of one id, made ~1 MB and distinct from every
// other by that id.
func bigDocument(i int) Request {
	var b bytes.Buffer
	b.Grow(len(filler) + 64)
	fmt.Fprintf(&b, `{"query": "{ entity(id: \"%d-`, i)
	b.Write(filler)
	b.WriteString(`\") { id } }"}`)
	return Request{Method: http.MethodPost, Path: "/graphql", Body: b.Bytes()}
}

// Options say how long to attack and what to watch.
type Options struct {
	// Duration is how long the clients start new requests; each sends one at least.
	Duration time.Duration
	// Timeout bounds each request on the client's side; default 30 s.
	Timeout time.Duration
	// PID is the server's process, read in /proc; 0 when it is not known (no readings).
	PID int
	// StorePID is another process whose CPU is read after the answers (Neo4j's), or 0.
	StorePID int
	// KillRSS, when not 0, is the resident memory past which Kill is called, so that an attack
	// that makes the server grow without bound does not take the machine down with it.
	KillRSS uint64
	Kill    func()
}

// Result is what an attack got and what the server did meanwhile and after.
type Result struct {
	Attack string
	// Codes counts the answers by status and code of the first error ("200 TIMEOUT"), or
	// "200 data" for an answer without errors, or "no answer" when none came.
	Codes map[string]int
	// Problems counts the answers that are not GraphQL answers (no answer, a 5xx other than
	// 503, not JSON, neither data nor errors, an error without a code, a socket address in the
	// answer); Examples holds the first few.
	Problems int
	Examples []string
	// Unexpected counts, for an attack over budget, the errors whose code is not in BudgetCodes.
	Unexpected map[string]int
	// BadHeaders counts the answers with errors whose headers are wrong (see HeaderProblem);
	// HeaderExamples holds the first few.
	BadHeaders     int
	HeaderExamples []string
	// Took holds the time of each answer.
	Took    []time.Duration
	Elapsed time.Duration

	// PeakRSS is the largest resident memory seen (VmHWM of a process started for the attack).
	PeakRSS uint64
	Killed  bool
	// CPUDuring is the server's CPU time from the first request to the last answer; CPUAfter
	// from 100 ms after the last answer for AfterWindow; StoreCPUAfter the same of StorePID.
	CPUDuring, CPUAfter, StoreCPUAfter time.Duration
	// GoroutinesBefore and After are the server's go_goroutines before the attack and once
	// AfterWindow has passed; -1 when they could not be read.
	GoroutinesBefore, GoroutinesAfter int
	// HeapAfter is go_memstats_heap_inuse_bytes once AfterWindow has passed.
	HeapAfter float64
	// Cheap holds the latencies of CheapQuery, sent one after another during the attack;
	// CheapFailed counts those that got no answer or errors.
	Cheap       []time.Duration
	CheapFailed int
}

// errServerEnded is the error of a request cut short because the server ended (or was killed).
var errServerEnded = errors.New("the server ended")

// AfterWindow is how long the server's CPU time is measured once every answer has arrived.
const AfterWindow = 2 * time.Second

// Run sends attack a to the server at base (http://HOST:PORT) and watches it.
func Run(ctx context.Context, base string, a Attack, o Options) *Result {
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	r := &Result{Attack: a.Name, Codes: map[string]int{}, Unexpected: map[string]int{}}
	r.GoroutinesBefore = goroutines(ctx, base)
	cpu0, _ := cpuOf(o.PID)
	// The clients stop when the server has died or been killed: nothing more to learn.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var ended atomic.Bool
	stopWatch := watch(o, r, func() {
		ended.Store(true)
		cancel()
	})

	cheapCtx, stopCheap := context.WithCancel(ctx)
	cheapDone := make(chan struct{})
	go func() {
		r.Cheap, r.CheapFailed = cheap(cheapCtx, base)
		close(cheapDone)
	}()

	transport := &http.Transport{MaxIdleConnsPerHost: a.Clients, DisableCompression: true}
	client := &http.Client{Timeout: o.Timeout, Transport: transport}
	var (
		next atomic.Int64
		mu   sync.Mutex
		wg   sync.WaitGroup
	)
	start := time.Now()
	for range a.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sent := 0; ctx.Err() == nil && (sent == 0 || a.Total > 0 || time.Since(start) < o.Duration); sent++ {
				i := int(next.Add(1) - 1)
				if a.Total > 0 && i >= a.Total {
					return
				}
				ans := send(ctx, client, base, a.Request(i))
				if ans.err != nil && ended.Load() {
					ans.err = errServerEnded
				}
				mu.Lock()
				r.add(a, ans)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	last := time.Now()
	r.Elapsed = last.Sub(start)
	stopCheap()
	<-cheapDone
	transport.CloseIdleConnections()

	if c, err := cpuOf(o.PID); err == nil {
		r.CPUDuring = c - cpu0
	}
	time.Sleep(time.Until(last.Add(100 * time.Millisecond)))
	c1, err1 := cpuOf(o.PID)
	s1, errS1 := cpuOf(o.StorePID)
	time.Sleep(AfterWindow)
	if c2, err := cpuOf(o.PID); err == nil && err1 == nil {
		r.CPUAfter = c2 - c1
	}
	if s2, err := cpuOf(o.StorePID); err == nil && errS1 == nil {
		r.StoreCPUAfter = s2 - s1
	}
	stopWatch()
	r.GoroutinesAfter = goroutines(ctx, base)
	if v, err := Metric(ctx, base, "go_memstats_heap_inuse_bytes"); err == nil {
		r.HeapAfter = v
	}
	return r
}

// zombie reports whether the process has ended and waits for its parent to read its status.
func zombie(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return true
	}
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || bytes.HasPrefix(b[i+1:], []byte(" Z"))
}

func cpuOf(pid int) (time.Duration, error) {
	if pid == 0 {
		return 0, fmt.Errorf("no process")
	}
	return CPU(pid)
}

func goroutines(ctx context.Context, base string) int {
	v, err := Metric(ctx, base, "go_goroutines")
	if err != nil {
		return -1
	}
	return int(v)
}

// watch reads the server's resident memory every 20 ms into r.PeakRSS, and kills the server
// when it passes o.KillRSS, until the function it returns is called. It calls gone once the
// server has ended.
func watch(o Options, r *Result, gone func()) (stop func()) {
	if o.PID == 0 {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			rss, peak, err := Memory(o.PID)
			if err != nil || zombie(o.PID) {
				gone()
				return
			}
			r.PeakRSS = max(r.PeakRSS, rss, peak)
			if o.KillRSS > 0 && rss > o.KillRSS && o.Kill != nil && !r.Killed {
				r.Killed = true
				o.Kill()
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// cheap sends CheapQuery one request after another, 20 ms apart, until ctx is done.
func cheap(ctx context.Context, base string) (took []time.Duration, failed int) {
	transport := &http.Transport{}
	defer transport.CloseIdleConnections()
	client := &http.Client{Timeout: 30 * time.Second, Transport: transport}
	body, _ := json.Marshal(map[string]string{"query": CheapQuery})
	for ctx.Err() == nil {
		ans := send(ctx, client, base, Request{Method: http.MethodPost, Path: "/graphql", Body: body})
		if ctx.Err() != nil && ans.err != nil {
			break // cut short by the end of the attack: not an answer
		}
		if ans.err != nil || !bytes.Contains(ans.body, []byte(`"data":{"entity"`)) {
			failed++
		} else {
			took = append(took, ans.took)
		}
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond):
		}
	}
	return took, failed
}

// answer is what one request got.
type answer struct {
	status int
	header http.Header
	body   []byte
	err    error
	took   time.Duration
}

// send makes one request; the answer is read whole.
func send(ctx context.Context, client *http.Client, base string, rq Request) answer {
	req, err := http.NewRequestWithContext(ctx, rq.Method, base+rq.Path, bytes.NewReader(rq.Body))
	if err != nil {
		return answer{err: err}
	}
	if rq.Body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return answer{err: err, took: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return answer{status: resp.StatusCode, header: resp.Header, body: b, err: err, took: time.Since(start)}
}

// socketAddress matches an IP address with a port, as in the text of a network error.
var socketAddress = regexp.MustCompile(`(\d{1,3}\.){3}\d{1,3}:\d+|\[[0-9a-fA-F:]+\]:\d+`)

// Check says what is wrong with an answer that should be a GraphQL response, or "" if nothing:
// a status of 500 or more other than 503, a body that is not JSON, neither data nor errors, an
// error without a message or a code, or a socket address in the body. It also returns the code
// of each error.
func Check(status int, body []byte) (codes []string, problem string) {
	if status >= 500 && status != http.StatusServiceUnavailable {
		return nil, fmt.Sprintf("status %d: %.200s", status, body)
	}
	if len(body) == 0 {
		return nil, fmt.Sprintf("status %d with an empty body", status)
	}
	var resp struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string `json:"message"`
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Sprintf("status %d, not JSON (%v): %.200s", status, err, body)
	}
	if resp.Data == nil && len(resp.Errors) == 0 {
		return nil, fmt.Sprintf("status %d, neither data nor errors: %.200s", status, body)
	}
	for _, e := range resp.Errors {
		if e.Message == "" || e.Extensions.Code == "" {
			return nil, fmt.Sprintf("status %d, an error without a message or a code: %.200s", status, body)
		}
		codes = append(codes, e.Extensions.Code)
	}
	if m := socketAddress.Find(body); m != nil {
		return codes, fmt.Sprintf("status %d, a socket address (%s) in the answer: %.200s", status, m, body)
	}
	return codes, ""
}

func (r *Result) add(a Attack, ans answer) {
	if ans.err != nil {
		r.Codes["no answer"]++
		r.problem("no answer: " + shortError(ans.err))
		return
	}
	r.Took = append(r.Took, ans.took)
	codes, problem := Check(ans.status, ans.body)
	if problem != "" {
		r.Codes[strconv.Itoa(ans.status)+" not GraphQL"]++
		r.problem(problem)
		return
	}
	first := "data"
	if len(codes) > 0 {
		first = codes[0]
		if p := HeaderProblem(ans.header); p != "" {
			r.BadHeaders++
			if len(r.HeaderExamples) < 3 && !slices.Contains(r.HeaderExamples, first+": "+p) {
				r.HeaderExamples = append(r.HeaderExamples, first+": "+p)
			}
		}
	}
	r.Codes[strconv.Itoa(ans.status)+" "+first]++
	if a.OverBudget {
		for _, c := range codes {
			if !slices.Contains(BudgetCodes, c) {
				r.Unexpected[c]++
			}
		}
	}
}

// HeaderProblem says what is wrong with the headers of an answer with errors, or "": shared
// caches must not keep it (Cache-Control: no-store), and Vary must say that the answer depends
// on Accept (which chooses its media type and status).
func HeaderProblem(h http.Header) string {
	var p []string
	if cc := h.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		p = append(p, fmt.Sprintf("Cache-Control %q, want no-store", cc))
	}
	vary := strings.Join(h.Values("Vary"), ", ")
	if !slices.ContainsFunc(strings.Split(vary, ","), func(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "Accept") }) {
		p = append(p, fmt.Sprintf("Vary %q, want Accept in it", vary))
	}
	return strings.Join(p, "; ")
}

func (r *Result) problem(p string) {
	r.Problems++
	if len(r.Examples) < 5 && !slices.Contains(r.Examples, p) {
		r.Examples = append(r.Examples, p)
	}
}

// shortError is the end of an error's text, where net/http puts the cause.
func shortError(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

// Answers is the number of requests that got an HTTP answer.
func (r *Result) Answers() int { return len(r.Took) }

// Percentile returns the p-th percentile (0 to 1) of ds, or 0 for none.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

// String sums the result up on a few lines.
func (r *Result) String() string {
	var b strings.Builder
	keys := make([]string, 0, len(r.Codes))
	for k := range r.Codes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var codes []string
	for _, k := range keys {
		codes = append(codes, fmt.Sprintf("%s: %d", k, r.Codes[k]))
	}
	fmt.Fprintf(&b, "%s: %d requests in %.1f s: %s\n", r.Attack, len(r.Took)+r.Codes["no answer"], r.Elapsed.Seconds(), strings.Join(codes, ", "))
	fmt.Fprintf(&b, "  answer p50 %s p99 %s; peak RSS %.0f MiB", ms(Percentile(r.Took, 0.5)), ms(Percentile(r.Took, 0.99)), float64(r.PeakRSS)/(1<<20))
	if r.Killed {
		b.WriteString(" (killed: past the watch's bound)")
	}
	fmt.Fprintf(&b, "; CPU during %.2f s, in the %s after the answers %.2f s", r.CPUDuring.Seconds(), AfterWindow, r.CPUAfter.Seconds())
	if r.StoreCPUAfter > 0 {
		fmt.Fprintf(&b, " (store %.2f s)", r.StoreCPUAfter.Seconds())
	}
	fmt.Fprintf(&b, "; goroutines %d before, %d after; heap in use after %.0f MiB\n", r.GoroutinesBefore, r.GoroutinesAfter, r.HeapAfter/(1<<20))
	fmt.Fprintf(&b, "  cheap query meanwhile: p50 %s p99 %s (%d answers, %d failed)", ms(Percentile(r.Cheap, 0.5)), ms(Percentile(r.Cheap, 0.99)), len(r.Cheap), r.CheapFailed)
	if r.Problems > 0 {
		fmt.Fprintf(&b, "\n  %d answers not GraphQL, e.g. %s", r.Problems, strings.Join(r.Examples, " | "))
	}
	if r.BadHeaders > 0 {
		fmt.Fprintf(&b, "\n  %d error answers with wrong headers, e.g. %s", r.BadHeaders, strings.Join(r.HeaderExamples, " | "))
	}
	if len(r.Unexpected) > 0 {
		fmt.Fprintf(&b, "\n  codes other than %v: %v", BudgetCodes, r.Unexpected)
	}
	return b.String()
}

func ms(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.2f s", d.Seconds())
	}
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
