package reqlog_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/drugwatch/roundtable-kg/reqlog"
)

func TestAttributesReachEveryRecord(t *testing.T) {
	var out bytes.Buffer
	logger := slog.New(reqlog.Handler(slog.NewJSONHandler(&out, nil)))
	ctx := reqlog.Start(context.Background(), slog.String(reqlog.KeyRequest, "r1"))
	reqlog.Set(ctx, slog.String(reqlog.KeyOperation, "First"))
	reqlog.Set(ctx, slog.String(reqlog.KeyOperation, "Second"))
	logger.InfoContext(ctx, "done", "status", 200)
	logger.Info("no request")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %s", len(lines), out.String())
	}
	for _, want := range []string{`"request":"r1"`, `"operation":"Second"`, `"status":200`} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("%s lacks %s", lines[0], want)
		}
	}
	if strings.Contains(lines[0], "First") || strings.Contains(lines[1], "r1") {
		t.Errorf("replaced or foreign attributes logged: %s", out.String())
	}
	if got := reqlog.String(ctx, reqlog.KeyRequest); got != "r1" {
		t.Errorf("String = %q", got)
	}
	reqlog.Set(context.Background(), slog.String("x", "y")) // without Start: nothing, no panic
}
