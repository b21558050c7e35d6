package actsummary

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"iter"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nnvet/nnvet/analyzers/internal/factcache"
)

// Summaries is what the stage hands forward for one package: an index of
// its syntax (which variables take the elements of which containers, which
// are assigned once, which functions sit in func-typed fields) and the
// summaries of its functions (helpers, appliers, makers, dispatches),
// with those of imported functions read from facts. Its methods recognize
// activation sites and the containers expressions come from.
type Summaries struct {
	pass *analysis.Pass
	info *types.Info
	insp *inspector.Inspector

	recomputes bool // the package can hold an activation (mayRecompute)
	built      bool // the index and summaries were computed

	// Syntax facts gathered once.
	litParam map[*types.Var]litParamInfo  // closure parameter → its literal
	litCall  map[*ast.FuncLit]litCallInfo // literal passed as an argument → the call
	rangeOf  map[*types.Var]ast.Expr      // "for _, v := range X": v → X
	VarDef   map[*types.Var]ast.Expr      // local variable assigned once → its value
	writes   map[*types.Var]int           // assignments to each variable
	// A field, or a package-level func variable: the values assigned to
	// it, and the calls whose results are.
	funcValues map[*types.Var][]ast.Expr
	funcCalls  map[*types.Var][]resultOf
	// A local func variable: the calls whose results are assigned to it
	// (act, dAct := sigmoidPair()).
	localCalls map[*types.Var][]resultOf
	FuncOf     map[*types.Func]*ast.FuncDecl
	callsOf    map[*types.Func][]*ast.CallExpr // calls of the package's own functions
	KeysSeen   map[string]map[string]bool      // map type → constant keys the package uses

	// Summaries of this package's functions (exported as facts).
	helpers       map[*types.Func]*HelperFact
	methodHelpers bool // some method is a helper (else no interface method can be)
	appliers      map[*types.Func]*ApplierFact
	makers        map[*types.Func]*MakerFact
	lits          map[*ast.FuncLit]*HelperFact
	ifaces        map[*types.Func]*HelperFact
	fields        map[*types.Var]*HelperFact
	factories     map[*types.Func]*HelperFact // what the function a factory returns computes
	flags         map[*types.Func]*FlagFact   // helpers with a bool flag, branch by branch
	globals       map[*types.Var]*HelperFact  // package-level func variables
	locals        map[*types.Var]*HelperFact  // local func variables set by calls, func parameters
	uses          map[types.Object]int        // lazily: how often the package names each function
	ifaceMethods  map[string]bool             // lazily: the names of its interface types' methods

	imported *factcache.Imports                 // facts imported so far, and absences
	ctors    map[*types.Func]map[int]*types.Var // constructors: param → field of the node
	wired    map[*types.Var][]*types.Func       // wired fields → the exported constructors that fill them
	pure     map[*types.Func]bool               // methods without arguments but indices that change nothing
	indexed  bool                               // collectSyntax is done (FuncOf is complete)
	feeding  map[ast.Node]bool                  // lazily: sites feeding a derivative form
}

type litParamInfo struct {
	lit   *ast.FuncLit
	index int
}

type litCallInfo struct {
	call *ast.CallExpr
	arg  int
}

func newSummaries(pass *analysis.Pass, insp *inspector.Inspector) *Summaries {
	return &Summaries{
		pass: pass, info: pass.TypesInfo, insp: insp,
		litParam: map[*types.Var]litParamInfo{}, litCall: map[*ast.FuncLit]litCallInfo{},
		rangeOf: map[*types.Var]ast.Expr{}, VarDef: map[*types.Var]ast.Expr{}, writes: map[*types.Var]int{},
		funcValues: map[*types.Var][]ast.Expr{}, funcCalls: map[*types.Var][]resultOf{}, localCalls: map[*types.Var][]resultOf{},
		FuncOf: map[*types.Func]*ast.FuncDecl{}, callsOf: map[*types.Func][]*ast.CallExpr{},
		KeysSeen: map[string]map[string]bool{},
		helpers:  map[*types.Func]*HelperFact{}, appliers: map[*types.Func]*ApplierFact{}, makers: map[*types.Func]*MakerFact{},
		lits: map[*ast.FuncLit]*HelperFact{}, ifaces: map[*types.Func]*HelperFact{}, fields: map[*types.Var]*HelperFact{},
		factories: map[*types.Func]*HelperFact{}, flags: map[*types.Func]*FlagFact{}, globals: map[*types.Var]*HelperFact{}, locals: map[*types.Var]*HelperFact{},
		imported: factcache.New(pass), ctors: map[*types.Func]map[int]*types.Var{}, pure: map[*types.Func]bool{},
	}
}

