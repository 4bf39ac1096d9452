package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/drugwatch/roundtable-kg/admission"
	"github.com/drugwatch/roundtable-kg/graph"
	"github.com/drugwatch/roundtable-kg/web"
)

// TestDownloadsWaitTheirTurn: a download is expensive work, admitted by the same gate as
// GraphQL operations: while the gate is taken, it waits; when the line is full, it is refused
// at once with SERVER_BUSY; a cheap GraphQL query goes through meanwhile.
func TestDownloadsWaitTheirTurn(t *testing.T) {
	gate := admission.New(admission.Policy{Cheap: 1, CostInFlight: 10, Queue: 1})
	srv := httptest.NewServer(web.NewHandler(web.Options{Store: mustStore(t), Logger: slog.New(slog.DiscardHandler), Gate: gate}))
	t.Cleanup(srv.Close)
	hold, err := gate.Admit(context.Background(), "other", 10)
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan int, 1)
	go func() {
		resp, err := http.Get(srv.URL + "/export/json")
		if err != nil {
			waited <- 0
			return
		}
		resp.Body.Close()
		waited <- resp.StatusCode
	}()
	// The first download waits in the line; a second finds the line full.
	for deadline := time.Now().Add(5 * time.Second); gate.Stats().Waiting == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	resp, err := http.Get(srv.URL + "/export/json")
	if err != nil {
		t.Fatal(err)
	}
	var body struct {
		Errors []struct{ Extensions map[string]any }
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != graph.CodeServerBusy {
		t.Errorf("second download: status %d, body %+v, err %v; want 503 with %s", resp.StatusCode, body, err, graph.CodeServerBusy)
	}
	resp.Body.Close()
	if q, _ := get(t, srv.URL+"/graphql?query=%7BdataVersion%7D"); q.StatusCode != http.StatusOK {
		t.Errorf("a cheap query while the gate is taken: status %d", q.StatusCode)
	}
	if st := gate.Stats(); st.Refused != 1 || st.Running != 1 {
		t.Errorf("gate stats %+v, want 1 refused, 1 running", st)
	}
	metrics, body2 := get(t, srv.URL+"/metrics")
	if metrics.StatusCode != http.StatusOK || !strings.Contains(body2, "admission_refused_total 1") || !strings.Contains(body2, "admission_waiting 1") {
		t.Errorf("metrics do not show the gate: %s", body2)
	}
	hold()
	if status := <-waited; status != http.StatusOK {
		t.Errorf("the download that waited: status %d, want 200", status)
	}
}
