package actsummary

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Site is an expression that evaluates an activation (or its derivative) of
// an argument: math.Tanh(z), 1/(1+math.Exp(-z)), sigmoidPrime(z),
// m.Apply(tanhPrime, Z), …
type Site struct {
	Node ast.Expr // the whole expression
	Kind Kind
	Role Role
	// argW is the argument as written (parentheses and a unary minus
	// stripped); elem is argW without numeric conversions: the element of Z.
	ArgW, Elem ast.Expr
	Neg        bool   // the argument is -z
	Via        string // the helper that evaluates the activation, for messages; "" for math
	// unwrap: the activation can be removed by deleting the text around
	// argW (a one-argument call, the sigmoid expression).
	Unwrap bool
	// inner is the exp call inside a sigmoid expression.
	Inner ast.Expr
	// applyFn is the function argument of an applier call site.
	ApplyFn ast.Expr
	// whole: a helper taking the whole container (a matrix helper).
	Whole bool
	// impls and dispatch: for a call through an interface or func field
	// with several implementations, those that recompute and the dispatch.
	Impls, Dispatch string
	// inPlace: an applier method that overwrites its receiver's elements
	// (z.Each(f) returns nothing): reading A there would overwrite A.
	InPlace bool
	// Inclusive and Entries come from the helper's summary: a sign test
	// that gives 1 at zero, and a dispatch's derivatives one by one.
	Inclusive bool
	Entries   string
	// Wired: a call through a field that importers fill (see wired.go);
	// Kind is OtherKind and Dispatch names the fields.
	Wired bool
}

var MathPkgs = map[string]bool{"math": true, "github.com/chewxy/math32": true}

// SiteOf recognizes e as a recomputation site.
func (a *Summaries) SiteOf(e ast.Expr) (Site, bool) {
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
		if s, ok := a.tanhViaSigmoidSite(e); ok {
			return s, true
		}
		return a.softmaxSite(e)
	}
	return Site{}, false
}

// tanhViaSigmoidSite recognizes tanh written with a sigmoid, 2σ(2z) − 1.
func (a *Summaries) tanhViaSigmoidSite(b *ast.BinaryExpr) (Site, bool) {
	if b.Op != token.SUB || !a.isConst(b.Y, 1) {
		return Site{}, false
	}
	var sig ast.Expr
	switch x := ast.Unparen(b.X).(type) {
	case *ast.BinaryExpr:
		switch {
		case x.Op == token.MUL && a.isConst(x.X, 2):
			sig = x.Y
		case x.Op == token.MUL && a.isConst(x.Y, 2):
			sig = x.X
		}
	}
	if sig == nil {
		return Site{}, false
	}
	inner, ok := a.SiteOf(sig)
	if !ok || inner.Kind != SigmoidKind || inner.Role != RoleAct || inner.Neg || inner.ApplyFn != nil || inner.Whole {
		return Site{}, false
	}
	return a.halve(b, inner)
}

// halve makes a tanh site of b from σ(2z): its argument is z.
func (a *Summaries) halve(b *ast.BinaryExpr, inner Site) (Site, bool) {
	m, ok := ast.Unparen(inner.ArgW).(*ast.BinaryExpr)
	if !ok || m.Op != token.MUL {
		return Site{}, false
	}
	z := m.Y
	switch {
	case a.isConst(m.X, 2):
	case a.isConst(m.Y, 2):
		z = m.X
	default:
		return Site{}, false
	}
	z = ast.Unparen(z)
	return Site{Node: b, Kind: TanhKind, Role: RoleAct, ArgW: z, Elem: a.StripConversions(z)}, true
}

