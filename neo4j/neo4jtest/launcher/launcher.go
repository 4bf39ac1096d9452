// Package launcher runs a real Neo4j server, Neo4j 5.26 Community, in process in a small Java
// program (Launcher.java beside this file) with the Bolt connector on 127.0.0.1, authentication
// on and a password made for the run. Start builds the program the first time (Maven resolves
// Neo4j into ~/.m2; javac compiles one class into the user's cache directory, once per version of
// its sources). When the process that started it dies, the server sees its standard input close
// and exits too.
//
// It serves the tests (through package neo4jtest), the load command and cmd/neo4j-local, and
// links nothing of package testing into them.
package launcher

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Server is a Neo4j server: one that this package started, or one that the fields name (as
// NEO4J_URI does for the tests).
type Server struct {
	URI      string
	Username string
	Password string
	// Database is empty for the user's home database.
	Database string

	// Set when this package started the server.
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan string
	home   string
	stderr *os.File
	mu     sync.Mutex // serialises commands to the launcher
}

// StartTimeout bounds starting the server, the launcher's first build excepted.
const StartTimeout = 3 * time.Minute

//go:embed pom.xml src/main/java/kg/neo4jtest/Launcher.java
var sources embed.FS

const launcherSource = "src/main/java/kg/neo4jtest/Launcher.java"

// jvmFlags are the flags that Neo4j's own neo4j.conf gives the JVM (server.jvm.additional), which
// Neo4j needs on Java 17; Options add the heap.
var jvmFlags = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+DisableExplicitGC",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Dlog4j2.disable.jmx=true",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
}

// ErrNoJava means that java, javac or mvn is not on the PATH.
var ErrNoJava = errors.New("launcher: the Neo4j tests need a JDK 17 and Maven on the PATH " +
	"(Debian: apt-get install openjdk-17-jdk-headless maven), or NEO4J_URI naming a scratch Neo4j 5 database")

// Options size a server's memory.
type Options struct {
	// Heap is the JVM's maximum heap, as -Xmx takes it (e.g. "1g", "512m"). Default "1g".
	Heap string
	// PageCacheMiB is Neo4j's page cache, in MiB. Default 256.
	PageCacheMiB int
}

func (o Options) withDefaults() Options {
	if o.Heap == "" {
		o.Heap = "1g"
	}
	if o.PageCacheMiB <= 0 {
		o.PageCacheMiB = 256
	}
	return o
}

// Start builds the launcher if needed and starts a new server in a temporary directory, with the
// default Options: sized for tests.
func Start(ctx context.Context) (*Server, error) {
	return StartWith(ctx, Options{})
}

// StartWith is Start with the given memory sizes.
func StartWith(ctx context.Context, opts Options) (*Server, error) {
	opts = opts.withDefaults()
	for _, tool := range []string{"java", "javac", "mvn"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, ErrNoJava
		}
	}
	classpath, err := build(ctx)
	if err != nil {
		return nil, err
	}
	home, err := os.MkdirTemp("", "neo4jtest-")
	if err != nil {
		return nil, fmt.Errorf("launcher: %w", err)
	}
	password, err := newPassword()
	if err != nil {
		return nil, errors.Join(err, os.RemoveAll(home))
	}
	s := &Server{Username: "neo4j", Password: password, home: home, lines: make(chan string, 16)}
	if err := s.start(ctx, classpath, opts); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

func (s *Server) start(ctx context.Context, classpath string, opts Options) error {
	stderr, err := os.Create(filepath.Join(s.home, "launcher.log"))
	if err != nil {
		return fmt.Errorf("launcher: %w", err)
	}
	s.stderr = stderr
	args := append([]string{"-Xms256m", "-Xmx" + opts.Heap}, jvmFlags...)
	args = append(args, "-cp", classpath, "kg.neo4jtest.Launcher",
		filepath.Join(s.home, "neo4j"), "0", s.Password, strconv.Itoa(opts.PageCacheMiB))
	// Not CommandContext: the server outlives ctx, which bounds only the start.
	s.cmd = exec.Command("java", args...)
	s.cmd.Stderr = stderr
	if s.stdin, err = s.cmd.StdinPipe(); err != nil {
		return fmt.Errorf("launcher: %w", err)
	}
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("launcher: %w", err)
	}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("launcher: start java: %w", err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	line, err := s.reply(ctx, StartTimeout)
	if err != nil {
		return err
	}
	uri, ok := strings.CutPrefix(line, "READY ")
	if !ok {
		return fmt.Errorf("launcher: launcher said %q, want READY", line)
	}
	s.URI = uri
	return nil
}

// reply waits for the launcher's next line of output.
func (s *Server) reply(ctx context.Context, timeout time.Duration) (string, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case line, ok := <-s.lines:
		if !ok {
			return "", fmt.Errorf("launcher: the server exited; its log:\n%s", s.logTail())
		}
		return line, nil
	case <-timer.C:
		return "", fmt.Errorf("launcher: no answer from the server within %s; its log:\n%s", timeout, s.logTail())
	case <-ctx.Done():
		return "", fmt.Errorf("launcher: %w", ctx.Err())
	}
}

