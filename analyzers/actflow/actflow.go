package actflow

import (
	_ "embed"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/analyzerdoc"
)

//go:embed doc.go
var doc string

// Analyzer follows activations into the parameters of the functions they
// are passed to; it reports nothing itself.
var Analyzer = &analysis.Analyzer{
	Name:       "actflow",
	Doc:        analyzerdoc.Extract(doc, "actflow"),
	URL:        "https://github.com/nnvet/nnvet#recomputeact",
	Requires:   []*analysis.Analyzer{actsummary.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Flow](),
}

// Flow is what the stage hands forward: the parameters that hold the
// activation of other parameters.
type Flow struct {
	Params []ParamPair
}

// ParamPair says that parameter A of Func holds Kind of parameter Z: every
// call passes act(x) as A and x as Z. Call is the first such call, in
// Caller.
type ParamPair struct {
	Func   *types.Func
	Z, A   *types.Var
	Kind   actsummary.Kind
	Call   token.Pos
	Caller string
}

func run(pass *analysis.Pass) (any, error) {
	flow := new(Flow)
	sums := pass.ResultOf[actsummary.Analyzer].(*actsummary.Summaries)
	if !sums.Built() || !sums.Recomputes() {
		return flow, nil
	}
	cands := candidates(pass, sums)
	if len(cands) == 0 {
		return flow, nil // no SSA for packages with nothing to follow
	}
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()

	calls := map[*types.Func][]call{}
	for _, fn := range sourceFuncs(prog, sums) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				callee := ci.Common().StaticCallee()
				if callee == nil || callee.Object() == nil {
					continue
				}
				obj, ok := callee.Object().(*types.Func)
				if !ok || !cands[obj.Origin()] {
					continue
				}
				args := ci.Common().Args
				if obj.Signature().Recv() != nil {
					args = args[1:] // the receiver
				}
				calls[obj.Origin()] = append(calls[obj.Origin()], call{args: args, pos: ci.Pos(), caller: fn})
			}
		}
	}
	f := flower{sums: sums}
	for fn, cs := range calls {
		flow.Params = append(flow.Params, f.paramPairs(fn, cs)...)
	}
	sort.Slice(flow.Params, func(i, j int) bool { // the same order every run
		pi, pj := flow.Params[i], flow.Params[j]
		return pi.Z.Pos() < pj.Z.Pos() || pi.Z.Pos() == pj.Z.Pos() && pi.A.Pos() < pj.A.Pos()
	})
	return flow, nil
}

// call is one static call of a candidate, with its arguments (receiver
// excluded).
type call struct {
	args   []ssa.Value
	pos    token.Pos
	caller *ssa.Function
}

// candidates lists the package's functions worth following: unexported,
// with two parameters or more, not a helper, never used as a value (nor,
// for a method, named by an interface of the package), whose body
// recomputes an activation of one of its parameters.
func candidates(pass *analysis.Pass, sums *actsummary.Summaries) map[*types.Func]bool {
	ifaceMethods := map[string]bool{}
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		if it, ok := scope.Lookup(name).Type().Underlying().(*types.Interface); ok {
			for i := 0; i < it.NumMethods(); i++ {
				ifaceMethods[it.Method(i).Name()] = true
			}
		}
	}
	cands := map[*types.Func]bool{}
	for fn, decl := range sums.FuncOf {
		sig := fn.Signature()
		if fn.Exported() || sig.Params().Len() < 2 || sums.HelperOf(fn) != nil || sig.Recv() != nil && ifaceMethods[fn.Name()] {
			continue
		}
		if recomputesParam(sums, sig, decl.Body) {
			cands[fn] = true
		}
	}
	if len(cands) == 0 {
		return nil
	}
	// A function used as a value has callers this stage cannot see.
	called := callees(pass.Files)
	for id, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || !cands[fn.Origin()] || called[id] {
			continue
		}
		delete(cands, fn.Origin())
	}
	return cands
}

// recomputesParam reports whether body evaluates an activation of one of
// sig's parameters (or of its elements).
func recomputesParam(sums *actsummary.Summaries, sig *types.Signature, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok || found {
			return !found
		}
		s, ok := sums.SiteOf(e)
		if !ok {
			return true
		}
		if r, ok := sums.RootOf(s.Elem); ok && r.Ref.Kind == actsummary.RefVar {
			for i := 0; i < sig.Params().Len(); i++ {
				found = found || sig.Params().At(i) == r.Ref.Obj
			}
		}
		return !found
	})
	return found
}

