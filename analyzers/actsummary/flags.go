package actsummary

// Flag helpers: one function for an activation and its derivative, chosen
// by a bool parameter (sigmoid(x, deriv bool), as Python's nonlin(x,
// deriv=True) is ported). Each branch is summarized as a helper of its
// own, and a call that passes a constant picks one: sigmoid(z, true) is
// the derivative, sigmoid(z, false) the activation.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/nnvet/nnvet/analyzers/internal/factcache"
)

// FlagFact, on a flag helper, summarizes its two branches: the helper it
// is when parameter Param is true, and when it is false (a zero Kind: no
// helper).
type FlagFact struct {
	Param       int
	True, False HelperFact
}

func (*FlagFact) AFact() {}
func (f *FlagFact) String() string {
	branch := func(h HelperFact) string {
		if h.Kind == NoKind {
			return "nothing"
		}
		return h.String()
	}
	return fmt.Sprintf("with param %d true %s; false %s", f.Param, branch(f.True), branch(f.False))
}

// flagSummary summarizes a function whose body is one if statement on a
// bool parameter (with an else, or followed by the rest of the body), when
// a branch is a helper.
func (a *Summaries) flagSummary(sig *types.Signature, decl *ast.FuncDecl) *FlagFact {
	if len(decl.Body.List) == 0 {
		return nil
	}
	ifs, ok := decl.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil {
		return nil
	}
	cond, negated := ast.Unparen(ifs.Cond), false
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		cond, negated = ast.Unparen(u.X), true
	}
	param := a.ParamOf(sig, cond)
	if param < 0 {
		return nil
	}
	if b, ok := sig.Params().At(param).Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return nil
	}
	then := ifs.Body
	var other *ast.BlockStmt
	switch e := ifs.Else.(type) {
	case *ast.BlockStmt:
		if len(decl.Body.List) != 1 {
			return nil
		}
		other = e
	case nil:
		if !endsInReturn(then) || len(decl.Body.List) < 2 {
			return nil
		}
		other = &ast.BlockStmt{Lbrace: decl.Body.List[1].Pos(), List: decl.Body.List[1:], Rbrace: decl.Body.Rbrace}
	default:
		return nil // else if: more than two cases
	}
	if negated {
		then, other = other, then
	}
	f := &FlagFact{Param: param}
	if h, _ := a.summarizeFunc(sig, decl.Type, then); h != nil {
		f.True = *h
	}
	if h, _ := a.summarizeFunc(sig, decl.Type, other); h != nil {
		f.False = *h
	}
	if f.True.Kind == NoKind && f.False.Kind == NoKind {
		return nil
	}
	return f
}

func endsInReturn(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// flagHelper returns what a call of a flag helper with a constant flag is:
// the summary of the branch it takes.
func (a *Summaries) flagHelper(fn *types.Func, call *ast.CallExpr) *HelperFact {
	f := a.flagFactOf(fn)
	if f == nil || f.Param >= len(call.Args) {
		return nil
	}
	tv, ok := a.info.Types[call.Args[f.Param]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return nil
	}
	h := f.False
	if constant.BoolVal(tv.Value) {
		h = f.True
	}
	if h.Kind == NoKind {
		return nil
	}
	return &h
}

func (a *Summaries) flagFactOf(fn *types.Func) *FlagFact {
	if fn.Pkg() == a.pass.Pkg {
		return a.flags[fn.Origin()]
	}
	return factcache.Summary[FlagFact, *FlagFact](a.imported, nil, fn)
}

// HasDerivativeFlag reports whether fn is a flag helper of this package
// one of whose branches is a derivative: its body is a helper's, and its
// callers say what it is given.
func (a *Summaries) HasDerivativeFlag(fn *types.Func) bool {
	f := a.flags[fn.Origin()]
	return f != nil && (f.True.Role.Derivative() || f.False.Role.Derivative())
}
