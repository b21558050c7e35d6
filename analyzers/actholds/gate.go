package actholds

// The gate: SSA with debug references costs more than every other stage
// together, so it is built only for packages where some answer can come
// out of it: one that asks (a derivative, backward code) or one whose
// activations reach a place other functions read (a field, a map, an
// element, a result beside others, an argument).

import (
	"strings"

	"go/ast"
	"go/token"
	"go/types"
	"golang.org/x/tools/go/types/typeutil"
	"regexp"

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// backwardName is how backward code is usually named; a check's own
// setting may differ, so it only widens the gate (activations reaching
// places open it too).
var backwardName = regexp.MustCompile(`(?i)backward|backprop|grad|deriv|delta|prime`)

// worthSSA reports whether the package has a site to answer for, or an
// activation whose place importers may ask about.
func worthSSA(sums *actsummary.Summaries, info *types.Info, files []*ast.File) bool {
	worth := false
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if worth {
				return false
			}
			fd, ok := n.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				return true
			}
			backward := backwardName.MatchString(fd.Name.Name)
			if fn, ok := info.Defs[fd.Name].(*types.Func); ok && sums.HelperOf(fn) != nil {
				return false // a helper's own sites are its summary, exported already
			}
			worth = worthIn(sums, info, fd.Body, backward) || derivativeForm(sums, fd.Body) || autogradOp(sums, info, fd.Body)
			return false
		})
	}
	return worth
}

// worthIn looks at one function body.
func worthIn(sums *actsummary.Summaries, info *types.Info, body *ast.BlockStmt, backward bool) bool {
	found := false
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if b, isBin := e.(*ast.BinaryExpr); isBin && (backward || inBackwardLiteral(stack)) && writtenOut(sums, info, b) {
			found = true // a derivative written out in backward code: a*(1-a) on what?
			return false
		}
		s, ok := sums.SiteOf(e)
		if !ok && !isApplierLiteral(sums, e) {
			return true
		}
		switch {
		case ok && s.Role == actsummary.RoleDeriv, backward, inBackwardLiteral(stack):
			found = true // a derivative, or backward code: something to ask
		case !s.Neg && (!ok || s.Via != "" || sums.DeclaresHelpers()) && reachesPlace(info, stack, body) && (!ok || kept(sums, info, s.Elem, body)):
			// An activation other code may read, of something kept, in
			// network code: through a helper, or where helpers are.
			found = true
		}
		if found {
			debugf("gate opened by %s (%v)", types.ExprString(e), backward)
		}
		return true
	})
	return found
}

// inBackwardLiteral reports whether the innermost function literal around
// the top of the stack is stored under a backward name (out.backward =
// func() {…}, grad := func(d float64) …).
func inBackwardLiteral(stack []ast.Node) bool {
	for i := len(stack) - 1; i > 0; i-- {
		lit, ok := stack[i].(*ast.FuncLit)
		if !ok {
			continue
		}
		switch p := stack[i-1].(type) {
		case *ast.AssignStmt:
			for j, r := range p.Rhs {
				if ast.Unparen(r) == lit && j < len(p.Lhs) {
					return backwardName.MatchString(types.ExprString(p.Lhs[j]))
				}
			}
		case *ast.KeyValueExpr:
			return backwardName.MatchString(types.ExprString(p.Key))
		}
		return false
	}
	return false
}

// derivativeForm reports whether body writes a derivative out on an
// activation it computes (1 - t*t with t := math.Tanh(z)).
func derivativeForm(sums *actsummary.Summaries, body *ast.BlockStmt) bool {
	isT := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if d, ok := sums.Definition(x); ok {
			x = ast.Unparen(d)
		}
		s, ok := sums.SiteOf(x)
		return ok && s.Role == actsummary.RoleAct && !s.Neg
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if b, ok := n.(*ast.BinaryExpr); ok && !found {
			found = sums.DerivForm(b, isT, false) != actsummary.NoKind
		}
		return !found
	})
	return found
}

// autogradOp reports whether body computes an activation and keeps a
// closure that writes a derivative out (out.back = func() { … a*(1-a) … }):
// an autograd node's operation, whatever its closure is called.
func autogradOp(sums *actsummary.Summaries, info *types.Info, body *ast.BlockStmt) bool {
	act := false
	var lits []*ast.FuncLit
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, x)
		case ast.Expr:
			if s, ok := sums.SiteOf(x); ok && s.Role == actsummary.RoleAct && !s.Neg {
				act = true
			}
		}
		return true
	})
	if !act {
		return false // most functions: no closure's form is asked for
	}
	for _, lit := range lits {
		form := false
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if b, ok := m.(*ast.BinaryExpr); ok && writtenOut(sums, info, b) {
				form = true
			}
			return !form
		})
		if form {
			return true
		}
	}
	return false
}

// writtenOut reports whether b writes a derivative out on operands that
// are not constants (a*(1-a), 1-y*y).
func writtenOut(sums *actsummary.Summaries, info *types.Info, b *ast.BinaryExpr) bool {
	isT := func(x ast.Expr) bool {
		tv, ok := info.Types[ast.Unparen(x)]
		return ok && tv.Value == nil
	}
	return sums.DerivForm(b, isT, true) != actsummary.NoKind
}