// coshSite recognizes the derivatives written with math.Cosh, which
// recompute the activation as surely as tanh does: tanh'(z) = 1/cosh²(z)
// and sigmoid'(z) = 1/(4·cosh²(z/2)) (or 0.25/cosh²(z/2)).
func (a *Summaries) coshSite(b *ast.BinaryExpr) (Site, bool) {
	if b.Op != token.QUO {
		return Site{}, false
	}
	den := ast.Unparen(b.Y)
	quarter := a.isConst(b.X, 0.25)
	if !quarter && !a.isConst(b.X, 1) {
		return Site{}, false
	}
	if m, ok := den.(*ast.BinaryExpr); ok && m.Op == token.MUL && !quarter && a.isConst(m.X, 4) {
		den, quarter = ast.Unparen(m.Y), true // 1 / (4 * cosh²(z/2))
	}
	arg, ok := a.coshSquared(den)
	if !ok {
		return Site{}, false
	}
	k := TanhKind
	if quarter {
		half, ok := ast.Unparen(arg).(*ast.BinaryExpr)
		if !ok || half.Op != token.QUO || !a.isConst(half.Y, 2) {
			return Site{}, false
		}
		arg, k = half.X, SigmoidKind
	}
	argW := ast.Unparen(arg)
	return Site{Node: b, Kind: k, Role: RoleDeriv, ArgW: argW, Elem: a.StripConversions(argW), Via: "math.Cosh"}, true
}

// coshSquared returns x for cosh(x)*cosh(x) and math.Pow(math.Cosh(x), 2).
func (a *Summaries) coshSquared(e ast.Expr) (ast.Expr, bool) {
	cosh := func(e ast.Expr) (ast.Expr, bool) {
		e = ast.Unparen(e)
		if d, ok := a.Definition(e); ok {
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
		return l, ok1 && ok2 && SameExpr(l, r)
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
func (a *Summaries) softmaxSite(b *ast.BinaryExpr) (Site, bool) {
	if b.Op != token.QUO {
		return Site{}, false
	}
	sum, ok := ast.Unparen(b.Y).(*ast.Ident)
	if !ok {
		return Site{}, false
	}
	elem, ok := a.shiftedExpArg(b.X)
	if !ok {
		return Site{}, false
	}
	zr, ok := a.RootOf(elem)
	if !ok || !zr.Elem {
		return Site{}, false
	}
	sv, ok := a.info.Uses[sum].(*types.Var)
	if !ok || !a.sumsExp(b, sv, zr.Ref) {
		return Site{}, false
	}
	return Site{Node: b, Kind: SoftmaxKind, Role: RoleAct, ArgW: elem, Elem: elem}, true
}

// shiftedExpArg returns z[i] for math.Exp(z[i]) and math.Exp(z[i] - c).
func (a *Summaries) shiftedExpArg(e ast.Expr) (ast.Expr, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok {
		return nil, false
	}
	if k, i, ok := a.mathFunc(fn, call); !ok || k != ExpKind || i != 0 {
		return nil, false
	}
	arg := ast.Unparen(call.Args[0])
	if d, ok := arg.(*ast.BinaryExpr); ok && d.Op == token.SUB {
		arg = ast.Unparen(d.X)
	}
	return a.StripConversions(arg), true
}

// sumsExp reports whether the function around n accumulates
// sum += exp(z[j]…) over the container z.
func (a *Summaries) sumsExp(n ast.Node, sum *types.Var, z Ref) bool {
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
					r, ok := a.RootOf(elem)
					found = ok && r.Ref == z
				}
			}
			return !found
		})
	}
	return found
}

