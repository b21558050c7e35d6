package actsummary_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/testmodule"
)

func TestMain(m *testing.M) { testmodule.Main(m) }

// Each package holds summaries (the facts in its // want comments) beside
// twins that look alike and get none.
func run(t *testing.T, pkg string) {
	t.Helper()
	analysistest.Run(t, testmodule.Dir(t), actsummary.Analyzer, "./src/summaries/"+pkg)
}

func TestScalarHelpers(t *testing.T)    { run(t, "scalars") }
func TestContainerHelpers(t *testing.T) { run(t, "containers") }
func TestAppliers(t *testing.T)         { run(t, "appliers") }
func TestMakers(t *testing.T)           { run(t, "makers") }
func TestDispatch(t *testing.T)         { run(t, "dispatch") }
