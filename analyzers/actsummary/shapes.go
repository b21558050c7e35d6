package actsummary

// Shapes of scalar functions that no transcendental call site reveals:
// derivatives written on the activation itself (a*(1-a), 1-a*a, a+α) and
// the piecewise activations and derivatives of the ReLU and ELU families.
// They are classified from the function's returns, whatever it is called:
// sigmoidPrime(x) with an x*(1-x) body is an output form.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// shapeSummary classifies a function of one number (sig's parameter i)
// by what it returns: an output-form derivative, a ReLU or ELU, or their
// derivatives. nil for anything else.
func (a *Summaries) shapeSummary(sig *types.Signature, body *ast.BlockStmt) *HelperFact {
	if sig.Results().Len() != 1 || !isFloatLike(sig.Results().At(0).Type()) {
		return nil
	}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if !isFloatLike(p.Type()) {
			continue
		}
		if h := a.piecewise(p, body); h != nil {
			h.Param = i
			return h
		}
		if k := a.outputForm(p, body); k != NoKind {
			return &HelperFact{Kind: k, Role: RoleOutDeriv, Param: i}
		}
	}
	return nil
}

// returns lists what body returns (not counting nested literals), with a
// bare return of a single named result; ok false when a return is not of
// one value.
func returns(body *ast.BlockStmt) ([]ast.Expr, bool) {
	var rs []ast.Expr
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
			} else {
				rs = append(rs, n.Results[0])
			}
		}
		return ok
	})
	return rs, ok && len(rs) > 0
}

// outputForm reports which activation's derivative every return of body
// writes on parameter p: p*(1-p) for sigmoid, 1-p*p for tanh (through
// locals assigned once, and numeric conversions).
func (a *Summaries) outputForm(p *types.Var, body *ast.BlockStmt) Kind {
	rs, ok := returns(body)
	if !ok {
		return NoKind
	}
	isP := func(x ast.Expr) bool {
		x = a.StripConversions(x)
		if d, ok := a.Definition(x); ok {
			x = a.StripConversions(d)
		}
		id, ok := x.(*ast.Ident)
		return ok && a.info.Uses[id] == p
	}
	kind := NoKind
	for _, r := range rs {
		r = a.StripConversions(r)
		if d, ok := a.Definition(r); ok {
			r = a.StripConversions(d)
		}
		k := a.DerivForm(r, isP, false)
		if k == NoKind || kind != NoKind && k != kind {
			return NoKind
		}
		kind = k
	}
	return kind
}

// branch is one way through a piecewise function: when the parameter is
// above zero (pos) or not, it returns value.
type branch struct {
	pos   bool
	value ast.Expr
}

// piecewise classifies "if x > 0 { return A }; return B" (any comparison
// of p with zero, either branch first, else or not) and math.Max(0, x).
func (a *Summaries) piecewise(p *types.Var, body *ast.BlockStmt) *HelperFact {
	isP := func(x ast.Expr) bool {
		id, ok := a.StripConversions(x).(*ast.Ident)
		return ok && a.info.Uses[id] == p
	}
	rs, ok := returns(body)
	if ok && len(rs) == 1 {
		if call, ok := ast.Unparen(rs[0]).(*ast.CallExpr); ok && len(call.Args) == 2 {
			if fn, _ := typeutil.Callee(a.info, call).(*types.Func); isMathFunc(fn, "Max") &&
				(a.isConst(call.Args[0], 0) && isP(call.Args[1]) || isP(call.Args[0]) && a.isConst(call.Args[1], 0)) {
				return &HelperFact{Kind: ReluKind, Role: RoleAct}
			}
		}
	}
	br, inclusive, ok := a.branches(body, isP)
	if !ok {
		return nil
	}
	var pos, neg ast.Expr
	for _, b := range br {
		if b.pos {
			pos = b.value
		} else {
			neg = b.value
		}
	}
	if pos == nil || neg == nil {
		return nil
	}
	_, okScale := a.scaled(pos, isP) // λ·x, or x
	one := a.constValue(pos)
	switch {
	case okScale && (a.isConst(neg, 0) || a.smallSlope(neg, isP)):
		return &HelperFact{Kind: ReluKind, Role: RoleAct}
	case okScale && a.expMinusOne(neg, isP):
		return &HelperFact{Kind: EluKind, Role: RoleAct}
	case one != nil && a.isConst(neg, 0):
		return &HelperFact{Kind: ReluKind, Role: RoleSignDeriv, Inclusive: inclusive}
	case one != nil && a.constValue(neg) != nil:
		// A leaky ReLU's derivative: its output is negative exactly where
		// its input is, so the test is right on either, zero or not.
		return &HelperFact{Kind: ReluKind, Role: RoleSignDeriv}
	case one != nil && a.scaledExp(neg, isP):
		return &HelperFact{Kind: EluKind, Role: RoleDeriv}
	case one != nil && a.plusConst(neg, isP):
		return &HelperFact{Kind: EluKind, Role: RoleOutDeriv}
	}
	return nil
}

