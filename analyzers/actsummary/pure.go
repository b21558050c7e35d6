package actsummary

// Pure methods: u.in() that sums the inputs and adds the bias, called
// once in forward (u.Out = σ(u.in())) and again in backward (σ′(u.in())).
// Such a method computes the same pre-activation wherever it is called, so
// it names Z the way a field does; with integer arguments (l.net(j)), the
// way an element of a field does.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// pureMethodCall reports whether call is x.m() or x.m(i, …) for a pure
// method m of this package, and returns m.
func (a *Summaries) pureMethodCall(call *ast.CallExpr) (*types.Func, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil, false
	}
	s, ok := a.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return nil, false
	}
	fn, ok := s.Obj().(*types.Func)
	if !ok || !a.isPure(fn.Origin()) {
		return nil, false
	}
	return fn.Origin(), true
}

// isPure reports whether fn is a method of this package without arguments
// but integers that returns one float or slice of floats and changes
// nothing: it
// assigns only to its own locals, and calls only builtins, conversions,
// math and other pure methods.
func (a *Summaries) isPure(fn *types.Func) bool {
	if !a.indexed || fn.Pkg() != a.pass.Pkg {
		return false
	}
	if p, ok := a.pure[fn]; ok {
		return p
	}
	a.pure[fn] = false // no recursion through itself
	sig := fn.Signature()
	decl := a.FuncOf[fn]
	if decl == nil || sig.Recv() == nil || !intParams(sig) || sig.Results().Len() != 1 || !isFloatOrSlice(sig.Results().At(0).Type()) {
		return false
	}
	local := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		if id.Name == "_" {
			return true
		}
		v, ok := a.info.ObjectOf(id).(*types.Var)
		return ok && decl.Body.Pos() <= v.Pos() && v.Pos() < decl.Body.End()
	}
	pure := true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				pure = pure && local(lhs)
			}
		case *ast.IncDecStmt:
			pure = pure && local(n.X)
		case *ast.RangeStmt:
			pure = pure && (n.Key == nil || local(n.Key)) && (n.Value == nil || local(n.Value))
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt, *ast.SendStmt:
			pure = false
		case *ast.UnaryExpr:
			pure = pure && n.Op != token.ARROW
		case *ast.CallExpr:
			pure = pure && a.pureCall(n)
		}
		return pure
	})
	a.pure[fn] = pure
	return pure
}

// pureCall reports whether a call inside a pure method changes nothing.
func (a *Summaries) pureCall(call *ast.CallExpr) bool {
	if tv, ok := a.info.Types[call.Fun]; ok && tv.IsType() {
		return true // a conversion
	}
	switch fn := typeutil.Callee(a.info, call).(type) {
	case *types.Builtin:
		switch fn.Name() {
		case "len", "cap", "min", "max", "real", "imag", "complex":
			return true
		}
	case *types.Func:
		if fn.Pkg() != nil && MathPkgs[fn.Pkg().Path()] {
			return true
		}
		if _, ok := a.pureMethodCall(call); ok {
			return true
		}
	}
	return false
}

// intParams reports whether every parameter is an integer: indices, as in
// l.net(j), which names the j-th pre-activation as l.z[j] would.
func intParams(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if b, ok := sig.Params().At(i).Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return false
		}
	}
	return true
}

// isFloatOrSlice reports whether t is a float or a slice of floats: what
// a pre-activation is when a method recomputes it.
func isFloatOrSlice(t types.Type) bool {
	if s, ok := t.Underlying().(*types.Slice); ok {
		t = s.Elem()
	}
	return isFloatLike(t)
}

// IsPure reports whether fn is one of the package's pure methods: no
// argument but indices, changes nothing, so that a call names a value like
// a field (or its element).
func (a *Summaries) IsPure(fn *types.Func) bool { return a.isPure(fn.Origin()) }
