// Package hostile attacks the real server from outside, the way an operator would watch it: it
// builds the server binary, runs it as a child process on 127.0.0.1, sends it the requests that
// have taken servers of this kind down (expensive aliases from many clients, deeply nested
// variables, large distinct documents, idle connections) and measures what the process does
// meanwhile and after: its resident memory and CPU time from /proc, its goroutines from /metrics,
// and the latency of a cheap query sent beside the attack.
//
// The attacks are shared by the tests of this package (the fast, bounded suite) and by
// cmd/hostile (the same attacks for longer). Linux only: the readings come from /proc.
package hostile

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Build compiles the server, the main package in the module directory root, into dir and
// returns the path of the binary.
func Build(root, dir string) (string, error) {
	bin := filepath.Join(dir, "roundtable-kg")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the server: %w\n%s", err, out)
	}
	return bin, nil
}

// Server is a server process started from a built binary, serving on 127.0.0.1.
type Server struct {
	// URL is the base of the server's addresses, http://127.0.0.1:PORT.
	URL string

	cmd    *exec.Cmd
	log    *tailBuffer
	exited chan struct{}
}

// Env returns the environment of the parent process without the variables that would change
// the server's store or its memory settings (NEO4J_*, GOGC, GOMEMLIMIT), followed by extra: the
// server then runs with its defaults, on the embedded graph unless extra names a Neo4j.
func Env(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "NEO4J_") || name == "GOGC" || name == "GOMEMLIMIT" || name == "PORT" {
			continue
		}
		env = append(env, kv)
	}
	return append(env, extra...)
}

// Start runs bin with env and args after -addr 127.0.0.1:0, and waits (up to a minute) for the
// line that says where it serves.
func Start(bin string, env []string, args ...string) (*Server, error) {
	return StartWithFileLimit(bin, env, 0, args...)
}

// StartWithFileLimit is Start with the process's limit of open files (soft and hard) set to
// files from its start, as on a host whose limit is that; 0 leaves the limit inherited.
func StartWithFileLimit(bin string, env []string, files int, args ...string) (*Server, error) {
	args = append([]string{"-addr", "127.0.0.1:0"}, args...)
	cmd := exec.Command(bin, args...)
	if files > 0 {
		// The shell sets the limit and replaces itself with the server: same process.
		cmd = exec.Command("/bin/sh", append([]string{"-c", `ulimit -n "$0" && exec "$@"`, strconv.Itoa(files), bin}, args...)...)
	}
	cmd.Env = env
	s := &Server{cmd: cmd, log: &tailBuffer{max: 64 << 10}, exited: make(chan struct{})}
	cmd.Stderr = s.log
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		_ = cmd.Wait() // the exit status is read from ProcessState
		close(s.exited)
	}()
	found := make(chan string, 1)
	go func() {
		const prefix = "serving GraphQL at "
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), prefix); ok {
				u, _, _ := strings.Cut(rest, " ")
				found <- strings.TrimSuffix(u, "/graphql")
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			<-s.exited
			return nil, fmt.Errorf("the server exited (%s) before serving; its log:\n%s", cmd.ProcessState, s.Log())
		}
		s.URL = u
		return s, nil
	case <-time.After(time.Minute):
		return nil, errors.Join(fmt.Errorf("the server did not say where it serves within a minute; its log:\n%s", s.Log()), s.Stop())
	}
}

// PID returns the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Alive reports whether the process is still running.
func (s *Server) Alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// ExitState describes how the process ended, or says it is running.
func (s *Server) ExitState() string {
	if s.Alive() {
		return "running"
	}
	return s.cmd.ProcessState.String()
}

// Kill ends the process at once.
func (s *Server) Kill() { _ = s.cmd.Process.Kill() }

// Stop asks the process to shut down (SIGTERM), kills it after 5 s, and waits for it to end.
func (s *Server) Stop() error {
	if !s.Alive() {
		return nil
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("stop the server: %w", err)
	}
	select {
	case <-s.exited:
	case <-time.After(5 * time.Second):
		s.Kill()
		<-s.exited
	}
	return nil
}

// Log returns the end of the server's standard error.
func (s *Server) Log() string { return s.log.String() }

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

// Memory reads a process's resident memory and its peak (VmRSS and VmHWM of /proc/PID/status),
// in bytes.
func Memory(pid int) (rss, peak uint64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("memory of process %d: %w", pid, err)
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "kB")), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("memory of process %d: %s: %w", pid, line, err)
		}
		if name == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return rss, peak, nil
}

// clockTick is the unit of the CPU times of /proc/PID/stat: USER_HZ, 100 on Linux.
const clockTick = 10 * time.Millisecond

// CPU reads the CPU time a process has used, user and system (utime and stime of /proc/PID/stat).
func CPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("CPU of process %d: %w", pid, err)
	}
	// The command name, field 2, is in parentheses and may hold spaces: count from after it.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("CPU of process %d: no command name in %q", pid, b)
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state): utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, fmt.Errorf("CPU of process %d: %d fields", pid, len(f))
	}
	var ticks uint64
	for _, s := range f[11:13] {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("CPU of process %d: %w", pid, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick, nil
}

// Metric reads one unlabelled metric (go_goroutines, go_memstats_heap_inuse_bytes, ...) from
// the server's /metrics, on a connection of its own that it closes.
func Metric(ctx context.Context, base, name string) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	req.Close = true
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return 0, fmt.Errorf("scrape %s: %w", name, err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if value, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			return strconv.ParseFloat(value, 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("scrape %s: %w", name, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return 0, fmt.Errorf("scrape %s: not in /metrics", name)
}
