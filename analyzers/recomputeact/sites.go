package recomputeact

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// site is an expression that evaluates an activation (or its derivative) of
// an argument: math.Tanh(z), 1/(1+math.Exp(-z)), sigmoidPrime(z),
// m.Apply(tanhPrime, Z), …
type site struct {
	node ast.Expr // the whole expression
	kind kind
	role role
	// argW is the argument as written (parentheses and a unary minus
	// stripped); elem is argW without numeric conversions: the element of Z.
	argW, elem ast.Expr
	neg        bool   // the argument is -z
	via        string // the helper that evaluates the activation, for messages; "" for math
	// unwrap: the activation can be removed by deleting the text around
	// argW (a one-argument call, the sigmoid expression).
	unwrap bool
	// inner is the exp call inside a sigmoid expression.
	inner ast.Expr
	// applyFn is the function argument of an applier call site.
	applyFn ast.Expr
	// whole: a helper taking the whole container (a matrix helper).
	whole bool
	// impls and dispatch: for a call through an interface or func field
	// with several implementations, those that recompute and the dispatch.
	impls, dispatch string
	// inPlace: an applier method that overwrites its receiver's elements
	// (z.Each(f) returns nothing): reading A there would overwrite A.
	inPlace bool
}

var mathPkgs = map[string]bool{"math": true, "github.com/chewxy/math32": true}

// siteOf recognizes e as a recomputation site.
func (a *checker) siteOf(e ast.Expr) (site, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return a.callSite(e)
	case *ast.BinaryExpr:
		if s, ok := a.sigmoidSite(e); ok {
			return s, true
		}
		if s, ok := a.coshSite(e); ok {
			return s, true
		}
		return a.softmaxSite(e)
	}
	return site{}, false
}

// coshSite recognizes the derivatives written with math.Cosh, which
// recompute the activation as surely as tanh does: tanh'(z) = 1/cosh²(z)
// and sigmoid'(z) = 1/(4·cosh²(z/2)) (or 0.25/cosh²(z/2)).
func (a *checker) coshSite(b *ast.BinaryExpr) (site, bool) {
	if b.Op != token.QUO {
		return site{}, false
	}
	den := ast.Unparen(b.Y)
	quarter := a.isConst(b.X, 0.25)
	if !quarter && !a.isConst(b.X, 1) {
		return site{}, false
	}
	if m, ok := den.(*ast.BinaryExpr); ok && m.Op == token.MUL && !quarter && a.isConst(m.X, 4) {
		den, quarter = ast.Unparen(m.Y), true // 1 / (4 * cosh²(z/2))
	}
	arg, ok := a.coshSquared(den)
	if !ok {
		return site{}, false
	}
	k := tanhKind
	if quarter {
		half, ok := ast.Unparen(arg).(*ast.BinaryExpr)
		if !ok || half.Op != token.QUO || !a.isConst(half.Y, 2) {
			return site{}, false
		}
		arg, k = half.X, sigmoidKind
	}
	argW := ast.Unparen(arg)
	return site{node: b, kind: k, role: roleDeriv, argW: argW, elem: a.stripConversions(argW), via: "math.Cosh"}, true
}

// coshSquared returns x for cosh(x)*cosh(x) and math.Pow(math.Cosh(x), 2).
func (a *checker) coshSquared(e ast.Expr) (ast.Expr, bool) {
	cosh := func(e ast.Expr) (ast.Expr, bool) {
		e = ast.Unparen(e)
		if d, ok := a.definition(e); ok {
			e = ast.Unparen(d) // c := math.Cosh(x); 1/(c*c)
		}
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return nil, false
		}
		if fn, _ := typeutil.Callee(a.info, call).(*types.Func); !isMathFunc(fn, "Cosh") {
			return nil, false
		}
		return call.Args[0], true
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op != token.MUL {
			return nil, false
		}
		l, ok1 := cosh(x.X)
		r, ok2 := cosh(x.Y)
		return l, ok1 && ok2 && sameExpr(l, r)
	case *ast.CallExpr:
		if fn, _ := typeutil.Callee(a.info, x).(*types.Func); isMathFunc(fn, "Pow") && len(x.Args) == 2 && a.isConst(x.Args[1], 2) {
			return cosh(x.Args[0])
		}
	}
	return nil, false
}