func (a *Summaries) callSite(call *ast.CallExpr) (Site, bool) {
	switch fn := typeutil.Callee(a.info, call).(type) {
	case *types.Func:
		if k, i, ok := a.mathFunc(fn, call); ok {
			argW, neg := a.stripNeg(call.Args[i])
			return Site{Node: call, Kind: k, Role: RoleAct, ArgW: argW, Elem: a.StripConversions(argW), Neg: neg,
				Unwrap: len(call.Args) == 1}, true
		}
		if ap, data, ok := a.ApplierOf(call); ok {
			fnArg := call.Args[ap.FuncParam]
			if _, isLit := ast.Unparen(fnArg).(*ast.FuncLit); isLit {
				return Site{}, false // the closure's own sites are found inside it
			}
			h := a.FuncValueSummary(fnArg)
			if h == nil || h.Param != ap.ValueParam || h.Elem {
				return Site{}, false
			}
			return Site{Node: call, Kind: h.Kind, Role: h.Role, ArgW: ast.Unparen(data), Elem: a.StripConversions(data),
				Via: types.ExprString(fnArg), ApplyFn: fnArg, Impls: h.Impls, Dispatch: h.Dispatch,
				InPlace: InPlaceApplier(fn, ap), Inclusive: h.Inclusive, Entries: h.Entries}, true
		}
		if h := a.flagHelper(fn, call); h != nil && h.Param < len(call.Args) {
			return a.helperSite(call, fn.Name(), h), true // sigmoid(z, true)
		}
		if h := a.HelperOf(fn); h != nil && h.Param < len(call.Args) {
			return a.helperSite(call, fn.Name(), h), true
		}
	case nil:
		if made, ok := ast.Unparen(call.Fun).(*ast.CallExpr); ok { // derivativeOf(kind)(z)
			if h := a.madeByFactory(made); h != nil && h.Param < len(call.Args) {
				return a.helperSite(call, types.ExprString(made.Fun), h), true
			}
		}
	case *types.Var:
		if h := a.funcVarSummary(fn); h != nil && h.Param < len(call.Args) {
			return a.helperSite(call, fn.Name(), h), true
		}
		if fields := a.wiredVia(fn); len(fields) > 0 && len(call.Args) == 1 {
			argW := ast.Unparen(call.Args[0])
			return Site{Node: call, Kind: OtherKind, Role: RoleAct, ArgW: argW, Elem: a.StripConversions(argW), Via: fn.Name(),
				Dispatch: WiredPrefix + strings.Join(fields, ","), Wired: true}, true
		}
	}
	return Site{}, false
}

// InPlaceApplier reports whether an applier writes what it computes back
// into the elements it reads: it returns nothing, and its data is its
// receiver (g.Each(f)) or it has no receiver to fill (EachCell(g, f));
// gonum's m.Apply(f, a) fills m.
func InPlaceApplier(fn *types.Func, ap ApplierFact) bool {
	sig := fn.Signature()
	return sig.Results().Len() == 0 && (ap.DataParam == RecvData || sig.Recv() == nil)
}

func (a *Summaries) helperSite(call *ast.CallExpr, name string, h *HelperFact) Site {
	argW, neg := a.stripNeg(call.Args[h.Param])
	return Site{Node: call, Kind: h.Kind, Role: h.Role, ArgW: argW, Elem: a.StripConversions(argW), Neg: neg,
		Via: name, Unwrap: len(call.Args) == 1 && h.Role == RoleAct && !h.Elem, Whole: h.Elem, Impls: h.Impls, Dispatch: h.Dispatch,
		Inclusive: h.Inclusive, Entries: h.Entries, InPlace: h.InPlace}
}

// mathFunc recognizes math.Tanh(x), math.Exp(x) and math.Pow(math.E, x)
// (and math32's), returning the kind and the argument's index.
func (a *Summaries) mathFunc(fn *types.Func, call *ast.CallExpr) (Kind, int, bool) {
	if fn.Pkg() == nil || !MathPkgs[fn.Pkg().Path()] || fn.Signature().Recv() != nil {
		return NoKind, 0, false
	}
	switch fn.Name() {
	case "Tanh":
		return TanhKind, 0, len(call.Args) == 1
	case "Exp":
		return ExpKind, 0, len(call.Args) == 1
	case "Pow":
		if len(call.Args) == 2 && a.isE(call.Args[0]) {
			return ExpKind, 1, true
		}
	}
	return NoKind, 0, false
}

// isE reports whether e is the constant math.E (or math32.E), by object.
func (a *Summaries) isE(e ast.Expr) bool {
	e = a.StripConversions(e)
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
	return ok && c.Name() == "E" && c.Pkg() != nil && MathPkgs[c.Pkg().Path()]
}

