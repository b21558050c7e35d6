package recomputeact

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/nnvet/nnvet/analyzers/actholds"
	"github.com/nnvet/nnvet/analyzers/actsummary"
	"github.com/nnvet/nnvet/analyzers/internal/ignore"
	"github.com/nnvet/nnvet/analyzers/internal/source"
)

// report walks every function for recomputation sites in backward code
// (with the package's value flow built) and for derivatives it wires into
// another package's layers.
func (a *checker) report(built bool) {
	dirs := ignore.Collect(a.pass, analyzerName)
	a.wirings(dirs)
	for _, decl := range a.Decls() {
		if !built {
			break
		}
		file := a.src.FileOf(decl.Pos())
		if file == nil || ast.IsGenerated(file) {
			continue
		}
		backward := funcs.re != nil && funcs.re.MatchString(decl.Name.Name)
		backLits := a.backwardLiterals(decl)
		inBackward := func(n ast.Node) bool {
			for _, lit := range backLits {
				if lit.Pos() <= n.Pos() && n.End() <= lit.End() {
					return true
				}
			}
			return backward
		}
		covered := map[ast.Node]bool{}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			e, ok := n.(ast.Expr)
			if _, paren := n.(*ast.ParenExpr); !ok || paren || covered[e] {
				return true // a parenthesized site is found inside its parentheses
			}
			s, ok := a.SiteOf(e)
			if !ok || s.Wired || s.Role != actsummary.RoleAct && s.Role != actsummary.RoleDeriv || s.Kind == actsummary.ReluKind {
				return true // a derivative written on A recomputes nothing, nor does ReLU
			}
			if s.Inner != nil {
				covered[s.Inner] = true
			}
			if !(inBackward(s.Node) || s.Role == actsummary.RoleDeriv || a.Feeding()[s.Node]) {
				return true
			}
			if d, ok := a.diagnose(decl, s); ok && !dirs.Suppress(a.pass.Fset, decl, d.Pos) {
				a.pass.Report(d)
			}
			return true
		})
	}
	dirs.ReportUnused(a.pass)
}

