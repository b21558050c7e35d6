package recomputeact

import (
	_ "embed"
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
	if !sums.Built() {
		return nil, nil // nothing can hold an activation here
	}
	defer holds.Use()() // actsummary's and actholds' caches are shared with the other check
	a := newChecker(pass, sums, holds, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector))
	a.report(holds.Built())
	return nil, nil
}
