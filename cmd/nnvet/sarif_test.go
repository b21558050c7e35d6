package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sarifLog is the part of a SARIF 2.1.0 log the test reads.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string                `json:"id"`
					ShortDescription struct{ Text string } `json:"shortDescription"`
					FullDescription  struct{ Text string } `json:"fullDescription"`
					HelpURI          string                `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		ColumnKind         string                          `json:"columnKind"`
		OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
		Results            []struct {
			RuleID    string                `json:"ruleId"`
			Level     string                `json:"level"`
			Message   struct{ Text string } `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region sarifRegion `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Fixes               []struct {
				ArtifactChanges []struct {
					Replacements []struct {
						DeletedRegion   sarifRegion           `json:"deletedRegion"`
						InsertedContent struct{ Text string } `json:"insertedContent"`
					} `json:"replacements"`
				} `json:"artifactChanges"`
			} `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

type sarifRegion struct {
	StartLine, StartColumn, EndLine, EndColumn int
}

// TestSARIF runs "nnvet -sarif" on a package whose finding follows
// non-ASCII text on its line, and checks the log's rule, result, columns (UTF-16
// code units, not bytes), repository-relative URI, fingerprint and fix.
// scripts/sarif.sh validates the same log with Microsoft's SARIF validator.
func TestSARIF(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nnvet.sarif")
	text, code := run(t, testdata(), nnvet, "-sarif="+out, "./src/sarifcase")
	if code != 3 || !strings.Contains(text, "sarifcase.go:19:29: unit.backward recomputes tanh(u.sum)") {
		t.Fatalf("nnvet -sarif: exit %d, want 3 and the finding at byte column 29; output:\n%s", code, text)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	rules := run.Tool.Driver.Rules
	if run.Tool.Driver.Name != "nnvet" || len(rules) != 2 || rules[0].ID != "recomputeact" || rules[0].HelpURI == "" ||
		!strings.HasPrefix(rules[0].ShortDescription.Text, "report backward code") || rules[0].FullDescription.Text == "" ||
		rules[1].ID != "wrongderiv" || rules[1].HelpURI == "" ||
		!strings.HasPrefix(rules[1].ShortDescription.Text, "report an activation's derivative applied to the wrong value") {
		t.Errorf("driver = %+v", run.Tool.Driver)
	}
	if run.ColumnKind != "utf16CodeUnits" || !strings.HasPrefix(run.OriginalURIBaseIDs["SRCROOT"].URI, "file:///") {
		t.Errorf("columnKind %q, SRCROOT %q", run.ColumnKind, run.OriginalURIBaseIDs["SRCROOT"].URI)
	}
	if len(run.Results) != 1 {
		t.Fatalf("%d results, want 1", len(run.Results))
	}
	r := run.Results[0]
	loc := r.Locations[0].PhysicalLocation
	// "\tσ, t := \"σ′ → 𝛔\", " is 28 bytes but 20 UTF-16 code units.
	if r.RuleID != "recomputeact" || r.Level != "warning" || !strings.Contains(r.Message.Text, "u.out already holds tanh") ||
		loc.ArtifactLocation.URI != "testdata/src/sarifcase/sarifcase.go" || loc.ArtifactLocation.URIBaseID != "SRCROOT" ||
		loc.Region != (sarifRegion{19, 21, 19, 37}) {
		t.Errorf("result = %+v", r)
	}
	if len(r.PartialFingerprints["nnvet/v1"]) != 32 {
		t.Errorf("fingerprints = %v", r.PartialFingerprints)
	}
	if len(r.Fixes) != 1 || len(r.Fixes[0].ArtifactChanges) != 1 {
		t.Fatalf("fixes = %+v", r.Fixes)
	}
	reps := r.Fixes[0].ArtifactChanges[0].Replacements
	if len(reps) != 3 || reps[0].DeletedRegion != (sarifRegion{19, 21, 19, 31}) || reps[1].InsertedContent.Text != "u.out" ||
		reps[2].DeletedRegion != (sarifRegion{19, 36, 19, 37}) {
		t.Errorf("replacements = %+v", reps)
	}
}
