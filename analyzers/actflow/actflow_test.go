package actflow_test

import (
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/nnvet/nnvet/analyzers/actflow"
	"github.com/nnvet/nnvet/analyzers/internal/testmodule"
)

func TestMain(m *testing.M) { testmodule.Main(m) }

// TestParamPairs checks the stage's result on recomputeact's paramflow
// package (where recomputeact's diagnostics show the pairs in use): the
// three followed functions get their pair, and none of the twins does.
func TestParamPairs(t *testing.T) {
	dir := testmodule.Dir(t)
	// The stage reports nothing, and the package's // want comments are
	// recomputeact's: read the Result through the checker, not analysistest.
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")}
	pkgs, err := packages.Load(cfg, "./src/paramflow")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading paramflow: %v %v", err, pkgs)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{actflow.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	root := graph.Roots[0]
	if root.Err != nil {
		t.Fatal(root.Err)
	}
	flow := root.Result.(*actflow.Flow)
	var got []string
	for _, p := range flow.Params {
		got = append(got, p.Func.Name()+": "+p.A.Name()+" = "+p.Kind.String()+"("+p.Z.Name()+") by "+p.Caller)
	}
	sort.Strings(got)
	want := []string{
		"delta: o = sigmoid(s) by net.fit",
		"grad: h = tanh(u) by step",
		"learn: out = sigmoid(pre) by train",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("param pairs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