// sigmoidSite recognizes 1/(1+exp(-x)) and 1/(exp(-x)+1).
//
// Also exp(x)/(1+exp(x)) (directly or through one variable, e :=
// math.Exp(x); e / (1 + e)), which is the same.
func (a *Summaries) sigmoidSite(b *ast.BinaryExpr) (Site, bool) {
	if b.Op != token.QUO {
		return Site{}, false
	}
	sum, ok := ast.Unparen(b.Y).(*ast.BinaryExpr)
	if !ok || sum.Op != token.ADD {
		return Site{}, false
	}
	other := sum.Y
	if !a.isConst(sum.X, 1) {
		if !a.isConst(sum.Y, 1) {
			return Site{}, false
		}
		other = sum.X
	}
	exp := func(e ast.Expr) (Site, *ast.CallExpr, bool) {
		e = a.StripConversions(e)
		if d, ok := a.Definition(e); ok {
			e = a.StripConversions(d)
		}
		call, ok := e.(*ast.CallExpr) // T(math.Exp(float64(-t)))
		if !ok {
			return Site{}, nil, false
		}
		s, ok := a.callSite(call)
		return s, call, ok && s.Kind == ExpKind && s.ApplyFn == nil
	}
	s, call, ok := exp(other)
	switch {
	case !ok:
		return Site{}, false
	case a.isConst(b.X, 1) && s.Neg: // 1 / (1 + exp(-x))
	case !s.Neg: // exp(x) / (1 + exp(x))
		num, _, ok := exp(b.X)
		if !ok || num.Neg || !SameExpr(num.Elem, s.Elem) {
			return Site{}, false
		}
	default:
		return Site{}, false
	}
	return Site{Node: b, Kind: SigmoidKind, Role: RoleAct, ArgW: s.ArgW, Elem: s.Elem, Unwrap: a.isConst(b.X, 1), Inner: call}, true
}

// isConst reports whether e is a constant equal to v.
func (a *Summaries) isConst(e ast.Expr, v float64) bool {
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
	return fn != nil && fn.Pkg() != nil && MathPkgs[fn.Pkg().Path()] && fn.Signature().Recv() == nil && fn.Name() == name
}

// FuncValueSummary describes a function value passed as an argument:
// math.Tanh, a helper, a func-typed field, or a function literal.
func (a *Summaries) FuncValueSummary(e ast.Expr) *HelperFact {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		return a.litSummary(x)
	case *ast.CallExpr:
		if h := a.madeSummary(x); h != nil {
			return h // unary(sigmoid), Mapper(sigmoid)
		}
		return a.madeByFactory(x) // derivativeOf(kind)
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil
	}
	switch obj := a.info.Uses[id].(type) {
	case *types.Func:
		if obj.Pkg() != nil && MathPkgs[obj.Pkg().Path()] && obj.Signature().Recv() == nil {
			switch obj.Name() {
			case "Tanh":
				return &HelperFact{Kind: TanhKind, Role: RoleAct}
			case "Exp":
				return &HelperFact{Kind: ExpKind, Role: RoleAct}
			}
			return nil
		}
		return a.HelperOf(obj)
	case *types.Var:
		return a.funcVarSummary(obj)
	}
	return nil
}