// collectSyntax records, for the whole package, which variables take the
// elements of which containers, which variables are assigned once, and
// which functions are stored in func-typed fields.
func (a *Summaries) collectSyntax() {
	filter := []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.CallExpr)(nil), (*ast.RangeStmt)(nil),
		(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CompositeLit)(nil), (*ast.IncDecStmt)(nil), (*ast.IndexExpr)(nil)}
	for cur := range a.insp.Root().Preorder(filter...) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			if fn, ok := a.info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				a.FuncOf[fn] = n
			}
		case *ast.FuncLit:
			i := 0
			for _, f := range n.Type.Params.List {
				for _, name := range f.Names {
					if v, ok := a.info.Defs[name].(*types.Var); ok {
						a.litParam[v] = litParamInfo{n, i}
					}
					i++
				}
				if len(f.Names) == 0 {
					i++
				}
			}
		case *ast.CallExpr:
			for i, arg := range n.Args {
				if lit, ok := ast.Unparen(arg).(*ast.FuncLit); ok {
					a.litCall[lit] = litCallInfo{n, i}
				}
			}
			if fn, ok := typeutil.Callee(a.info, n).(*types.Func); ok && fn.Pkg() == a.pass.Pkg && len(n.Args) > 0 {
				a.callsOf[fn] = append(a.callsOf[fn], n)
			}
		case *ast.RangeStmt:
			if id, ok := n.Value.(*ast.Ident); ok && n.Tok == token.DEFINE {
				if v, ok := a.info.Defs[id].(*types.Var); ok {
					a.rangeOf[v] = n.X
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					if sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr); ok {
						if s, ok := a.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
							a.seeAssigned(s.Obj().(*types.Var), n, i)
						}
					}
					continue
				}
				v, ok := a.info.ObjectOf(id).(*types.Var)
				if !ok {
					continue
				}
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) && a.isEmpty(n.Rhs[i]) {
					continue // y := []float64{} declares y; the next assignment defines it
				}
				a.writes[v]++
				if a.isGlobalFunc(v) {
					a.seeAssigned(v, n, i)
				}
				if len(n.Lhs) == len(n.Rhs) {
					a.VarDef[v] = n.Rhs[i]
				} else if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && len(n.Rhs) == 1 && isFunc(v.Type()) {
					a.localCalls[v] = append(a.localCalls[v], resultOf{call, i})
				} else if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && i == 0 && len(n.Rhs) == 1 {
					// v, err := m.At(i, j): the element stands for the call
					if fn, ok := typeutil.Callee(a.info, call).(*types.Func); ok && IsElementAccessor(fn) {
						a.VarDef[v] = call
					}
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
				if v, ok := a.info.ObjectOf(id).(*types.Var); ok {
					a.writes[v] += 2
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if v, ok := a.info.Defs[id].(*types.Var); ok && len(n.Values) == len(n.Names) && !a.isEmpty(n.Values[i]) {
					a.writes[v]++
					a.VarDef[v] = n.Values[i]
					if a.isGlobalFunc(v) {
						a.funcValues[v] = append(a.funcValues[v], n.Values[i])
					}
				}
			}
		case *ast.IndexExpr:
			if r, ok := a.RootOf(n); ok && r.Ref.Kind == RefKey {
				a.seeKey(r.Ref)
			}
		case *ast.CompositeLit:
			for _, elt := range n.Elts {
				kv, ok := elt.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if m, ok := underlying(a.info.TypeOf(n)).(*types.Map); ok {
					if tv := a.info.Types[kv.Key]; tv.Value != nil && tv.Value.Kind() == constant.String {
						a.seeKey(Ref{Kind: RefKey, MapType: types.TypeString(m, nil), Key: constant.StringVal(tv.Value)})
					}
				}
				if id, ok := kv.Key.(*ast.Ident); ok {
					if f, ok := a.info.ObjectOf(id).(*types.Var); ok && f.IsField() {
						a.funcValues[f] = append(a.funcValues[f], kv.Value)
					}
				}
			}
		}
	}
	// A variable written more than once is not a reliable definition.
	for v, n := range a.writes {
		if n > 1 {
			delete(a.VarDef, v)
		}
	}
	a.indexed = true
}

// seeAssigned records what assignment n gives its left-hand side i, v (a
// field or a package-level func variable): the value, or for n.act, n.d =
// activationFuncs(name) result i of the call.
func (a *Summaries) seeAssigned(v *types.Var, n *ast.AssignStmt, i int) {
	switch {
	case len(n.Lhs) == len(n.Rhs):
		a.funcValues[v] = append(a.funcValues[v], n.Rhs[i])
	case len(n.Rhs) == 1:
		if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
			a.funcCalls[v] = append(a.funcCalls[v], resultOf{call, i})
		}
	}
}

// isEmpty reports whether e is an empty composite literal or nil: a
// declaration's placeholder, not a value.
func (a *Summaries) isEmpty(e ast.Expr) bool {
	switch x := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return len(x.Elts) == 0
	case *ast.Ident:
		return a.info.Types[x].IsNil()
	}
	return false
}

func (a *Summaries) seeKey(r Ref) {
	if a.KeysSeen[r.MapType] == nil {
		a.KeysSeen[r.MapType] = map[string]bool{}
	}
	a.KeysSeen[r.MapType][r.Key] = true
}

// Definition returns the single value assigned to a local variable.
func (a *Summaries) Definition(e ast.Expr) (ast.Expr, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := a.info.Uses[id].(*types.Var)
	if !ok {
		return nil, false
	}
	d, ok := a.VarDef[v]
	return d, ok
}

// summarize computes helper and applier summaries of every function in the
// package, to a fixed point (helpers call helpers), and exports them.
//
// In a package that cannot hold an activation (recomputes false) only the
// functions that take a function are looked at, for appliers and makers.
func (a *Summaries) summarize(recomputes bool) {
	for round := 0; round < 8; round++ {
		changed := false
		for fn, decl := range a.FuncOf {
			sig := fn.Signature()
			takesFunc := hasFuncParam(sig)
			var h *HelperFact
			var ap *ApplierFact
			switch {
			case recomputes:
				h, ap = a.summarizeFunc(sig, decl.Type, decl.Body)
			case takesFunc:
				ap = a.applierSummary(sig, decl.Body)
			}
			if recomputes {
				if f := a.flagSummary(sig, decl); f != nil && (a.flags[fn] == nil || *a.flags[fn] != *f) {
					a.flags[fn], changed = f, true
				}
			}
			if h != nil && (a.helpers[fn] == nil || *a.helpers[fn] != *h) {
				a.helpers[fn], changed = h, true
				a.methodHelpers = a.methodHelpers || sig.Recv() != nil
			}
			if ap != nil && a.appliers[fn] == nil {
				a.appliers[fn], changed = ap, true
			}
			if takesFunc && a.makers[fn] == nil {
				if m := a.makerIn(sig, decl.Body); m != nil {
					a.makers[fn], changed = m, true
				}
			}
		}
		if !changed {
			break
		}
		clear(a.lits) // literal summaries may depend on helpers found this round
		clear(a.fields)
		clear(a.ifaces)
		clear(a.factories)
		clear(a.globals)
		clear(a.locals)
	}
	for fn, h := range a.helpers {
		a.pass.ExportObjectFact(fn, h)
	}
	for fn, ap := range a.appliers {
		a.pass.ExportObjectFact(fn, ap)
	}
	for fn, m := range a.makers {
		a.pass.ExportObjectFact(fn, m)
	}
	for fn, f := range a.flags {
		a.pass.ExportObjectFact(fn, f)
	}
	if recomputes {
		a.exportDispatches()
		a.exportFactories()
	}
}

