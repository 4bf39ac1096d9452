package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/kg"
	"github.com/drugwatch/roundtable-kg/neo4j"
)

// neo4jConfig holds the Neo4j settings shared by the serve, seed and cypher commands. The password is read from the
// environment only, so that it never shows in a process list.
type neo4jConfig struct {
	neo4j.Config
}

func (c *neo4jConfig) flags(fs *flag.FlagSet, getenv func(string) string) {
	fs.StringVar(&c.URI, "neo4j-uri", getenv("NEO4J_URI"), "Neo4j `URI`, e.g. neo4j://localhost:7687 or neo4j+s://xxxx.databases.neo4j.io (env NEO4J_URI)")
	fs.StringVar(&c.Username, "neo4j-username", envOr(getenv, "NEO4J_USERNAME", "neo4j"), "Neo4j user (env NEO4J_USERNAME)")
	fs.StringVar(&c.Database, "neo4j-database", getenv("NEO4J_DATABASE"), "Neo4j database; empty means the user's home database (env NEO4J_DATABASE)")
	c.Password = getenv("NEO4J_PASSWORD")
}

// required refuses to run the command cmd, which needs Neo4j, without a Neo4j URI, saying how to
// give one.
func (c *neo4jConfig) required(cmd string, stderr io.Writer) error {
	if c.URI == "" {
		fmt.Fprintln(stderr, cmd+" needs NEO4J_URI (or -neo4j-uri), e.g. NEO4J_URI=neo4j://localhost:7687")
		return errUsage
	}
	return nil
}

// check refuses Neo4j flags given without a Neo4j URI, which would otherwise be ignored.
func (c *neo4jConfig) check(fs *flag.FlagSet, wait time.Duration) error {
	if c.URI != "" {
		return nil
	}
	var given []string
	fs.Visit(func(f *flag.Flag) {
		if strings.HasPrefix(f.Name, "neo4j-") || f.Name == "wait-for-neo4j" {
			given = append(given, "-"+f.Name)
		}
	})
	if len(given) > 0 {
		return fmt.Errorf("%s given without -neo4j-uri (or NEO4J_URI): nothing would use it", strings.Join(given, ", "))
	}
	return nil
}

// connectNeo4j opens the Neo4j store, retrying for up to wait when it is not zero and reporting
// each failed attempt to progress.
func connectNeo4j(ctx context.Context, c neo4jConfig, wait time.Duration, progress io.Writer) (*neo4j.Store, error) {
	if wait > 0 {
		return neo4j.WaitFor(ctx, c.Config, wait, progress)
	}
	return neo4j.Open(ctx, c.Config)
}

// openNeo4j opens the Neo4j store, retrying for up to wait when it is not zero.
func openNeo4j(ctx context.Context, c neo4jConfig, wait time.Duration, logger *slog.Logger) (kg.Store, func() error, error) {
	store, err := connectNeo4j(ctx, c, wait, logWriter{logger})
	if err != nil {
		return nil, nil, err
	}
	version, err := store.DataVersion(ctx)
	if err != nil {
		logger.Warn("neo4j: the graph is not seeded yet; run the seed command", "err", err)
	}
	logger.Info("serving from neo4j", "config", c.String(), "version", version)
	return store, func() error { return store.Close(context.Background()) }, nil
}

// logWriter turns the lines of a progress writer into log records.
type logWriter struct{ logger *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.logger.Warn(strings.TrimSpace(string(p)))
	return len(p), nil
}