// isApplierLiteral reports whether e hands a literal that returns an
// activation to an applier: m.Apply(func(…) { return math.Tanh(v) }, z).
func isApplierLiteral(sums *actsummary.Summaries, e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	ap, _, ok := sums.ApplierOf(call)
	if !ok || ap.FuncParam >= len(call.Args) {
		return false
	}
	f := sums.FuncValueSummary(call.Args[ap.FuncParam])
	return f != nil && f.Role == actsummary.RoleAct
}

// reachesPlace reports whether the expression on top of the stack (an
// activation) goes, directly or through one local variable, into a place
// another function can read: a field, an element, a map, a composite
// literal, an append, a result, an argument, or the receiver an applier
// fills.
func reachesPlace(info *types.Info, stack []ast.Node, body *ast.BlockStmt) bool {
	site := stack[len(stack)-1].(ast.Expr)
	if call, ok := site.(*ast.CallExpr); ok {
		if _, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel && len(stack) >= 2 {
			if _, stmt := stack[len(stack)-2].(*ast.ExprStmt); stmt {
				return true // m.Apply(act, z): fills the receiver
			}
		}
	}
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.UnaryExpr, *ast.StarExpr:
			continue
		case *ast.CallExpr:
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
				continue // a conversion
			}
			return placesArgs(info, p) // an argument: placed where the callee puts it
		case *ast.CompositeLit, *ast.KeyValueExpr:
			return true
		case *ast.ReturnStmt:
			return true // a result of a function that is no helper
		case *ast.SendStmt:
			return true
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				switch l := ast.Unparen(l).(type) {
				case *ast.Ident:
					if v, ok := info.ObjectOf(l).(*types.Var); ok && usedAsPlace(info, v, body) {
						return true
					}
				default:
					return true // a field, an element, a map entry, *p
				}
			}
			return false
		case *ast.ValueSpec:
			for _, id := range p.Names {
				if v, ok := info.Defs[id].(*types.Var); ok && usedAsPlace(info, v, body) {
					return true
				}
			}
			return false
		default:
			return false // inside arithmetic: a value, not a container
		}
	}
	return false
}

// usedAsPlace reports whether local v is stored, appended, returned or
// passed on in body: one step of flow from an activation.
func usedAsPlace(info *types.Info, v *types.Var, body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		uses := func(e ast.Expr) bool {
			id, ok := ast.Unparen(e).(*ast.Ident)
			return ok && info.Uses[id] == v
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, r := range n.Rhs {
				if uses(r) {
					for _, l := range n.Lhs {
						if _, isID := ast.Unparen(l).(*ast.Ident); !isID {
							found = true
						}
					}
				}
			}
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				found = found || uses(r)
			}
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && tv.IsType() || !placesArgs(info, n) {
				return true
			}
			for _, a := range n.Args {
				found = found || uses(a)
			}
		case *ast.CompositeLit:
			for _, el := range n.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				found = found || uses(el)
			}
		case *ast.SendStmt:
			found = found || uses(n.Value)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && uses(n.X)
		}
		return true
	})
	return found
}

// placesArgs reports whether a call may put its arguments somewhere this
// stage follows: append, or a function or method of a package with the
// code in view (the callee's summary says where); not math.Log(x) or
// fmt.Println(x), which keep nothing.
func placesArgs(info *types.Info, call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return fn.Name() == "append" || fn.Name() == "copy"
	case *types.Func:
		return fn.Pkg() != nil && !keepsNothing[strings.SplitN(fn.Pkg().Path(), "/", 2)[0]]
	}
	return true // a func value: whatever it is, it may keep it
}

// keepsNothing lists standard packages (by their first path element)
// whose functions compute with or print their arguments and keep none.
var keepsNothing = map[string]bool{
	"math": true, "fmt": true, "log": true, "strconv": true, "strings": true, "sort": true,
	"errors": true, "time": true, "os": true, "io": true, "bufio": true, "bytes": true, "unicode": true,
}

// kept reports whether an activation's argument is kept where other code
// can read it: an element, a field, a map entry or a pure method of
// something, or a local variable that is stored or passed on. Without it a
// pair has no pre-activation to name.
func kept(sums *actsummary.Summaries, info *types.Info, e ast.Expr, body *ast.BlockStmt) bool {
	e = sums.StripConversions(e)
	switch x := e.(type) {
	case *ast.IndexExpr, *ast.SelectorExpr, *ast.StarExpr:
		return true
	case *ast.CallExpr:
		r, ok := sums.RootOf(x)
		return ok && (r.Elem || r.Ref.Kind == actsummary.RefMethod)
	case *ast.UnaryExpr:
		return x.Op == token.AND
	case *ast.Ident:
		v, ok := info.Uses[x].(*types.Var)
		return ok && usedAsPlace(info, v, body)
	}
	return false
}
