package wrongderiv_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nnvet/nnvet/analyzers/internal/testmodule"
	"github.com/nnvet/nnvet/analyzers/wrongderiv"
)

func TestMain(m *testing.M) { testmodule.Main(m) }

func run(t *testing.T, pkgs ...string) {
	t.Helper()
	analysistest.RunWithSuggestedFixes(t, testmodule.Dir(t), wrongderiv.Analyzer, pkgs...)
}

// Each test names a positive package and, where the twin lives in its own
// package, the negative one; most packages hold both twins side by side.
func TestTutorialStory(t *testing.T) { run(t, "./src/wdtutorial", "./src/wdtutorialbefore") }
func TestForms(t *testing.T)         { run(t, "./src/wdforms") }
func TestReLU(t *testing.T)          { run(t, "./src/wdrelu") }
func TestELU(t *testing.T)           { run(t, "./src/wdelu") }
func TestDispatches(t *testing.T)    { run(t, "./src/wdtable") }
func TestStacked(t *testing.T)       { run(t, "./src/wdstacked") }
func TestAppliers(t *testing.T)      { run(t, "./src/wdapplier") }
func TestWrittenOut(t *testing.T)    { run(t, "./src/wdinline") }
func TestValueFlow(t *testing.T)     { run(t, "./src/wdflow") }
func TestWrittenForms(t *testing.T)  { run(t, "./src/wdmixed") }
func TestGraph(t *testing.T)         { run(t, "./src/wdgraph") }
func TestKindSwitches(t *testing.T)  { run(t, "./src/wdswitch") }

// Wiring: the derivative is chosen by the importer that calls the
// library's constructor; the finding is on the library's line.
func TestWired(t *testing.T) {
	testmodule.RunWired(t, wrongderiv.Analyzer, []string{"wiredlib"}, "./src/wiredcfg", "./src/wiredcfgok", "./src/wiredmix")
}

// slope := factorylib.SlopeAt(kind): another package's factory, by fact.
func TestFactories(t *testing.T) { run(t, "./src/factorylib", "./src/wdfactory") }

// [2][]float64{z, a} beside a dropout's {out, out}.
func TestArraySlots(t *testing.T) { run(t, "./src/wdslots") }

// Package-level func variables reassigned by configuration.
func TestPackageFuncVariables(t *testing.T) { run(t, "./src/wdglobals") }

// A ReLU-shaped derivative entry (x for x > 0) is not wrong by its value.
func TestReluShapedEntry(t *testing.T) { run(t, "./src/wdrelushaped") }

// Helpers that fill a fresh gonum vector with SetVec and return it.
func TestSetterFilledHelpers(t *testing.T) { run(t, "./src/wdsetvec") }

// nonlin(x, deriv bool): the branch a constant flag picks.
func TestFlagHelpers(t *testing.T) { run(t, "./src/wdflags") }

// An activation stored through a function that only replaces NaN and
// infinities is still the activation.
func TestNonFiniteScrubbers(t *testing.T) { run(t, "./src/wdscrub") }

// float32(float64(s) * (1 - float64(s))): conversions keep the form.
func TestConvertedForms(t *testing.T) { run(t, "./src/wdfloat32") }

// t := tanh(x) kept as a node's output, of an operand that holds exp: the
// forward step itself, not tanh applied again.
func TestStackedGraph(t *testing.T) { run(t, "./src/wdstackedgraph") }