// exportDispatches exports the summaries of the package's interface
// methods and func-typed struct fields, for importers that call them.
func (a *Summaries) exportDispatches() {
	scope := a.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		switch u := tn.Type().Underlying().(type) {
		case *types.Interface:
			for i := 0; i < u.NumExplicitMethods(); i++ {
				if h := a.ifaceSummary(u.ExplicitMethod(i)); h != nil {
					a.pass.ExportObjectFact(u.ExplicitMethod(i), h)
				}
			}
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				if _, isFunc := u.Field(i).Type().Underlying().(*types.Signature); isFunc {
					if h := a.fieldSummary(u.Field(i)); h != nil {
						a.pass.ExportObjectFact(u.Field(i), h)
					}
				}
			}
		}
	}
}

// summarizeFunc finds whether a function body evaluates an activation of
// one of its parameters and returns it or its derivative, and whether it
// applies a func parameter to the elements of a container parameter.
func (a *Summaries) summarizeFunc(sig *types.Signature, ftype *ast.FuncType, body *ast.BlockStmt) (*HelperFact, *ApplierFact) {
	if body == nil {
		return nil, nil
	}
	paramIndex := a.paramIndexer(sig)
	h := a.shapeSummary(sig, body) // a*(1-a), ReLU, ELU: no site says what these are
	if h == nil && sig.Params().Len() > 0 && sig.Results().Len() == 1 {
		h = a.dispatchSummary(body, paramIndex)
	}
	takesFunc := hasFuncParam(sig)
	var ap *ApplierFact
	ast.Inspect(body, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if h == nil {
			if s, ok := a.SiteOf(e); ok && !s.Neg {
				if i, elem, ok := paramIndex(s.Elem); ok {
					if r := a.roleIn(body, namedResult(ftype), s); r != RoleNone {
						h = &HelperFact{Kind: s.Kind, Role: r, Param: i, Elem: elem || s.Whole || s.ApplyFn != nil,
							Impls: s.Impls, Dispatch: s.Dispatch, Inclusive: s.Inclusive, Entries: s.Entries}
					} else if s.InPlace && !elem && sig.Results().Len() == 0 {
						// ApplyMatrix(m) { ApplyByElement(m, sigmoid) }: m is overwritten
						h = &HelperFact{Kind: s.Kind, Role: s.Role, Param: i, Elem: true, Impls: s.Impls, Dispatch: s.Dispatch,
							Inclusive: s.Inclusive, Entries: s.Entries, InPlace: true}
					}
				}
			}
		}
		if call, ok := e.(*ast.CallExpr); ok && ap == nil && takesFunc {
			ap = a.applierIn(sig, call, paramIndex)
		}
		return true
	})
	return h, ap
}

// applierSummary is summarizeFunc for a package that cannot hold an
// activation: only whether the function is an applier.
func (a *Summaries) applierSummary(sig *types.Signature, body *ast.BlockStmt) *ApplierFact {
	paramIndex := a.paramIndexer(sig)
	var ap *ApplierFact
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && ap == nil {
			ap = a.applierIn(sig, call, paramIndex)
		}
		return ap == nil
	})
	return ap
}

// paramIndexer returns a function that finds which parameter of sig an
// expression reaches, and whether as an element of it.
func (a *Summaries) paramIndexer(sig *types.Signature) func(ast.Expr) (int, bool, bool) {
	return func(e ast.Expr) (int, bool, bool) {
		// Fn(zs ...float64) reading zs[0]: the first argument itself.
		if ix, ok := a.StripConversions(e).(*ast.IndexExpr); ok && sig.Variadic() && a.isConst(ix.Index, 0) {
			if id, ok := ast.Unparen(ix.X).(*ast.Ident); ok && a.info.Uses[id] == sig.Params().At(sig.Params().Len()-1) {
				return sig.Params().Len() - 1, false, true
			}
		}
		// A parameter itself, even when a closure's parameter is bound to
		// the elements of something outside the closure.
		if i := a.ParamOf(sig, a.StripConversions(e)); i >= 0 {
			return i, false, true
		}
		r, ok := a.RootOf(e)
		if !ok || r.Ref.Kind != RefVar {
			return 0, false, false
		}
		obj := r.Ref.Obj
		if src, ok := a.copyOf(obj.(*types.Var)); ok {
			obj = src // r := mat.DenseCopyOf(x): r's elements are x's
		}
		if def, ok := a.VarDef[obj.(*types.Var)]; ok && !r.Elem {
			// v, _ = m.At(i, j), then f(v): an element of m
			if call, ok := ast.Unparen(def).(*ast.CallExpr); ok {
				if dr, ok := a.RootOf(call); ok && dr.Elem && dr.Ref.Kind == RefVar {
					r, obj = dr, dr.Ref.Obj
				}
			}
		}
		for i := 0; i < sig.Params().Len(); i++ {
			if sig.Params().At(i) == obj {
				return i, r.Elem, true
			}
		}
		return 0, false, false
	}
}

// hasFuncParam reports whether a signature takes a function: only such a
// function can be an applier or a maker.
func hasFuncParam(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// applierIn recognizes a call by which a function applies its func
// parameter f to the elements of its parameter x: f(x[i]), or a wrapper's
// call of another applier, m.Apply(f, x) or Map(f, x).
func (a *Summaries) applierIn(sig *types.Signature, call *ast.CallExpr, paramIndex func(ast.Expr) (int, bool, bool)) *ApplierFact {
	funcParam := func(e ast.Expr) int { return a.ParamOf(sig, e) }
	if fi := funcParam(call.Fun); fi >= 0 {
		for vi, arg := range call.Args {
			if di, elem, ok := paramIndex(arg); ok && elem {
				return &ApplierFact{FuncParam: fi, DataParam: di, ValueParam: vi}
			}
			if a.reachesRecv(sig, arg, true) { // func (g *Grid) Each(f) { g.v[i] = f(g.v[i]) }
				return &ApplierFact{FuncParam: fi, DataParam: RecvData, ValueParam: vi}
			}
		}
		return nil
	}
	inner, data, ok := a.ApplierOf(call)
	if !ok {
		return nil
	}
	if fi := funcParam(call.Args[inner.FuncParam]); fi >= 0 {
		if di, _, ok := paramIndex(data); ok {
			return &ApplierFact{FuncParam: fi, DataParam: di, ValueParam: inner.ValueParam}
		}
		if a.reachesRecv(sig, data, false) {
			return &ApplierFact{FuncParam: fi, DataParam: RecvData, ValueParam: inner.ValueParam}
		}
	}
	return nil
}

// ParamOf returns the index of the parameter of sig that e names, or -1.
func (a *Summaries) ParamOf(sig *types.Signature, e ast.Expr) int {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		for i := 0; i < sig.Params().Len(); i++ {
			if sig.Params().At(i) == a.info.Uses[id] {
				return i
			}
		}
	}
	return -1
}

