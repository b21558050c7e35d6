package actsummary

// Function factories: derivativeOf(kind) returns, case by case, a function
// (a helper or a literal), and the caller calls what it got: df :=
// derivativeOf(l.kind); df(z). Which function that is depends on the kind,
// as in a helper that switches on it (dispatchSummary), so the result is
// summarized the same way: every case's activation, in one form.

import (
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/nnvet/nnvet/analyzers/internal/factcache"
)

// FactoryFact, on a function that returns a function chosen case by case,
// summarizes what the returned function computes of its argument.
type FactoryFact struct {
	HelperFact
}

func (f *FactoryFact) String() string { return "returns " + f.HelperFact.String() }

// madeByFactory summarizes the function a factory call returns.
func (a *Summaries) madeByFactory(call *ast.CallExpr) *HelperFact {
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok {
		return nil
	}
	if fn.Pkg() != a.pass.Pkg {
		if f := factcache.Summary[FactoryFact, *FactoryFact](a.imported, nil, fn); f != nil {
			return &f.HelperFact
		}
		return nil
	}
	return a.factorySummary(fn)
}

// factorySummary summarizes a factory of this package: the functions it
// returns are helpers taking the value as their parameter 0, all of one
// role, and their kinds are the summary's. Sign tests (ReLU's
// derivative) are right on either value: they join any derivative
// factory, listed as entries but not as one of its kinds. A case that
// returns nil is no function; another function (the identity) is
// otherKind, so that no fix assumes one activation. One function alone
// is that function.
func (a *Summaries) factorySummary(fn *types.Func) *HelperFact {
	if h, ok := a.factories[fn]; ok {
		return h
	}
	a.factories[fn] = nil // no recursion through itself
	sig := fn.Signature()
	decl := a.FuncOf[fn]
	if decl == nil || sig.Results().Len() != 1 || !wirable(sig.Results().At(0).Type()) || hasFuncParam(sig) {
		return nil
	}
	var common *HelperFact
	var entries []string
	signs, other := 0, false
	for _, v := range a.returnedValues(decl, 0) {
		if a.isNil(v) {
			continue
		}
		h := a.FuncValueSummary(v)
		if h == nil {
			other = true // the identity, leaky ReLU: some other function
			continue
		}
		if h.Param != 0 || !h.Kind.Single() || common != nil && h.Elem != common.Elem {
			return nil
		}
		name := a.implName(v)
		if _, lit := ast.Unparen(v).(*ast.FuncLit); lit {
			name = h.Kind.String() + " case"
		}
		entries = append(entries, Entry{name, h.Role, h.Kind, h.Inclusive}.code())
		if h.Role == RoleSignDeriv {
			signs++
			continue
		}
		switch {
		case common == nil:
			c := *h
			common = &c
		case common.Role != h.Role:
			return nil
		case common.Kind&h.Kind == 0:
			common.Kind |= h.Kind
		}
	}
	if common == nil {
		return nil // no case differentiates or activates anything but by a sign
	}
	if other {
		common.Kind |= OtherKind
	}
	if signs > 0 {
		if !common.Role.Derivative() {
			return nil
		}
		sort.Strings(entries)
		common.Entries = strings.Join(entries, ";")
	}
	a.factories[fn] = common
	return common
}

// exportFactories exports the summaries of the package's factories.
func (a *Summaries) exportFactories() {
	for fn := range a.FuncOf {
		if h := a.factorySummary(fn); h != nil {
			a.pass.ExportObjectFact(fn, &FactoryFact{*h})
		}
	}
}
