// Package seed loads the knowledge graph from the JSON data under seed/data, checks it against the
// source documents and the vocabulary. The Cypher seed scripts beside it (seed/*.cypher) are
// generated from the data by package neo4j, which owns every line of Cypher.
//
// The data and the sources are embedded in the binary, so the embedded store needs no files at run
// time.
package seed

//go:generate go run ./gen

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/drugwatch/roundtable-kg/kg"
)

//go:embed documents.json data/*.json sources/*.txt
var embedded embed.FS

// FS returns the embedded seed files: documents.json, data/*.json and sources/*.
func FS() fs.FS { return embedded }

// Dataset is the whole graph as loaded from the seed files.
type Dataset struct {
	Documents     []DocumentInfo
	Entities      []kg.Entity       // sorted by id
	Relationships []kg.Relationship // sorted by type, from, to
	// Version is a hash of the entities and relationships: it changes whenever the data does.
	Version string
	// Origin maps each entity id to the data file that defines it.
	Origin map[string]string
	// Distinct records the entity pairs that the data declares distinct despite a shared name.
	Distinct map[[2]string]string
	// Translations are the unofficial English translations of quotes read from TranslationsFile.
	Translations []Translation
	// NoSession records, for the facts that the text reports outside any session, why.
	NoSession map[string]string
	// problems found while reading (duplicate ids, mentions of unknown entities); Check reports them.
	problems []Problem
}

// DocumentInfo describes one source document and its sections.
type DocumentInfo struct {
	ID       string        `json:"id"`
	File     string        `json:"file"`
	Language string        `json:"language"`
	Sections []SectionInfo `json:"sections"`
	// Text holds each section's text after whitespace normalisation, by section id.
	Text map[string]string `json:"-"`
	// Paragraphs holds each section's paragraphs (its non-blank lines after the heading), after
	// whitespace normalisation, by section id; Paragraphs[id][0] is paragraph 1.
	Paragraphs map[string][]string `json:"-"`
	// Footnotes holds, by section id and paragraph, the footnote markers that were taken out of
	// the paragraph's text. Text and Paragraphs hold the text without them.
	Footnotes map[string][][]Footnote `json:"-"`
}

// Footnote is a footnote marker ("Note de bas de page 2") of a paragraph: the footnote's number
// and where the marker stood, as an offset in the paragraph's text without markers.
type Footnote struct {
	Number int
	At     int
}

// SectionInfo is one section of a document, the heading line that opens it, and that heading in
// English.
type SectionInfo struct {
	ID        string `json:"id"`
	Heading   string `json:"heading"`
	HeadingEN string `json:"headingEn"`
}

// TranslationsFile is the file, under data/, of the unofficial English translations of quotes.
const TranslationsFile = "data/quotes-en.json"

// Translation is the unofficial English translation of one quote, wherever it is cited; Section is
// the first section that cites it.
type Translation struct {
	Section string `json:"section"`
	FR      string `json:"fr"`
	EN      string `json:"en"`
}

type fileEvidence struct {
	// Kind is "reference" for world knowledge (a note and no quote); empty for a quote.
	Kind     string `json:"kind,omitempty"`
	Document string `json:"document,omitempty"`
	Section  string `json:"section,omitempty"`
	Quote    string `json:"quote,omitempty"`
	Note     string `json:"note,omitempty"`
	// Paragraph is given only where the quote's words occur in several paragraphs of the section;
	// elsewhere the loader finds it.
	Paragraph int `json:"paragraph,omitempty"`
}

type fileDistinct struct {
	ID  string `json:"id"`
	Why string `json:"why"`
}