// reachesRecv reports whether e is the receiver of sig or lies inside it
// (g.data, g.data[i], g.m.At(i, j)); with elem, an element of it.
func (a *Summaries) reachesRecv(sig *types.Signature, e ast.Expr, elem bool) bool {
	if sig.Recv() == nil {
		return false
	}
	isElem := false
	for {
		switch x := a.StripConversions(e).(type) {
		case *ast.Ident:
			if v, ok := a.info.Uses[x].(*types.Var); ok && v != sig.Recv() {
				if c, ok := a.containerOfBound(v); ok { // for _, x := range g.v
					e, isElem = c, true
					continue
				}
			}
			return a.info.Uses[x] == sig.Recv() && (isElem || !elem)
		case *ast.SelectorExpr:
			if s, ok := a.info.Selections[x]; !ok || s.Kind() != types.FieldVal {
				return false
			}
			e = x.X
		case *ast.IndexExpr:
			e, isElem = x.X, true
		case *ast.StarExpr:
			e = x.X
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if fn, isFn := typeutil.Callee(a.info, x).(*types.Func); !ok || !isFn || !IsMat(fn) || fn.Name() != "At" {
				return false
			}
			e, isElem = sel.X, true
		default:
			return false
		}
	}
}

// dispatchSummary recognizes an activation dispatcher: every value the
// function returns (directly or through the variable it returns) is an
// activation of the same parameter, that parameter itself, or another
// function of it (ReLU), and at least two of them differ:
//
//	switch l.Kind { case "tanh": out = tanhv(v); case "logi": out = logistic(v) }; return out
//
// Its kind holds every activation it may return, with otherKind for the
// rest, so that no fix assumes one of them.
func (a *Summaries) dispatchSummary(body *ast.BlockStmt, paramIndex func(ast.Expr) (int, bool, bool)) *HelperFact {
	var values []ast.Expr
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			values = append(values, a.valuesOf(body, n.Results[0])...)
		}
		return ok
	})
	if !ok || len(values) < 2 {
		return nil
	}
	var h *HelperFact
	distinct := false
	for _, v := range values {
		var k Kind
		r, param, elem := RoleNone, 0, false
		if s, ok := a.SiteOf(v); ok && !s.Neg {
			i, e, ok := paramIndex(s.Elem)
			if !ok {
				return nil
			}
			k, r, param, elem = s.Kind, s.Role, i, e || s.Whole
		} else if dk, s, ok := a.writtenDerivative(v); ok {
			// case "tanh": t := math.Tanh(z); return 1 - t*t: the
			// derivative recomputes the activation of the parameter.
			i, e, ok := paramIndex(s.Elem)
			if !ok || e {
				return nil
			}
			k, r, param = dk, RoleDeriv, i
		} else if dk, i, ok := a.outputFormOn(v, paramIndex); ok {
			k, r, param = dk, RoleOutDeriv, i // case "tanh": return 1 - a*a
		} else if i, e, ok := paramIndex(v); ok && !e {
			k, param = OtherKind, i // the identity
		} else if call, ok := ast.Unparen(v).(*ast.CallExpr); ok && len(call.Args) == 1 {
			i, e, ok := paramIndex(call.Args[0])
			if !ok || e {
				return nil
			}
			k, param = OtherKind, i // some other function of it
		} else {
			return nil
		}
		if h == nil {
			h = &HelperFact{Kind: k, Role: r, Param: param, Elem: elem}
			continue
		}
		if h.Param != param || r != RoleNone && h.Role != RoleNone && r != h.Role {
			return nil
		}
		distinct = distinct || h.Kind != k
		h.Kind |= k
		if r != RoleNone {
			h.Role, h.Elem = r, elem
		}
	}
	if !distinct || h.Role == RoleNone {
		return nil
	}
	return h
}

// writtenDerivative reports whether v is a derivative written on an
// activation computed in the function (1 - t*t with t := math.Tanh(z)), and
// that activation's site.
func (a *Summaries) writtenDerivative(v ast.Expr) (Kind, Site, bool) {
	var site Site
	found := true
	isT := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if d, ok := a.Definition(x); ok {
			x = ast.Unparen(d)
		}
		s, ok := a.SiteOf(x)
		if !ok || s.Neg || s.Role != RoleAct {
			return false
		}
		if site.Node != nil && !SameExpr(site.Elem, s.Elem) {
			found = false // two activations of different values
		}
		site = s
		return true
	}
	k := a.DerivForm(v, isT, false)
	if k == NoKind || site.Node == nil || !found || !k.Single() || site.Kind != k {
		return NoKind, Site{}, false
	}
	return k, site, true
}

// outputFormOn reports whether v is a derivative in the output form
// written on one parameter (a*(1-a), 1-a*a), and which.
func (a *Summaries) outputFormOn(v ast.Expr, paramIndex func(ast.Expr) (int, bool, bool)) (Kind, int, bool) {
	param, one := -1, true
	isP := func(x ast.Expr) bool {
		i, e, ok := paramIndex(a.StripConversions(x))
		if !ok || e {
			return false
		}
		if param >= 0 && param != i {
			one = false
		}
		param = i
		return true
	}
	k := a.DerivForm(v, isP, false)
	if k == NoKind || !k.Single() || param < 0 || !one {
		return NoKind, 0, false
	}
	return k, param, true
}