// softmaxSite recognizes exp(z[i])/sum and exp(z[i]-max)/sum where the
// function accumulates sum += exp(z[j]…) over the same container: one
// element of softmax(z).
func (a *checker) softmaxSite(b *ast.BinaryExpr) (site, bool) {
	if b.Op != token.QUO {
		return site{}, false
	}
	sum, ok := ast.Unparen(b.Y).(*ast.Ident)
	if !ok {
		return site{}, false
	}
	elem, ok := a.shiftedExpArg(b.X)
	if !ok {
		return site{}, false
	}
	zr, ok := a.rootOf(elem)
	if !ok || !zr.elem {
		return site{}, false
	}
	sv, ok := a.info.Uses[sum].(*types.Var)
	if !ok || !a.sumsExp(b, sv, zr.ref) {
		return site{}, false
	}
	return site{node: b, kind: softmaxKind, role: roleAct, argW: elem, elem: elem}, true
}

// shiftedExpArg returns z[i] for math.Exp(z[i]) and math.Exp(z[i] - c).
func (a *checker) shiftedExpArg(e ast.Expr) (ast.Expr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok {
		return nil, false
	}
	if k, i, ok := a.mathFunc(fn, call); !ok || k != expKind || i != 0 {
		return nil, false
	}
	arg := ast.Unparen(call.Args[0])
	if d, ok := arg.(*ast.BinaryExpr); ok && d.Op == token.SUB {
		arg = ast.Unparen(d.X)
	}
	return a.stripConversions(arg), true
}

// sumsExp reports whether the function around n accumulates
// sum += exp(z[j]…) over the container z.
func (a *checker) sumsExp(n ast.Node, sum *types.Var, z ref) bool {
	cur, ok := a.insp.Root().FindNode(n)
	if !ok {
		return false
	}
	var body ast.Node
	for c := cur.Parent(); c.Node() != nil && body == nil; c = c.Parent() {
		switch f := c.Node().(type) {
		case *ast.FuncDecl:
			body = f.Body
		case *ast.FuncLit:
			body = f.Body
		}
	}
	found := false
	if body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Tok != token.ADD_ASSIGN || len(as.Lhs) != 1 || found {
				return !found
			}
			if id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident); ok && a.info.Uses[id] == sum {
				if elem, ok := a.shiftedExpArg(as.Rhs[0]); ok {
					r, ok := a.rootOf(elem)
					found = ok && r.ref == z
				}
			}
			return !found
		})
	}
	return found
}

func (a *checker) callSite(call *ast.CallExpr) (site, bool) {
	switch fn := typeutil.Callee(a.info, call).(type) {
	case *types.Func:
		if k, i, ok := a.mathFunc(fn, call); ok {
			argW, neg := a.stripNeg(call.Args[i])
			return site{node: call, kind: k, role: roleAct, argW: argW, elem: a.stripConversions(argW), neg: neg,
				unwrap: len(call.Args) == 1}, true
		}
		if ap, data, ok := a.applierOf(call); ok {
			fnArg := call.Args[ap.FuncParam]
			if _, isLit := ast.Unparen(fnArg).(*ast.FuncLit); isLit {
				return site{}, false // the closure's own sites are found inside it
			}
			h := a.funcValueSummary(fnArg)
			if h == nil || h.Param != ap.ValueParam || h.Elem {
				return site{}, false
			}
			return site{node: call, kind: h.Kind, role: h.Role, argW: ast.Unparen(data), elem: a.stripConversions(data),
				via: types.ExprString(fnArg), applyFn: fnArg, impls: h.Impls, dispatch: h.Dispatch,
				inPlace: ap.DataParam == recvData && fn.Signature().Results().Len() == 0}, true
		}
		if h := a.helperOf(fn); h != nil && h.Param < len(call.Args) {
			return a.helperSite(call, fn.Name(), h), true
		}
	case *types.Var:
		if h := a.funcVarSummary(fn); h != nil && h.Param < len(call.Args) {
			return a.helperSite(call, fn.Name(), h), true
		}
	}
	return site{}, false
}

