package actsummary

// Local func values: a variable that takes one result of a call returning
// several functions (act, dAct := sigmoidPair(), then l.act, l.dAct =
// act, dAct), and a function's func parameter (n.fire(x, l.act) with
// fire computing n.out = f(n.sum)). Each holds one of the functions that
// reach it; calls through it are summarized like calls through a field.

import (
	"fmt"
	"go/ast"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
)

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// localSummary summarizes a local func variable or func parameter from
// the values that reach it, nil when some may come from elsewhere.
func (a *Summaries) localSummary(v *types.Var) *HelperFact {
	if !isFunc(v.Type()) {
		return nil
	}
	if h, ok := a.locals[v]; ok {
		return h
	}
	a.locals[v] = nil // a cycle of parameters passed on reaches nothing new
	var h *HelperFact
	if calls := a.localCalls[v]; len(calls) > 0 {
		h = a.tupleSummary(v, calls)
	} else {
		h = a.paramSummary(v)
	}
	a.locals[v] = h
	return h
}

// tupleSummary: every assignment to v takes one result of a call. The
// dispatch is named by those calls, so that act and dAct, assigned by the
// same calls, are one dispatch (a forward through act pairs with a
// backward through dAct).
func (a *Summaries) tupleSummary(v *types.Var, calls []resultOf) *HelperFact {
	if len(calls) != a.writes[v] {
		return nil // also assigned a value of its own
	}
	var vals []ast.Expr
	var at []string
	open := false
	for _, r := range calls {
		rv, o := a.tupleValues(r)
		if len(rv) == 0 {
			return nil
		}
		vals, open = append(vals, rv...), open || o
		p := a.pass.Fset.Position(r.call.Pos())
		at = append(at, fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line))
	}
	impls := a.implsOf(vals)
	if open {
		impls = append(impls, impl{Name: "another package's function"})
	}
	return implSummary(impls, "the results of the calls at "+strings.Join(at, ", "))
}

// tupleValues lists what result r.i of a call can be: what the package
// function called returns, or, for a call through a func parameter
// (act, dAct := pair() with pair a factory its callers pass), what each
// function passed returns. open: callers outside the package may pass
// others.
func (a *Summaries) tupleValues(r resultOf) ([]ast.Expr, bool) {
	id, ok := ast.Unparen(r.call.Fun).(*ast.Ident)
	if !ok {
		return a.resultValues(r), false
	}
	v, ok := a.info.Uses[id].(*types.Var)
	if !ok {
		return a.resultValues(r), false
	}
	fn, i := a.paramOwner(v)
	args, closed, ok := a.paramArgs(fn, i, v)
	if !ok {
		return nil, false
	}
	var vals []ast.Expr
	for _, arg := range args {
		fn, ok := a.info.Uses[identOf(ast.Unparen(arg))].(*types.Func)
		if !ok || a.FuncOf[fn] == nil {
			return nil, false
		}
		vals = append(vals, a.returnedValues(a.FuncOf[fn], r.i)...)
	}
	return vals, !closed
}

// paramSummary: parameter v holds what its function's callers pass, when
// every caller is in view. (An exported function's importers may pass it
// anything: a call through its parameter is no site.)
func (a *Summaries) paramSummary(v *types.Var) *HelperFact {
	fn, i := a.paramOwner(v)
	args, closed, ok := a.paramArgs(fn, i, v)
	if !ok || !closed {
		return nil
	}
	return implSummary(a.implsOf(args), fmt.Sprintf("%s's parameter %d", fn.Name(), i))
}

// paramArgs lists the arguments the package's calls pass as parameter v,
// parameter i of fn (nil: none), never reassigned. closed: every caller is in view (the function is
// unexported, named only as a callee, and no interface of the package
// declares a method of its name).
func (a *Summaries) paramArgs(fn *types.Func, i int, v *types.Var) (args []ast.Expr, closed, ok bool) {
	if fn == nil || a.writes[v] != 0 {
		return nil, false, false
	}
	calls := a.callsOf[fn]
	if len(calls) == 0 {
		return nil, false, false
	}
	for _, call := range calls {
		if i >= len(call.Args) || call.Ellipsis.IsValid() {
			return nil, false, false
		}
		args = append(args, call.Args[i])
	}
	sort.Slice(args, func(i, j int) bool { return args[i].Pos() < args[j].Pos() })
	closed = !fn.Exported() && a.useCount(fn) == len(calls) && !a.interfaceMethods()[fn.Name()]
	return args, closed, true
}

// useCount returns how often the package names obj.
func (a *Summaries) useCount(obj types.Object) int {
	if a.uses == nil {
		a.uses = map[types.Object]int{}
		for _, o := range a.info.Uses {
			if f, ok := o.(*types.Func); ok {
				a.uses[f.Origin()]++
			}
		}
	}
	return a.uses[obj]
}

// interfaceMethods returns the names of the methods the package's
// interface types declare: a method of such a name may be called through
// an interface, by callers that pass other functions.
func (a *Summaries) interfaceMethods() map[string]bool {
	if a.ifaceMethods == nil {
		a.ifaceMethods = map[string]bool{}
		for _, tv := range a.info.Types {
			if it, ok := tv.Type.Underlying().(*types.Interface); ok {
				for m := range it.Methods() {
					a.ifaceMethods[m.Name()] = true
				}
			}
		}
	}
	return a.ifaceMethods
}