// valuesOf lists what a returned expression may be: the values assigned to
// a local variable it names, else the expression itself.
func (a *Summaries) valuesOf(body *ast.BlockStmt, e ast.Expr) []ast.Expr {
	id, ok := ast.Unparen(e).(*ast.Ident)
	v, isVar := a.info.Uses[id].(*types.Var)
	if !ok || !isVar || v.Parent() == nil || v.Parent() == types.Universe {
		return []ast.Expr{e}
	}
	var vals []ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, lhs := range as.Lhs {
			if lid, ok := lhs.(*ast.Ident); ok && a.info.ObjectOf(lid) == v && !(as.Tok == token.DEFINE && a.isEmpty(as.Rhs[i])) {
				vals = append(vals, as.Rhs[i])
			}
		}
		return true
	})
	if len(vals) == 0 {
		return []ast.Expr{e} // a parameter, or a variable set elsewhere
	}
	return vals
}

// roleIn classifies what the innermost function around s (within body)
// returns: s itself (roleAct) or a derivative form of it (roleDeriv).
func (a *Summaries) roleIn(body *ast.BlockStmt, named *ast.Ident, s Site) Role {
	fnBody := body
	var inLit *ast.FuncLit
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit.Pos() <= s.Node.Pos() && s.Node.End() <= lit.End() {
			fnBody, inLit = lit.Body, lit
		}
		return true
	})
	isT := func(x ast.Expr) bool {
		x = a.StripConversions(x) // float64(1 / (1 + math.Exp(-x)))
		if d, ok := a.Definition(x); ok {
			x = a.StripConversions(d)
		} else if r, ok := a.RootOf(x); ok && r.Elem && r.Ref.Kind == RefVar && r.Bound == nil {
			// s[i] where s := sigmoid(z) for a whole slice or matrix.
			if d, ok := a.VarDef[r.Ref.Obj.(*types.Var)]; ok {
				x = ast.Unparen(d)
			}
		}
		if ix, ok := x.(*ast.IndexExpr); ok && s.Whole {
			x = ast.Unparen(ix.X) // softmax(v)[i]: an element of a whole-container site
		}
		if x == s.Node {
			return true
		}
		t, ok := a.SiteOf(x)
		return ok && t.Kind == s.Kind && t.Role == RoleAct && !t.Neg && SameExpr(t.Elem, s.Elem)
	}
	// Every return must give the site's role, or a constant (a guard such
	// as "if x < -40 { return 0 }"): a function that returns tanh(v) on one
	// path and something else of its parameters on another is no helper.
	result, mixed := RoleNone, false
	ast.Inspect(fnBody, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			results := n.Results
			if len(results) == 0 && named != nil && fnBody == body {
				results = []ast.Expr{named} // a bare return of the named result
			}
			if len(results) != 1 {
				return true
			}
			ret := results[0]
			r := a.elementRole(ret, s, isT)
			if r == RoleNone {
				r = a.roleOfFilled(fnBody, ret, s, isT)
			}
			switch {
			case r == RoleNone:
				mixed = mixed || !a.isNeutral(ret)
			case result == RoleNone:
				result = r
			case r != result:
				mixed = true
			}
		}
		return true
	})
	if mixed {
		result = RoleNone
	}
	if result != RoleNone && inLit != nil && !a.returnsApplied(body, inLit) {
		// The closure returns act of its element, but the function does not
		// return what the closure filled (a forward pass storing a field).
		result = RoleNone
	}
	if result == RoleNone {
		result = a.appliedInPlace(fnBody, s)
	}
	return result
}

// returnsApplied reports whether body returns what the applier call that
// takes lit computes: return m.Apply-receiver, or return Map(lit, z).
func (a *Summaries) returnsApplied(body *ast.BlockStmt, lit *ast.FuncLit) bool {
	call := a.litCall[lit].call
	if call == nil {
		return false
	}
	if ap, _, ok := a.ApplierOf(call); !ok || ap.FuncParam != a.litCall[lit].arg {
		return false
	}
	var dst *Root
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if r, ok := a.RootOf(sel.X); ok && !r.Elem {
			dst = &r
		}
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			if a.isSame(ret.Results[0], call) {
				found = true
			} else if r, ok := a.RootOf(ret.Results[0]); ok && dst != nil && !r.Elem && r.Ref == dst.Ref {
				found = true
			}
		}
		_, isLit := n.(*ast.FuncLit)
		return !isLit && !found
	})
	return found
}

// appliedInPlace classifies r.Apply(tanhPrimeAt, r); return r: the site is
// an applier call that fills a container the function returns.
func (a *Summaries) appliedInPlace(body *ast.BlockStmt, s Site) Role {
	call, ok := s.Node.(*ast.CallExpr)
	if !ok || s.ApplyFn == nil {
		return RoleNone
	}
	filled := s.Elem // ApplyByElement(r, f) overwrites r
	if !s.InPlace {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return RoleNone
		}
		filled = sel.X // r.Apply(f, x) fills r
	}
	dst, ok := a.RootOf(filled)
	if !ok || dst.Elem {
		return RoleNone
	}
	result := RoleNone
	ast.Inspect(body, func(n ast.Node) bool {
		if ret, ok := n.(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			if r, ok := a.RootOf(ret.Results[0]); ok && !r.Elem && r.Ref == dst.Ref {
				result = s.Role
			}
		}
		_, isLit := n.(*ast.FuncLit)
		return !isLit
	})
	return result
}

// copyOf reports whether local v is defined as a copy of another variable
// (copiedVar), or as its raw elements (data := m.Data()).
func (a *Summaries) copyOf(v *types.Var) (types.Object, bool) {
	def := a.VarDef[v]
	if src, ok := a.CopiedVar(def); ok {
		return src, true
	}
	call, ok := ast.Unparen(def).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	fn, isFn := typeutil.Callee(a.info, call).(*types.Func)
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !isFn || !isSel || len(call.Args) != 0 || fn.Name() != "Data" && fn.Name() != "RawData" || !isNumericSlice(fn.Signature()) {
		return nil, false
	}
	return a.localVar(sel.X)
}

// CopiedVar reports whether e copies a local variable: v.Copy() (a method
// without arguments returning v's own type), mat.DenseCopyOf(v),
// mat.VecDenseCopyOf(v), slices.Clone(v) or append([]T(nil), v...).
func (a *Summaries) CopiedVar(e ast.Expr) (types.Object, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	var src ast.Expr
	if fn, ok := typeutil.Callee(a.info, call).(*types.Func); ok && fn.Pkg() != nil {
		sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		switch {
		case isSel && fn.Signature().Recv() != nil && len(call.Args) == 0 && types.Identical(a.info.TypeOf(call), a.info.TypeOf(sel.X)):
			src = sel.X
		case len(call.Args) == 1 && (IsMat(fn) && (fn.Name() == "DenseCopyOf" || fn.Name() == "VecDenseCopyOf") ||
			fn.Pkg().Path() == "slices" && fn.Name() == "Clone"):
			src = call.Args[0]
		}
	} else if a.IsBuiltin(call, "append") && len(call.Args) == 2 && call.Ellipsis.IsValid() && a.isEmpty(call.Args[0]) {
		src = call.Args[1]
	}
	return a.localVar(src)
}