func (a *checker) helperSite(call *ast.CallExpr, name string, h *helperFact) site {
	argW, neg := a.stripNeg(call.Args[h.Param])
	return site{node: call, kind: h.Kind, role: h.Role, argW: argW, elem: a.stripConversions(argW), neg: neg,
		via: name, unwrap: len(call.Args) == 1 && h.Role == roleAct && !h.Elem, whole: h.Elem, impls: h.Impls, dispatch: h.Dispatch}
}

// mathFunc recognizes math.Tanh(x), math.Exp(x) and math.Pow(math.E, x)
// (and math32's), returning the kind and the argument's index.
func (a *checker) mathFunc(fn *types.Func, call *ast.CallExpr) (kind, int, bool) {
	if fn.Pkg() == nil || !mathPkgs[fn.Pkg().Path()] || fn.Signature().Recv() != nil {
		return noKind, 0, false
	}
	switch fn.Name() {
	case "Tanh":
		return tanhKind, 0, len(call.Args) == 1
	case "Exp":
		return expKind, 0, len(call.Args) == 1
	case "Pow":
		if len(call.Args) == 2 && a.isE(call.Args[0]) {
			return expKind, 1, true
		}
	}
	return noKind, 0, false
}

// isE reports whether e is the constant math.E (or math32.E), by object.
func (a *checker) isE(e ast.Expr) bool {
	e = a.stripConversions(e)
	var id *ast.Ident
	switch x := e.(type) {
	case *ast.SelectorExpr:
		id = x.Sel
	case *ast.Ident:
		id = x
	default:
		return false
	}
	c, ok := a.info.Uses[id].(*types.Const)
	return ok && c.Name() == "E" && c.Pkg() != nil && mathPkgs[c.Pkg().Path()]
}

// sigmoidSite recognizes 1/(1+exp(-x)) and 1/(exp(-x)+1).
func (a *checker) sigmoidSite(b *ast.BinaryExpr) (site, bool) {
	if b.Op != token.QUO || !a.isConst(b.X, 1) {
		return site{}, false
	}
	sum, ok := ast.Unparen(b.Y).(*ast.BinaryExpr)
	if !ok || sum.Op != token.ADD {
		return site{}, false
	}
	other := sum.Y
	if !a.isConst(sum.X, 1) {
		if !a.isConst(sum.Y, 1) {
			return site{}, false
		}
		other = sum.X
	}
	call, ok := a.stripConversions(other).(*ast.CallExpr) // T(math.Exp(float64(-t)))
	if !ok {
		return site{}, false
	}
	s, ok := a.callSite(call)
	if !ok || s.kind != expKind || !s.neg || s.applyFn != nil {
		return site{}, false
	}
	return site{node: b, kind: sigmoidKind, role: roleAct, argW: s.argW, elem: s.elem, unwrap: true, inner: call}, true
}

// isConst reports whether e is a constant equal to v.
func (a *checker) isConst(e ast.Expr, v float64) bool {
	tv, ok := a.info.Types[ast.Unparen(e)]
	if !ok || tv.Value == nil || tv.Value.Kind() == constant.Unknown {
		return false
	}
	switch tv.Value.Kind() {
	case constant.Int, constant.Float:
		return constant.Compare(tv.Value, token.EQL, constant.MakeFloat64(v))
	}
	return false
}

// isMathFunc reports whether fn is the package-level function name of math
// (or math32).
func isMathFunc(fn *types.Func, name string) bool {
	return fn != nil && fn.Pkg() != nil && mathPkgs[fn.Pkg().Path()] && fn.Signature().Recv() == nil && fn.Name() == name
}