// callees returns the identifiers that name the function a call calls:
// f in f(…), x.f(…) and f[T](…).
func callees(files []*ast.File) map[*ast.Ident]bool {
	ids := map[*ast.Ident]bool{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fun := ast.Unparen(c.Fun)
			if ix, ok := fun.(*ast.IndexExpr); ok {
				fun = ix.X
			}
			switch fun := fun.(type) {
			case *ast.Ident:
				ids[fun] = true
			case *ast.SelectorExpr:
				ids[fun.Sel] = true
			}
			return true
		})
	}
	return ids
}

// sourceFuncs lists the SSA functions of the package's declarations and
// the literals inside them.
func sourceFuncs(prog *ssa.Program, sums *actsummary.Summaries) []*ssa.Function {
	var fns []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		fns = append(fns, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for fn := range sums.FuncOf {
		if f := prog.FuncValue(fn); f != nil {
			add(f)
		}
	}
	return fns
}

// flower recognizes activations among SSA values.
type flower struct {
	sums *actsummary.Summaries
}

// paramPairs finds the parameter pairs that every call of fn agrees on.
func (f flower) paramPairs(fn *types.Func, calls []call) []ParamPair {
	params := fn.Signature().Params()
	var out []ParamPair
	for j := 0; j < params.Len(); j++ {
		for i := 0; i < params.Len(); i++ {
			if i == j {
				continue
			}
			kind := actsummary.NoKind
			for _, c := range calls {
				if len(c.args) != params.Len() {
					kind = actsummary.NoKind
					break
				}
				k, x, ok := f.activationOf(c.args[j], 0)
				if !ok || !same(x, c.args[i]) || kind != actsummary.NoKind && k != kind {
					kind = actsummary.NoKind
					break
				}
				kind = k
			}
			if kind != actsummary.NoKind {
				out = append(out, ParamPair{Func: fn, Z: params.At(i), A: params.At(j), Kind: kind, Call: calls[0].pos, Caller: callerName(calls[0].caller)})
			}
		}
	}
	return out
}

// activationOf reports whether v is act(x), and returns act's kind and x.
func (f flower) activationOf(v ssa.Value, depth int) (actsummary.Kind, ssa.Value, bool) {
	if depth > 8 {
		return actsummary.NoKind, nil, false
	}
	switch v := underlyingValue(v).(type) {
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil || callee.Object() == nil {
			return actsummary.NoKind, nil, false
		}
		fn, ok := callee.Object().(*types.Func)
		if !ok {
			return actsummary.NoKind, nil, false
		}
		args := v.Call.Args
		if fn.Pkg() != nil && actsummary.MathPkgs[fn.Pkg().Path()] && len(args) == 1 {
			switch fn.Name() {
			case "Tanh":
				return actsummary.TanhKind, args[0], true
			case "Exp":
				if _, neg := negated(args[0]); !neg {
					return actsummary.ExpKind, args[0], true
				}
			}
			return actsummary.NoKind, nil, false
		}
		h := f.sums.HelperOf(fn)
		if h == nil || h.Role != actsummary.RoleAct || !h.Kind.Single() {
			return actsummary.NoKind, nil, false
		}
		if fn.Signature().Recv() != nil {
			args = args[1:]
		}
		if h.Param >= len(args) {
			return actsummary.NoKind, nil, false
		}
		return h.Kind, args[h.Param], true
	case *ssa.BinOp:
		// 1/(1+exp(-x))
		if v.Op != token.QUO || !isConst(v.X, 1) {
			return actsummary.NoKind, nil, false
		}
		sum, ok := underlyingValue(v.Y).(*ssa.BinOp)
		if !ok || sum.Op != token.ADD {
			return actsummary.NoKind, nil, false
		}
		e := sum.Y
		if !isConst(sum.X, 1) {
			if !isConst(sum.Y, 1) {
				return actsummary.NoKind, nil, false
			}
			e = sum.X
		}
		c, ok := underlyingValue(e).(*ssa.Call)
		if !ok || !isMathExp(c) {
			return actsummary.NoKind, nil, false
		}
		arg := c.Call.Args[0]
		if x, neg := negated(arg); neg {
			return actsummary.SigmoidKind, x, true
		}
	case *ssa.Phi:
		// Every edge the same activation of the same value.
		var kind actsummary.Kind
		var x ssa.Value
		for _, e := range v.Edges {
			k, y, ok := f.activationOf(e, depth+1)
			if !ok || x != nil && (k != kind || !same(x, y)) {
				return actsummary.NoKind, nil, false
			}
			kind, x = k, y
		}
		if x != nil {
			return kind, x, true
		}
	}
	return actsummary.NoKind, nil, false
}

func isMathExp(c *ssa.Call) bool {
	callee := c.Call.StaticCallee()
	if callee == nil || callee.Object() == nil || len(c.Call.Args) != 1 {
		return false
	}
	fn, ok := callee.Object().(*types.Func)
	return ok && fn.Name() == "Exp" && fn.Pkg() != nil && actsummary.MathPkgs[fn.Pkg().Path()]
}

// negated reports whether v is -x (also 0-x and -1*x) and returns x.
func negated(v ssa.Value) (ssa.Value, bool) {
	switch v := underlyingValue(v).(type) {
	case *ssa.UnOp:
		if v.Op == token.SUB {
			return v.X, true
		}
	case *ssa.BinOp:
		switch {
		case v.Op == token.SUB && isConst(v.X, 0):
			return v.Y, true
		case v.Op == token.MUL && isConst(v.X, -1):
			return v.Y, true
		case v.Op == token.MUL && isConst(v.Y, -1):
			return v.X, true
		}
	}
	return nil, false
}

// underlyingValue looks through conversions and through loads of a local
// that is stored exactly once (a variable captured by a closure or whose
// address is taken lives in an Alloc): the value the code computed.
func underlyingValue(v ssa.Value) ssa.Value {
	for range 16 {
		switch x := v.(type) {
		case *ssa.Convert:
			v = x.X
			continue
		case *ssa.ChangeType:
			v = x.X
			continue
		case *ssa.UnOp:
			if x.Op == token.MUL {
				if s, ok := soleStore(addressOf(x.X)); ok {
					v = s
					continue
				}
			}
		}
		return v
	}
	return v
}

// soleStore returns the value stored in a local Alloc, when it is stored
// once and its address goes nowhere else than loads, the store and
// closures that capture it.
func soleStore(addr ssa.Value) (ssa.Value, bool) {
	alloc, ok := addr.(*ssa.Alloc)
	if !ok {
		return nil, false
	}
	var stored ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || stored != nil {
				return nil, false
			}
			stored = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil, false
			}
		case *ssa.MakeClosure:
			// captured: the closure reads it through a FreeVar
		default:
			return nil, false // a call, a field address, …: may be written
		}
	}
	return stored, stored != nil
}