// localVar returns the variable an identifier names.
func (a *Summaries) localVar(e ast.Expr) (types.Object, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := a.info.Uses[id].(*types.Var)
	return v, ok
}

// isNumericSlice reports whether a method returns one slice of numbers.
func isNumericSlice(sig *types.Signature) bool {
	if sig.Recv() == nil || sig.Results().Len() != 1 {
		return false
	}
	s, ok := sig.Results().At(0).Type().Underlying().(*types.Slice)
	return ok && IsNumeric(s.Elem())
}

// namedResult returns the name of a function's only result, if it has one:
// func logistic(v []float64) (r []float64).
func namedResult(ft *ast.FuncType) *ast.Ident {
	if ft == nil || ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) != 1 {
		return nil
	}
	return ft.Results.List[0].Names[0]
}

// roleOfFilled classifies a returned container filled element by element
// (out[i] = act(z[i]) or out[i] = act'(z[i])) in body.
func (a *Summaries) roleOfFilled(body *ast.BlockStmt, ret ast.Expr, s Site, isT func(ast.Expr) bool) Role {
	rr, ok := a.RootOf(ret)
	if !ok || rr.Elem {
		return RoleNone
	}
	result, spoiled := RoleNone, false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			// out.SetVec(i, v), out.Set(i, j, v): out[i] = v
			if v, ok := a.setElement(n, rr.Ref); ok && result == RoleNone {
				result = a.elementRole(v, s, isT)
			}
		case *ast.IncDecStmt:
			spoiled = spoiled || a.isElementOf(n.X, rr.Ref)
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
				// out[i] /= sum: the elements are no longer what was stored.
				for _, lhs := range n.Lhs {
					spoiled = spoiled || a.isElementOf(lhs, rr.Ref)
				}
				return true
			}
			if len(n.Lhs) != len(n.Rhs) || result != RoleNone {
				return true
			}
			for i, lhs := range n.Lhs {
				lr, ok := a.RootOf(lhs)
				if !ok || lr.Ref != rr.Ref {
					continue
				}
				values := []ast.Expr{n.Rhs[i]} // out[i] = v
				if !lr.Elem {
					values = a.Appended(lhs, n.Rhs[i]) // out = append(out, v…)
				}
				for _, v := range values {
					if r := a.elementRole(v, s, isT); r != RoleNone {
						result = r
					}
				}
			}
		}
		return true
	})
	if spoiled {
		return RoleNone
	}
	return result
}

// setElement reports whether call stores one element of the container r
// through a setter (gonum's Set and SetVec, or a matrix type's own Set
// taking integer indices and the value), and returns the value.
func (a *Summaries) setElement(call *ast.CallExpr, r Ref) (ast.Expr, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Set" && sel.Sel.Name != "SetVec" || len(call.Args) < 2 {
		return nil, false
	}
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok || fn.Signature().Recv() == nil {
		return nil, false
	}
	params := fn.Signature().Params()
	for i := 0; i < params.Len()-1; i++ {
		if b, ok := params.At(i).Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			return nil, false
		}
	}
	if params.Len() != len(call.Args) || !IsNumeric(params.At(params.Len()-1).Type()) {
		return nil, false
	}
	if dst, ok := a.RootOf(sel.X); !ok || dst.Elem || dst.Ref != r {
		return nil, false
	}
	return call.Args[len(call.Args)-1], true
}

// isElementOf reports whether e is an element of the container r.
func (a *Summaries) isElementOf(e ast.Expr, r Ref) bool {
	er, ok := a.RootOf(e)
	return ok && er.Elem && er.Ref == r
}

// isNeutral reports whether a returned value says nothing about what the
// function computes: a constant, nil or an empty literal.
func (a *Summaries) isNeutral(e ast.Expr) bool {
	return a.info.Types[e].Value != nil || a.isEmpty(e)
}

// Appended returns the values of "lhs = append(lhs, v…)".
func (a *Summaries) Appended(lhs, rhs ast.Expr) []ast.Expr {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || !a.IsBuiltin(call, "append") || len(call.Args) < 2 || call.Ellipsis.IsValid() || !SameExpr(call.Args[0], lhs) {
		return nil
	}
	return call.Args[1:]
}

// elementRole classifies one element stored into a returned container.
func (a *Summaries) elementRole(v ast.Expr, s Site, isT func(ast.Expr) bool) Role {
	switch {
	case s.Role.Derivative() && a.isSame(v, s.Node):
		return s.Role
	case isT(v):
		if s.Role.Derivative() {
			return s.Role
		}
		return RoleAct
	case s.Role == RoleAct && a.DerivForm(v, isT, false).Fits(s.Kind):
		return RoleDeriv
	}
	return RoleNone
}

// isSame reports whether e is node, directly or through a variable assigned once.
func (a *Summaries) isSame(e, node ast.Expr) bool {
	e = ast.Unparen(e)
	if d, ok := a.Definition(e); ok {
		e = ast.Unparen(d)
	}
	return e == node
}

// SameExpr reports whether two expressions are written the same way.
func SameExpr(x, y ast.Expr) bool {
	return types.ExprString(ast.Unparen(x)) == types.ExprString(ast.Unparen(y))
}

// litSummary summarizes a function literal, as a helper of its parameter.
func (a *Summaries) litSummary(lit *ast.FuncLit) *HelperFact {
	if h, ok := a.lits[lit]; ok {
		return h
	}
	a.lits[lit] = nil // no recursion through itself
	sig, ok := a.info.TypeOf(lit).(*types.Signature)
	if !ok {
		return nil
	}
	h, _ := a.summarizeFunc(sig, lit.Type, lit.Body)
	a.lits[lit] = h
	return h
}