// funcValueSummary describes a function value passed as an argument:
// math.Tanh, a helper, a func-typed field, or a function literal.
func (a *checker) funcValueSummary(e ast.Expr) *helperFact {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return a.litSummary(x)
	case *ast.CallExpr:
		return a.madeSummary(x) // unary(sigmoid), Mapper(sigmoid)
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil
	}
	switch obj := a.info.Uses[id].(type) {
	case *types.Func:
		if obj.Pkg() != nil && mathPkgs[obj.Pkg().Path()] && obj.Signature().Recv() == nil {
			switch obj.Name() {
			case "Tanh":
				return &helperFact{Kind: tanhKind, Role: roleAct}
			case "Exp":
				return &helperFact{Kind: expKind, Role: roleAct}
			}
			return nil
		}
		return a.helperOf(obj)
	case *types.Var:
		return a.funcVarSummary(obj)
	}
	return nil
}

// derivForm reports which activation's derivative e is written as, in terms
// of operands t accepted by isT: 1 - t*t and 1 - pow(t, 2) and (1-t)*(1+t)
// for tanh; t*(1-t), (1-t)*t and t - t*t for sigmoid. With inProduct, the
// factors may stand among others (d * s * (1 - s) feeds a derivative, but
// is not one).
func (a *checker) derivForm(e ast.Expr, isT func(ast.Expr) bool, inProduct bool) kind {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return noKind
	}
	square := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if m, ok := x.(*ast.BinaryExpr); ok && m.Op == token.MUL {
			return isT(m.X) && isT(m.Y)
		}
		if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 2 {
			if fn, _ := typeutil.Callee(a.info, call).(*types.Func); isMathFunc(fn, "Pow") {
				return isT(call.Args[0]) && a.isConst(call.Args[1], 2)
			}
		}
		return false
	}
	oneMinusT := func(x ast.Expr) bool {
		m, ok := ast.Unparen(x).(*ast.BinaryExpr)
		return ok && m.Op == token.SUB && a.isConst(m.X, 1) && isT(m.Y)
	}
	onePlusT := func(x ast.Expr) bool {
		m, ok := ast.Unparen(x).(*ast.BinaryExpr)
		return ok && m.Op == token.ADD && (a.isConst(m.X, 1) && isT(m.Y) || isT(m.X) && a.isConst(m.Y, 1))
	}
	switch b.Op {
	case token.SUB:
		if a.isConst(b.X, 1) && square(b.Y) {
			return tanhKind
		}
		if isT(b.X) && square(b.Y) {
			return sigmoidKind
		}
	case token.MUL:
		factors := []ast.Expr{b.X, b.Y}
		if inProduct {
			factors = a.factors(b)
		}
		has := func(f func(ast.Expr) bool) bool {
			for _, x := range factors {
				if f(x) {
					return true
				}
			}
			return false
		}
		if has(oneMinusT) && has(isT) {
			return sigmoidKind
		}
		if has(oneMinusT) && has(onePlusT) {
			return tanhKind
		}
	}
	return noKind
}

// factors flattens a product into its factors.
func (a *checker) factors(e ast.Expr) []ast.Expr {
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.MUL {
		return append(a.factors(b.X), a.factors(b.Y)...)
	}
	return []ast.Expr{e}
}

// funcVarSummary summarizes a func-typed variable: a field (every function
// stored there), or a local assigned once (df := func(x float64) float64
// {…}, f := sigmoid).
func (a *checker) funcVarSummary(v *types.Var) *helperFact {
	if v.IsField() {
		return a.fieldSummary(v)
	}
	def, ok := a.varDef[v]
	if !ok {
		return nil
	}
	switch d := ast.Unparen(def).(type) {
	case *ast.FuncLit:
		return a.litSummary(d)
	case *ast.CallExpr:
		return a.madeSummary(d) // aPrime := Mapper(unary(act.Prime))
	case *ast.Ident, *ast.SelectorExpr:
		if _, ok := a.info.Uses[identOf(d)].(*types.Func); ok { // a function, not another variable
			return a.funcValueSummary(d)
		}
	}
	return nil
}

func identOf(e ast.Expr) *ast.Ident {
	switch x := e.(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}
