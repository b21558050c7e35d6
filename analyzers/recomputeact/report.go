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

	"github.com/nnvet/nnvet/analyzers/actsummary"
)

// findDerivativeForms marks the activation sites whose value feeds a
// derivative form (1 - t*t, t*(1-t), …), directly or through a variable.
func (a *checker) findDerivativeForms() {
	for _, decl := range a.decls() {
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
				if ok && s.Role == actsummary.RoleAct && !s.Neg {
					marked = append(marked, s.Node)
				}
				return ok && s.Role == actsummary.RoleAct && !s.Neg
			}
			if k := a.DerivForm(b, isT, true); k != actsummary.NoKind {
				for _, m := range marked {
					if s, ok := a.SiteOf(m.(ast.Expr)); ok && k.Fits(s.Kind) {
						a.feeding[m] = true
					}
				}
			}
			return true
		})
	}
}

// report walks every function for recomputation sites in backward code.
func (a *checker) report() {
	dirs := a.directives()
	for _, decl := range a.decls() {
		file := a.fileOf(decl.Pos())
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
			if !ok {
				return true
			}
			if s.Inner != nil {
				covered[s.Inner] = true
			}
			if !(inBackward(s.Node) || s.Role == actsummary.RoleDeriv || a.feeding[s.Node]) {
				return true
			}
			// A site that computes an activation into a container is that
			// container's forward computation; it recomputes only if another
			// container already holds the same activation.
			defines, isDef := a.defining[s.Node]
			if isDef && defines == (actsummary.Ref{}) {
				return true
			}
			if d, ok := a.diagnose(decl, s, defines); ok && !dirs.suppress(a.pass.Fset, decl, d.Pos) {
				a.pass.Report(d)
			}
			return true
		})
	}
	dirs.reportUnused(a.pass)
}

// diagnose builds the diagnostic for a site, if its Z has an available A
// other than the one the site itself defines.
func (a *checker) diagnose(decl *ast.FuncDecl, s actsummary.Site, defines actsummary.Ref) (analysis.Diagnostic, bool) {
	zr, ok := a.RootOf(s.Elem)
	if !ok {
		return analysis.Diagnostic{}, false
	}
	var (
		p     pair
		aText string
		found bool
	)
	cands := a.candidates(zr, s, defines)
	if zr.Ref.Kind == actsummary.RefField {
		cands = append(cands, a.nodeCandidates(decl, s)...)
	}
	for _, c := range cands {
		if !compatible(c.p, s) {
			continue
		}
		t, ok := c.text, c.text != ""
		if !ok {
			t, ok = a.activationText(c.via, c.p, zr.Expr.Pos())
		}
		if !ok || a.overwritten(decl, c.p.a, c.via, s.Node.Pos()) {
			continue
		}
		// An element of parallel slices: A's element at the matching index,
		// which replaces zs[i] itself (or the alias z := zs[i]).
		if c.via.Index != nil && (c.p.offset != 0 || c.via.Ref != zr.Ref) {
			if t, ok = a.elementText(c.via.Index, c.p.offset, t); !ok {
				continue
			}
			if c.via.Ref == zr.Ref {
				zr.Expr = c.via.Index
			}
		} else if c.p.offset != 0 {
			continue // no index to shift
		}
		p, aText, found = c.p, t, true
		break
	}
	if !found {
		return analysis.Diagnostic{}, false
	}
	exact := p.Kind == s.Kind && p.Kind.Single() && !s.Neg

	// An element: say which one, l.Z[j] and l.A[j], or the range value z
	// and as[i], rather than the containers.
	zText, elemA := a.text(zr.Expr), aText
	if !s.Whole && s.ApplyFn == nil && p.offset == 0 {
		switch {
		case zr.Bound == nil && zr.Index != nil && ast.Unparen(zr.Index.X) == zr.Expr:
			// the whole element, n.zs[l][j], not only its first index
			zText, elemA = a.text(s.Elem), a.replaceIn(s.Elem, zr.Expr, aText)
		case zr.Bound != nil:
			if k := rangeKey(decl, a.info, zr.Bound); k != "" {
				zText, elemA = zr.Bound.Name(), aText+"["+k+"]"
			}
		}
	}

	// The site's kind is the one A holds (compatible), also when A holds a
	// dispatcher's choice; exp(-z) for a cached exp or sigmoid is the exception.
	use := elemA
	switch {
	case s.Neg && p.Kind == actsummary.ExpKind:
		use = "1/" + elemA
	case s.Neg:
		use = "(1 - " + elemA + ")/" + elemA
	case s.Whole || s.ApplyFn != nil && (s.Role == actsummary.RoleDeriv || a.feeding[s.Node]):
		use = fmt.Sprintf("%s for each a in %s", s.Kind.Derivative("a"), a.replaceIn(s.ArgW, zr.Expr, aText))
	case s.Role == actsummary.RoleDeriv || a.feeding[s.Node]:
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
	}
	d := analysis.Diagnostic{
		Pos:      s.Node.Pos(),
		End:      s.Node.End(),
		Category: "recompute",
		Message: fmt.Sprintf("%s recomputes %s%s but %s already holds %s (%s); use %s",
			funcName(decl), recomputed, how, aText, p.Kind, p.evidence, use),
		URL: docURL,
	}
	if exact && !p.byName {
		if edits, ok := a.fixEdits(decl, s, zr, aText); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "use the cached " + aText, TextEdits: edits}}
		}
	}
	return d, true
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