// HelperOf returns the helper summary of fn: computed here for this
// package's functions, imported as a fact for others', and derived from
// the implementations for an interface method.
func (a *Summaries) HelperOf(fn *types.Func) *HelperFact {
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return a.ifaceSummary(fn)
	}
	return factcache.Summary(a.imported, a.helpers, fn)
}

func (a *Summaries) applierFactOf(fn *types.Func) *ApplierFact {
	return factcache.Summary(a.imported, a.appliers, fn)
}

// ifaceSummary summarizes an interface method from the implementations in
// the interface's package: one helper when every implementation is the
// same helper, a mixed summary when some recompute and others do not (see
// implSummary). Another package's interface comes as a fact.
func (a *Summaries) ifaceSummary(m *types.Func) *HelperFact {
	if m.Pkg() != a.pass.Pkg {
		return factcache.Summary(a.imported, a.ifaces, m)
	}
	if h, ok := a.ifaces[m]; ok {
		return h
	}
	a.ifaces[m] = nil
	iface, ok := m.Signature().Recv().Type().Underlying().(*types.Interface)
	if !ok || !a.methodHelpers || !mayTakeActivation(m.Signature()) {
		return nil // no method of this package is a helper: no implementation can be
	}
	var impls []impl
	scope := a.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || types.IsInterface(tn.Type()) {
			continue
		}
		var t types.Type = tn.Type()
		if !types.Implements(t, iface) {
			t = types.NewPointer(t)
			if !types.Implements(t, iface) {
				continue
			}
		}
		obj, _, _ := types.LookupFieldOrMethod(t, false, m.Pkg(), m.Name())
		fn, ok := obj.(*types.Func)
		if !ok {
			return nil
		}
		impls = append(impls, impl{tn.Name() + "." + m.Name(), a.helpers[fn]})
	}
	h := implSummary(impls, ifaceName(m))
	a.ifaces[m] = h
	return h
}

// impl is one implementation of an interface method or one function stored
// in a func-typed field, with its summary (nil: it recomputes nothing).
type impl struct {
	Name string
	h    *HelperFact
}

// implSummary combines the implementations behind one dispatch. All the
// same helper: that helper. Some helpers (of one role and parameter) among
// functions that recompute nothing: a mixed summary whose kind holds every
// activation and otherKind, naming the implementations that recompute, so
// that a call is reported (without a fix) only when forward stored A
// through the same dispatch. Derivatives in different forms (one written
// on Z, another on A) are listed one by one in Entries, for the check of
// which is right on what the call passes. No helper at all: nil.
func implSummary(impls []impl, dispatch string) *HelperFact {
	var first *HelperFact
	same, derivs := true, 0
	for _, im := range impls {
		if im.h == nil {
			same = false
			continue
		}
		if first == nil {
			first = im.h
		} else if *first != *im.h {
			same = false
			if first.Param != im.h.Param || first.Elem != im.h.Elem || first.InPlace != im.h.InPlace {
				return nil
			}
		}
		if im.h.Role.Derivative() {
			derivs++
		}
	}
	if derivs > 0 && derivs < len(impls) {
		// A derivative dispatch with an activation-shaped entry (softplus'
		// is sigmoid): that entry recomputes a function of its argument.
		// ReLU-shaped (x > 0 → x) it gives the same on the output as on
		// the pre-activation, relu(relu(z)) = relu(z): right or wrong, not
		// by the value it is given.
		for i, im := range impls {
			if im.h != nil && im.h.Role == RoleAct && im.h.Kind == ReluKind {
				impls[i].h = nil
				continue
			}
			if im.h != nil && im.h.Role == RoleAct {
				z := *im.h
				z.Role = RoleDeriv
				impls[i].h = &z
				derivs++
			}
		}
	}
	if first == nil || same {
		return first
	}
	common := &HelperFact{Param: first.Param, Elem: first.Elem, Role: first.Role, Dispatch: dispatch, InPlace: first.InPlace}
	var names, entries []string
	roles := map[Role]bool{}
	for _, im := range impls {
		if im.h == nil {
			common.Kind |= OtherKind
			continue
		}
		roles[im.h.Role] = true
		if im.h.Role == RoleDeriv || im.h.Role == RoleAct {
			common.Kind |= im.h.Kind
			names = append(names, im.Name)
		} else {
			common.Kind |= OtherKind
		}
		if derivs > 0 {
			entries = append(entries, Entry{im.Name, im.h.Role, im.h.Kind, im.h.Inclusive}.code())
		}
	}
	switch {
	case len(names) == 0 && roles[RoleOutDeriv]:
		common.Role = RoleOutDeriv // only forms written on the output
	case len(names) == 0:
		common.Role = RoleSignDeriv
	case derivs > 0:
		common.Role = RoleDeriv // some recompute: recomputeact names them
	}
	common.Kind |= OtherKind
	sort.Strings(names)
	sort.Strings(entries)
	common.Impls = strings.Join(names, ", ")
	if len(roles) > 1 || derivs > 0 && len(impls) > len(names) {
		common.Entries = strings.Join(entries, ";")
	}
	return common
}

// ifaceName names an interface method for messages and for matching
// dispatches: "act.Activation.Derivative".
func ifaceName(m *types.Func) string {
	recv := m.Signature().Recv().Type()
	if n, ok := types.Unalias(recv).(*types.Named); ok {
		return n.Obj().Pkg().Name() + "." + n.Obj().Name()
	}
	return types.TypeString(recv, nil)
}

