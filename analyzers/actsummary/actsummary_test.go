package actsummary_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// TestMain makes sure the testdata module's requirements are in the module
// cache: analysistest loads packages with GOPROXY=off.
func TestMain(m *testing.M) {
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = "../../testdata"
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.Stderr.WriteString("go mod download in testdata: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// Each package holds summaries (the facts in its // want comments) beside
// twins that look alike and get none.
func run(t *testing.T, pkg string) {
	t.Helper()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, actsummary.Analyzer, "./src/summaries/"+pkg)
}

func TestScalarHelpers(t *testing.T)    { run(t, "scalars") }
func TestContainerHelpers(t *testing.T) { run(t, "containers") }
func TestAppliers(t *testing.T)         { run(t, "appliers") }
func TestMakers(t *testing.T)           { run(t, "makers") }
func TestDispatch(t *testing.T)         { run(t, "dispatch") }
