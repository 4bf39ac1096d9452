package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/bench"
	"github.com/drugwatch/roundtable-kg/internal/boltcount"
	"github.com/drugwatch/roundtable-kg/neo4j"
	"github.com/drugwatch/roundtable-kg/neo4j/neo4jtest/launcher"
	"github.com/drugwatch/roundtable-kg/seed"
)

var neo4jPeerDir = flag.String("neo4j-peer", "bench/neo4jpeer", "with -store neo4j: directory of the @neo4j/graphql peer; empty to leave it out")

// The peer's requests: the mix's queries in @neo4j/graphql's dialect, asking for the same data.
// Where the project's schema computes a value (the English name with the French as fallback, the
// evidence as objects) the peer reads the stored properties, and the check (normalize) compares
// what both mean. Every entity of the seed has an English name and description, which the check
// confirms for every answer.
const (
	peerEntityPage = `query EntityPage($id: ID!) {
  entities(where: {id: {eq: $id}}) {
    id type nameEn nameFr aliases descriptionEn
    evidenceDocuments evidenceSections evidenceQuotes
    relationshipCount
    relationships(first: 20) {
      direction type from { id type nameEn } to { id type nameEn } evidenceSections evidenceQuotes
    }
  }
}`
	peerNeighborhood = `query Neighborhood($id: ID!) {
  neighborhood(id: $id, limit: 200) {
    truncated
    nodes { id type nameEn }
    relationships { type from to }
  }
}`
	peerPath = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to) {
    length
    nodes { id type nameEn }
    relationships { type evidenceQuotes }
  }
}`
	peerDeep = `query Deep {
  entities(where: {type: {eq: "Organization"}}, sort: [{id: ASC}], limit: 10) {
    id nameEn
    runsConnection(first: 20, sort: [{node: {id: ASC}}]) { edges { node { id nameEn
      targetsConnection(first: 20, sort: [{node: {id: ASC}}]) { edges { node { id nameEn } properties { evidenceQuotes } } }
      participantsConnection(first: 5, sort: [{node: {id: ASC}}]) { totalCount edges { node { id nameEn } } }
    } } }
    partnersConnection(first: 20, sort: [{node: {id: ASC}}]) { edges { node { id nameEn } } }
  }
}`
)

// peerQueries are the queries of the mix that the peer can ask with the same answers. Search
// (the project's ranking: tiers, stems, typos, synonyms) has no equivalent in its API; a
// full-text query of the same index would rank and count differently.
var peerQueries = map[string]string{"EntityPage": peerEntityPage, "Neighborhood": peerNeighborhood, "Path": peerPath, "Deep": peerDeep}

// peerMix returns the peer's requests for the queries it can ask, with the mix's variables.
func peerMix(mix bench.Mix) (bench.Mix, error) {
	out := bench.Mix{}
	for name, query := range peerQueries {
		for _, r := range mix[name] {
			var req struct {
				Variables map[string]any `json:"variables"`
			}
			if err := json.Unmarshal(r.Body, &req); err != nil {
				return nil, err
			}
			body, err := json.Marshal(map[string]any{"query": query, "operationName": name, "variables": req.Variables})
			if err != nil {
				return nil, err
			}
			out[name] = append(out[name], bench.Request{Name: name, Body: body})
		}
	}
	return out, nil
}

// neo4jTarget is a server under test and what counts its traffic with Neo4j, if it has any.
type neo4jTarget struct {
	target
	proxy *boltcount.Proxy // nil for the embedded store
	reqs  bench.Mix
}

// usage is what one attack cost Neo4j.
type usage struct {
	requests   int // answered without errors
	errors     int
	counts     boltcount.Counts
	cpu        time.Duration // the JVM's CPU time; 0 when unknown
	cpuUnknown bool
}

// runNeo4j is the load command with -store neo4j: it starts a local Neo4j (or uses NEO4J_URI),
// seeds it, and measures side by side the project on it, the @neo4j/graphql peer on it, and the
// project on its embedded store, each Neo4j client through its own Bolt-counting proxy. It checks
// the peer's answers against the project's for every request before measuring, then runs each
// query at each number of connections, the targets in turn, several runs, and prints medians
// and per-request statements, bytes and Neo4j CPU as a table for BENCHMARKS.md.
func runNeo4j(ctx context.Context, cfg config) (err error) {
	root, dir, err := workspace("load-neo4j-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	srv, external, err := neo4jServer(ctx)
	if err != nil {
		return err
	}
	if !external {
		defer func() { err = errors.Join(err, srv.Close()) }()
	}
	ds, err := seed.Load()
	if err != nil {
		return err
	}
	if err := seedNeo4j(ctx, srv, ds, external); err != nil {
		return err
	}
	mix, err := bench.NewMix(ds.Entities)
	if err != nil {
		return err
	}
	u, err := url.Parse(srv.URI)
	if err != nil {
		return fmt.Errorf("NEO4J_URI %q: %w", srv.URI, err)
	}
	if u.Scheme != "bolt" && u.Scheme != "neo4j" {
		return fmt.Errorf("NEO4J_URI %q: the counting proxy needs an unencrypted bolt:// or neo4j:// address", srv.URI)
	}

	var procs []*exec.Cmd
	defer func() {
		for _, p := range procs {
			_ = p.Process.Kill() // the process may have exited already
			_ = p.Wait()         // its exit status is of no interest once killed
		}
	}()
	var proxies []*boltcount.Proxy
	defer func() {
		for _, p := range proxies {
			err = errors.Join(err, p.Close())
		}
	}()
	// Each Neo4j client gets its own proxy. The routing scheme would send the driver to the
	// server's advertised address, past the proxy: bolt:// keeps it on the proxy.
	viaProxy := func() (*boltcount.Proxy, []string, error) {
		p, err := boltcount.Start(u.Host)
		if err != nil {
			return nil, nil, err
		}
		proxies = append(proxies, p)
		return p, []string{"NEO4J_URI=bolt://" + p.Addr(), "NEO4J_USERNAME=" + srv.Username,
			"NEO4J_PASSWORD=" + srv.Password, "NEO4J_DATABASE=" + srv.Database}, nil
	}

	bin, err := buildServer(ctx, cfg, root, dir)
	if err != nil {
		return err
	}
	// Every connection of the load comes from one address, which the server's admission would
	// hold to a few expensive requests at a time (the peer has no such rule): lift that one bound,
	// unless the flags set it.
	args := []string{"serve", "-addr", "127.0.0.1:0", "-log-level", "warn"}
	if !slices.ContainsFunc(cfg.serverArgs, func(a string) bool { return strings.Contains(a, "max-expensive-per-client") }) {
		args = append(args, "-max-expensive-per-client", "0")
	}
	args = append(args, cfg.serverArgs...)
	startServer := func(name string, env []string) (target, error) {
		cmd := exec.CommandContext(ctx, bin, args...)
		cmd.Env = append(append(withoutNeo4j(os.Environ()), cfg.serverEnv...), env...)
		addr, err := startProcess(cmd, "serving GraphQL at ")
		if err != nil {
			return target{}, fmt.Errorf("start %s: %w", name, err)
		}
		procs = append(procs, cmd)
		return target{name: name, url: strings.Fields(addr)[0]}, nil
	}

	proxy, env, err := viaProxy()
	if err != nil {
		return err
	}
	t, err := startServer("neo4j", env)
	if err != nil {
		return err
	}
	targets := []neo4jTarget{{target: t, proxy: proxy, reqs: mix}}
	t, err = startServer("embedded", nil)
	if err != nil {
		return err
	}
	embedded := neo4jTarget{target: t, reqs: mix}

	ours, err := fetchAll(targets[0].url, mix)
	if err != nil {
		return fmt.Errorf("the project on Neo4j: %w", err)
	}
	if same, differ, err := compare(embedded.url, ours); err != nil || differ > 0 {
		return fmt.Errorf("the embedded store answers %d requests as on Neo4j, %d differently (%v)", same, differ, err)
	}
	log.Printf("the project answers all %d requests the same on Neo4j and embedded", len(ours))

	if *neo4jPeerDir != "" {
		peerDir := filepath.Join(root, *neo4jPeerDir)
		if _, err := os.Stat(filepath.Join(peerDir, "node_modules")); err != nil {
			log.Printf("@neo4j/graphql peer left out: no %s/node_modules (run npm ci there)", *neo4jPeerDir)
		} else {
			proxy, env, err := viaProxy()
			if err != nil {
				return err
			}
			cmd := exec.CommandContext(ctx, "node", filepath.Join(peerDir, "server.mjs"))
			cmd.Env = append(append(withoutNeo4j(os.Environ()), "PORT=0"), env...)
			addr, err := startProcess(cmd, "neo4j peer at ")
			if err != nil {
				return fmt.Errorf("start the @neo4j/graphql peer: %w", err)
			}
			procs = append(procs, cmd)
			reqs, err := peerMix(mix)
			if err != nil {
				return err
			}
			checked, err := checkPeer(addr, mix, reqs, ours)
			if err != nil {
				return err
			}
			log.Printf("@neo4j/graphql peer: %d answers, normalised, identical to the project's", checked)
			targets = append(targets, neo4jTarget{target: target{name: "peer", url: addr}, proxy: proxy, reqs: reqs})
		}
	}
	targets = append(targets, embedded)

	pid := srv.PID()
	fmt.Printf("load -store neo4j: %s, %d runs of %v per point, connections %v, GOMAXPROCS %d; Neo4j %s (JVM pid %d); server flags %q\n\n",
		cfg.driver, cfg.runs, cfg.duration, cfg.conns, numCPU(), srv.URI, pid, args[1:])
	// What each server sends Neo4j with no request at all, which the figures per request below
	// would count. (While it serves, the project also asks its data version at most once a
	// second, for its response cache: about 0.01 statements a request at 1 connection.)
	const idle = 5 * time.Second
	var quiet []boltcount.Counts
	for _, t := range targets {
		if t.proxy != nil {
			quiet = append(quiet, t.proxy.Counts())
		}
	}
	time.Sleep(idle)
	i := 0
	for _, t := range targets {
		if t.proxy != nil {
			fmt.Printf("idle: %s sent %.1f statements a second\n", t.name, float64(t.proxy.Counts().Sub(quiet[i]).Runs)/idle.Seconds())
			i++
		}
	}
	fmt.Println()
	results := map[string]map[int]map[string][]point{} // query → conns → target → runs
	costs := map[string]map[int]map[string][]usage{}
	for _, phase := range cfg.phases {
		if !slices.Contains(bench.Names, phase) {
			return fmt.Errorf("-store neo4j: phase %q: the phases are the queries %v", phase, bench.Names)
		}
		results[phase], costs[phase] = map[int]map[string][]point{}, map[int]map[string][]usage{}
		// Warm each target up on the phase (plans cached, JIT compiled), not counted.
		for _, t := range targets {
			if len(t.reqs[phase]) == 0 {
				continue
			}
			if _, err := attackOne(ctx, cfg, dir, t.target, phase, t.reqs[phase], slices.Max(cfg.conns), min(cfg.duration, 2*time.Second)); err != nil {
				return err
			}
		}
		for _, c := range cfg.conns {
			results[phase][c], costs[phase][c] = map[string][]point{}, map[string][]usage{}
			for range cfg.runs {
				for _, t := range targets {
					if len(t.reqs[phase]) == 0 {
						continue
					}
					var before boltcount.Counts
					if t.proxy != nil {
						before = t.proxy.Counts()
					}
					cpu0, cpuErr := processCPU(pid)
					p, err := attackOne(ctx, cfg, dir, t.target, phase, t.reqs[phase], c, cfg.duration)
					if err != nil {
						return err
					}
					use := usage{requests: p.requests - p.errors, errors: p.errors}
					if t.proxy != nil {
						use.counts = t.proxy.Counts().Sub(before)
						cpu1, err := processCPU(pid)
						use.cpu, use.cpuUnknown = cpu1-cpu0, err != nil || cpuErr != nil
					}
					results[phase][c][t.name] = append(results[phase][c][t.name], p)
					costs[phase][c][t.name] = append(costs[phase][c][t.name], use)
				}
			}
			fmt.Fprintf(os.Stderr, "%s at %d connections done\n", phase, c)
		}
	}
	neo4jReport(os.Stdout, cfg, targets, results, costs)
	return nil
}

// attackOne runs one point with the configured load generator.
func attackOne(ctx context.Context, cfg config, dir string, t target, phase string, reqs []bench.Request, conns int, d time.Duration) (point, error) {
	if cfg.driver == "wrk" {
		return attackWrk(ctx, dir, t, phase, reqs, conns, d, false)
	}
	return attack(ctx, t, reqs, conns, d, false)
}

// neo4jServer starts a local Neo4j, or names the one NEO4J_URI gives (external).
func neo4jServer(ctx context.Context) (srv *launcher.Server, external bool, err error) {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		srv = &launcher.Server{URI: uri, Username: os.Getenv("NEO4J_USERNAME"),
			Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")}
		if srv.Username == "" {
			srv.Username = "neo4j"
		}
		return srv, true, nil
	}
	start := time.Now()
	srv, err = launcher.StartWith(ctx, launcher.Options{Heap: *scaleHeap, PageCacheMiB: *scalePageCache})
	if err != nil {
		return nil, false, err
	}
	log.Printf("started Neo4j at %s in %.1f s (heap -Xmx%s, page cache %d MiB)", srv.URI, time.Since(start).Seconds(), *scaleHeap, *scalePageCache)
	return srv, false, nil
}

// seedNeo4j loads the seed data with the seed command's statements; an external database is
// reset first.
func seedNeo4j(ctx context.Context, srv *launcher.Server, ds *seed.Dataset, reset bool) (err error) {
	store, err := neo4j.Open(ctx, neo4j.Config{URI: srv.URI, Username: srv.Username, Password: srv.Password, Database: srv.Database})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, store.Close(context.WithoutCancel(ctx))) }()
	return store.Seed(ctx, ds, neo4j.SeedOptions{Reset: reset}, io.Discard)
}

// withoutNeo4j returns env without the NEO4J_ variables, so that a server given none serves the
// embedded store.
func withoutNeo4j(env []string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, "NEO4J_") })
}

// processCPU returns the user and system CPU time a process has used, from /proc/PID/stat (in
// clock ticks of 1/100 s, the USER_HZ of Linux on every common architecture).
func processCPU(pid int) (time.Duration, error) {
	if pid <= 0 {
		return 0, errors.New("no process id")
	}
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces: count after its end.
	rest := string(raw[strings.LastIndexByte(string(raw), ')')+1:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// checkPeer sends every request of the peer's mix and compares each answer, normalised, with the
// project's answer to the same request; any difference is an error. It returns the number of
// answers compared.
func checkPeer(url string, mix, peer bench.Mix, ours map[string]json.RawMessage) (int, error) {
	n := 0
	for name, reqs := range peer {
		for i, r := range reqs {
			theirs, err := post(url, r.Body)
			if err != nil {
				return n, fmt.Errorf("@neo4j/graphql peer, %s: %w", r.Body, err)
			}
			want, err := normalize(name, ours[string(mix[name][i].Body)], false)
			if err != nil {
				return n, fmt.Errorf("the project's answer to %s: %w", mix[name][i].Body, err)
			}
			got, err := normalize(name, theirs, true)
			if err != nil {
				return n, fmt.Errorf("the peer's answer to %s: %w", r.Body, err)
			}
			if !reflect.DeepEqual(want, got) {
				a, _ := json.Marshal(want)
				b, _ := json.Marshal(got)
				return n, fmt.Errorf("@neo4j/graphql peer: %s answers %s differently:\n project: %.1500s\n peer:    %.1500s", name, mix[name][i].Body, a, b)
			}
			n++
		}
	}
	return n, nil
}

// The normalised answers: what both servers' answers mean, in one shape. Types are upper case
// (the project's enum, the peer's stored label), an absent section is "".
type (
	normEntity struct {
		ID, Type, Name, NameFr, Description string
		Aliases                             []string
		Evidence                            [][3]string // document, section, quote
		Total                               int
		Edges                               []normEdge
	}
	normEdge struct {
		Direction, Type string
		From, To        [3]string // id, type, name
		Evidence        [][2]string
	}
	normSubgraph struct {
		Truncated     bool
		Nodes         []string // "id type name", sorted
		Relationships []string // "type from to", sorted
	}
	normPath struct {
		Length        int
		Nodes         []string // "id type name", in order
		Relationships []string // type and quotes, in order
	}
	normOrg struct {
		ID, Name string
		Runs     []normInitiative
		Partners []string
	}
	normInitiative struct {
		ID, Name          string
		Targets           [][2]string // "id name", quotes joined
		ParticipantsTotal int
		Participants      []string
	}
)

// normalize decodes an answer of the project (peer false) or of the peer (true) to the query
// name into its normalised form.
func normalize(name string, raw []byte, peer bool) (any, error) {
	type ref struct{ ID, Type, Name, NameEn string }
	refName := func(r ref) string { return r.Name + r.NameEn }
	switch name {
	case "EntityPage":
		if peer {
			var a struct {
				Data struct {
					Entities []struct {
						ID, Type, NameEn, NameFr, DescriptionEn      string
						Aliases, EvidenceDocuments, EvidenceSections []string
						EvidenceQuotes                               []string
						RelationshipCount                            int
						Relationships                                []struct {
							Direction, Type                  string
							From, To                         ref
							EvidenceSections, EvidenceQuotes []string
						}
					}
				}
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, err
			}
			if len(a.Data.Entities) != 1 {
				return nil, fmt.Errorf("%d entities, want 1", len(a.Data.Entities))
			}
			e := a.Data.Entities[0]
			out := normEntity{ID: e.ID, Type: strings.ToUpper(e.Type), Name: e.NameEn, NameFr: e.NameFr, Description: e.DescriptionEn,
				Aliases: orEmpty(e.Aliases), Total: e.RelationshipCount, Edges: []normEdge{}, Evidence: [][3]string{}}
			for i := range e.EvidenceQuotes {
				out.Evidence = append(out.Evidence, [3]string{at(e.EvidenceDocuments, i), at(e.EvidenceSections, i), e.EvidenceQuotes[i]})
			}
			for _, r := range e.Relationships {
				edge := normEdge{Direction: r.Direction, Type: r.Type, Evidence: [][2]string{},
					From: [3]string{r.From.ID, strings.ToUpper(r.From.Type), refName(r.From)},
					To:   [3]string{r.To.ID, strings.ToUpper(r.To.Type), refName(r.To)}}
				for i := range r.EvidenceQuotes {
					edge.Evidence = append(edge.Evidence, [2]string{at(r.EvidenceSections, i), r.EvidenceQuotes[i]})
				}
				out.Edges = append(out.Edges, edge)
			}
			return out, nil
		}
		type evidence struct{ Document, Section, Quote string }
		var a struct {
			Data struct {
				Entity struct {
					ID, Type, Name, NameFr, Description string
					Aliases                             []string
					Evidence                            []evidence
					Relationships                       struct {
						TotalCount int
						Edges      []struct {
							Direction string
							Node      struct {
								Type     string
								From, To ref
								Evidence []evidence
							}
						}
					}
				}
			}
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, err
		}
		e := a.Data.Entity
		out := normEntity{ID: e.ID, Type: e.Type, Name: e.Name, NameFr: e.NameFr, Description: e.Description,
			Aliases: orEmpty(e.Aliases), Total: e.Relationships.TotalCount, Edges: []normEdge{}, Evidence: [][3]string{}}
		for _, ev := range e.Evidence {
			out.Evidence = append(out.Evidence, [3]string{ev.Document, ev.Section, ev.Quote})
		}
		for _, r := range e.Relationships.Edges {
			edge := normEdge{Direction: r.Direction, Type: r.Node.Type, Evidence: [][2]string{},
				From: [3]string{r.Node.From.ID, r.Node.From.Type, r.Node.From.Name},
				To:   [3]string{r.Node.To.ID, r.Node.To.Type, r.Node.To.Name}}
			for _, ev := range r.Node.Evidence {
				edge.Evidence = append(edge.Evidence, [2]string{ev.Section, ev.Quote})
			}
			out.Edges = append(out.Edges, edge)
		}
		return out, nil

	case "Neighborhood":
		var a struct {
			Data struct {
				Neighborhood struct {
					Truncated     bool
					Nodes         []ref
					Relationships []struct {
						Type     string
						From, To json.RawMessage // the project: {id}; the peer: the id
					}
				}
			}
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, err
		}
		sub := a.Data.Neighborhood
		out := normSubgraph{Truncated: sub.Truncated, Nodes: []string{}, Relationships: []string{}}
		for _, n := range sub.Nodes {
			out.Nodes = append(out.Nodes, n.ID+" "+strings.ToUpper(n.Type)+" "+refName(n))
		}
		endID := func(raw json.RawMessage) string {
			var id string
			if json.Unmarshal(raw, &id) == nil {
				return id
			}
			var r ref
			_ = json.Unmarshal(raw, &r) // an unreadable end compares as ""
			return r.ID
		}
		for _, r := range sub.Relationships {
			out.Relationships = append(out.Relationships, r.Type+" "+endID(r.From)+" "+endID(r.To))
		}
		slices.Sort(out.Nodes)
		slices.Sort(out.Relationships)
		return out, nil

	case "Path":
		var a struct {
			Data struct {
				Path *struct {
					Length        int
					Nodes         []ref
					Relationships []struct {
						Type           string
						Evidence       []struct{ Quote string }
						EvidenceQuotes []string
					}
				}
			}
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, err
		}
		if a.Data.Path == nil {
			return nil, nil
		}
		out := normPath{Length: a.Data.Path.Length, Nodes: []string{}, Relationships: []string{}}
		for _, n := range a.Data.Path.Nodes {
			out.Nodes = append(out.Nodes, n.ID+" "+strings.ToUpper(n.Type)+" "+refName(n))
		}
		for _, r := range a.Data.Path.Relationships {
			quotes := r.EvidenceQuotes
			for _, ev := range r.Evidence {
				quotes = append(quotes, ev.Quote)
			}
			out.Relationships = append(out.Relationships, r.Type+" "+strings.Join(quotes, "\n"))
		}
		return out, nil

	case "Deep":
		type named struct{ ID, Name, NameEn string }
		name := func(n named) string { return n.ID + " " + n.Name + n.NameEn }
		var out []normOrg
		if peer {
			type edge struct{ Node named }
			var a struct {
				Data struct {
					Entities []struct {
						named
						RunsConnection struct {
							Edges []struct {
								Node struct {
									named
									TargetsConnection struct {
										Edges []struct {
											Node       named
											Properties struct{ EvidenceQuotes []string }
										}
									}
									ParticipantsConnection struct {
										TotalCount int
										Edges      []edge
									}
								}
							}
						}
						PartnersConnection struct{ Edges []edge }
					}
				}
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, err
			}
			for _, o := range a.Data.Entities {
				org := normOrg{ID: o.ID, Name: o.NameEn, Runs: []normInitiative{}, Partners: []string{}}
				for _, r := range o.RunsConnection.Edges {
					in := normInitiative{ID: r.Node.ID, Name: r.Node.NameEn, Targets: [][2]string{}, Participants: []string{},
						ParticipantsTotal: r.Node.ParticipantsConnection.TotalCount}
					for _, t := range r.Node.TargetsConnection.Edges {
						in.Targets = append(in.Targets, [2]string{name(t.Node), strings.Join(t.Properties.EvidenceQuotes, "\n")})
					}
					for _, p := range r.Node.ParticipantsConnection.Edges {
						in.Participants = append(in.Participants, name(p.Node))
					}
					org.Runs = append(org.Runs, in)
				}
				for _, p := range o.PartnersConnection.Edges {
					org.Partners = append(org.Partners, name(p.Node))
				}
				slices.Sort(org.Partners)
				out = append(out, org)
			}
			return out, nil
		}
		type edge struct{ Node named }
		var a struct {
			Data struct {
				Entities struct {
					Edges []struct {
						Node struct {
							named
							Runs struct {
								Edges []struct {
									Node struct {
										named
										Targets struct {
											Edges []struct {
												Node     named
												Evidence []struct{ Quote string }
											}
										}
										Participants struct {
											TotalCount int
											Edges      []edge
										}
									}
								}
							}
							Partners struct{ Edges []edge }
						}
					}
				}
			}
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, err
		}
		for _, e := range a.Data.Entities.Edges {
			o := e.Node
			org := normOrg{ID: o.ID, Name: o.Name, Runs: []normInitiative{}, Partners: []string{}}
			for _, r := range o.Runs.Edges {
				in := normInitiative{ID: r.Node.ID, Name: r.Node.Name, Targets: [][2]string{}, Participants: []string{},
					ParticipantsTotal: r.Node.Participants.TotalCount}
				for _, t := range r.Node.Targets.Edges {
					var quotes []string
					for _, ev := range t.Evidence {
						quotes = append(quotes, ev.Quote)
					}
					in.Targets = append(in.Targets, [2]string{name(t.Node), strings.Join(quotes, "\n")})
				}
				for _, p := range r.Node.Participants.Edges {
					in.Participants = append(in.Participants, name(p.Node))
				}
				org.Runs = append(org.Runs, in)
			}
			for _, p := range o.Partners.Edges {
				org.Partners = append(org.Partners, name(p.Node))
			}
			slices.Sort(org.Partners)
			out = append(out, org)
		}
		return out, nil
	}
	return nil, fmt.Errorf("no normal form for %s", name)
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}