// DerivForm reports which activation's derivative e is written as, in terms
// of operands t accepted by isT: 1 - t*t and 1 - pow(t, 2) and (1-t)*(1+t)
// for tanh; t*(1-t), (1-t)*t and t - t*t for sigmoid. With inProduct, the
// factors may stand among others (d * s * (1 - s) feeds a derivative, but
// is not one).
func (a *Summaries) DerivForm(e ast.Expr, isT func(ast.Expr) bool, inProduct bool) Kind {
	// Conversions do not change the form: float32(float64(v) * (1 - float64(v))).
	strip := a.StripConversions
	isOperand := isT
	isT = func(x ast.Expr) bool { return isOperand(strip(x)) }
	b, ok := strip(e).(*ast.BinaryExpr)
	if !ok {
		return NoKind
	}
	square := func(x ast.Expr) bool {
		x = strip(x)
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
	oneMinus := func(x ast.Expr) (ast.Expr, bool) { // 1 - t: t
		m, ok := strip(x).(*ast.BinaryExpr)
		if !ok || m.Op != token.SUB || !a.isConst(m.X, 1) {
			return nil, false
		}
		return m.Y, true
	}
	oneMinusT := func(x ast.Expr) bool {
		t, ok := oneMinus(x)
		return ok && isT(t)
	}
	onePlusT := func(x ast.Expr) bool {
		m, ok := strip(x).(*ast.BinaryExpr)
		return ok && m.Op == token.ADD && (a.isConst(m.X, 1) && isT(m.Y) || isT(m.X) && a.isConst(m.Y, 1))
	}
	switch b.Op {
	case token.SUB:
		if a.isConst(b.X, 1) && square(b.Y) {
			return TanhKind
		}
		if isT(b.X) && square(b.Y) {
			return SigmoidKind
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
		// A factor t beside (1 - t) is the form, whatever else multiplies
		// it (x*s*(1-s) + s, SiLU's derivative); only without one may the
		// form pair 1 - t with another factor (out.v * (1 - x.v)).
		for _, f := range factors {
			t, ok := oneMinus(f)
			if !ok {
				continue
			}
			for _, g := range factors {
				if g != f && SameExpr(strip(g), strip(t)) && isT(t) && isT(g) {
					return SigmoidKind
				}
			}
		}
		if has(oneMinusT) && has(isT) {
			return SigmoidKind
		}
		if has(oneMinusT) && has(onePlusT) {
			return TanhKind
		}
	}
	return NoKind
}

// factors flattens a product into its factors.
func (a *Summaries) factors(e ast.Expr) []ast.Expr {
	if b, ok := a.StripConversions(e).(*ast.BinaryExpr); ok && b.Op == token.MUL {
		return append(a.factors(b.X), a.factors(b.Y)...)
	}
	return []ast.Expr{e}
}

// funcVarSummary summarizes a func-typed variable: a field (every function
// stored there), or a local assigned once (df := func(x float64) float64
// {…}, f := sigmoid).
func (a *Summaries) funcVarSummary(v *types.Var) *HelperFact {
	if v.IsField() {
		return a.fieldSummary(v)
	}
	def, ok := a.VarDef[v]
	if !ok {
		if a.isGlobalFunc(v) {
			return a.globalSummary(v) // var dAct = …, reassigned by configuration
		}
		return a.localSummary(v)
	}
	switch d := ast.Unparen(def).(type) {
	case *ast.FuncLit:
		return a.litSummary(d)
	case *ast.CallExpr:
		return a.FuncValueSummary(d) // aPrime := Mapper(unary(act.Prime)), df := derivativeOf(kind)
	case *ast.Ident, *ast.SelectorExpr:
		if _, ok := a.info.Uses[identOf(d)].(*types.Func); ok { // a function, not another variable
			return a.FuncValueSummary(d)
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

// Decls lists the package's function declarations with bodies, in source order.
func (a *Summaries) Decls() []*ast.FuncDecl {
	ds := make([]*ast.FuncDecl, 0, len(a.FuncOf))
	for _, d := range a.FuncOf {
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Pos() < ds[j].Pos() })
	return ds
}

// Feeding returns the activation sites whose value feeds a derivative form
// written out (t := math.Tanh(z); 1 - t*t), directly or through a
// variable: a derivative, though no helper computes it.
func (a *Summaries) Feeding() map[ast.Node]bool {
	if a.feeding != nil {
		return a.feeding
	}
	a.feeding = map[ast.Node]bool{}
	for _, decl := range a.Decls() {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok {
				return true
			}
			var marked []ast.Node
			isT := func(x ast.Expr) bool {
				x = ast.Unparen(x)
				if d, ok := a.Definition(x); ok {
					x = d
				}
				s, ok := a.SiteOf(x)
				if ok && s.Role == RoleAct && !s.Neg {
					marked = append(marked, s.Node)
				}
				return ok && s.Role == RoleAct && !s.Neg
			}
			if k := a.DerivForm(b, isT, true); k != NoKind {
				for _, m := range marked {
					if s, ok := a.SiteOf(m.(ast.Expr)); ok && k.Fits(s.Kind) {
						a.feeding[m] = true
					}
				}
			}
			return true
		})
	}
	return a.feeding
}