// diagnose builds the diagnostic for a site, if what its argument holds
// is a pre-activation whose activation is kept somewhere the site can read
// (other than the place the site itself fills).
func (a *checker) diagnose(decl *ast.FuncDecl, s actsummary.Site) (analysis.Diagnostic, bool) {
	zr, zrOK := a.RootOf(s.Elem) // the argument's shape: a bound variable, a variable a fix may delete
	var bound ast.Expr
	if zrOK && zr.Bound != nil {
		bound = zr.Expr
	}
	var (
		x     actholds.Held
		c     ast.Expr // the argument's container, which A's text replaces
		aText string
		found bool
	)
	// Every place that may hold the activation must be readable: none the
	// site itself fills (it is the forward computation), none overwritten
	// before it. Then the first that can be written at the site is used.
	var cands, packed []actholds.Held
	debugf("site %s %s", a.pass.Fset.Position(s.Node.Pos()), types.ExprString(s.Elem))
	for _, h := range a.holds.Of(s.Elem).Pre {
		debugf("  candidate %s", h)
		if !compatible(h, s) {
			continue
		}
		if a.holds.Defines(a.filledBy(s), h) {
			if h.Local() {
				continue // the site's own value
			}
			return analysis.Diagnostic{}, false // the forward computation of A
		}
		if a.overwritten(decl, h, s.Node.Pos()) {
			return analysis.Diagnostic{}, false
		}
		if h.Packed && h.Kind == s.Kind {
			packed = append(packed, h)
			continue
		}
		cands = append(cands, h)
	}
	var in ast.Expr // the expression c was found in: the argument, or its definition
	for _, h := range cands {
		where, cc, t, ok := a.holds.Other(s.Elem, bound, h, s.Node.Pos())
		debugf("  other %q %v", t, ok)
		if !ok {
			continue
		}
		if h.Off != 0 || h.Lockstep && endIndexed(cc, where) {
			// Parallel slices (as[l+1] for zs[l]): A's element at the
			// matching index, which replaces zs[l] itself.
			ix := indexOver(where, cc)
			if ix == nil {
				continue
			}
			if t, ok = a.elementText(ix, h.Off, t); !ok {
				continue
			}
			cc = ix
		}
		x, c, aText, in, found = h, cc, t, where, true
		break
	}
	for _, h := range cands {
		if !found && !h.Local() {
			return analysis.Diagnostic{}, false // evidence, but no way to write A here: no guess by name
		}
	}
	byName := false
	if !found && naming && zrOK {
		if h, t, ok := a.namePair(zr, s); ok {
			x, c, aText, in, found, byName = h, zr.Expr, t, s.Elem, true, true
		}
	}
	if !found && len(packed) > 0 && len(cands) == 0 {
		return a.packedDiagnostic(decl, s, packed[0]), true
	}
	if !found {
		return analysis.Diagnostic{}, false
	}
	exact := x.Kind == s.Kind && x.Kind.Single() && !s.Neg
	shifted := x.Off != 0 || c != nil && c != in && isIndexOf(c) && x.Lockstep
	inSite := s.Node.Pos() <= c.Pos() && c.End() <= s.Node.End() // else c is in a definition or a range clause

	// An element: say which one, l.Z[j] and l.A[j], or the range value z
	// and as[i], rather than the containers.
	zText, elemA := a.src.Of(c), aText
	if !inSite && bound == nil {
		zText = a.src.Of(s.Elem) // z := zs[len(zs)-k]: the site reads z
	}
	if !s.Whole && s.ApplyFn == nil && !shifted {
		switch {
		case bound == nil && in == s.Elem && c != ast.Unparen(s.Elem) && indexChain(s.Elem, c):
			zText, elemA = a.src.Of(s.Elem), a.src.ReplaceIn(s.Elem, c, aText)
		case bound != nil:
			if k := rangeKey(decl, a.info, zr.Bound); k != "" {
				zText, elemA = zr.Bound.Name(), aText+"["+k+"]"
			}
		}
	}

	// The site's kind is the one A holds (compatible), also when A holds a
	// dispatcher's choice; exp(-z) for a cached exp or sigmoid is the exception.
	use := elemA
	switch {
	case s.Neg && x.Kind == actsummary.ExpKind:
		use = "1/" + elemA
	case x.Kind == actsummary.EluKind && s.Kind == actsummary.ExpKind:
		use = fmt.Sprintf("(%s + α)/α with ELU's α, as α·eᶻ = a + α where z ≤ 0", elemA)
	case s.Neg:
		use = "(1 - " + elemA + ")/" + elemA
	case s.Whole || s.ApplyFn != nil && (s.Role == actsummary.RoleDeriv || a.Feeding()[s.Node]):
		arg := aText
		if bound == nil && inSite {
			arg = a.src.ReplaceIn(s.ArgW, c, aText)
		}
		use = fmt.Sprintf("%s for each a in %s", s.Kind.Derivative("a"), arg)
	case s.Role == actsummary.RoleDeriv || a.Feeding()[s.Node]:
		use = s.Kind.Derivative(elemA)
	}
	recomputed := fmt.Sprintf("%s(%s)", s.Kind, zText)
	if s.Neg {
		recomputed = fmt.Sprintf("%s(-%s)", s.Kind, zText)
	}
	if s.Role == actsummary.RoleDeriv {
		recomputed = fmt.Sprintf("%s'(%s)", s.Kind, zText)
	}
	how := ""
	if s.Via != "" {
		how = " via " + s.Via
	}
	if !s.Kind.Single() {
		// Through several implementations: say which ones recompute.
		recomputed = fmt.Sprintf("the %s of %s", s.Role, zText)
		verb := "recomputes"
		if strings.Contains(s.Impls, ", ") {
			verb = "recompute"
		}
		how = fmt.Sprintf(" via %s (%s %s %s)", s.Via, s.Impls, verb, s.Kind&^actsummary.OtherKind)
		if s.Impls == "" {
			how = fmt.Sprintf(" via %s (each of its cases recomputes %s)", s.Via, s.Kind&^actsummary.OtherKind)
		}
		if s.Impls == "" && (s.Entries != "" || s.Kind&actsummary.OtherKind != 0) {
			// some cases (a sign test, the identity) recompute nothing
			how = fmt.Sprintf(" via %s (its %s cases recompute their activation)", s.Via,
				strings.ReplaceAll((s.Kind&^actsummary.OtherKind).String(), " or ", " and "))
		}
	}
	d := analysis.Diagnostic{
		Pos:      s.Node.Pos(),
		End:      s.Node.End(),
		Category: "recompute",
		Message: fmt.Sprintf("%s recomputes %s%s but %s already holds %s (%s); use %s",
			source.FuncName(decl), recomputed, how, aText, x.Kind, x.Evidence, use),
		URL: docURL,
	}
	if exact && !byName && (inSite || bound != nil) {
		var bv *types.Var
		if bound != nil {
			bv = zr.Bound
		}
		if edits, ok := a.fixEdits(decl, s, c, bv, aText); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "use the cached " + aText, TextEdits: edits}}
		}
	}
	return d, true
}

