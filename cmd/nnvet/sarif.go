package main

// SARIF 2.1.0 output for GitHub code scanning. multichecker has no hook for
// another output format, so "nnvet -sarif=FILE ./..." runs the analyzers
// itself through golang.org/x/tools/go/analysis/checker (the engine under
// multichecker), prints the same text diagnostics and exit status, and
// writes the log. Without -sarif, and always in go vet mode, multichecker
// runs as usual.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// sarifRequested reports whether the command line asks for SARIF output.
func sarifRequested(args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return false // patterns start; flags come first
		}
		name := strings.TrimLeft(a, "-")
		if name == "sarif" || strings.HasPrefix(name, "sarif=") {
			return true
		}
	}
	return false
}

// runSARIF is nnvet's standalone mode with a SARIF log written to -sarif.
// Exit status as multichecker's: 0 clean, 1 errors, 3 findings.
func runSARIF(args []string, analyzers []*analysis.Analyzer, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("nnvet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("sarif", "", "write a SARIF 2.1.0 log of the findings to `file`")
	tests := fs.Bool("test", true, "also analyze test packages")
	for _, a := range analyzers {
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	if err := fs.Parse(args); err != nil {
		return 1
	}
	if *out == "" {
		fmt.Fprintln(stderr, "nnvet: -sarif needs a file name")
		return 1
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: *tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		fmt.Fprintf(stderr, "nnvet: %v\n", err)
		return 1
	}
	exit := 0
	if packages.PrintErrors(pkgs) > 0 {
		exit = 1
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		fmt.Fprintf(stderr, "nnvet: %v\n", err)
		return 1
	}
	root := repoRoot()
	log := newSARIFLog(analyzers, root)
	seen := map[string]bool{} // a package and its test variant report the same lines once
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			fmt.Fprintf(stderr, "nnvet: %s: %v\n", act, act.Err)
			exit = 1
			continue
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s\x00%s\x00%s", posn, act.Analyzer.Name, d.Message)
			if seen[key] {
				continue
			}
			seen[key] = true
			fmt.Fprintf(stdout, "%s: %s\n", posn, d.Message)
			log.add(act.Analyzer, act.Package.Fset, d)
			exit = max(exit, 3)
		}
	}
	log.sort()
	data, err := json.MarshalIndent(log.doc, "", "  ")
	if err == nil {
		err = os.WriteFile(*out, append(data, '\n'), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "nnvet: writing %s: %v\n", *out, err)
		return 1
	}
	return exit
}

// repoRoot is the directory that artifact URIs are relative to: the git
// work tree (what code scanning expects), else the current directory.
func repoRoot() string {
	if out, err := exec.Command("git", "rev-parse", "--show-toplevel").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	dir, _ := os.Getwd()
	return dir
}

