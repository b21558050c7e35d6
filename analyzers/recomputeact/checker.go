package recomputeact

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/factcache"
)

// checker is the evidence and reporting stage over one package. It reads
// the actsummary stage's index and summaries (embedded: sites, roots,
// helpers) and adds what only this stage knows: which containers hold the
// activation of which others.
type checker struct {
	*actsummary.Summaries
	pass *analysis.Pass
	info *types.Info
	insp *inspector.Inspector

	// Evidence.
	pairs    map[actsummary.Ref][]pair           // Z → containers holding its activation
	counter  map[actsummary.Ref]bool             // containers assigned something other than an activation
	stores   map[actsummary.Ref][]actsummary.Ref // container → the plain references stored in it
	defining map[ast.Node]actsummary.Ref         // sites that compute an activation into a container (the forward pass)
	feeding  map[ast.Node]bool                   // activation sites whose value feeds a derivative form
	results  map[*types.Func]*resultPairFact     // this package's two-result forward functions
	imported *factcache.Imports                  // other packages' result pair facts, and absences
	temps    map[ast.Expr]*types.Var             // appended activations: as = append(as, act(z))

	uses    map[*types.Var]int // lazily: uses of each variable
	sources map[string][]byte  // lazily: file contents, for fixes
}

// pair records that A holds act(Z).
type pair struct {
	a        actsummary.Ref
	Kind     actsummary.Kind
	evidence string // "stored by forward", "paired by name", …
	byName   bool
	offset   int    // Nielsen's layout: Z's element k is A's element k+offset
	Dispatch string // the interface or func table a mixed kind came through
}

func newChecker(pass *analysis.Pass, sums *actsummary.Summaries, insp *inspector.Inspector) *checker {
	return &checker{
		Summaries: sums, pass: pass, info: pass.TypesInfo, insp: insp,
		pairs: map[actsummary.Ref][]pair{}, counter: map[actsummary.Ref]bool{}, stores: map[actsummary.Ref][]actsummary.Ref{}, defining: map[ast.Node]actsummary.Ref{}, feeding: map[ast.Node]bool{},
		results: map[*types.Func]*resultPairFact{}, imported: factcache.New(pass), temps: map[ast.Expr]*types.Var{},
	}
}

// resultPairOf returns fn's two-result summary: computed by this pass for
// the package's own functions, imported as a fact for other packages'.
func (a *checker) resultPairOf(fn *types.Func) *resultPairFact {
	return factcache.Summary(a.imported, a.results, fn)
}