// overwritten reports whether decl changes A (assigns it something other
// than its activation, or calls a mutating method on it) before pos. For a
// field, a write to the same field of a certainly different object
// (m.Out.Post when the site reads m.Hid) does not count; via is how the
// site reaches its container.
func (a *checker) overwritten(decl *ast.FuncDecl, act actsummary.Ref, via actsummary.Root, pos token.Pos) bool {
	same := func(r actsummary.Root) bool {
		if r.Ref != act {
			return false
		}
		rx, ok1 := r.Owner()
		vx, ok2 := via.Owner()
		return !(act.Kind == actsummary.RefField && ok1 && ok2 && a.distinctObjects(rx, vx))
	}
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
				if r, ok := a.RootOf(lhs); ok && same(r) {
					if len(n.Lhs) == len(n.Rhs) && len(a.Appended(lhs, n.Rhs[i])) > 0 {
						continue // as = append(as, a): the elements stay
					}
					if len(n.Lhs) == len(n.Rhs) {
						if _, _, _, ok := a.activationOf(n.Rhs[i]); ok {
							continue
						}
					}
					found = true
				}
			}
		case *ast.CallExpr:
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok || !mutators[sel.Sel.Name] {
				return true
			}
			if fn, ok := typeutil.Callee(a.info, n).(*types.Func); !ok || !actsummary.IsMat(fn) {
				return true
			}
			if _, def := a.defining[n]; def {
				return true
			}
			if r, ok := a.RootOf(sel.X); ok && same(r) {
				found = true
			}
		}
		return true
	})
	return found
}

// distinctObjects reports whether two access paths certainly name different
// objects: chains of field selections from one variable that differ in a
// field (m.Hid and m.Out). Anything else may alias.
func (a *checker) distinctObjects(x, y ast.Expr) bool {
	px, okx := a.fieldPath(x)
	py, oky := a.fieldPath(y)
	if !okx || !oky || len(px) != len(py) || px[0] != py[0] {
		return false
	}
	for i := range px {
		if px[i] != py[i] {
			return true
		}
	}
	return false
}

// fieldPath lists the objects of v.f.g: v, f, g.
func (a *checker) fieldPath(e ast.Expr) ([]types.Object, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := a.info.ObjectOf(e).(*types.Var)
		return []types.Object{v}, ok
	case *ast.SelectorExpr:
		sel, ok := a.info.Selections[e]
		if !ok || sel.Kind() != types.FieldVal {
			return nil, false
		}
		p, ok := a.fieldPath(e.X)
		return append(p, sel.Obj()), ok
	}
	return nil, false
}

// elementText writes A's element matching Z's element zs[i]: as[len(as)-l]
// for zs[len(zs)-l] (both counted from the end), else as[i+offset].
func (a *checker) elementText(idx *ast.IndexExpr, offset int, aText string) (string, bool) {
	i := ast.Unparen(idx.Index)
	if b, ok := i.(*ast.BinaryExpr); ok && b.Op == token.SUB {
		if call, ok := ast.Unparen(b.X).(*ast.CallExpr); ok && a.IsBuiltin(call, "len") && len(call.Args) == 1 && actsummary.SameExpr(call.Args[0], idx.X) {
			return fmt.Sprintf("%s[len(%s)-%s]", aText, aText, a.text(b.Y)), true
		}
	}
	switch tv := a.info.Types[i]; {
	case offset == 0:
		return fmt.Sprintf("%s[%s]", aText, a.text(i)), true
	case tv.Value != nil:
		v, ok := constant.Int64Val(constant.ToInt(tv.Value))
		return fmt.Sprintf("%s[%d]", aText, v+int64(offset)), ok
	}
	return fmt.Sprintf("%s[%s+%d]", aText, a.text(i), offset), true
}