// mayTakeActivation reports whether a signature has a parameter that can
// hold a pre-activation: a float, or a container (slice, pointer, interface,
// struct). Methods like At(i, j int) and Dims() cannot be helpers; skipping
// them keeps interface-heavy packages (gonum's mat.Matrix) cheap.
func mayTakeActivation(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		switch u := sig.Params().At(i).Type().Underlying().(type) {
		case *types.Basic:
			if u.Info()&types.IsFloat != 0 {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// fieldSummary summarizes a func-typed field from every function the
// package assigns to it, like the implementations of an interface method;
// another package's field comes as a fact.
func (a *Summaries) fieldSummary(f *types.Var) *HelperFact {
	if f.Pkg() != a.pass.Pkg {
		return a.importFieldFact(f)
	}
	if h, ok := a.fields[f]; ok {
		return h
	}
	a.fields[f] = nil
	args, params := a.constructorArgs(f)
	var vals []ast.Expr
	for _, v := range a.funcValues[f] {
		if id, ok := ast.Unparen(v).(*ast.Ident); !ok || !params[a.info.Uses[id]] {
			vals = append(vals, v) // not a constructor's parameter, whose arguments count instead
		}
	}
	vals = append(vals, args...)
	for _, r := range a.funcCalls[f] {
		vals = append(vals, a.resultValues(r)...)
	}
	impls := a.implsOf(vals)
	if len(impls) == 0 {
		return nil
	}
	h := implSummary(impls, a.fieldOwner(f))
	a.fields[f] = h
	return h
}

// resultOf is result i of a call.
type resultOf struct {
	call *ast.CallExpr
	i    int
}

// resultValues lists what a package function returns as result r.i: the
// expressions of its returns, or for a named result the values assigned to
// it (a selector: switch name { case "tanh": act, d = tanh, tanhD1 … }).
func (a *Summaries) resultValues(r resultOf) []ast.Expr {
	fn, ok := typeutil.Callee(a.info, r.call).(*types.Func)
	if !ok {
		return nil
	}
	decl := a.FuncOf[fn]
	if decl == nil {
		return nil
	}
	return a.returnedValues(decl, r.i)
}

// returnedValues lists what a function of the package returns as result i:
// the expressions of its returns, or for a named result the values
// assigned to it.
func (a *Summaries) returnedValues(decl *ast.FuncDecl, i int) []ast.Expr {
	if decl.Type.Results == nil {
		return nil
	}
	var named *ast.Ident
	k := 0
	for _, field := range decl.Type.Results.List {
		for _, id := range field.Names {
			if k == i {
				named = id
			}
			k++
		}
		if len(field.Names) == 0 {
			k++
		}
	}
	var vals []ast.Expr
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if i < len(n.Results) {
				vals = append(vals, a.valuesOf(decl.Body, n.Results[i])...)
			}
		case *ast.AssignStmt:
			if named == nil || len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for j, lhs := range n.Lhs {
				if id, ok := ast.Unparen(lhs).(*ast.Ident); ok && a.info.Uses[id] == a.info.Defs[named] {
					vals = append(vals, n.Rhs[j])
				}
			}
		}
		return true
	})
	return vals
}

// constructorArgs lists the functions the package passes to constructors
// that store them in field f (NewLayer(sigmoid, sigmoidPrime) with return
// &Layer{act: act, actPrime: actPrime}), and those constructors' parameters.
func (a *Summaries) constructorArgs(f *types.Var) ([]ast.Expr, map[types.Object]bool) {
	var vals []ast.Expr
	params := map[types.Object]bool{}
	for fn, calls := range a.callsOf {
		for i, field := range a.CtorStores(fn) {
			if field != f {
				continue
			}
			params[fn.Signature().Params().At(i)] = true
			for _, call := range calls {
				if i < len(call.Args) && !call.Ellipsis.IsValid() {
					vals = append(vals, call.Args[i])
				}
			}
		}
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].Pos() < vals[j].Pos() })
	return vals, params
}

// fieldOwner names the struct type that declares field f ("act.Table"):
// calls through its Forward and Backward fields are one dispatch.
func (a *Summaries) fieldOwner(f *types.Var) string {
	for tn, g := range structFields(a.pass.Pkg) {
		if g == f {
			return a.pass.Pkg.Name() + "." + tn.Name()
		}
	}
	return "field " + f.Name()
}

// structFields lists the fields of the package's struct types, with the
// type that declares each.
func structFields(pkg *types.Package) iter.Seq2[*types.TypeName, *types.Var] {
	return func(yield func(*types.TypeName, *types.Var) bool) {
		scope := pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := 0; i < st.NumFields(); i++ {
					if !yield(tn, st.Field(i)) {
						return
					}
				}
			}
		}
	}
}

// isNil reports whether e is the predeclared nil.
func (a *Summaries) isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && a.info.Uses[id] == types.Universe.Lookup("nil")
}

// implsOf summarizes each function value that may be behind one dispatch
// (nil, a reset, is none).
func (a *Summaries) implsOf(vals []ast.Expr) []impl {
	impls := make([]impl, 0, len(vals))
	plainMath := map[*types.Func]bool{}
	for _, v := range vals {
		if a.isNil(v) {
			continue
		}
		h := a.FuncValueSummary(v)
		if fn, ok := a.info.Uses[identOf(ast.Unparen(v))].(*types.Func); ok && h == nil && fn.Pkg() != nil && MathPkgs[fn.Pkg().Path()] {
			plainMath[fn] = true
		}
		impls = append(impls, impl{a.implName(v), h})
	}
	if len(plainMath) >= 2 {
		// fn: math.Sin, …, fn: math.Tanh: a table of math functions
		// (a test's, a plotter's), not a layer's choice of activation.
		return nil
	}
	return impls
}

// importFieldFact returns the summary another package exported for its
// func-typed field f.
func (a *Summaries) importFieldFact(f *types.Var) *HelperFact {
	if h, ok := a.fields[f]; ok {
		return h
	}
	h := new(HelperFact)
	if !a.pass.ImportObjectFact(f, h) {
		h = nil
	}
	a.fields[f] = h
	return h
}

// implName names a function stored in a field: its name, or for a literal
// the key of the table entry holding it (Sigmoid: {Backward: func…}), or
// its position.
func (a *Summaries) implName(v ast.Expr) string {
	if _, ok := ast.Unparen(v).(*ast.FuncLit); !ok {
		return types.ExprString(v)
	}
	p := a.pass.Fset.Position(v.Pos())
	name := fmt.Sprintf("the func literal at %s:%d", filepath.Base(p.Filename), p.Line)
	cur, ok := a.insp.Root().FindNode(v)
	if !ok {
		return name
	}
	for c := cur.Parent(); c.Node() != nil; c = c.Parent() {
		kv, ok := c.Node().(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if _, entry := kv.Value.(*ast.CompositeLit); entry {
			return types.ExprString(kv.Key) // the entry's key in the table
		}
	}
	return name
}

func underlying(t types.Type) types.Type {
	if t == nil {
		return nil
	}
	return t.Underlying()
}
