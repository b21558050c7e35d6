package actsummary

// Wired fields: a func-typed field that the package fills only from the
// parameters of its exported constructors (NewLayer(act, actPrime ActFunc)
// stores them in l.act and l.actPrime), so that which function it holds is
// decided by an importer: a main, an example, a test. Here a call through
// it is a site of unknown kind, named by the field, so that the next stage
// can say what each such call is given; the importer that calls the
// constructor then knows which functions those are.

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"github.com/nnvet/nnvet/analyzers/internal/factcache"
)

// CtorFact, on an exported constructor, lists the wired fields it fills:
// Fields[i] is the field that parameter i is stored in, "" for none, named
// by WiredName.
type CtorFact struct {
	Fields []string
}

func (*CtorFact) AFact() {}
func (f *CtorFact) String() string {
	var parts []string
	for i, name := range f.Fields {
		if name != "" {
			parts = append(parts, fmt.Sprintf("param %d → %s", i, name))
		}
	}
	return "wires " + strings.Join(parts, ", ")
}

// wirable reports whether a func type can be an activation or its
// derivative: one parameter that can hold a pre-activation, at most one
// result (an in-place derivative returns nothing).
func wirable(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() <= 1 && mayTakeActivation(sig)
}

// declaresWirable reports, before any index is built, whether the package
// has an exported function taking a function that could be an activation,
// and a struct with an unexported field of that type: a network whose
// activations its importers choose.
func declaresWirable(pkg *types.Package) bool {
	fieldTypes := map[string]bool{}
	for _, f := range structFields(pkg) {
		if !f.Exported() && wirable(f.Type()) {
			fieldTypes[types.TypeString(f.Type(), nil)] = true
		}
	}
	if len(fieldTypes) == 0 {
		return false
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		params := fn.Signature().Params()
		for i := 0; i < params.Len(); i++ {
			if fieldTypes[types.TypeString(params.At(i).Type(), nil)] {
				return true
			}
		}
	}
	return false
}

// wiredFields finds the package's wired fields: unexported, of a wirable
// type, stored by an exported constructor from its parameter, and given no
// value anywhere else in the package (then fieldSummary says what it
// holds). It fills a.wired (field → its exported constructors) and exports
// a CtorFact for each such constructor.
func (a *Summaries) wiredFields() {
	a.wired = map[*types.Var][]*types.Func{}
	fns := make([]*types.Func, 0, len(a.FuncOf))
	for fn := range a.FuncOf {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		if !fn.Exported() || fn.Signature().Recv() != nil {
			continue
		}
		for _, f := range a.CtorStores(fn) {
			if !f.Exported() && f.Pkg() == a.pass.Pkg && wirable(f.Type()) {
				a.wired[f] = append(a.wired[f], fn)
			}
		}
	}
	for f, ctors := range a.wired {
		params := map[types.Object]bool{}
		for _, fn := range ctors {
			for i, g := range a.CtorStores(fn) {
				if g == f {
					params[fn.Signature().Params().At(i)] = true
				}
			}
		}
		given := len(a.funcCalls[f]) > 0
		for _, v := range a.funcValues[f] {
			if id, ok := ast.Unparen(v).(*ast.Ident); !ok || !params[a.info.Uses[id]] {
				given = true
			}
		}
		for fn, calls := range a.callsOf {
			for _, g := range a.CtorStores(fn) {
				if g == f && len(calls) > 0 {
					given = true // the package wires it itself: fieldSummary's
				}
			}
		}
		if given {
			delete(a.wired, f)
		}
	}
	for _, fn := range fns {
		var fields []string
		for i, f := range a.CtorStores(fn) {
			if _, ok := a.wired[f]; ok {
				for len(fields) <= i {
					fields = append(fields, "")
				}
				fields[i] = a.WiredName(f)
			}
		}
		if fields != nil && fn.Exported() {
			a.pass.ExportObjectFact(fn, &CtorFact{Fields: fields})
		}
	}
}

// CtorWiring returns which parameters of a constructor fill which wired
// fields (by name): from the fact of another package's constructor, nil
// for one of this package (the package's own calls of it are summarized
// as field values).
func (a *Summaries) CtorWiring(fn *types.Func) []string {
	if fn.Pkg() == nil || fn.Pkg() == a.pass.Pkg {
		return nil
	}
	if f := factcache.Summary[CtorFact, *CtorFact](a.imported, nil, fn); f != nil {
		return f.Fields
	}
	return nil
}

// wiredVia returns the wired fields a call through variable v reaches: v
// itself, or a func parameter that every call of its function in the
// package fills with a wired field (l.forward(in, n.hiddenAct)).
func (a *Summaries) wiredVia(v *types.Var) []string {
	if v.IsField() {
		if _, ok := a.wired[v]; ok {
			return []string{a.WiredName(v)}
		}
		return nil
	}
	if len(a.wired) == 0 {
		return nil
	}
	fn, idx := a.paramOwner(v)
	if fn == nil || len(a.callsOf[fn]) == 0 {
		return nil
	}
	seen := map[string]bool{}
	for _, call := range a.callsOf[fn] {
		if idx >= len(call.Args) {
			return nil
		}
		sel, ok := ast.Unparen(call.Args[idx]).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		s, ok := a.info.Selections[sel]
		if !ok || s.Kind() != types.FieldVal {
			return nil
		}
		f := s.Obj().(*types.Var)
		if _, ok := a.wired[f]; !ok {
			return nil
		}
		seen[a.WiredName(f)] = true
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// paramOwner returns the package function whose parameter v is, and its index.
func (a *Summaries) paramOwner(v *types.Var) (*types.Func, int) {
	for fn := range a.FuncOf {
		params := fn.Signature().Params()
		if v.Pos() < a.FuncOf[fn].Pos() || v.Pos() > a.FuncOf[fn].Type.End() {
			continue
		}
		for i := 0; i < params.Len(); i++ {
			if params.At(i) == v {
				return fn, i
			}
		}
	}
	return nil, -1
}

// WiredPrefix starts a site's Dispatch when the site calls a wired field:
// "wired hiddenAct,outputAct".
const WiredPrefix = "wired "

// WiredOf returns the fields a dispatch names when it is wired.
func WiredOf(dispatch string) ([]string, bool) {
	rest, ok := strings.CutPrefix(dispatch, WiredPrefix)
	if !ok {
		return nil, false
	}
	return strings.Split(rest, ","), true
}

// HasWired reports whether the package has a wired field.
func (a *Summaries) HasWired() bool { return len(a.wired) > 0 }

// IsWired reports whether f is one of the package's wired fields.
func (a *Summaries) IsWired(f *types.Var) bool {
	_, ok := a.wired[f]
	return ok
}

// WiredName names a wired field by its struct and name, "gonn.FFNN.act":
// facts and dispatches name it so, and Field reads the name back.
func (a *Summaries) WiredName(f *types.Var) string {
	return a.fieldOwner(f) + "." + f.Name()
}

// Field returns the field name of a WiredName.
func Field(wiredName string) string {
	return wiredName[strings.LastIndexByte(wiredName, '.')+1:]
}