type fileEntity struct {
	ID          string         `json:"id"`
	Type        kg.EntityType  `json:"type"`
	Category    string         `json:"category,omitempty"`
	Name        kg.Text        `json:"name"`
	Aliases     []string       `json:"aliases,omitempty"`
	Description kg.Text        `json:"description"`
	Role        kg.Text        `json:"role,omitzero"`
	Number      int            `json:"number,omitempty"`
	StartDate   string         `json:"startDate,omitempty"`
	EndDate     string         `json:"endDate,omitempty"`
	Value       *float64       `json:"value,omitempty"`
	ValueText   string         `json:"valueText,omitempty"`
	Unit        string         `json:"unit,omitempty"`
	Kind        string         `json:"kind,omitempty"`
	Measure     string         `json:"measure,omitempty"`
	Series      string         `json:"series,omitempty"`
	Qualifier   string         `json:"qualifier,omitempty"`
	Period      string         `json:"period,omitempty"`
	NoSession   string         `json:"noSession,omitempty"`
	Publisher   kg.Text        `json:"publisher,omitzero"`
	URL         string         `json:"url,omitempty"`
	EventDate   string         `json:"eventDate,omitempty"`
	PubDate     string         `json:"publicationDate,omitempty"`
	Statement   kg.Text        `json:"statement,omitzero"`
	About       []string       `json:"about,omitempty"`
	Distinct    []fileDistinct `json:"distinct,omitempty"`
	Evidence    []fileEvidence `json:"evidence"`
}

type fileRelationship struct {
	Type kg.RelationshipType `json:"type"`
	From string              `json:"from"`
	To   string              `json:"to"`
	// Rank is the place of To in an order the text gives ("les plus couramment"), from 1.
	Rank     int            `json:"rank,omitempty"`
	Evidence []fileEvidence `json:"evidence"`
}

type fileMention struct {
	Entity   string         `json:"entity"`
	Evidence []fileEvidence `json:"evidence"`
}

type dataFile struct {
	Document      string             `json:"document"`
	Entities      []fileEntity       `json:"entities"`
	Relationships []fileRelationship `json:"relationships"`
	Mentions      []fileMention      `json:"mentions"`
}

// Load reads the embedded seed files and checks them; it fails on the first structural error
// (bad JSON, unknown field) and otherwise on any problem Check finds.
func Load() (*Dataset, error) {
	ds, err := Read(embedded)
	if err != nil {
		return nil, err
	}
	if problems := Check(ds); len(problems) > 0 {
		return nil, fmt.Errorf("seed: %d problems in the data, first: %s", len(problems), problems[0])
	}
	return ds, nil
}

// Read reads a seed tree (documents.json, data/*.json, sources/) without checking its content.
func Read(fsys fs.FS) (*Dataset, error) {
	docs, err := readDocuments(fsys)
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "data/*.json")
	if err != nil {
		return nil, fmt.Errorf("seed: list data files: %w", err)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == TranslationsFile })
	sort.Strings(names)
	ds := &Dataset{Documents: docs, Origin: map[string]string{}, Distinct: map[[2]string]string{}, NoSession: map[string]string{}}
	if ds.Translations, err = readTranslations(fsys); err != nil {
		return nil, err
	}
	byID := map[string]int{}
	rels := map[string]int{}
	var mentions []fileMention
	var mentionFiles []string
	for _, name := range names {
		df, err := readDataFile(fsys, name)
		if err != nil {
			return nil, err
		}
		base := path.Base(name)
		for _, fe := range df.Entities {
			if other, dup := ds.Origin[fe.ID]; dup {
				ds.problems = append(ds.problems, Problem{File: base, ID: fe.ID, Msg: "already defined in " + other + " (use mentions to add evidence)"})
				continue
			}
			e := toEntity(fe, df.Document)
			ds.Origin[fe.ID] = base
			byID[fe.ID] = len(ds.Entities)
			ds.Entities = append(ds.Entities, e)
			for _, d := range fe.Distinct {
				ds.Distinct[pair(fe.ID, d.ID)] = d.Why
			}
			if fe.NoSession != "" {
				ds.NoSession[fe.ID] = fe.NoSession
			}
			for _, to := range fe.About {
				if fe.Type != kg.Fact {
					ds.problems = append(ds.problems, Problem{File: base, ID: fe.ID, Msg: "only facts have \"about\""})
				}
				addRel(ds, rels, kg.Relationship{Type: "ABOUT", From: fe.ID, To: to, Evidence: slices.Clone(e.Evidence)})
			}
		}
		for _, fr := range df.Relationships {
			addRel(ds, rels, kg.Relationship{Type: fr.Type, From: fr.From, To: fr.To, Rank: fr.Rank, Evidence: toEvidence(fr.Evidence, df.Document)})
		}
		for _, m := range df.Mentions {
			m.Evidence = withDocument(m.Evidence, df.Document)
			mentions = append(mentions, m)
			mentionFiles = append(mentionFiles, base)
		}
	}
	for i, m := range mentions {
		j, ok := byID[m.Entity]
		if !ok {
			ds.problems = append(ds.problems, Problem{File: mentionFiles[i], ID: m.Entity, Msg: "mention of an entity that no file defines"})
			continue
		}
		ds.Entities[j].Evidence = appendEvidence(ds.Entities[j].Evidence, toEvidence(m.Evidence, "")...)
	}
	sort.Slice(ds.Entities, func(i, j int) bool { return ds.Entities[i].ID < ds.Entities[j].ID })
	sort.Slice(ds.Relationships, func(i, j int) bool { return ds.Relationships[i].Key() < ds.Relationships[j].Key() })
	describeDocuments(ds)
	locateQuotes(ds)
	ds.Version, err = version(ds)
	if err != nil {
		return nil, err
	}
	return ds, nil
}

