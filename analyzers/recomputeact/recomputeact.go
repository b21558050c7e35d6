package recomputeact

import (
	_ "embed"
	"go/ast"
	"go/types"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

//go:embed doc.go
var doc string

// Analyzer reports backward code that recomputes an activation whose value
// is already cached.
var Analyzer = &analysis.Analyzer{
	Name:     analyzerName,
	Doc:      extractDoc(doc, "recomputeact"),
	URL:      docURL,
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
	FactTypes: []analysis.Fact{
		new(helperFact), new(applierFact), new(resultPairFact), new(fieldPairFact), new(mapPairsFact), new(makerFact),
	},
}

const (
	analyzerName = "recomputeact"
	docURL       = "https://github.com/nnvet/nnvet#recomputeact"
)

const defaultFuncs = `(?i)backward|backprop|grad|deriv|delta|prime`

var (
	funcs  = regexpFlag{regexp.MustCompile(defaultFuncs)}
	naming = true
)

func init() {
	Analyzer.Flags.Var(&funcs, "funcs", "regular expression matching the names of backward functions")
	Analyzer.Flags.BoolVar(&naming, "naming", true, "pair Z and A by name (Z1↔A1, z↔a, zs↔as, preact↔act) when the code gives no evidence")
}

// regexpFlag is a flag.Value holding a compiled regular expression; a bad
// expression is a flag error, never a panic.
type regexpFlag struct{ re *regexp.Regexp }

func (f *regexpFlag) String() string {
	if f.re == nil {
		return ""
	}
	return f.re.String()
}

func (f *regexpFlag) Set(s string) error {
	re, err := regexp.Compile(s)
	if err != nil {
		return err
	}
	f.re = re
	return nil
}

// extractDoc returns the "# Analyzer NAME" section of the package comment in
// the format Analyzer.Doc wants (title line, blank line, body), falling
// back to the whole comment rather than panicking.
func extractDoc(src, name string) string {
	var lines []string
	for _, l := range strings.Split(src, "\n") {
		if !strings.HasPrefix(l, "//") {
			if len(lines) > 0 {
				break
			}
			continue
		}
		l = strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
		lines = append(lines, l)
	}
	text := strings.Join(lines, "\n")
	_, section, ok := strings.Cut(text, "# Analyzer "+name+"\n")
	if !ok {
		return text
	}
	section = strings.TrimSpace(section)
	section = strings.TrimPrefix(section, name+": ")
	return section
}

func run(pass *analysis.Pass) (any, error) {
	recomputes := mayRecompute(pass)
	if !recomputes && !mayApply(pass) {
		return nil, nil
	}
	a := newChecker(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	a.collectSyntax()
	a.summarize(recomputes)
	if !recomputes {
		return nil, nil // only applier summaries to export: a matrix utility package
	}
	a.collectEvidence()
	a.findDerivativeForms()
	a.report()
	return nil, nil
}

// mayRecompute reports whether the package can hold an activation at all:
// it uses math.Tanh, math.Exp, math.Pow or math.Cosh (or math32's), or a
// function or field of another package whose facts make it a helper, an
// applier, a maker, a two-result forward function, a dispatch or a cached
// activation. Every site and every
// pair starts from one of these, so for other packages there is nothing to
// find or to export, and most of the standard library and of gonum is
// skipped after one pass over the package's identifier uses.
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
			if mathPkgs[o.Pkg().Path()] {
				if n := o.Name(); n == "Tanh" || n == "Exp" || n == "Pow" || n == "Cosh" {
					return true
				}
				continue
			}
			if withFacts[o.Pkg()] && (pass.ImportObjectFact(o.Origin(), new(helperFact)) ||
				pass.ImportObjectFact(o.Origin(), new(applierFact)) || pass.ImportObjectFact(o.Origin(), new(resultPairFact)) ||
				pass.ImportObjectFact(o.Origin(), new(makerFact))) {
				return true
			}
		case *types.Var:
			if o.IsField() && withFacts[o.Pkg()] && (pass.ImportObjectFact(o, new(fieldPairFact)) || pass.ImportObjectFact(o, new(helperFact))) {
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
		return isNumeric(t)
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsFloat != 0
}

// funcName is how messages name a function: "backward" or "Layer.Backward".
func funcName(decl *ast.FuncDecl) string {
	if decl.Recv == nil || len(decl.Recv.List) == 0 {
		return decl.Name.Name
	}
	t := decl.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name + "." + decl.Name.Name
		}
		return decl.Name.Name
	}
}
