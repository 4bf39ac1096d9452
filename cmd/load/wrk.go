package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/bench"
)

// wrkScript is the Lua script that makes wrk cycle through the phase's request bodies (each
// thread from its own starting point; NewDocuments's with an alias of their own in each request), count a response that is not a 200 or that carries
// GraphQL errors as an error, and print one machine-readable line when it is done.
const wrkScript = `
local bodies = {%s}
local headers = {["Content-Type"] = "application/json"%s}
local unique, salt = %s, "%s"
local threads = {}
local n = 0

function setup(thread)
  thread:set("first", #threads * 7919)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = first
  failures = 0
end

function request()
  n = n + 1
  local body = bodies[(n %% #bodies) + 1]
  if unique then
    body = (string.gsub(body, "n_:", "n_" .. salt .. "_" .. tid .. "_" .. n .. ":", 1))
  end
  return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, t in ipairs(threads) do failed = failed + t:get("failures") end
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\n", summary.requests, summary.duration,
    failed + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
`

// attackWrk sends reqs in a cycle over conns connections with wrk (two threads, as BENCHMARKS.md's
// figures were taken), each connection waiting for its response before sending the next request,
// for d rounded to whole seconds (wrk's unit). wrk reports latency over all of a run's requests, so a phase of several queries
// gets one set of percentiles, under the name "all".
func attackWrk(ctx context.Context, dir string, t target, phase string, reqs []bench.Request, conns int, d time.Duration, cached bool) (point, error) {
	script := filepath.Join(dir, "wrk-"+phase+".lua")
	if err := writeWrkScript(script, reqs, cached); err != nil {
		return point{}, err
	}
	threads := min(2, conns)
	cmd := exec.CommandContext(ctx, "wrk", "-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns),
		"-d", fmt.Sprintf("%ds", max(1, int(d.Round(time.Second).Seconds()))), "--timeout", "10s", "-s", script, t.url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return point{}, fmt.Errorf("wrk against %s: %w: %s%s", t.name, err, out, stderr.Bytes())
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) != 7 || f[0] != "RESULT" {
			continue
		}
		var v [6]int64
		for i := range v {
			if v[i], err = strconv.ParseInt(f[i+1], 10, 64); err != nil {
				return point{}, fmt.Errorf("wrk against %s: bad result %q", t.name, line)
			}
		}
		us := func(x int64) time.Duration { return time.Duration(x) * time.Microsecond }
		name := phase
		if !slices.Contains(bench.Names, phase) {
			name = "all"
		}
		p := point{requests: int(v[0]), errors: int(v[2]), latency: map[string]quantiles{name: {us(v[3]), us(v[4]), us(v[5])}}}
		if v[1] > 0 {
			p.rps = float64(v[0]-v[2]) / us(v[1]).Seconds()
		}
		return p, nil
	}
	return point{}, fmt.Errorf("wrk against %s printed no result: %s", t.name, out)
}

// writeWrkScript writes the Lua script for reqs; bodies are Lua long strings, whose level is
// chosen so that no body can close one early.
func writeWrkScript(file string, reqs []bench.Request, cached bool) error {
	level := "="
	for {
		closing := "]" + level + "]"
		clash := false
		for _, r := range reqs {
			if bytes.Contains(r.Body, []byte(closing)) {
				clash = true
				break
			}
		}
		if !clash {
			break
		}
		level += "="
	}
	var bodies strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&bodies, "\n  [%s[%s]%s],", level, r.Body, level)
	}
	extra := `, ["Cache-Control"] = "no-cache"`
	if cached {
		extra = ""
	}
	src := fmt.Sprintf(wrkScript, bodies.String(), extra, strconv.FormatBool(unique(reqs)), attackSalt())
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		return fmt.Errorf("write the wrk script: %w", err)
	}
	return nil
}
