package actsummary

import (
	_ "embed"
	"go/ast"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nnvet/nnvet/analyzers/internal/analyzerdoc"
)

//go:embed doc.go
var doc string

// Analyzer summarizes what a package's functions compute about activations
// and hands the summaries forward; it reports nothing itself.
var Analyzer = &analysis.Analyzer{
	Name:       "actsummary",
	Doc:        analyzerdoc.Extract(doc, "actsummary"),
	URL:        "https://github.com/nnvet/nnvet#recomputeact",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Summaries](),
	FactTypes:  []analysis.Fact{new(HelperFact), new(ApplierFact), new(MakerFact), new(CtorFact), new(FactoryFact), new(FlagFact)},
}

func run(pass *analysis.Pass) (any, error) {
	s := newSummaries(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	s.recomputes = mayRecompute(pass) || s.declaresShapes() || declaresWirable(pass.Pkg)
	if !s.recomputes && !mayApply(pass) {
		return s, nil
	}
	s.collectSyntax()
	if s.recomputes {
		s.wiredFields()
	}
	s.summarize(s.recomputes)
	s.built = true
	return s, nil
}

// Recomputes reports whether the package can hold an activation: it uses
// math.Tanh, math.Exp, math.Pow or math.Cosh (or math32's), or a function
// or field that another package's facts summarize. Otherwise it has no
// site to report, and at most appliers and makers to export.
func (a *Summaries) Recomputes() bool { return a.recomputes }

// DeclaresHelpers reports whether the package declares an activation or
// derivative helper: network code, where plain math is numerics.
func (a *Summaries) DeclaresHelpers() bool { return len(a.helpers) > 0 }

// Built reports whether the syntax index and the summaries were computed:
// for a package that can neither hold an activation nor apply a function,
// they were not, and every lookup finds nothing.
func (a *Summaries) Built() bool { return a.built }

// mayRecompute reports whether the package can hold an activation at all:
// it uses math.Tanh, math.Exp, math.Pow or math.Cosh (or math32's), or a
// function or field of another package whose facts make it a helper, an
// applier or a maker. Every site starts from one of these, so for other
// packages there is nothing to find, and most of the standard library and
// of gonum is skipped after one pass over the package's identifier uses.
func mayRecompute(pass *analysis.Pass) bool {
	withFacts := map[*types.Package]bool{}
	for _, f := range pass.AllObjectFacts() {
		withFacts[f.Object.Pkg()] = true
	}
	seen := map[types.Object]bool{}
	for _, obj := range pass.TypesInfo.Uses {
		if seen[obj] || obj.Pkg() == nil || obj.Pkg() == pass.Pkg {
			continue
		}
		seen[obj] = true
		switch o := obj.(type) {
		case *types.Func:
			if MathPkgs[o.Pkg().Path()] {
				if n := o.Name(); n == "Tanh" || n == "Exp" || n == "Pow" || n == "Cosh" {
					return true
				}
				continue
			}
			if withFacts[o.Pkg()] && (pass.ImportObjectFact(o.Origin(), new(HelperFact)) ||
				pass.ImportObjectFact(o.Origin(), new(ApplierFact)) || pass.ImportObjectFact(o.Origin(), new(MakerFact)) ||
				pass.ImportObjectFact(o.Origin(), new(CtorFact)) || pass.ImportObjectFact(o.Origin(), new(FactoryFact)) ||
				pass.ImportObjectFact(o.Origin(), new(FlagFact))) {
				return true
			}
		case *types.Var:
			if o.IsField() && withFacts[o.Pkg()] && pass.ImportObjectFact(o, new(HelperFact)) {
				return true
			}
		}
	}
	return false
}

// declaresShapes reports whether the package declares a function of one
// number written like ReLU, ELU or a derivative on an activation's output
// (a network without a transcendental: ReLU and its sign test).
func (a *Summaries) declaresShapes() bool {
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := a.info.Defs[fd.Name].(*types.Func)
			if ok && fn.Signature().Params().Len() >= 1 && a.shapeSummary(fn.Signature(), fd.Body) != nil {
				return true
			}
		}
	}
	return false
}

// mayApply reports whether the package declares a function that may apply
// a func parameter to elements (func Map(f func(float64) float64, x …),
// func (m *Matrix[T]) Apply(f func(T) T)):
// a package that never mentions math can still hold the applier that its
// importers pass sigmoid to.
func mayApply(pass *analysis.Pass) bool {
	for _, obj := range pass.TypesInfo.Defs {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		params := fn.Signature().Params()
		for i := 0; i < params.Len(); i++ {
			if f, ok := params.At(i).Type().Underlying().(*types.Signature); ok && f.Params().Len() > 0 && f.Results().Len() == 1 && isFloatLike(f.Results().At(0).Type()) {
				return true
			}
		}
	}
	return false
}

// isFloatLike reports whether t is a float, or a type parameter that
// admits only numbers (an element of a generic matrix): what an
// activation returns. Integer-valued callbacks (sort, search) are not.
func isFloatLike(t types.Type) bool {
	if _, ok := t.(*types.TypeParam); ok {
		return IsNumeric(t)
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsFloat != 0
}

// IsBuiltin reports whether call calls the builtin name (append, copy).
func (a *Summaries) IsBuiltin(call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := a.info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}
