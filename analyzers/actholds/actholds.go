package actholds

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/analyzerdoc"
)

//go:embed doc.go
var doc string

// Analyzer works out what every value of a package holds: which places
// hold the activation of which others. It reports nothing itself.
var Analyzer = &analysis.Analyzer{
	Name:       "actholds",
	Doc:        analyzerdoc.Extract(doc, "actholds"),
	URL:        "https://github.com/nnvet/nnvet#checks",
	Requires:   []*analysis.Analyzer{actsummary.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Holds](),
	FactTypes:  []analysis.Fact{new(FieldFact), new(FuncFact), new(KeysFact), new(WiredFact)},
}

// Holds is what the stage hands forward: it answers, for an expression of
// the package, what its value holds.
//
// Its answers (and actsummary's, which it reads) fill caches as they go:
// a check that reads them holds Use's lock for its run, so that two checks
// of one package take turns.
type Holds struct {
	h  *holds // nil: the package cannot hold an activation
	w  *wiring
	mu sync.Mutex
}

// Use locks the package's answers for one check's run and returns the
// unlock: defer holds.Use()().
func (r *Holds) Use() func() {
	r.mu.Lock()
	return r.mu.Unlock
}

func run(pass *analysis.Pass) (any, error) {
	sums := pass.ResultOf[actsummary.Analyzer].(*actsummary.Summaries)
	w := &wiring{pass: pass, sums: sums}
	if !usesFacts(pass) && (!sums.Recomputes() || !sums.HasWired() && !worthSSA(sums, pass.TypesInfo, pass.Files)) {
		return &Holds{w: w}, nil
	}
	h := &holds{
		pass: pass, sums: sums,
		fnOf: map[ast.Node]*ssa.Function{}, exprs: map[ast.Expr]ssa.Value{}, addrs: map[ast.Expr]ssa.Value{},
		vars: map[ssa.Value][]*types.Var{}, refs: map[*types.Var][]varRef{}, stores: map[ast.Expr]*ssa.Store{}, calls: map[token.Pos]*ast.CallExpr{}, bins: map[token.Pos]*ast.BinaryExpr{},
		cls: classes{parent: map[ssa.Value]ssa.Value{}}, closures: map[*ssa.Function]*ssa.MakeClosure{}, inPlace: map[ssa.Value]bool{},
		names: map[ssa.Value][]name{}, pending: map[ssa.Value]bool{}, summary: map[*types.Func]*funcSummary{}, inSum: map[*types.Func]bool{},
		fnsOf: map[ssa.Value]map[*ssa.Function]bool{}, pairs: newPairSet(), related: map[relKey]*Pair{}, holder: map[Loc][]held{},
		imports: map[*types.Func]*FuncFact{}, scrubber: map[*ssa.Function]int{},
	}
	h.buildSSA()
	h.solve()
	h.export()
	r := &Holds{h: h, w: w}
	h.exportWired(r)
	return r, nil
}

// usesFacts reports whether the package uses a field or function of
// another package that this stage's facts describe: its code may read a
// pair another package learned even where it computes no activation.
func usesFacts(pass *analysis.Pass) bool {
	withFacts := map[*types.Package]bool{}
	for _, f := range pass.AllObjectFacts() {
		withFacts[f.Object.Pkg()] = true
	}
	for _, f := range pass.AllPackageFacts() {
		if _, ok := f.Fact.(*KeysFact); ok {
			return true
		}
	}
	if len(withFacts) == 0 {
		return false
	}
	for _, obj := range pass.TypesInfo.Uses {
		if obj.Pkg() == nil || !withFacts[obj.Pkg()] {
			continue
		}
		switch o := obj.(type) {
		case *types.Func:
			// A summary that only places values (a getter) says nothing
			// of activations; one with a pair does.
			var f FuncFact
			if pass.ImportObjectFact(o.Origin(), &f) && f.hasActivation() {
				return true
			}
		case *types.Var:
			if o.IsField() && pass.ImportObjectFact(o, new(FieldFact)) {
				return true
			}
		}
	}
	return false
}
