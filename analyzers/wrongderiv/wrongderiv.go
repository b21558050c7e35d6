package wrongderiv

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/analyzerdoc"
	"github.com/nnvet/nnvet/analyzers/internal/ignore"
	"github.com/nnvet/nnvet/analyzers/internal/source"
)

//go:embed doc.go
var doc string

// Analyzer reports an activation's derivative applied to the wrong value.
var Analyzer = &analysis.Analyzer{
	Name:     analyzerName,
	Doc:      analyzerdoc.Extract(doc, analyzerName),
	URL:      docURL,
	Requires: []*analysis.Analyzer{inspect.Analyzer, actsummary.Analyzer, actholds.Analyzer},
	Run:      run,
}

const (
	analyzerName = "wrongderiv"
	docURL       = "https://github.com/nnvet/nnvet/blob/main/analyzers/wrongderiv/doc.go"
)

// checker is the check over one package: actsummary's sites (embedded),
// what actholds says their arguments hold, and the source for messages.
type checker struct {
	*actsummary.Summaries
	holds *actholds.Holds
	pass  *analysis.Pass
	info  *types.Info
	src   *source.Text
}

func run(pass *analysis.Pass) (any, error) {
	sums := pass.ResultOf[actsummary.Analyzer].(*actsummary.Summaries)
	holds := pass.ResultOf[actholds.Analyzer].(*actholds.Holds)
	if !sums.Built() {
		return nil, nil // nothing here can hold an activation
	}
	defer holds.Use()() // actsummary's and actholds' caches are shared with the other check
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{Summaries: sums, holds: holds, pass: pass, info: pass.TypesInfo, src: source.New(pass, insp)}
	dirs := ignore.Collect(pass, analyzerName)
	c.wirings(dirs) // derivatives this package hands another package's network
	if !holds.Built() {
		dirs.ReportUnused(pass)
		return nil, nil
	}
	for _, decl := range sums.Decls() {
		if f := c.src.FileOf(decl.Pos()); f == nil || ast.IsGenerated(f) {
			continue
		}
		if fn, ok := c.info.Defs[decl.Name].(*types.Func); ok {
			if h := sums.HelperOf(fn); h != nil && h.Role.Derivative() || sums.HasDerivativeFlag(fn) {
				continue // a derivative helper's own body: its callers say what it is given
			}
		}
		covered := map[ast.Node]bool{}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok {
				if h := sums.FuncValueSummary(lit); h != nil && h.Role.Derivative() {
					return false // likewise a derivative literal, handed to an applier or stored
				}
			}
			e, ok := n.(ast.Expr)
			if _, paren := n.(*ast.ParenExpr); !ok || paren || covered[e] {
				return true
			}
			if b, ok := e.(*ast.BinaryExpr); ok {
				if d, ok := c.writtenForm(decl, b); ok {
					if !dirs.Suppress(pass.Fset, decl, d.Pos) {
						pass.Report(d)
					}
					return false // a smaller part of the same form says nothing more
				}
			}
			s, ok := sums.SiteOf(e)
			if !ok || s.Neg || s.Wired {
				return true
			}
			if s.Inner != nil {
				covered[s.Inner] = true
			}
			if d, ok := c.diagnose(decl, s); ok && !dirs.Suppress(pass.Fset, decl, d.Pos) {
				pass.Report(d)
			}
			return true
		})
	}
	dirs.ReportUnused(pass)
	return nil, nil
}
