// Command startup measures the server's start-up as a user sees it: from the exec of the built
// server binary, serving the embedded seed graph, to its first successful answer on /readyz and
// to its first answer to a GraphQL query, and the CPU time the server used until then. It builds
// the main package once, starts and stops it n times on 127.0.0.1, one at a time, and prints the
// median, the minimum and the maximum of each. Given several binaries, it starts them in turn, so
// that they are compared under the same load of the machine.
//
//	go run ./cmd/startup                 # 30 starts
//	go run ./cmd/startup -n 100 -server-env "GOGC=100"
//	go run ./cmd/startup -bin ./old,./new   # binaries built elsewhere, side by side
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// query is the GraphQL request whose answer ends a start.
const query = `{"query":"{ entity(id: \"royal-canadian-mounted-police\") { id name } }"}`

func main() {
	log.SetFlags(0)
	n := flag.Int("n", 30, "how many starts")
	bins := flag.String("bin", "", "comma-separated server `binaries` to start in turn; empty builds the main package of this module")
	serverEnv := flag.String("server-env", "", "space-separated `VAR=value` settings added to the server's environment")
	flag.Parse()
	if *n < 1 {
		log.Fatalf("-n %d: want 1 or more", *n)
	}
	var paths []string
	if *bins != "" {
		paths = strings.Split(*bins, ",")
	} else {
		dir, err := os.MkdirTemp("", "startup")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "roundtable-kg")
		build := exec.Command("go", "build", "-o", path, ".")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			log.Fatalf("build the server: %v", err)
		}
		paths = []string{path}
	}
	env := append(os.Environ(), strings.Fields(*serverEnv)...)
	ready := make([][]time.Duration, len(paths))
	answered := make([][]time.Duration, len(paths))
	cpu := make([][]time.Duration, len(paths))
	for range *n {
		for i, path := range paths {
			r, a, c, err := start(path, env)
			if err != nil {
				log.Fatal(err)
			}
			ready[i], answered[i], cpu[i] = append(ready[i], r), append(answered[i], a), append(cpu[i], c)
		}
	}
	for i, path := range paths {
		fmt.Printf("%d starts of %s (%s)\n", *n, path, *serverEnv)
		report("exec to /readyz 200", ready[i])
		report("exec to first GraphQL answer", answered[i])
		report("server CPU time until then", cpu[i])
	}
}

// start execs the server, waits for the address it prints, asks /readyz and then the GraphQL
// query, stops the server, and returns the times from the exec to each answer and the CPU time
// (user and system) the server used.
func start(path string, env []string) (ready, answered, cpu time.Duration, err error) {
	cmd := exec.Command(path, "-addr", "127.0.0.1:0", "-log-level", "warn")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, 0, err
	}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, fmt.Errorf("start %s: %w", path, err)
	}
	defer func() {
		_ = cmd.Process.Kill() // the measurement is over
		_ = cmd.Wait()
		if cmd.ProcessState != nil {
			cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
	}()
	base, err := address(out)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%w\n%s", err, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	client := &http.Client{Timeout: 10 * time.Second}
	if err := answer(client.Get(base + "/readyz")); err != nil {
		return 0, 0, 0, fmt.Errorf("/readyz: %w", err)
	}
	ready = time.Since(begin)
	if err := answer(client.Post(base+"/graphql", "application/json", strings.NewReader(query))); err != nil {
		return 0, 0, 0, fmt.Errorf("/graphql: %w", err)
	}
	return ready, time.Since(begin), 0, nil
}

// address reads the server's output up to the line that says where it serves, and returns the
// base URL.
func address(out io.Reader) (string, error) {
	const prefix = "serving GraphQL at "
	s := bufio.NewScanner(out)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), prefix); ok {
			url, _, _ := strings.Cut(rest, " ")
			return strings.TrimSuffix(url, "/graphql"), nil
		}
	}
	return "", errors.New("the server stopped before saying where it serves")
}

// answer checks that a response is a 200 without GraphQL errors.
func answer(resp *http.Response, err error) error {
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || bytes.Contains(body, []byte(`"errors"`)) {
		return fmt.Errorf("%s: %.300s", resp.Status, body)
	}
	return nil
}

func report(what string, ds []time.Duration) {
	slices.Sort(ds)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	median := (ms(ds[(len(ds)-1)/2]) + ms(ds[len(ds)/2])) / 2
	fmt.Printf("%-30s median %6.1f ms  min %6.1f ms  max %6.1f ms\n", what, median, ms(ds[0]), ms(ds[len(ds)-1]))
}
