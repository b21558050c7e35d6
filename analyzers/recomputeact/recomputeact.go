package recomputeact

import (
	_ "embed"
	"go/ast"
	"go/types"
	"regexp"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nnvet/nnvet/analyzers/actflow"
	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/analyzerdoc"
)

//go:embed doc.go
var doc string

// Analyzer reports backward code that recomputes an activation whose value
// is already cached.
var Analyzer = &analysis.Analyzer{
	Name:     analyzerName,
	Doc:      analyzerdoc.Extract(doc, "recomputeact"),
	URL:      docURL,
	Requires: []*analysis.Analyzer{inspect.Analyzer, actsummary.Analyzer, actflow.Analyzer},
	Run:      run,
	FactTypes: []analysis.Fact{
		new(resultPairFact), new(fieldPairFact), new(mapPairsFact),
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

func run(pass *analysis.Pass) (any, error) {
	sums := pass.ResultOf[actsummary.Analyzer].(*actsummary.Summaries)
	if !sums.Built() || !sums.Recomputes() && !usesPairFacts(pass) {
		return nil, nil // nothing can hold an activation here
	}
	a := newChecker(pass, sums, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	a.flowEvidence(pass.ResultOf[actflow.Analyzer].(*actflow.Flow))
	a.collectEvidence()
	a.findDerivativeForms()
	a.report()
	return nil, nil
}

// usesPairFacts reports whether the package uses a function or field whose
// facts pair an activation with its pre-activation (a two-result forward
// function, a cached field): its own forward code may hand those pairs on
// to importers even where it computes no activation itself.
func usesPairFacts(pass *analysis.Pass) bool {
	withFacts := map[*types.Package]bool{}
	for _, f := range pass.AllObjectFacts() {
		withFacts[f.Object.Pkg()] = true
	}
	if len(withFacts) == 0 {
		return false
	}
	seen := map[types.Object]bool{}
	for _, obj := range pass.TypesInfo.Uses {
		if seen[obj] || obj.Pkg() == nil || !withFacts[obj.Pkg()] {
			continue
		}
		seen[obj] = true
		switch o := obj.(type) {
		case *types.Func:
			if pass.ImportObjectFact(o.Origin(), new(resultPairFact)) {
				return true
			}
		case *types.Var:
			if o.IsField() && pass.ImportObjectFact(o, new(fieldPairFact)) {
				return true
			}
		}
	}
	return false
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