// compatible reports whether a place holding x's activation answers the
// site: the same activation; exp(-z) recomputed for a sigmoid or an exp;
// an activation among a dispatcher's choices; or, for a call through an
// interface or func table with several implementations, A stored through
// the same dispatch and one of the same activations.
func compatible(x actholds.Held, s actsummary.Site) bool {
	k := x.Kind
	switch {
	case s.Neg:
		return s.Kind == actsummary.ExpKind && (k == actsummary.SigmoidKind || k == actsummary.ExpKind)
	case s.Kind == actsummary.ExpKind && k == actsummary.EluKind:
		return true // α·eᶻ = a + α where ELU's output a = α(eᶻ − 1)
	case s.Kind.Single():
		return k == s.Kind || !k.Single() && k&s.Kind != 0
	}
	return !k.Single() && x.Dispatch == s.Dispatch && k&s.Kind&^actsummary.OtherKind != 0
}

// filledBy returns the expression whose value a site computes: the site
// itself, or the matrix gonum's Apply method fills.
func (a *checker) filledBy(s actsummary.Site) ast.Expr {
	if s.ApplyFn != nil {
		if call, ok := s.Node.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(a.info, call).(*types.Func); ok && actsummary.IsMat(fn) && fn.Name() == "Apply" {
				return ast.Unparen(call.Fun).(*ast.SelectorExpr).X
			}
		}
	}
	return s.Node
}

// indexOver returns the index expression c[i] inside e, when there is one.
func indexOver(e, c ast.Expr) *ast.IndexExpr {
	var found *ast.IndexExpr
	ast.Inspect(e, func(n ast.Node) bool {
		if ix, ok := n.(*ast.IndexExpr); ok && ast.Unparen(ix.X) == c {
			found = ix
		}
		return found == nil
	})
	return found
}

// endIndexed reports whether e indexes c from its end: c[len(c)-k].
func endIndexed(c, e ast.Expr) bool {
	ix := indexOver(e, c)
	if ix == nil {
		return false
	}
	b, ok := ast.Unparen(ix.Index).(*ast.BinaryExpr)
	return ok && b.Op == token.SUB
}

func isIndexOf(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.IndexExpr)
	return ok
}

// indexChain reports whether e is c indexed one or more times: c[i], c[l][j].
func indexChain(e, c ast.Expr) bool {
	for {
		ix, ok := ast.Unparen(e).(*ast.IndexExpr)
		if !ok {
			return false
		}
		if ast.Unparen(ix.X) == c {
			return true
		}
		e = ix.X
	}
}

// rangeKey returns the key variable of the range statement in decl whose
// value is v (for i, z := range zs: "i"), or "" when it has none.
func rangeKey(decl *ast.FuncDecl, info *types.Info, v *types.Var) string {
	key := ""
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok {
			return key == ""
		}
		if id, ok := r.Value.(*ast.Ident); ok && info.Defs[id] == v {
			if k, ok := r.Key.(*ast.Ident); ok && k.Name != "_" {
				key = k.Name
			}
		}
		return key == ""
	})
	return key
}

// mutators are the gonum methods that change their receiver.
var mutators = map[string]bool{
	"Add": true, "AddScaled": true, "Apply": true, "Copy": true, "DivElem": true, "Exp": true, "Inverse": true,
	"Mul": true, "MulElem": true, "Outer": true, "Pow": true, "Product": true, "Reset": true, "Scale": true,
	"Set": true, "SetCol": true, "SetRow": true, "SetVec": true, "Sub": true, "Zero": true, "CloneFrom": true,
	"AddVec": true, "SubVec": true, "MulVec": true, "ScaleVec": true, "MulElemVec": true, "CopyVec": true,
}