// The SARIF 2.1.0 object model, as much of it as nnvet writes.
type (
	sarifDoc struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                    `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactBase `json:"originalUriBaseIds"`
		Results            []sarifResult                `json:"results"`
		ColumnKind         string                       `json:"columnKind"`
	}
	sarifArtifactBase struct {
		URI string `json:"uri"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		FullDescription      sarifMessage `json:"fullDescription"`
		HelpURI              string       `json:"helpUri"`
		Help                 sarifMessage `json:"help"`
		DefaultConfiguration struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifact      `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion  `json:"deletedRegion"`
		InsertedContent sarifMessage `json:"insertedContent"`
	}
)

// sarifLog accumulates results for one run.
type sarifLog struct {
	doc   sarifDoc
	root  string
	rules map[string]int
	lines map[string][][]byte // file → its lines, for UTF-16 columns and fingerprints
}

func newSARIFLog(analyzers []*analysis.Analyzer, root string) *sarifLog {
	version := "0.0.0-devel" // SARIF wants a version that starts with a number
	if bi, ok := debug.ReadBuildInfo(); ok && strings.HasPrefix(bi.Main.Version, "v") {
		version = strings.TrimPrefix(bi.Main.Version, "v")
	}
	l := &sarifLog{root: root, rules: map[string]int{}, lines: map[string][][]byte{}}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: "nnvet", InformationURI: "https://github.com/nnvet/nnvet", Version: version}},
		OriginalURIBaseIDs: map[string]sarifArtifactBase{
			"SRCROOT": {URI: "file://" + filepath.ToSlash(root) + "/"},
		},
		Results:    []sarifResult{},
		ColumnKind: "utf16CodeUnits",
	}
	for i, a := range analyzers {
		title, body, _ := strings.Cut(a.Doc, "\n\n")
		r := sarifRule{ID: a.Name, Name: ruleName(a.Name), ShortDescription: sarifMessage{title},
			FullDescription: sarifMessage{strings.TrimSpace(body)}, HelpURI: a.URL, Help: sarifMessage{a.Doc}}
		r.DefaultConfiguration.Level = "warning"
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
		l.rules[a.Name] = i
	}
	l.doc = sarifDoc{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	return l
}

func (l *sarifLog) add(a *analysis.Analyzer, fset *token.FileSet, d analysis.Diagnostic) {
	start, end := fset.Position(d.Pos), fset.Position(d.End)
	if !end.IsValid() {
		end = start
	}
	artifact := l.artifact(start.Filename)
	res := sarifResult{
		RuleID: a.Name, RuleIndex: l.rules[a.Name], Level: "warning",
		Message:   sarifMessage{d.Message},
		Locations: []sarifLocation{{sarifPhysical{artifact, l.region(start, end)}}},
		PartialFingerprints: map[string]string{
			"nnvet/v1": l.fingerprint(a.Name, artifact.URI, d.Message, start),
		},
	}
	for _, fix := range d.SuggestedFixes {
		byFile := map[string][]sarifReplacement{}
		var files []string
		for _, e := range fix.TextEdits {
			s, t := fset.Position(e.Pos), fset.Position(e.End)
			if !t.IsValid() {
				t = s
			}
			if _, ok := byFile[s.Filename]; !ok {
				files = append(files, s.Filename)
			}
			byFile[s.Filename] = append(byFile[s.Filename], sarifReplacement{l.region(s, t), sarifMessage{string(e.NewText)}})
		}
		f := sarifFix{Description: sarifMessage{fix.Message}}
		for _, name := range files {
			reps := byFile[name]
			sort.SliceStable(reps, func(i, j int) bool { return before(reps[i].DeletedRegion, reps[j].DeletedRegion) })
			f.ArtifactChanges = append(f.ArtifactChanges, sarifArtifactChange{l.artifact(name), reps})
		}
		res.Fixes = append(res.Fixes, f)
	}
	l.doc.Runs[0].Results = append(l.doc.Runs[0].Results, res)
}

// ruleNames are the rules' human-readable names, which SARIF wants
// different from their ids (its validator compares them ignoring case).
var ruleNames = map[string]string{"recomputeact": "RecomputesCachedActivation", "wrongderiv": "DerivativeOnWrongValue"}

func ruleName(id string) string {
	if n, ok := ruleNames[id]; ok {
		return n
	}
	return "Rule_" + id
}

// sort orders results by file and position, so that a log does not depend
// on the order packages finished in.
func (l *sarifLog) sort() {
	rs := l.doc.Runs[0].Results
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i].Locations[0].PhysicalLocation, rs[j].Locations[0].PhysicalLocation
		if a.ArtifactLocation.URI != b.ArtifactLocation.URI {
			return a.ArtifactLocation.URI < b.ArtifactLocation.URI
		}
		return before(a.Region, b.Region)
	})
}

// before orders regions by their start.
func before(a, b sarifRegion) bool {
	return a.StartLine < b.StartLine || a.StartLine == b.StartLine && a.StartColumn < b.StartColumn
}

// artifact names a file relative to the repository root (uriBaseId
// SRCROOT), or by absolute URI when it lies outside.
func (l *sarifLog) artifact(filename string) sarifArtifact {
	if rel, err := filepath.Rel(l.root, filename); err == nil && !strings.HasPrefix(rel, "..") {
		return sarifArtifact{URI: filepath.ToSlash(rel), URIBaseID: "SRCROOT"}
	}
	return sarifArtifact{URI: "file://" + filepath.ToSlash(filename)}
}

// region converts Go positions (1-based lines, 1-based byte columns) into
// SARIF's 1-based lines and columns counted in UTF-16 code units.
func (l *sarifLog) region(start, end token.Position) sarifRegion {
	return sarifRegion{
		StartLine: start.Line, StartColumn: l.utf16Column(start),
		EndLine: end.Line, EndColumn: l.utf16Column(end),
	}
}

func (l *sarifLog) utf16Column(p token.Position) int {
	line := l.line(p.Filename, p.Line)
	n := min(p.Column-1, len(line))
	return utf16Len(line[:n]) + 1
}

// utf16Len counts the UTF-16 code units of UTF-8 text (2 for characters
// outside the Basic Multilingual Plane; 1 for each invalid byte).
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += max(1, utf16.RuneLen(r))
		b = b[size:]
	}
	return n
}

// line returns line n (1-based) of a file without its newline, or nil.
func (l *sarifLog) line(filename string, n int) []byte {
	lines, ok := l.lines[filename]
	if !ok {
		data, _ := os.ReadFile(filename)
		lines = bytes.Split(data, []byte("\n"))
		l.lines[filename] = lines
	}
	if n < 1 || n > len(lines) {
		return nil
	}
	return lines[n-1]
}

// fingerprint identifies a finding across commits that move it: the rule,
// the file, the message and the text of its line, not the line number.
func (l *sarifLog) fingerprint(rule, uri, message string, p token.Position) string {
	h := sha256.New()
	for _, s := range []string{rule, uri, message, string(bytes.TrimSpace(l.line(p.Filename, p.Line)))} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}
