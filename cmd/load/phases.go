package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/drugwatch/roundtable-kg/bench"
)

// The phases of what a front end sends, beside EntityPage, Mix and Cached:
//
//   - Variables: one document, the entity page, its id variable cycling through every
//     organization, initiative and substance, uncached: what a front end sends once built (the
//     same requests as the EntityPage phase, under the name of what they measure).
//   - NewDocuments: the same entity page, but every request a document never seen before (a
//     unique alias on its entity field), uncached: what a server meets when every document is new,
//     so that no cache of parsed, validated or compiled documents can answer.
const (
	phaseVariables    = "Variables"
	phaseNewDocuments = "NewDocuments"
)

// uniqueMark is the alias of the entity field in NewDocuments's template bodies; the load
// generators replace it in every request with an alias of their own (freshBody, and the wrk
// script), and the ceiling maps such an alias back to the template's response (aliased).
const uniqueMark = "n_:"

// morePhases returns the requests of the phases of this file.
func morePhases(phase string, mix bench.Mix) ([]bench.Request, bool) {
	switch phase {
	case phaseVariables:
		return mix["EntityPage"], true
	case phaseNewDocuments:
		var out []bench.Request
		for _, r := range mix["EntityPage"] {
			body := bytes.Replace(r.Body, []byte("entity(id: $id)"), []byte(uniqueMark+" entity(id: $id)"), 1)
			out = append(out, bench.Request{Name: r.Name, Body: body})
		}
		return out, true
	}
	return nil, false
}

// unique reports whether reqs are NewDocuments templates, whose every request needs an alias of
// its own.
func unique(reqs []bench.Request) bool {
	return len(reqs) > 0 && bytes.Contains(reqs[0].Body, []byte(uniqueMark))
}

// attackSalt is a prefix of aliases no earlier attack of this process or another has used, so
// that no run repeats a document of an earlier one.
func attackSalt() string {
	return strconv.FormatInt(time.Now().UnixNano(), 36)
}

// freshBody returns body with its template alias, if any, replaced by one made of salt and n.
func freshBody(body []byte, salt string, n uint64) []byte {
	i := bytes.Index(body, []byte(uniqueMark))
	if i < 0 {
		return body
	}
	alias := "n_" + salt + "_" + strconv.FormatUint(n, 36) + ":"
	return bytes.Join([][]byte{body[:i], []byte(alias), body[i+len(uniqueMark):]}, nil)
}

// fetchTemplates adds to responses our server's response to every NewDocuments template, for the
// ceiling and the peers' check.
func fetchTemplates(url string, mix bench.Mix, responses map[string]json.RawMessage) error {
	reqs, _ := morePhases(phaseNewDocuments, mix)
	for _, r := range reqs {
		body, err := post(url, r.Body)
		if err != nil {
			return fmt.Errorf("%s: %w", r.Body, err)
		}
		responses[string(r.Body)] = body
	}
	return nil
}

// uniqueAlias matches the alias that freshBody or the wrk script put in place of uniqueMark.
var uniqueAlias = regexp.MustCompile(`n_[0-9a-z_]+:`)

// aliased answers a NewDocuments request from its template's response in byBody, with the
// request's alias in place of the template's: the ceiling's work for a new document.
func aliased(byBody map[string][]byte, body []byte) ([]byte, bool) {
	loc := uniqueAlias.FindIndex(body)
	if loc == nil {
		return nil, false
	}
	key := string(body[:loc[0]]) + uniqueMark + string(body[loc[1]:])
	resp, ok := byBody[key]
	if !ok {
		return nil, false
	}
	alias := string(body[loc[0] : loc[1]-1])
	return []byte(strings.Replace(string(resp), `"n_":`, `"`+alias+`":`, 1)), true
}