// overwritten reports whether decl changes A before pos: assigns it
// something other than its activation, or calls a mutating gonum method
// on it. A write to the same field of a certainly different object does
// not count (actholds tells).
func (a *checker) overwritten(decl *ast.FuncDecl, x actholds.Held, pos token.Pos) bool {
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if found || n == nil || n.Pos() >= pos {
			return false
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				return true
			}
			for i, lhs := range n.Lhs {
				if !a.holds.IsOther(lhs, false, x) {
					continue
				}
				if len(n.Lhs) == len(n.Rhs) && (len(a.Appended(lhs, n.Rhs[i])) > 0 || a.holds.Defines(n.Rhs[i], x)) {
					continue // as = append(as, a), or A = act(Z) again
				}
				debugf("  overwritten at %s", a.pass.Fset.Position(lhs.Pos()))
				found = true
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || !mutators[sel.Sel.Name] {
				return true
			}
			if fn, ok := typeutil.Callee(a.info, n).(*types.Func); !ok || !actsummary.IsMat(fn) {
				return true
			}
			if a.holds.IsOther(sel.X, true, x) && !a.holds.Defines(sel.X, x) {
				found = true
			}
		}
		return true
	})
	return found
}

// elementText writes A's element matching Z's element zs[i]: as[len(as)-l]
// for zs[len(zs)-l] (both counted from the end), else as[i+offset].
func (a *checker) elementText(idx *ast.IndexExpr, offset int64, aText string) (string, bool) {
	i := ast.Unparen(idx.Index)
	if b, ok := i.(*ast.BinaryExpr); ok && b.Op == token.SUB {
		if call, ok := ast.Unparen(b.X).(*ast.CallExpr); ok && a.IsBuiltin(call, "len") && len(call.Args) == 1 && actsummary.SameExpr(call.Args[0], idx.X) {
			return fmt.Sprintf("%s[len(%s)-%s]", aText, aText, a.src.Of(b.Y)), true
		}
	}
	switch tv := a.info.Types[i]; {
	case offset == 0:
		return fmt.Sprintf("%s[%s]", aText, a.src.Of(i)), true
	case tv.Value != nil:
		v, ok := constant.Int64Val(constant.ToInt(tv.Value))
		return fmt.Sprintf("%s[%d]", aText, v+offset), ok
	}
	return fmt.Sprintf("%s[%s+%d]", aText, a.src.Of(i), offset), true
}

// backwardLiterals lists the function literals of decl stored under a
// backward name (out.backward = func() {…}, Backward: func…): the backward
// code of an autograd node, whatever the enclosing function is called.
func (a *checker) backwardLiterals(decl *ast.FuncDecl) []*ast.FuncLit {
	if funcs.re == nil {
		return nil
	}
	var lits []*ast.FuncLit
	add := func(name string, v ast.Expr) {
		if lit, ok := ast.Unparen(v).(*ast.FuncLit); ok && funcs.re.MatchString(name) {
			lits = append(lits, lit)
		}
	}
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, lhs := range n.Lhs {
					switch l := ast.Unparen(lhs).(type) {
					case *ast.SelectorExpr:
						add(l.Sel.Name, n.Rhs[i])
					case *ast.Ident:
						add(l.Name, n.Rhs[i])
					}
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				add(id.Name, n.Value)
			}
		}
		return true
	})
	return lits
}

// packedDiagnostic reports a recomputation from a container that packs
// several activations' arguments at offsets (an LSTM's gates): forward
// stored this activation, but which place holds this element is not known,
// so the message names none and offers no fix.
func (a *checker) packedDiagnostic(decl *ast.FuncDecl, s actsummary.Site, x actholds.Held) analysis.Diagnostic {
	how := ""
	if s.Via != "" {
		how = " via " + s.Via
	}
	return analysis.Diagnostic{
		Pos:      s.Node.Pos(),
		End:      s.Node.End(),
		Category: "recompute",
		Message: fmt.Sprintf("%s recomputes %s(%s)%s, which forward already stores (%s among others): the container packs several activations' arguments at offsets, so read this element's stored %s rather than recompute it",
			source.FuncName(decl), s.Kind, a.src.Of(s.Elem), how, x.Evidence, s.Kind),
		URL: docURL,
	}
}