// branches reads the two returns of a piecewise function: "if COND {
// return A }; return B" or with an else, COND a comparison of the
// parameter with zero. inclusive: zero takes the positive branch.
func (a *Summaries) branches(body *ast.BlockStmt, isP func(ast.Expr) bool) ([]branch, bool, bool) {
	stmts := body.List
	if len(stmts) == 0 {
		return nil, false, false
	}
	ifs, ok := stmts[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || len(ifs.Body.List) != 1 {
		return nil, false, false
	}
	thenRet, ok := ifs.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(thenRet.Results) != 1 {
		return nil, false, false
	}
	var elseRet *ast.ReturnStmt
	switch {
	case ifs.Else != nil && len(stmts) == 1:
		blk, ok := ifs.Else.(*ast.BlockStmt)
		if !ok || len(blk.List) != 1 {
			return nil, false, false
		}
		elseRet, _ = blk.List[0].(*ast.ReturnStmt)
	case ifs.Else == nil && len(stmts) == 2:
		elseRet, _ = stmts[1].(*ast.ReturnStmt)
	}
	if elseRet == nil || len(elseRet.Results) != 1 {
		return nil, false, false
	}
	cond, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
	if !ok {
		return nil, false, false
	}
	op := cond.Op
	switch {
	case isP(cond.X) && a.isConst(cond.Y, 0):
	case a.isConst(cond.X, 0) && isP(cond.Y): // 0 < x is x > 0
		op = map[token.Token]token.Token{token.LSS: token.GTR, token.LEQ: token.GEQ, token.GTR: token.LSS, token.GEQ: token.LEQ}[op]
	default:
		return nil, false, false
	}
	var thenPos, inclusive bool
	switch op {
	case token.GTR: // x > 0: zero goes to else, the non-positive branch
		thenPos, inclusive = true, false
	case token.GEQ:
		thenPos, inclusive = true, true
	case token.LSS: // x < 0: zero goes to else, the positive branch
		thenPos, inclusive = false, true
	case token.LEQ:
		thenPos, inclusive = false, false
	default:
		return nil, false, false
	}
	return []branch{{thenPos, thenRet.Results[0]}, {!thenPos, elseRet.Results[0]}}, inclusive, true
}

// constValue returns a non-zero numeric constant's value.
func (a *Summaries) constValue(e ast.Expr) constant.Value {
	tv, ok := a.info.Types[ast.Unparen(e)]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int && tv.Value.Kind() != constant.Float {
		return nil
	}
	if constant.Sign(tv.Value) == 0 {
		return nil
	}
	return tv.Value
}

// scaled reports whether e is x or a constant times x (SELU's λx).
func (a *Summaries) scaled(e ast.Expr, isP func(ast.Expr) bool) (constant.Value, bool) {
	if isP(e) {
		return constant.MakeInt64(1), true
	}
	if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.MUL {
		if c := a.constValue(b.X); c != nil && isP(b.Y) {
			return c, true
		}
		if c := a.constValue(b.Y); c != nil && isP(b.X) {
			return c, true
		}
	}
	return nil, false
}

// smallSlope reports whether e is a leaky ReLU's c·x (a constant or a
// field or variable times x).
func (a *Summaries) smallSlope(e ast.Expr, isP func(ast.Expr) bool) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	return ok && b.Op == token.MUL && (isP(b.X) != isP(b.Y))
}

// expMinusOne reports whether e is c·(exp(x) − 1) (or (exp(x) − 1)·c,
// with c any factor but x).
func (a *Summaries) expMinusOne(e ast.Expr, isP func(ast.Expr) bool) bool {
	for _, f := range a.factors(e) {
		if m, ok := ast.Unparen(f).(*ast.BinaryExpr); ok && m.Op == token.SUB && a.isConst(m.Y, 1) && a.isExpOf(m.X, isP) {
			return true
		}
	}
	return false
}

// scaledExp reports whether e is c·exp(x), ELU's derivative below zero.
func (a *Summaries) scaledExp(e ast.Expr, isP func(ast.Expr) bool) bool {
	fs := a.factors(e)
	if len(fs) < 2 {
		return false
	}
	for _, f := range fs {
		if a.isExpOf(f, isP) {
			return true
		}
	}
	return false
}

// plusConst reports whether e is x + c (or c + x): ELU's derivative below
// zero written on its output, a + α.
func (a *Summaries) plusConst(e ast.Expr, isP func(ast.Expr) bool) bool {
	b, ok := ast.Unparen(e).(*ast.BinaryExpr)
	if !ok || b.Op != token.ADD {
		return false
	}
	return isP(b.X) && !isP(b.Y) && !mentions(b.Y, isP) || isP(b.Y) && !isP(b.X) && !mentions(b.X, isP)
}

// mentions reports whether e uses the parameter anywhere.
func mentions(e ast.Expr, isP func(ast.Expr) bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if x, ok := n.(ast.Expr); ok && isP(x) {
			found = true
		}
		return !found
	})
	return found
}

// isExpOf reports whether e is math.Exp(x) (or math32's, or math.Pow(math.E, x)).
func (a *Summaries) isExpOf(e ast.Expr, isP func(ast.Expr) bool) bool {
	call, ok := a.StripConversions(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(a.info, call).(*types.Func)
	if !ok {
		return false
	}
	k, i, ok := a.mathFunc(fn, call)
	return ok && k == ExpKind && isP(call.Args[i])
}
