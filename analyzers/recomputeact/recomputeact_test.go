package recomputeact_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/nnvet/nnvet/analyzers/internal/testmodule"
	"github.com/nnvet/nnvet/analyzers/recomputeact"
)

func TestMain(m *testing.M) { testmodule.Main(m) }

func run(t *testing.T, pkgs ...string) {
	t.Helper()
	analysistest.RunWithSuggestedFixes(t, testmodule.Dir(t), recomputeact.Analyzer, pkgs...)
}

// Each test names a positive package and, where the twin lives in its own
// package, the negative one; most packages hold both twins side by side.
func TestW3A1(t *testing.T)                 { run(t, "./src/w3a1", "./src/w3a1ref") }
func TestDirectForms(t *testing.T)          { run(t, "./src/direct") }
func TestSamePackageHelpers(t *testing.T)   { run(t, "./src/helpers") }
func TestOtherPackageFacts(t *testing.T)    { run(t, "./src/acts", "./src/crosspkg") }
func TestApplyFunctionValues(t *testing.T)  { run(t, "./src/applyfn") }
func TestFuncFields(t *testing.T)           { run(t, "./src/funcfield") }
func TestInterfaceMethods(t *testing.T)     { run(t, "./src/iface", "./src/ifacemixed") }
func TestParallelSlices(t *testing.T)       { run(t, "./src/slicesnet", "./src/nielsen") }
func TestTwoResults(t *testing.T)           { run(t, "./src/results") }
func TestClosures(t *testing.T)             { run(t, "./src/closures") }
func TestFloat32(t *testing.T)              { run(t, "./src/float32s") }
func TestNaming(t *testing.T)               { run(t, "./src/naming") }
func TestNegatives(t *testing.T)            { run(t, "./src/negatives") }
func TestIgnoreDirectives(t *testing.T)     { run(t, "./src/ignore") }
func TestNonASCIILine(t *testing.T)         { run(t, "./src/sarifcase") }
func TestNegationSpellings(t *testing.T)    { run(t, "./src/negspell") }
func TestLayerFields(t *testing.T)          { run(t, "./src/layerfields") }
func TestOtherPackageAppliers(t *testing.T) { run(t, "./src/mapper", "./src/mapuser") }
func TestSoftmax(t *testing.T)              { run(t, "./src/softmax") }
func TestFuncTables(t *testing.T) {
	run(t, "./src/acttable", "./src/tableneuron", "./src/tablenet")
}
func TestHelperShapes(t *testing.T)   { run(t, "./src/helpershapes") }
func TestMethodAppliers(t *testing.T) { run(t, "./src/recvapplier") }
func TestLegacyMat64(t *testing.T)    { run(t, "./src/legacymat") }
func TestCaches(t *testing.T)         { run(t, "./src/caches") }
func TestMakers(t *testing.T)         { run(t, "./src/mappers") }
func TestSnapshots(t *testing.T)      { run(t, "./src/snapshots") }
func TestCosh(t *testing.T)           { run(t, "./src/cosh") }
func TestAutogradNodes(t *testing.T)  { run(t, "./src/autograd") }
func TestPureMethods(t *testing.T)    { run(t, "./src/puremethod") }
func TestParamFlow(t *testing.T)      { run(t, "./src/paramflow") }
func TestIndexedStores(t *testing.T)  { run(t, "./src/indexed") }

// With -naming=false the same code as in naming is not reported.
func TestNamingOff(t *testing.T) {
	if err := recomputeact.Analyzer.Flags.Set("naming", "false"); err != nil {
		t.Fatal(err)
	}
	defer recomputeact.Analyzer.Flags.Set("naming", "true")
	analysistest.Run(t, testmodule.Dir(t), recomputeact.Analyzer, "./src/namingoff")
}

// The shapes of issue 13: each package holds its positives and their
// negative twins.
func TestReturnedContainers(t *testing.T)  { run(t, "./src/feedreturns") }
func TestBufferAliases(t *testing.T)       { run(t, "./src/outbuffers") }
func TestFuncVariables(t *testing.T)       { run(t, "./src/runtimederiv") }
func TestReturnedPairApplier(t *testing.T) { run(t, "./src/pairapplier") }
func TestLiteralNodes(t *testing.T)        { run(t, "./src/litnodes") }
func TestPackedGates(t *testing.T)         { run(t, "./src/packedgates") }
func TestConstructorClosures(t *testing.T) { run(t, "./src/ctorclosures") }
func TestELUFamily(t *testing.T)           { run(t, "./src/elufamily") }

// Wiring: the derivative is chosen by the importer that calls the
// library's constructor; the finding is on the library's line.
func TestWired(t *testing.T) {
	testmodule.RunWired(t, recomputeact.Analyzer, []string{"wiredlib"}, "./src/wiredcfg", "./src/wiredcfgok", "./src/wiredmix")
}

// df := derivativeOf(kind): a factory's cases.
func TestFactories(t *testing.T) { run(t, "./src/factorymade") }

// z[i] = s + b[i]; a[i] = act(s + b[i]): one value, written twice.
func TestSameExpression(t *testing.T) { run(t, "./src/samexpr") }

// n.out = n.output() with output() = σ(n.net()): the pure method's value
// through another method's result.
func TestPureMethodThroughCall(t *testing.T) { run(t, "./src/purecall") }

// a := z.Clone(); squash.Fill(a) through an interface, v, err := g.At(i, j).
func TestInPlaceThroughInterface(t *testing.T) { run(t, "./src/inplaceiface") }

// var actDeriv = sigmoidPrime, reassigned by configuration.
func TestPackageFuncVariables(t *testing.T) { run(t, "./src/globalvars") }

// l.net(j): a pure method that takes an index names an element.
func TestPureMethodsWithIndices(t *testing.T) { run(t, "./src/puremethodargs") }

// sigmoid(x, deriv bool): the branch a constant flag picks.
func TestFlagHelpers(t *testing.T) { run(t, "./src/flaghelpers") }

// l.out[i] = finite(tanh(z)): a guard that only replaces NaN and
// infinities passes the activation through.
func TestNonFiniteScrubbers(t *testing.T) { run(t, "./src/scrubbed") }

// f, df := Sigmoid() into a layer's fields; n.fire(x, l.f) applies the
// activation a neuron is handed by its only caller.
func TestFactoryPairs(t *testing.T) { run(t, "./src/factorypair") }

// {f: math.Sin}, {f: math.Log}, {f: math.Tanh}: a table of math functions
// is no choice of activation; {sigmoid, math.Tanh} is.
func TestMathTables(t *testing.T) { run(t, "./src/mathtable") }
