package actsummary

// Function makers: adapters (func unary(g func(float64) float64) Op {
// return func(z float64) float64 { return g(z) } }) and mapper factories
// (func Mapper(op Op) func([]float64) []float64 { return func(v …) { return
// Map(v, op) } }). The function a maker returns computes what its argument
// computes, element-wise for a factory, so sigmoid passed through them is
// still sigmoid.

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/nnvet/nnvet/analyzers/internal/factcache"
)

// MakerFact says a function returns a function that applies its func
// parameter FuncParam to its own first argument (Elem false: an adapter)
// or to that argument's elements (Elem true: a mapper factory).
type MakerFact struct {
	FuncParam int
	Elem      bool
}

func (*MakerFact) AFact() {}
func (f *MakerFact) String() string {
	if f.Elem {
		return fmt.Sprintf("makes a mapper of param %d", f.FuncParam)
	}
	return fmt.Sprintf("adapts param %d", f.FuncParam)
}

// makerIn recognizes a maker: the function's only return is a literal
// whose only return calls the func parameter on the literal's first
// parameter, or hands the func parameter to an applier over it.
func (a *Summaries) makerIn(sig *types.Signature, body *ast.BlockStmt) *MakerFact {
	lit, ok := soleReturn(body).(*ast.FuncLit)
	if !ok {
		return nil
	}
	litSig, ok := a.info.TypeOf(lit).(*types.Signature)
	if !ok || litSig.Params().Len() == 0 {
		return nil
	}
	call, ok := soleReturn(lit.Body).(*ast.CallExpr)
	if !ok {
		return nil
	}
	outerFunc := func(e ast.Expr) int {
		if i := a.ParamOf(sig, e); i >= 0 {
			if _, isFunc := sig.Params().At(i).Type().Underlying().(*types.Signature); isFunc {
				return i
			}
		}
		return -1
	}
	isArg := func(e ast.Expr) bool {
		id, ok := a.StripConversions(e).(*ast.Ident)
		return ok && a.info.Uses[id] == litSig.Params().At(0)
	}
	if fi := outerFunc(call.Fun); fi >= 0 && len(call.Args) == 1 && isArg(call.Args[0]) {
		return &MakerFact{FuncParam: fi}
	}
	if ap, data, ok := a.ApplierOf(call); ok {
		if fi := outerFunc(call.Args[ap.FuncParam]); fi >= 0 && isArg(data) {
			return &MakerFact{FuncParam: fi, Elem: true}
		}
	}
	return nil
}

// soleReturn returns the result of a body's only return statement (not
// counting nested literals), or nil.
func soleReturn(body *ast.BlockStmt) ast.Expr {
	var result ast.Expr
	n := 0
	ast.Inspect(body, func(node ast.Node) bool {
		switch r := node.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			n++
			if len(r.Results) == 1 {
				result = ast.Unparen(r.Results[0])
			}
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return result
}

// madeSummary summarizes a function value made by a maker: what its
// argument computes, element-wise for a mapper factory.
func (a *Summaries) madeSummary(call *ast.CallExpr) *HelperFact {
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok {
		return nil
	}
	m := factcache.Summary(a.imported, a.makers, fn)
	if m == nil || m.FuncParam >= len(call.Args) {
		return nil
	}
	h := a.FuncValueSummary(call.Args[m.FuncParam])
	if h == nil || h.Param != 0 || h.Elem {
		return nil
	}
	made := *h
	made.Elem = m.Elem
	return &made
}