// PID returns the process id of the server's JVM, or 0 for a server this package did not start.
func (s *Server) PID() int {
	if !s.Started() || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// DiskUsage returns the bytes of the files of the default database: its store files (nodes,
// relationships, properties, strings, indexes) and its transaction logs. It fails for a server
// this package did not start.
func (s *Server) DiskUsage() (store, txlogs int64, err error) {
	if !s.Started() {
		return 0, 0, fmt.Errorf("launcher: the server at %s was not started by this package", s.URI)
	}
	data := filepath.Join(s.home, "neo4j", "data")
	if store, err = dirSize(filepath.Join(data, "databases", "neo4j")); err != nil {
		return 0, 0, err
	}
	if txlogs, err = dirSize(filepath.Join(data, "transactions", "neo4j")); err != nil {
		return 0, 0, err
	}
	return store, txlogs, nil
}

// dirSize adds up the sizes of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("launcher: disk usage of %s: %w", dir, err)
	}
	return total, nil
}

// Started reports whether this package started the server (and so can stop and restart it).
func (s *Server) Started() bool { return s.cmd != nil }

// Stop shuts the DBMS down, as a server that crashed or was stopped: the port refuses
// connections until Restart. It fails on a server that this package did not start.
func (s *Server) Stop(ctx context.Context) error { return s.command(ctx, "stop") }

// Restart starts the DBMS again after Stop, on the same port and with the same data.
func (s *Server) Restart(ctx context.Context) error { return s.command(ctx, "start") }

func (s *Server) command(ctx context.Context, cmd string) error {
	if !s.Started() {
		return fmt.Errorf("launcher: %s: the server at %s was not started by the tests", cmd, s.URI)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintln(s.stdin, cmd); err != nil {
		return fmt.Errorf("launcher: %s: %w", cmd, err)
	}
	line, err := s.reply(ctx, StartTimeout)
	if err != nil {
		return fmt.Errorf("launcher: %s: %w", cmd, err)
	}
	if !strings.HasPrefix(line, "OK") {
		return fmt.Errorf("launcher: %s: %s", cmd, line)
	}
	return nil
}

// Close stops a server that this package started and removes its directory. A server that it
// did not start is left alone.
func (s *Server) Close() error {
	if !s.Started() {
		return nil
	}
	var errs []error
	if s.stdin != nil {
		errs = append(errs, s.stdin.Close())
	}
	if s.cmd.Process != nil {
		done := make(chan error, 1)
		go func() { done <- s.cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			errs = append(errs, s.cmd.Process.Kill())
			<-done
		}
	}
	if s.stderr != nil {
		errs = append(errs, s.stderr.Close())
	}
	errs = append(errs, os.RemoveAll(s.home))
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("launcher: close: %w", err)
	}
	return nil
}

// logTail returns the end of the launcher's standard error, for messages.
func (s *Server) logTail() string {
	b, err := os.ReadFile(filepath.Join(s.home, "launcher.log"))
	if err != nil {
		return err.Error()
	}
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

func newPassword() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("launcher: password: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// build makes the launcher's classes and classpath in the user's cache directory, once per
// version of its sources, and returns the classpath. Test binaries that build at the same time
// each build in a directory of their own and the first to finish wins.
func build(ctx context.Context) (string, error) {
	sum := sha256.New()
	err := fs.WalkDir(sources, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := sources.ReadFile(path)
		sum.Write([]byte(path))
		sum.Write(b)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("launcher: %w", err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("launcher: %w", err)
	}
	dir := filepath.Join(cache, "roundtable-kg", "neo4j-launcher-"+hex.EncodeToString(sum.Sum(nil))[:16])
	if cp, err := readClasspath(dir); err == nil {
		return cp, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("launcher: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "build-")
	if err != nil {
		return "", fmt.Errorf("launcher: %w", err)
	}
	defer os.RemoveAll(tmp)
	for _, name := range []string{"pom.xml", launcherSource} {
		b, err := sources.ReadFile(name)
		if err != nil {
			return "", fmt.Errorf("launcher: %w", err)
		}
		if err := os.WriteFile(filepath.Join(tmp, filepath.Base(name)), b, 0o644); err != nil {
			return "", fmt.Errorf("launcher: %w", err)
		}
	}
	mvn := exec.CommandContext(ctx, "mvn", "-q", "-B", "-f", filepath.Join(tmp, "pom.xml"),
		"dependency:build-classpath", "-Dmdep.outputFile="+filepath.Join(tmp, "classpath.txt"))
	if out, err := mvn.CombinedOutput(); err != nil {
		return "", fmt.Errorf("launcher: resolving Neo4j with Maven: %w\n%s", err, out)
	}
	cp, err := os.ReadFile(filepath.Join(tmp, "classpath.txt"))
	if err != nil {
		return "", fmt.Errorf("launcher: %w", err)
	}
	javac := exec.CommandContext(ctx, "javac", "-d", filepath.Join(tmp, "classes"), "-cp", string(cp),
		filepath.Join(tmp, "Launcher.java"))
	if out, err := javac.CombinedOutput(); err != nil {
		return "", fmt.Errorf("launcher: compiling the launcher: %w\n%s", err, out)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another test binary finished first: use its build.
		if cp, err2 := readClasspath(dir); err2 == nil {
			return cp, nil
		}
		return "", fmt.Errorf("launcher: %w", err)
	}
	return readClasspath(dir)
}

// readClasspath returns the classpath of a finished build, if every part of it is still there
// (a cleaned ~/.m2 means building again).
func readClasspath(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "classpath.txt"))
	if err != nil {
		return "", err
	}
	parts := strings.Split(strings.TrimSpace(string(b)), string(os.PathListSeparator))
	for _, p := range parts {
		if _, err := os.Stat(p); err != nil {
			return "", err
		}
	}
	classes := filepath.Join(dir, "classes")
	if _, err := os.Stat(classes); err != nil {
		return "", err
	}
	return classes + string(os.PathListSeparator) + strings.Join(parts, string(os.PathListSeparator)), nil
}