// addressOf resolves a closure's free variable to the variable it
// captures (the Alloc in the enclosing function), when the closure is made
// once; any other address is itself.
func addressOf(v ssa.Value) ssa.Value {
	fv, ok := v.(*ssa.FreeVar)
	if !ok {
		return v
	}
	fn := fv.Parent()
	idx := -1
	for i, w := range fn.FreeVars {
		if w == fv {
			idx = i
		}
	}
	if idx < 0 || fn.Parent() == nil {
		return v
	}
	var bound ssa.Value
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if bound != nil || idx >= len(mc.Bindings) {
					return v
				}
				bound = mc.Bindings[idx]
			}
		}
	}
	if bound == nil {
		return v
	}
	return addressOf(bound) // a closure inside a closure
}

// same reports whether two values are the same computation, through
// conversions and single-store locals.
func same(x, y ssa.Value) bool {
	return underlyingValue(x) == underlyingValue(y)
}

// isConst reports whether v is the numeric constant c.
func isConst(v ssa.Value, c float64) bool {
	k, ok := underlyingValue(v).(*ssa.Const)
	if !ok || k.Value == nil {
		return false
	}
	f, exact := constant.Float64Val(constant.ToFloat(k.Value))
	return exact && f == c
}

// callerName names a calling function for messages: "train",
// "Net.forward".
func callerName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}
