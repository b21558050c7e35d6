package recomputeact

import (
	_ "embed"
	"go/ast"
	"regexp"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nnvet/nnvet/analyzers/actholds"
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
	Requires: []*analysis.Analyzer{inspect.Analyzer, actsummary.Analyzer, actholds.Analyzer},
	Run:      run,
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
	holds := pass.ResultOf[actholds.Analyzer].(*actholds.Holds)
	if !sums.Built() || !holds.Built() {
		return nil, nil // nothing can hold an activation here
	}
	a := newChecker(pass, sums, holds, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	a.findDerivativeForms()
	a.report()
	return nil, nil
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