func pair(a, b string) [2]string {
	if a > b {
		a, b = b, a
	}
	return [2]string{a, b}
}

func addRel(ds *Dataset, seen map[string]int, r kg.Relationship) {
	if i, ok := seen[r.Key()]; ok {
		prev := &ds.Relationships[i]
		prev.Evidence = appendEvidence(prev.Evidence, r.Evidence...)
		if r.Rank != 0 && prev.Rank != 0 && r.Rank != prev.Rank {
			ds.problems = append(ds.problems, Problem{ID: string(r.Type) + " " + r.From + " -> " + r.To, Msg: fmt.Sprintf("declared with ranks %d and %d", prev.Rank, r.Rank)})
		}
		prev.Rank = max(prev.Rank, r.Rank)
		return
	}
	seen[r.Key()] = len(ds.Relationships)
	ds.Relationships = append(ds.Relationships, r)
}

// appendEvidence adds the evidence that list does not hold yet.
func appendEvidence(list []kg.Evidence, more ...kg.Evidence) []kg.Evidence {
	for _, e := range more {
		if !slices.Contains(list, e) {
			list = append(list, e)
		}
	}
	return list
}

func withDocument(ev []fileEvidence, doc string) []fileEvidence {
	out := make([]fileEvidence, len(ev))
	for i, e := range ev {
		if e.Document == "" {
			e.Document = doc
		}
		out[i] = e
	}
	return out
}

func toEvidence(ev []fileEvidence, doc string) []kg.Evidence {
	var out []kg.Evidence
	for _, e := range withDocument(ev, doc) {
		kind := e.Kind
		if kind == "" {
			kind = kg.EvidenceQuote
		}
		out = appendEvidence(out, kg.Evidence{Kind: kind, Document: e.Document, Section: e.Section, Quote: e.Quote, Note: e.Note, Paragraph: e.Paragraph})
	}
	return out
}

func toEntity(fe fileEntity, doc string) kg.Entity {
	e := kg.Entity{
		ID: fe.ID, Type: fe.Type, Category: fe.Category, Name: fe.Name, Aliases: fe.Aliases,
		Description: fe.Description, Evidence: toEvidence(fe.Evidence, doc), Role: fe.Role,
		Number: fe.Number, StartDate: fe.StartDate, EndDate: fe.EndDate, ValueText: fe.ValueText,
		Unit: fe.Unit, Kind: fe.Kind, Measure: fe.Measure, Series: fe.Series, Qualifier: fe.Qualifier, Period: fe.Period, Statement: fe.Statement,
		SessionNote: fe.NoSession, Publisher: fe.Publisher, URL: fe.URL, EventDate: fe.EventDate, PublicationDate: fe.PubDate,
	}
	if fe.Value != nil {
		e.Value = *fe.Value
	}
	if e.Aliases == nil {
		e.Aliases = []string{}
	}
	if e.Type == kg.Fact && e.Description.IsZero() {
		// A fact's statement is its description unless the data gives one.
		e.Description = e.Statement
	}
	return e
}

