package actsummary

// Package-level func variables set more than once: a default in the
// declaration (var dAct = sigmoidPrime) and others by configuration
// (func use(name string) { act, dAct = math.Tanh, tanhPrime }). Like a
// func-typed field, such a variable holds one of the functions the package
// assigns to it; calls through the package's variables are one dispatch,
// as the same configuration sets them together.

import (
	"go/ast"
	"go/types"
)

// isGlobalFunc reports whether v is a package-level variable of func type
// declared in this package.
func (a *Summaries) isGlobalFunc(v *types.Var) bool {
	if v.Pkg() != a.pass.Pkg || v.Parent() != a.pass.Pkg.Scope() {
		return false
	}
	_, isFunc := v.Type().Underlying().(*types.Signature)
	return isFunc
}

// seeGlobalValue records what assignment n gives its left-hand side i,
// when that is a package-level func variable.
func (a *Summaries) seeGlobalValue(v *types.Var, n *ast.AssignStmt, i int) {
	if !a.isGlobalFunc(v) {
		return
	}
	switch {
	case len(n.Lhs) == len(n.Rhs):
		a.globalFuncs[v] = append(a.globalFuncs[v], n.Rhs[i])
	case len(n.Rhs) == 1:
		if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
			a.globalCalls[v] = append(a.globalCalls[v], resultOf{call, i})
		}
	}
}

// globalSummary summarizes a package-level func variable from every
// function the package assigns to it.
func (a *Summaries) globalSummary(v *types.Var) *HelperFact {
	if h, ok := a.globals[v]; ok {
		return h
	}
	a.globals[v] = nil
	vals := append([]ast.Expr(nil), a.globalFuncs[v]...)
	for _, r := range a.globalCalls[v] {
		vals = append(vals, a.resultValues(r)...)
	}
	impls := a.implsOf(vals)
	if len(impls) == 0 {
		return nil
	}
	h := implSummary(impls, a.pass.Pkg.Name()+" func variables")
	a.globals[v] = h
	return h
}
