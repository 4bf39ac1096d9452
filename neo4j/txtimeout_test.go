package neo4j

import (
	"context"
	"testing"
	"time"
)

// TestTxTimeout checks the server-side timeout given to a transaction: the time its context has
// left, less txMargin, never zero (which Neo4j reads as no timeout at all).
func TestTxTimeout(t *testing.T) {
	tests := map[string]struct {
		left     time.Duration // of the context
		min, max time.Duration
	}{
		"Long":     {left: 10 * time.Second, min: 10*time.Second - txMargin - time.Second, max: 10*time.Second - txMargin},
		"Short":    {left: txMargin + 200*time.Millisecond, min: time.Millisecond, max: 200 * time.Millisecond},
		"TooShort": {left: txMargin / 2, min: time.Millisecond, max: time.Millisecond},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), tt.left)
			defer cancel()
			if got := txTimeout(ctx); got < tt.min || got > tt.max {
				t.Errorf("got %s with %s left, want between %s and %s", got, tt.left, tt.min, tt.max)
			}
		})
	}
}