func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON object")
	}
	return nil
}

func readDataFile(fsys fs.FS, name string) (dataFile, error) {
	var df dataFile
	data, err := readText(fsys, name)
	if err != nil {
		return df, err
	}
	if err := decodeStrict(data, &df); err != nil {
		return df, fmt.Errorf("seed: %s: %w", name, err)
	}
	return df, nil
}

func readDocuments(fsys fs.FS) ([]DocumentInfo, error) {
	var list struct {
		Documents []DocumentInfo `json:"documents"`
	}
	data, err := readText(fsys, "documents.json")
	if err != nil {
		return nil, err
	}
	if err := decodeStrict(data, &list); err != nil {
		return nil, fmt.Errorf("seed: documents.json: %w", err)
	}
	for i := range list.Documents {
		d := &list.Documents[i]
		src, err := readText(fsys, d.File)
		if err != nil {
			return nil, err // it names the file
		}
		if d.Text, d.Paragraphs, d.Footnotes, err = splitSections(string(src), d.Sections); err != nil {
			return nil, fmt.Errorf("seed: document %s: %w", d.ID, err)
		}
	}
	return list.Documents, nil
}

// footnoteMarker is the text a web page leaves where a footnote is called: "Note de bas de page 2".
var footnoteMarker = regexp.MustCompile(`Note de bas de page (\d+)`)

// stripFootnotes returns a line without its footnote markers, after whitespace normalisation, and
// the markers with their place in it.
func stripFootnotes(line string) (string, []Footnote) {
	var notes []Footnote
	var b strings.Builder
	last := 0
	for _, m := range footnoteMarker.FindAllStringSubmatchIndex(line, -1) {
		b.WriteString(line[last:m[0]])
		n, _ := strconv.Atoi(line[m[2]:m[3]])
		notes = append(notes, Footnote{Number: n, At: len(kg.NormalizeSpace(b.String()))})
		last = m[1]
	}
	b.WriteString(line[last:])
	return kg.NormalizeSpace(b.String()), notes
}

// splitSections cuts a document at its heading lines, in order, and each section into paragraphs:
// the non-blank lines after its heading. Each heading must start a line (compared after whitespace
// normalisation). Footnote markers are taken out of the text and returned apart.
func splitSections(src string, sections []SectionInfo) (map[string]string, map[string][]string, map[string][][]Footnote, error) {
	lines := strings.Split(src, "\n")
	text := map[string]string{}
	paragraphs := map[string][]string{}
	footnotes := map[string][][]Footnote{}
	at := 0
	var starts []int
	for _, s := range sections {
		found := -1
		for i := at; i < len(lines); i++ {
			if strings.HasPrefix(kg.NormalizeSpace(lines[i]), kg.NormalizeSpace(s.Heading)) {
				found = i
				break
			}
		}
		if found < 0 {
			return nil, nil, nil, fmt.Errorf("heading of section %q not found after line %d: %q", s.ID, at+1, s.Heading)
		}
		starts = append(starts, found)
		at = found + 1
	}
	for i, s := range sections {
		end := len(lines)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		var all []string
		paragraphs[s.ID] = []string{}
		for j, l := range lines[starts[i]:end] {
			p, notes := stripFootnotes(l)
			all = append(all, p)
			if j > 0 && p != "" {
				paragraphs[s.ID] = append(paragraphs[s.ID], p)
				footnotes[s.ID] = append(footnotes[s.ID], notes)
			}
		}
		text[s.ID] = kg.NormalizeSpace(strings.Join(all, "\n"))
	}
	return text, paragraphs, footnotes, nil
}

func version(ds *Dataset) (string, error) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := enc.Encode(ds.Entities); err != nil {
		return "", fmt.Errorf("seed: hash entities: %w", err)
	}
	if err := enc.Encode(ds.Relationships); err != nil {
		return "", fmt.Errorf("seed: hash relationships: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
