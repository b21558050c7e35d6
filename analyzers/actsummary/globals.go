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

// globalSummary summarizes a package-level func variable from every
// function the package assigns to it.
func (a *Summaries) globalSummary(v *types.Var) *HelperFact {
	if h, ok := a.globals[v]; ok {
		return h
	}
	a.globals[v] = nil
	vals := append([]ast.Expr(nil), a.funcValues[v]...)
	for _, r := range a.funcCalls[v] {
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
